import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, readTree, request, SAMPLE_DATA_DIR, startHarness, type Harness, type Persona } from '../helpers/functions-harness.ts';
import { startGitHubEmulator, type GitHubEmulator } from '../helpers/github-emulator.ts';

/*
 * GitHub opens a proposal, then stops answering before it is labelled: the new-risk function
 * through its real handler, against the GitHub backend and the GitHub emulator holding data/.
 */

let emulator: GitHubEmulator;
let h: Harness;

beforeAll(async () => {
  const files = Object.fromEntries(Object.entries(readTree(SAMPLE_DATA_DIR)).map(([path, content]) => [`data/${path}`, content]));
  emulator = await startGitHubEmulator({ files });
  h = await startHarness({
    env: {
      OVERSIGHT_GIT_BACKEND: 'github',
      OVERSIGHT_GITHUB_REPOSITORY: `${emulator.owner}/${emulator.repo}`,
      OVERSIGHT_GITHUB_TOKEN: emulator.token,
      OVERSIGHT_GITHUB_API_URL: emulator.baseUrl,
    },
  });
});

afterAll(async () => {
  await h?.close();
  await emulator?.close();
});

async function listed(persona: Persona): Promise<string[]> {
  const res = await h.send(request('GET', '/api/proposals', { authorization: `Bearer ${await h.token(persona)}` }));
  expect(res.status).toBe(200);
  return ((await res.json()) as { title: string }[]).map((p) => p.title);
}

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
