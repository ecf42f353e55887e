import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, request, type Harness, type Persona } from '../helpers/functions-harness.ts';
import type { GitHubEmulator } from '../helpers/github-emulator.ts';
import { listedProposals, startGitHubHarness } from '../helpers/github-harness.ts';

/*
 * GitHub opens a proposal, then stops answering before it is labelled: the new-risk function
 * through its real handler, against the GitHub backend and the GitHub emulator holding data/.
 */

let emulator: GitHubEmulator;
let h: Harness;

beforeAll(async () => {
  ({ emulator, h } = await startGitHubHarness());
});

afterAll(async () => {
  await h?.close();
  await emulator?.close();
});

const listed = (persona: Persona): Promise<string[]> => listedProposals(h, persona);

describe('a proposal for a restricted register whose labelling failed', () => {
  let page = '';
  let status = 0;

  beforeAll(async () => {
    emulator.failNext(3, { match: /\/labels$/ });
    const { cookie } = await h.session('otherManager');
    const form = new URLSearchParams({ id: 'BCF0002', title: 'Pooled budget audit finding', owners: 'bethan-rees', 'current.likelihood': '3', 'current.impact': '4' });
    const res = await h.send(request('POST', '/api/registers/better-care-fund/risks', { cookie, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, form.toString()));
    status = res.status;
    page = await res.text();
  });

  it('was opened, without its labels', () => {
    expect(emulator.pulls()).toHaveLength(1);
    expect(emulator.pulls()[0]?.labels).toEqual([]);
  });

  it('tells the person posting the form it was submitted, and not to submit it again', () => {
    expect(status).toBe(503);
    expect(page).toContain('<h1>Your change was submitted but not finished</h1>');
    expect(page).toContain('Do not submit it again: that would open a second proposal.');
    expect(page).not.toContain('Nothing was submitted');
  });

  it('is as restricted as its register, which its branch names', async () => {
    expect(await listed('otherManager')).toEqual([expect.stringContaining('BCF0002')]);
    expect(await listed('auditor')).toEqual([expect.stringContaining('BCF0002')]);
    expect(await listed('viewer')).toEqual([]);
    expect(await listed('manager')).toEqual([]);
  });
});

describe('a form post while GitHub is not answering, before anything is opened', () => {
  it('says nothing was submitted and to send it again in a few minutes, with nothing to correct', async () => {
    const pulls = emulator.pulls().length;
    emulator.failNext(3, { match: /\/git\/trees$/ });
    const { cookie } = await h.session('manager');
    const form = new URLSearchParams({ id: 'ASC0041', title: 'Hospital discharge delays', owners: 'kate-morrison', 'current.likelihood': '3', 'current.impact': '4' });
    const res = await h.send(request('POST', '/api/registers/adult-social-care/risks', { cookie, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded', referer: `${ORIGIN}/registers/adult-social-care/` }, form.toString()));
    expect(res.status).toBe(503);
    const page = await res.text();
    expect(page).toContain('<h1 id="error-summary-title">Your change could not be submitted</h1>');
    expect(page).toContain('<p>Nothing was submitted. In a few minutes, send it again (your browser’s Back button returns to the form with what you typed).</p>');
    expect(emulator.pulls()).toHaveLength(pulls);
  });
});
