import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerToCsv } from '../../src/core/csv/export.ts';
import { loadWorkspace } from '../../src/core/data/load.ts';
import { createLocalGitBackend } from '../../src/node/git/local-git.ts';
import { readHistory } from '../../src/node/history/read-history.ts';
import { ORIGIN, postFile, postJson, request, proposalChecks, startHarness, type ErrorAnswer, type Harness, type Persona, type ProposalAnswer } from '../helpers/functions-harness.ts';

/*
 * The four proposal functions and GET /api/risks/:id through their real handlers (routed
 * by src/server/functions.ts), against a real git repository holding a copy of data/.
 * Each refusal is checked to write nothing: the repository's refs are the same before and after.
 */

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h.close();
});

const NEW_RISK = {
  id: 'ASC0011',
  title: 'Delays in Deprivation of Liberty Safeguards assessments',
  owners: ['kate-morrison'],
  category: 'Safeguarding',
  current: { likelihood: 4, impact: 4 },
  target: { likelihood: 2, impact: 4 },
};

const { expectRefused, expectCreated } = proposalChecks(() => h);

/** Text as a browser reads it from an attribute our pages escaped (escapeHtml writes numeric references). */
function unescapeHtml(text: string): string {
  return text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

function mainHead(): string {
  return h.repo.git(['rev-parse', 'refs/heads/main']);
}

/** A file as a proposal's branch has it. */
function fileOnBranch(branch: string, path: string): string {
  return h.repo.git(['show', `refs/heads/${branch}:data/${path}`]);
}

function filesChanged(branch: string): string[] {
  return h.repo.git(['diff', '--name-only', `main...refs/heads/${branch}`]).split('\n').filter(Boolean).sort();
}

async function getRisk(id: string, persona: Persona): Promise<Response> {
  return h.send(request('GET', `/api/risks/${id}`, { authorization: `Bearer ${await h.token(persona)}` }));
}

async function listProposals(query: string, persona: Persona = 'viewer'): Promise<Response> {
  return h.send(request('GET', `/api/proposals${query}`, { authorization: `Bearer ${await h.token(persona)}` }));
}

// ---------------------------------------------------------------------------------------------

describe('POST /api/registers/:id/risks', () => {
  const path = '/api/registers/adult-social-care/risks';

  it('proposes a new risk for the register\'s risk manager: 201, a branch adding exactly its file, main untouched', async () => {
    const head = mainHead();
    const proposal = await expectCreated(postJson(path, await h.auth('manager'), NEW_RISK));
    expect(proposal.title).toContain('ASC0011');
    expect(proposal.branch).toMatch(/^oversight\/adult-social-care-new-risk\//);
    expect(filesChanged(proposal.branch)).toEqual(['data/registers/adult-social-care/risks/ASC0011.json']);
    const written = JSON.parse(fileOnBranch(proposal.branch, 'registers/adult-social-care/risks/ASC0011.json')) as Record<string, unknown>;
    expect(written).toEqual({ ...NEW_RISK, status: 'open' });
    expect(mainHead()).toBe(head);
    // The proposal is listed for the risk.
    const listed = (await (await listProposals('?risk=ASC0011')).json()) as { id: string }[];
    expect(listed.map((p) => p.id)).toEqual([proposal.id]);
  });

  it('accepts a session with the CSRF token and Origin, and an administrator', async () => {
    await expectCreated(postJson(path, await h.auth('manager', 'session'), { ...NEW_RISK, id: 'ASC0012' }));
    await expectCreated(postJson(path, await h.auth('administrator'), { ...NEW_RISK, id: 'ASC0013' }));
  });

  it('an Idempotency-Key makes a retry answer 200 with the same proposal and write nothing more', async () => {
    const headers = { ...(await h.auth('manager')), 'idempotency-key': 'new-risk-retry-0001' };
    const first = await expectCreated(postJson(path, headers, { ...NEW_RISK, id: 'ASC0014' }));
    expect(first.branch).toBe('oversight/adult-social-care-new-risk/kate-morrison.new-risk-retry-0001');
    const before = h.refs();
    const again = await h.send(postJson(path, headers, { ...NEW_RISK, id: 'ASC0014' }));
    expect(again.status).toBe(200);
    expect(((await again.json()) as ProposalAnswer).proposal).toEqual({ id: first.id, title: first.title, url: first.url, state: 'open' });
    expect(h.refs()).toEqual(before);
  });

  it('refuses the same Idempotency-Key with another risk (422 key-reused), rather than answer with the first and drop the second', async () => {
    const headers = { ...(await h.auth('manager')), 'idempotency-key': 'new-risk-reused-0001' };
    const first = await expectCreated(postJson(path, headers, { ...NEW_RISK, id: 'ASC0016' }));
    const before = h.refs();
    const reused = await expectRefused(postJson(path, headers, { ...NEW_RISK, id: 'ASC0017' }), 422, 'key-reused');
    expect(reused.error.message).toContain(`already used for a different submission (proposal ${first.id})`);
    expect(h.refs()).toEqual(before);
    // The same risk with its fields in another order is the same submission.
    const reordered = Object.fromEntries(Object.entries({ ...NEW_RISK, id: 'ASC0016' }).reverse());
    expect((await h.send(postJson(path, headers, reordered))).status).toBe(200);
  });

  it('keeps control characters in the data file and out of the commit message (git refuses a NUL there)', async () => {
    const title = 'Control\u0000 characters\u0007 in a title\nover two lines';
    const proposal = await expectCreated(postJson(path, await h.auth('manager'), { ...NEW_RISK, id: 'ASC0015', title }));
    expect((JSON.parse(fileOnBranch(proposal.branch, 'registers/adult-social-care/risks/ASC0015.json')) as { title: string }).title).toBe(title);
    expect(proposal.title).toBe('ASC0015: new risk in adult-social-care: Control characters in a title over two lines');
  });

  it('refuses a malformed Idempotency-Key with 422', async () => {
    await expectRefused(postJson(path, { ...(await h.auth('manager')), 'idempotency-key': 'short' }, NEW_RISK), 422, 'invalid');
  });

  it('answers 422 with the fields for a body failing the risk schema', async () => {
    const body = await expectRefused(postJson(path, await h.auth('manager'), { id: 'asc-11', title: '', current: { likelihood: 7, impact: 2 }, colour: 'red' }), 422, 'invalid');
    const paths = body.error.fields!.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['id', 'title', 'owners', 'current.likelihood', '']));
    expect(body.error.fields!.find((f) => f.path === 'current.likelihood')!.message).toBe('must be a whole number from 1 to 5');
    expect(body.error.fields!.find((f) => f.path === '')!.message).toContain('colour');
  });

  it.each([
    ['a JSON array', []],
    ['a string', 'ASC0011'],
    ['null', null],
  ])('answers 422 for %s as the body', async (_name, value) => {
    await expectRefused(postJson(path, await h.auth('manager'), value), 422, 'invalid');
  });

  it('answers 422 for an id another register already uses, or this register already has', async () => {
    const other = await expectRefused(postJson(path, await h.auth('manager'), { ...NEW_RISK, id: 'COR0001' }), 422, 'invalid');
    expect(other.error.fields).toEqual([{ path: 'id', message: expect.stringContaining('corporate') as unknown }]);
    const same = await expectRefused(postJson(path, await h.auth('manager'), { ...NEW_RISK, id: 'ASC0004' }), 422, 'invalid');
    expect(same.error.fields!.map((f) => f.path)).toEqual(['id']);
    // BCF0001 is in a restricted register Kate may not read: the id is refused without naming it.
    const hidden = await expectRefused(postJson(path, await h.auth('manager'), { ...NEW_RISK, id: 'BCF0001' }), 422, 'invalid');
    expect(hidden.error.fields).toEqual([{ path: 'id', message: 'BCF0001 is already used by another risk: give the new risk an id no other risk has' }]);
    // ASC0004 on main is untouched.
    expect(h.repo.git(['show', 'main:data/registers/adult-social-care/risks/ASC0004.json'])).toContain('Care market sustainability');
  });

  it('answers 422 for a risk that would leave the data invalid: an owner no one is, a linked risk that does not exist', async () => {
    const body = await expectRefused(postJson(path, await h.auth('manager'), { ...NEW_RISK, id: 'ASC0020', owners: ['no-such-person'], linkedRisks: ['ZZZ0001'] }), 422, 'invalid');
    // Named by the fields of the request (the new risk itself), not the file they would be written to.
    expect(body.error.fields!.map((f) => f.path).sort()).toEqual(['linkedRisks[0]', 'owners[0]']);
  });

  it('answers a link to a restricted risk, or a move to a restricted register, as it answers one that does not exist', async () => {
    const refusal = async (persona: Persona, body: object): Promise<unknown> => (await expectRefused(postJson(path, await h.auth(persona), { ...NEW_RISK, id: 'ASC0022', ...body }), 422, 'invalid')).error.fields;
    // BCF0001 and better-care-fund are restricted: Kate may not read them, so she may not learn they exist.
    for (const id of ['BCF0001', 'ZZZ0001']) {
      expect(await refusal('manager', { linkedRisks: ['COR0001', id] })).toEqual([{ path: 'linkedRisks[1]', message: `no risk you may see has the id ${id}: correct the id or remove the link` }]);
    }
    for (const register of ['better-care-fund', 'no-such-register']) {
      expect(await refusal('manager', { status: 'moved', movedTo: register })).toEqual([{ path: 'movedTo', message: `no register you may see has the id "${register}": correct movedTo` }]);
    }
    // The administrator may read both, so the same references are accepted.
    await expectCreated(postJson(path, await h.auth('administrator'), { ...NEW_RISK, id: 'ASC0022', linkedRisks: ['BCF0001'] }));
    await expectCreated(postJson(path, await h.auth('administrator'), { ...NEW_RISK, id: 'ASC0023', status: 'moved', movedTo: 'better-care-fund' }));
  });

  it('tells the reviewer, in the proposal, what validate would warn about the new risk: closed without a reason', async () => {
    const proposal = await expectCreated(postJson(path, await h.auth('manager'), { ...NEW_RISK, id: 'ASC0024', status: 'closed' }));
    expect(h.repo.git(['log', '-1', '--format=%B', `refs/heads/${proposal.branch}`])).toContain('\n- statusReason: the risk is closed without a reason: add statusReason saying why');
  });

  it('answers 422 for an id another open proposal already gives a new risk, without naming that proposal', async () => {
    await expectCreated(postJson(path, await h.auth('manager'), { ...NEW_RISK, id: 'ASC0025' }));
    const second = await expectRefused(postJson(path, await h.auth('administrator'), { ...NEW_RISK, id: 'ASC0025', title: 'Another risk' }), 422, 'invalid');
    expect(second.error.fields).toEqual([{ path: 'id', message: 'ASC0025 is the id of a risk someone has already proposed, not yet merged: give the new risk another id' }]);
  });

  it('answers 404 for an unknown register, and for a restricted register the person may not read', async () => {
    await expectRefused(postJson('/api/registers/no-such-register/risks', await h.auth('administrator'), NEW_RISK), 404, 'not-found');
    await expectRefused(postJson('/api/registers/better-care-fund/risks', await h.auth('manager'), { ...NEW_RISK, id: 'BCF0002' }), 404, 'not-found');
  });

  it('answers 403 for people who may not propose risks to it: a risk manager of other registers, an auditor, a risk owner', async () => {
    for (const persona of ['otherManager', 'auditor', 'owner', 'delegate', 'viewer'] as const) {
      await expectRefused(postJson(path, await h.auth(persona), { ...NEW_RISK, id: 'ASC0021' }), 403, 'forbidden');
    }
    // An auditor may read the restricted register, so is told 403 rather than 404 there.
    await expectRefused(postJson('/api/registers/better-care-fund/risks', await h.auth('auditor'), { ...NEW_RISK, id: 'BCF0002' }), 403, 'forbidden');
  });

  it('answers 401 before anything else: no credentials, for an unknown register, with a bad body', async () => {
    await expectRefused(request('POST', '/api/registers/no-such-register/risks', { 'content-type': 'application/json' }, '{not json'), 401, 'unauthenticated');
  });

  it('answers 415 for a wrong content type and 400 for a body that is not JSON', async () => {
    const auth = await h.auth('manager');
    await expectRefused(request('POST', path, { ...auth, 'content-type': 'text/plain' }, JSON.stringify(NEW_RISK)), 415, 'unsupported-media-type');
    await expectRefused(request('POST', path, { ...auth, 'content-type': 'application/json' }, '{"id": "ASC0011",'), 400, 'bad-json');
  });

  describe('as an HTML form post', () => {
    const form = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();
    const formHeaders = async (): Promise<Record<string, string>> => {
      const { cookie } = await h.session('manager');
      return { cookie, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' };
    };

    it('proposes the risk and redirects to the proposals page (owners separated by ;)', async () => {
      const before = h.refs();
      const res = await h.send(
        request('POST', path, await formHeaders(), form({ id: 'ASC0030', title: 'A risk from a form', owners: 'kate-morrison; ruth-kendal', 'current.likelihood': '2', 'current.impact': '3', category: '' })),
      );
      expect(res.status).toBe(303);
      const location = res.headers.get('location')!;
      expect(location).toMatch(/^\/proposals\/[0-9a-f]{8}$/);
      const result = await h.send(request('GET', location, { cookie: (await h.session('manager')).cookie }));
      expect(result.status).toBe(200);
      expect(await result.text()).toMatch(new RegExp(`<h1>Proposal ${location.split('/')[2]!}: ASC0030: .*</h1>.*waiting for review by a risk manager`, 's'));
      const added = h.refs().filter((r) => !before.includes(r));
      expect(added).toHaveLength(2);
      const branch = added.find((r) => r.includes('refs/heads/'))!.split(' ')[1]!.slice('refs/heads/'.length);
      expect(JSON.parse(fileOnBranch(branch, 'registers/adult-social-care/risks/ASC0030.json'))).toEqual({
        id: 'ASC0030',
        title: 'A risk from a form',
        owners: ['kate-morrison', 'ruth-kendal'],
        current: { likelihood: 2, impact: 3 },
        status: 'open',
      });
    });

    it('answers an invalid form with 422 and the HTML error page naming the fields, writing nothing', async () => {
      const before = h.refs();
      const res = await h.send(request('POST', path, await formHeaders(), form({ id: 'ASC0031', title: 'No owner', 'current.likelihood': '9', 'current.impact': '3' })));
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await res.text();
      expect(html).toContain('role="alert"');
      // Named as the register page's form labels them, not by the JSON path.
      expect(html).toContain('<strong>Risk owner</strong>: is required: choose one from the list');
      expect(html).toContain('<strong>Current likelihood</strong>: must be a whole number from 1 to 5');
      expect(html).toContain('Back button');
      expect(html).toContain('href="/registers/adult-social-care/#new-risk"');
      expect(h.refs()).toEqual(before);
    });

    it('asks for a current rating left wholly unchosen by the form\'s name for it', async () => {
      const before = h.refs();
      const res = await h.send(request('POST', path, await formHeaders(), form({ id: 'ASC0037', title: 'No rating', owners: 'kate-morrison' })));
      expect(res.status).toBe(422);
      expect(await res.text()).toContain('<li><strong>Current rating</strong>: is required: choose its likelihood and its impact</li>');
      expect(h.refs()).toEqual(before);
    });

    it('tells a next review date typed in three boxes that is not a real date as the boxes show it', async () => {
      const before = h.refs();
      const typed = { id: 'ASC0036', title: 'A risk', owners: 'kate-morrison', 'current.likelihood': '2', 'current.impact': '2', 'nextReview.day': '31', 'nextReview.month': '2', 'nextReview.year': '2027' };
      const res = await h.send(request('POST', path, await formHeaders(), form(typed)));
      expect(res.status).toBe(422);
      expect(await res.text()).toContain('<li><strong>Next review date</strong>: must be a real date, for example 30 6 2027</li>');
      expect(h.refs()).toEqual(before);
      // A year of 2 numbers is told as GOV.UK's date input tells it.
      const short = await h.send(request('POST', path, await formHeaders(), form({ ...typed, 'nextReview.day': '28', 'nextReview.year': '27' })));
      expect(short.status).toBe(422);
      expect(await short.text()).toContain('<li><strong>Next review date</strong>: must include a year with 4 numbers, for example 2027</li>');
      expect(h.refs()).toEqual(before);
      // A real one is the risk's next review.
      const created = await h.send(request('POST', path, await formHeaders(), form({ ...typed, 'nextReview.day': '28' })));
      expect(created.status).toBe(303);
      const branch = h.refs().filter((r) => !before.includes(r)).find((r) => r.includes('refs/heads/'))!.split(' ')[1]!.slice('refs/heads/'.length);
      expect(JSON.parse(fileOnBranch(branch, 'registers/adult-social-care/risks/ASC0036.json'))).toMatchObject({ nextReview: '2027-02-28' });
    });

    it('sends someone not signed in to sign in (303), writing nothing', async () => {
      const before = h.refs();
      const res = await h.send(request('POST', path, { 'content-type': 'application/x-www-form-urlencoded', referer: `${ORIGIN}/registers/adult-social-care/` }, form({ id: 'ASC0032' })));
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/auth/login?returnTo=${encodeURIComponent('/registers/adult-social-care/')}`);
      expect(h.refs()).toEqual(before);
    });

    it('never links back off the site, even from a referer on this site whose path begins //', async () => {
      const page = await h.send(request('POST', path, { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded', referer: `${ORIGIN}//elsewhere.example/x` }, form({ id: 'ASC0037' })));
      expect(page.status).toBe(401);
      const html = await page.text();
      expect(html).not.toContain('elsewhere.example');
      expect(html).toContain('returnTo=%2F"');
    });

    it('keeps what someone signed out posted from our own page on a page of its own, which sends it once they sign in', async () => {
      const before = h.refs();
      const typed = { id: 'ASC0034', title: 'Typed before the sign-in ran out & <kept>', owners: 'kate-morrison', 'current.likelihood': '3', 'current.impact': '4', description: 'A long description\nover two lines "quoted"' };
      const page = await h.send(
        request('POST', path, { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded', referer: `${ORIGIN}/registers/adult-social-care/` }, form(typed)),
      );
      expect(page.status).toBe(401);
      expect(page.headers.get('www-authenticate')).toBe('Bearer');
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('cache-control')).toBe('no-store');
      const html = await page.text();
      expect(h.refs()).toEqual(before);
      // Signing in opens in a new tab (and says so), back to the page the form was on.
      expect(html).toContain(`<a href="/auth/login?returnTo=${encodeURIComponent('/registers/adult-social-care/')}" target="_blank" rel="noopener">Sign in (opens in a new tab)</a>`);
      const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1];
      expect(action).toBe(path);
      // The browser posts the hidden fields as they are: read them as a browser would.
      const hidden = [...html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map(([, name, value]) => [unescapeHtml(name!), unescapeHtml(value!)] as [string, string]);
      expect(Object.fromEntries(hidden)).toEqual(typed);

      const created = await h.send(request('POST', action!, await formHeaders(), new URLSearchParams(hidden).toString()));
      expect(created.status).toBe(303);
      const added = h.refs().filter((r) => !before.includes(r));
      const branch = added.find((r) => r.includes('refs/heads/'))!.split(' ')[1]!.slice('refs/heads/'.length);
      expect(JSON.parse(fileOnBranch(branch, 'registers/adult-social-care/risks/ASC0034.json'))).toMatchObject({ title: typed.title, description: typed.description });
    });

    it('keeps nothing posted from another site: it sends the person to sign in (303)', async () => {
      const res = await h.send(request('POST', path, { origin: 'https://elsewhere.example', 'content-type': 'application/x-www-form-urlencoded' }, form({ id: 'ASC0035', title: 'Planted' })));
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/auth/login?returnTo=${encodeURIComponent('/')}`);
    });

    it('answers a script that sends a bad token with a form body 401, not a redirect to sign in', async () => {
      await expectRefused(
        request('POST', path, { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${await h.token('manager', { expired: true })}` }, form({ id: 'ASC0033' })),
        401,
        'invalid-token',
      );
    });
  });
});

// ---------------------------------------------------------------------------------------------

describe('POST /api/registers/:id/import', () => {
  const path = '/api/registers/adult-social-care/import';
  const csvPost = async (csv: string, persona: Persona = 'manager', extra: Record<string, string> = {}, target = path): Promise<Request> =>
    request('POST', target, { ...(await h.auth(persona)), 'content-type': 'text/csv; charset=utf-8', ...extra }, csv);

  /** The register as the export writes it, from main now. */
  function exportedCsv(): string {
    const files = new Map<string, string>();
    for (const line of h.repo.git(['ls-tree', '-r', '--name-only', 'main', 'data/']).split('\n')) {
      files.set(line.slice('data/'.length), h.repo.git(['show', `main:${line}`]));
    }
    return registerToCsv(loadWorkspace(files).workspace, 'adult-social-care');
  }

  it('proposes the whole file as one proposal: 201, the changed and new risks on one branch', async () => {
    const csv = ['id,title,owner,current_likelihood,current_impact', 'ASC0004,Care market sustainability and home care capacity,fiona-blackwood,2,4', 'ASC0040,Imported risk,Kate Morrison,3,3', ''].join('\r\n');
    const proposal = await expectCreated(await csvPost(csv));
    expect(proposal.branch).toMatch(/^oversight\/adult-social-care-import\//);
    expect(filesChanged(proposal.branch)).toEqual(['data/registers/adult-social-care/risks/ASC0004.json', 'data/registers/adult-social-care/risks/ASC0040.json']);
    const updated = JSON.parse(fileOnBranch(proposal.branch, 'registers/adult-social-care/risks/ASC0004.json')) as { current: unknown; controls: unknown[] };
    expect(updated.current).toEqual({ likelihood: 2, impact: 4 });
    expect(updated.controls).toHaveLength(5); // columns not in the file are kept
    expect(JSON.parse(fileOnBranch(proposal.branch, 'registers/adult-social-care/risks/ASC0040.json'))).toEqual({
      id: 'ASC0040',
      title: 'Imported risk',
      owners: ['kate-morrison'],
      current: { likelihood: 3, impact: 3 },
      status: 'open',
    });
    const byRisk = (await (await listProposals('?risk=ASC0040')).json()) as { id: string }[];
    expect(byRisk.map((p) => p.id)).toEqual([proposal.id]);
  });

  it('proposes a row with a NUL in its title (the commit message leaves it out)', async () => {
    const proposal = await expectCreated(await csvPost('id,title,owner,current_likelihood,current_impact\nASC0061,"With a NUL\u0000 here",kate-morrison,3,3\n'));
    expect((JSON.parse(fileOnBranch(proposal.branch, 'registers/adult-social-care/risks/ASC0061.json')) as { title: string }).title).toBe('With a NUL\u0000 here');
  });

  it('adds an owner nobody has to people.json in the same proposal, as npm run import does', async () => {
    const proposal = await expectCreated(await csvPost('id,title,owner,current_likelihood,current_impact\nASC0060,New owner,Jo Bloggs,3,3\n'));
    expect(filesChanged(proposal.branch)).toEqual(['data/people.json', 'data/registers/adult-social-care/risks/ASC0060.json']);
    const people = (JSON.parse(fileOnBranch(proposal.branch, 'people.json')) as { people: { id: string; name: string }[] }).people;
    expect(people.at(-1)).toEqual({ id: 'jo-bloggs', name: 'Jo Bloggs' });
    expect((JSON.parse(fileOnBranch(proposal.branch, 'registers/adult-social-care/risks/ASC0060.json')) as { owners: string[] }).owners).toEqual(['jo-bloggs']);
  });

  it('accepts the register exactly as exported with one change, from a session with the CSRF token', async () => {
    const csv = exportedCsv().replace('Care market sustainability and home care capacity', 'Care market sustainability');
    const proposal = await expectCreated(await csvPost(csv, 'manager', {}));
    expect(filesChanged(proposal.branch)).toEqual(['data/registers/adult-social-care/risks/ASC0004.json']);
    const session = await h.auth('administrator', 'session');
    await expectCreated(request('POST', path, { ...session, 'content-type': 'text/csv' }, csv.replace('Care market sustainability', 'Care market sustainability (admin)')));
  });

  it('refuses a row adding a risk whose id an open proposal already gives a new risk', async () => {
    await expectCreated(postJson('/api/registers/adult-social-care/risks', await h.auth('manager'), { id: 'ASC0062', title: 'Proposed first', owners: ['kate-morrison'], current: { likelihood: 3, impact: 3 } }));
    const body = await expectRefused(await csvPost('id,title,owner,current_likelihood,current_impact\nASC0062,Imported second,kate-morrison,3,3\n'), 422, 'invalid');
    expect(body.error.fields).toEqual([{ path: 'row 2, column id', message: 'ASC0062 is the id of a risk someone has already proposed, not yet merged: give this risk a new id' }]);
  });

  it('names another register an id belongs to only to someone who may read it (BCF0001 is in a restricted one)', async () => {
    const csv = 'id,title,owner,current_likelihood,current_impact\nBCF0001,Probe,kate-morrison,3,3\nCOR0001,Probe,kate-morrison,3,3\n';
    const hidden = await expectRefused(await csvPost(csv, 'manager'), 422, 'invalid');
    expect(hidden.error.fields).toEqual([
      { path: 'row 2, column id', message: 'BCF0001 is already used by another risk: give this risk a new id' },
      { path: 'row 3, column id', message: 'COR0001 belongs to register corporate: import it into that register (--register corporate) or give this risk a new id' },
    ]);
    expect(JSON.stringify(hidden)).not.toContain('better-care-fund');
    const known = await expectRefused(await csvPost(csv, 'administrator'), 422, 'invalid');
    expect(known.error.fields?.[0]).toEqual({ path: 'row 2, column id', message: 'BCF0001 belongs to register better-care-fund: import it into that register (--register better-care-fund) or give this risk a new id' });
  });

  it('refuses the whole file with every row error, naming row and column, and writes nothing', async () => {
    const csv = ['id,title,owner,current_likelihood,current_impact', 'ASC0041,Fine row,kate-morrison,3,3', 'ASC0042,Bad impact,kate-morrison,3,9', 'asc43,Bad id,kate-morrison,3,3', 'ASC0044,,kate-morrison,0,3'].join('\n');
    const body = await expectRefused(await csvPost(csv), 422, 'invalid');
    expect(body.error.fields).toEqual(
      expect.arrayContaining([
        { path: 'row 3, column current_impact', message: 'must be a whole number from 1 to 5' },
        { path: 'row 4, column id', message: expect.any(String) as unknown },
        { path: 'row 5, column title', message: 'is blank: every risk needs a title' },
        { path: 'row 5, column current_likelihood', message: 'must be a whole number from 1 to 5' },
      ]),
    );
    expect(body.error.fields!.some((f) => f.path.startsWith('row 2'))).toBe(false);
  });

  it('refuses a file without the required columns, broken quoting, a risk of another register, or no change at all', async () => {
    const missing = await expectRefused(await csvPost('id,title\nASC0041,No owner column\n'), 422, 'invalid');
    expect(missing.error.fields!.map((f) => f.path)).toContain('row 1');
    const quotes = await expectRefused(await csvPost('id,title,owner,current_likelihood,current_impact\nASC0041,"never closed,kate-morrison,3,3\n'), 422, 'invalid');
    expect(quotes.error.fields!.some((f) => f.message.includes('double quote'))).toBe(true);
    const elsewhere = await expectRefused(await csvPost('id,title,owner,current_likelihood,current_impact\nCOR0001,Corporate risk,kate-morrison,3,3\n'), 422, 'invalid');
    expect(elsewhere.error.fields).toEqual([{ path: 'row 2, column id', message: expect.stringContaining('corporate') as unknown }]);
    await expectRefused(await csvPost(exportedCsv()), 422, 'invalid');
  });

  it('answers 415 for anything but text/csv, 400 for bytes that are not UTF-8, 413 over 256 KB', async () => {
    const auth = await h.auth('manager');
    await expectRefused(request('POST', path, { ...auth, 'content-type': 'application/json' }, '{}'), 415, 'unsupported-media-type');
    await expectRefused(request('POST', path, { ...auth, 'content-type': 'text/csv; charset=windows-1252' }, 'id\n'), 415, 'unsupported-media-type');
    await expectRefused(request('POST', path, auth, 'id,title\n'), 415, 'unsupported-media-type');
    const bad = new Uint8Array([...new TextEncoder().encode('id,title,owner,current_likelihood,current_impact\nASC0041,Caf'), 0xe9, ...new TextEncoder().encode(',kate-morrison,3,3\n')]);
    const latin = await expectRefused(request('POST', path, { ...auth, 'content-type': 'text/csv' }, bad), 400, 'bad-encoding');
    // The same words as `npm run import`: which line, and how to save the file again.
    expect(latin.error.message).toMatch(/^The file is not UTF-8 text: line 2 has a character in another encoding.*Save As › "CSV UTF-8 \(Comma delimited\)"/);
    const utf16 = new Uint8Array([0xff, 0xfe, ...[...'id,title\n'].flatMap((c) => [c.charCodeAt(0), 0])]);
    const unicodeText = await expectRefused(request('POST', path, { ...auth, 'content-type': 'text/csv' }, utf16), 400, 'bad-encoding');
    expect(unicodeText.error.message).toMatch(/^The file is saved as UTF-16 \(as Excel's "Unicode Text" saves it\)/);
    await expectRefused(request('POST', path, { ...auth, 'content-type': 'text/csv' }, `id,title\n${'x'.repeat(256 * 1024)}\n`), 413, 'too-large');
  });

  describe('as a file uploaded with the register page\'s form (multipart/form-data)', () => {
    /** A browser's post of the form: the file in the field `file`, with the session cookie. */
    const upload = async (file: string | Uint8Array<ArrayBuffer>, persona: Persona = 'manager'): Promise<Request> => postFile(path, { cookie: (await h.session(persona)).cookie, origin: ORIGIN }, file);

    it('proposes it and sends the risk manager to the proposal', async () => {
      const before = h.refs();
      const res = await h.send(await upload('id,title,owner,current_likelihood,current_impact\nASC0045,Uploaded risk,kate-morrison,2,3\n'));
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toMatch(/^\/proposals\/[0-9a-f]{8}$/);
      const branch = h.refs().filter((r) => !before.includes(r)).find((r) => r.includes('refs/heads/'))!.split(' ')[1]!.slice('refs/heads/'.length);
      expect(filesChanged(branch)).toEqual(['data/registers/adult-social-care/risks/ASC0045.json']);
    });

    it('lists each row\'s problem on a page, by row and column, and writes nothing', async () => {
      const before = h.refs();
      const res = await h.send(await upload('id,title,owner,current_likelihood,current_impact\nASC0046,Bad impact,kate-morrison,3,9\n'));
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const page = await res.text();
      expect([...page.matchAll(/<li>(.*?)<\/li>/g)].map(([, item]) => item!.replace(/<\/?strong>/g, ''))).toEqual(['Row 2, column current_impact: must be a whole number from 1 to 5']);
      // A browser keeps no file to go back to: the way back is to upload it again.
      expect(page).toContain('<p>Nothing was submitted. Correct the file, then <a href="/registers/adult-social-care/#import">upload it again</a>.</p>');
      expect(h.refs()).toEqual(before);
    });

    it('asks for a file when none was chosen, says how to save one that is not UTF-8, and refuses those who may not import', async () => {
      const before = h.refs();
      const none = await h.send(await upload(''));
      expect(none.status).toBe(422);
      expect(await none.text()).toContain('<p>Choose the register as a CSV file to upload.</p>');
      const utf16 = await h.send(await upload(new Uint8Array([0xff, 0xfe, ...[...'id,title\n'].flatMap((c) => [c.charCodeAt(0), 0])])));
      expect(utf16.status).toBe(400);
      expect(await utf16.text()).toContain('The file is saved as UTF-16');
      const owner = await h.send(await upload('id,title,owner,current_likelihood,current_impact\nASC0047,Not theirs,kate-morrison,2,3\n', 'owner'));
      expect(owner.status).toBe(403);
      expect(owner.headers.get('content-type')).toMatch(/^text\/html/);
      expect(h.refs()).toEqual(before);
    });

    it('sends someone whose sign-in has run out to sign in and back to the register page (a file cannot be kept for them)', async () => {
      const signedIn = await upload('id,title,owner,current_likelihood,current_impact\nASC0048,Late,kate-morrison,2,3\n');
      const headers = { origin: ORIGIN, referer: `${ORIGIN}/registers/adult-social-care/`, 'content-type': signedIn.headers.get('content-type')! };
      const before = h.refs();
      const res = await h.send(request('POST', path, headers, new Uint8Array(await signedIn.arrayBuffer())));
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/auth/login?returnTo=${encodeURIComponent('/registers/adult-social-care/')}`);
      expect(h.refs()).toEqual(before);
    });
  });

  it('answers 404 for an unknown or unreadable register, 403 for those who may not import, 401 without credentials', async () => {
    const csv = 'id,title,owner,current_likelihood,current_impact\nBCF0002,New,mark-pennington,3,3\n';
    await expectRefused(await csvPost(csv, 'administrator', {}, '/api/registers/no-such-register/import'), 404, 'not-found');
    await expectRefused(await csvPost(csv, 'manager', {}, '/api/registers/better-care-fund/import'), 404, 'not-found');
    await expectRefused(await csvPost(csv, 'auditor', {}, '/api/registers/better-care-fund/import'), 403, 'forbidden');
    await expectRefused(await csvPost(csv, 'otherManager'), 403, 'forbidden');
    await expectRefused(await csvPost(csv, 'owner'), 403, 'forbidden');
    await expectRefused(request('POST', path, { 'content-type': 'text/csv' }, csv), 401, 'unauthenticated');
  });

  it('an Idempotency-Key makes a retry answer 200 with the same proposal', async () => {
    const csv = 'id,title,owner,current_likelihood,current_impact\nASC0050,Retried import,kate-morrison,3,3\n';
    const first = await expectCreated(await csvPost(csv, 'manager', { 'idempotency-key': 'import-retry-0001' }));
    expect(first.branch).toBe('oversight/adult-social-care-import/kate-morrison.import-retry-0001');
    const before = h.refs();
    const again = await h.send(await csvPost(csv, 'manager', { 'idempotency-key': 'import-retry-0001' }));
    expect(again.status).toBe(200);
    expect(((await again.json()) as ProposalAnswer).proposal.id).toBe(first.id);
    expect(h.refs()).toEqual(before);
    // A corrected file under the same key is a new submission, not a retry: refused, nothing written.
    await expectRefused(await csvPost(csv.replace('Retried import', 'Corrected import'), 'manager', { 'idempotency-key': 'import-retry-0001' }), 422, 'key-reused');
    expect(h.refs()).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------

describe('POST /api/risks/:id/updates', () => {
  const path = '/api/risks/ASC0002/updates';
  const version = async (id = 'ASC0002'): Promise<string> => ((await (await getRisk(id, 'owner')).json()) as { version: string }).version;

  it('proposes the owner\'s update: 201, then the same key answers 200 with the same proposal', async () => {
    const headers = { ...(await h.auth('owner')), 'idempotency-key': 'update-retry-0001' };
    const body = { baseVersion: await version(), reason: 'Fewer hospital discharges delayed this quarter.', current: { likelihood: 2, impact: 4 } };
    const first = await expectCreated(postJson(path, headers, body));
    expect(first.branch).toBe('oversight/ASC0002/david-okonjo.update-retry-0001');
    expect(filesChanged(first.branch)).toEqual(['data/registers/adult-social-care/risks/ASC0002.json']);
    const before = h.refs();
    const again = await h.send(postJson(path, headers, body));
    expect(again.status).toBe(200);
    expect(((await again.json()) as ProposalAnswer).proposal.id).toBe(first.id);
    expect(h.refs()).toEqual(before);
    // The owner edits the form after a lost answer and sends it under the same key: refused, not lost.
    const edited = await expectRefused(postJson(path, headers, { ...body, current: { likelihood: 1, impact: 4 } }), 422, 'key-reused');
    expect(edited.error.message).toContain(`proposal ${first.id}`);
    expect(h.refs()).toEqual(before);
  });

  it('keeps one person\'s Idempotency-Key apart from another\'s: the same key from the delegate makes a proposal of its own', async () => {
    const body = { baseVersion: await version(), reason: 'Delegate re-rating.', current: { likelihood: 3, impact: 4 } };
    const owners = await expectCreated(postJson(path, { ...(await h.auth('owner')), 'idempotency-key': 'shared-key-0001' }, { ...body, reviewComment: 'Owner.' }));
    const delegates = await expectCreated(postJson(path, { ...(await h.auth('delegate')), 'idempotency-key': 'shared-key-0001' }, body));
    expect(delegates.id).not.toBe(owners.id);
    expect(fileOnBranch(delegates.branch, 'registers/adult-social-care/risks/ASC0002.json')).toContain('"likelihood": 3');
  });

  it('accepts the delegate and the register\'s risk manager; refuses others with 403', async () => {
    const base = await version();
    await expectCreated(postJson(path, await h.auth('delegate'), { baseVersion: base, reason: 'Delegate review.', reviewComment: 'Reviewed by the delegate.' }));
    await expectCreated(postJson(path, await h.auth('manager', 'session'), { baseVersion: base, reason: 'Manager review.', reviewComment: 'Reviewed by the manager.' }));
    for (const persona of ['viewer', 'otherManager', 'auditor'] as const) {
      await expectRefused(postJson(path, await h.auth(persona), { baseVersion: base, reason: 'Not mine.', reviewComment: 'x' }), 403, 'forbidden');
    }
  });

  it('names a problem the whole-data check finds by the request\'s own field: the second control it adds, not the file\'s sixth', async () => {
    const control = (owner: string): object => ({ description: 'Weekly huddle', owner, status: 'proposed' });
    const body = await expectRefused(
      postJson(path, await h.auth('owner'), { baseVersion: await version(), reason: 'New controls.', controls: [control('kate-morrison'), control('no-such-person')] }),
      422,
      'invalid',
    );
    expect(body.error.fields).toEqual([{ path: 'controls[1].owner', message: 'no person has the id "no-such-person": add them to people.json or correct the id' }]);
  });

  it('tells the reviewer, in the proposal, what validate would warn about the change: a target above the current rating', async () => {
    const message = (branch: string): string => h.repo.git(['log', '-1', '--format=%B', `refs/heads/${branch}`]);
    const above = await expectCreated(postJson(path, await h.auth('owner'), { baseVersion: await version(), reason: 'Target reset.', current: { likelihood: 1, impact: 2 }, target: { likelihood: 5, impact: 5 } }));
    expect(message(above.branch)).toContain('**For the reviewer:** `npm run validate` would warn about this change:\n\n- target: the target rating (25) is above the current rating (2): check the target');
    const fine = await expectCreated(postJson(path, await h.auth('owner'), { baseVersion: await version(), reason: 'Quarterly review.', reviewComment: 'Reviewed.' }));
    expect(message(fine.branch)).not.toContain('For the reviewer');
  });

  it('answers 409 stale when the same field changed on main since the version it started from, writing nothing', async () => {
    const stale = await version('ASC0003');
    const file = 'registers/adult-social-care/risks/ASC0003.json';
    const risk = JSON.parse(h.repo.git(['show', `main:data/${file}`])) as { current: { likelihood: number; impact: number } };
    const changed = { ...risk, current: { likelihood: risk.current.likelihood === 1 ? 2 : 1, impact: risk.current.impact } };
    h.repo.commit('Someone else re-rates ASC0003', { [file]: `${JSON.stringify(changed, null, 2)}\n` });
    const body = await expectRefused(
      postJson('/api/risks/ASC0003/updates', await h.auth('manager'), { baseVersion: stale, reason: 'Re-rating.', current: { likelihood: 5, impact: 5 } }),
      409,
      'stale',
    );
    expect(body.error.fields).toEqual(['current rating']);
    // Started from the version now on main, it goes through.
    await expectCreated(postJson('/api/risks/ASC0003/updates', await h.auth('manager'), { baseVersion: await version('ASC0003'), reason: 'Re-rating.', current: { likelihood: 5, impact: 5 } }));
  });

  it('names an action or control on a form post\'s error page as the form does, by its id, writing nothing', async () => {
    const headers = { ...(await h.auth('owner', 'session')), 'content-type': 'application/x-www-form-urlencoded' };
    const answers = {
      baseVersion: await version(),
      reason: 'Quarterly review.',
      'actions.0.id': 'A1',
      'actions.1.id': 'A3',
      'actions.1.due.day': '31',
      'actions.1.due.month': '2',
      'actions.1.due.year': '2027',
      'controls.0.id': 'C2',
      'controls.0.status': 'retired',
      'controls.4.description': 'A new control with no owner.',
    };
    const before = h.refs();
    const res = await h.send(request('POST', path, headers, new URLSearchParams(answers).toString()));
    expect(res.status).toBe(422);
    const page = await res.text();
    const items = [...page.matchAll(/<li><strong>([^<]+)<\/strong>: ([^<]+)<\/li>/g)].map(([, name, message]) => `${name!}: ${message!}`.replace(/&#39;/g, "'"));
    expect(items).toEqual([
      // As typed in the three boxes, not as the JSON API's YYYY-MM-DD.
      'The new due date for A3: must be a real date, for example 30 6 2027',
      'Control C2 status: must be one of: in place, proposed, accepted',
      "The new control's owner: is required to add a control: give its description, owner and status",
      "The new control's status: is required to add a control: give its description, owner and status",
    ]);
    expect(h.refs()).toEqual(before);

    // A rule the update breaks only against the risk itself is named the same way.
    const moved = { ...answers, 'actions.1.due.day': '30', 'actions.1.due.month': '6', 'controls.0.status': 'accepted', 'controls.4.owner': 'kate-morrison', 'controls.4.status': 'proposed' };
    const again = await h.send(request('POST', path, headers, new URLSearchParams(moved).toString()));
    expect(again.status).toBe(422);
    expect(await again.text()).toContain('<strong>Why the due date of A3 is changing</strong>: is required with a new due date');
    expect(h.refs()).toEqual(before);

    // The form's own fields, by their labels too, in the order the form shows them (the schema has the reason first).
    const unexplained = await h.send(request('POST', path, headers, new URLSearchParams({ ...answers, reason: '', reviewComment: 'x'.repeat(5001) }).toString()));
    expect(unexplained.status).toBe(422);
    const names = [...(await unexplained.text()).matchAll(/<li><strong>([^<]+)<\/strong>/g)].map(([, name]) => name!.replace(/&#39;/g, "'"));
    expect(names).toEqual(['Review comment', 'The new due date for A3', 'Control C2 status', "The new control's owner", "The new control's status", 'Why you are proposing this']);
    expect(h.refs()).toEqual(before);
  });

  it('answers a stale form post with a page saying what changed, whose button posts the same answers against the risk as it is now', async () => {
    const stale = await version('ASC0003');
    const file = 'registers/adult-social-care/risks/ASC0003.json';
    const risk = JSON.parse(h.repo.git(['show', `main:data/${file}`])) as { current: { likelihood: number; impact: number } };
    h.repo.commit('Someone else re-rates ASC0003', { [file]: `${JSON.stringify({ ...risk, current: { likelihood: 2, impact: 3 } }, null, 2)}\n` });
    const headers = { ...(await h.auth('manager', 'session')), 'content-type': 'application/x-www-form-urlencoded' };
    const answers = { reason: 'Re-rating <after> the panel & "review".', 'current.likelihood': '4', 'current.impact': '', reviewCompleted: 'true', 'actions.0.id': 'A1', 'actions.0.status': 'complete', 'actions.1.id': 'A2', 'actions.1.status': '' };
    const before = h.refs();
    const res = await h.send(request('POST', '/api/risks/ASC0003/updates', headers, new URLSearchParams({ baseVersion: stale, ...answers }).toString()));
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const page = await res.text();
    expect(page).toContain('<h1 id="error-summary-title">Someone else has changed this risk</h1>');
    expect(page).toContain('<p>Since you opened it, someone else has changed what your update changes too:</p><ul><li>Current rating is now Unlikely (2) × Significant (3)</li></ul>');
    expect(page).not.toContain('Reload'); // reloading the published page would not help: it is the old version
    expect(h.refs()).toEqual(before);
    // The page's form: the same answers as posted, now on the version on main, escaped as HTML.
    expect(page).toContain('<form method="post" action="/api/risks/ASC0003/updates">');
    const hidden = [...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(([, name = '', value = '']) => [name, value.replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c)))]);
    expect(Object.fromEntries(hidden)).toEqual({
      baseVersion: await version('ASC0003'),
      reason: answers.reason,
      'current.likelihood': '4',
      reviewCompleted: 'true',
      'actions.0.id': 'A1',
      'actions.0.status': 'complete',
      'actions.1.id': 'A2',
    });
    const again = await h.send(request('POST', '/api/risks/ASC0003/updates', headers, new URLSearchParams(hidden).toString()));
    expect(again.status).toBe(303);
    const [tip] = h.refs().filter((r) => !before.includes(r) && r.includes(' refs/heads/'));
    const proposed = JSON.parse(h.repo.git(['show', `${tip?.split(' ')[0] ?? ''}:data/${file}`])) as { current: unknown; actions: { id: string; status: string }[] };
    expect(proposed.current).toEqual({ likelihood: 4, impact: 3 });
    expect(proposed.actions.find((a) => a.id === 'A1')?.status).toBe('complete');
  });

  it('takes a form post from a page published before an action was removed: the form names it, unchanged', async () => {
    const file = 'registers/adult-social-care/risks/ASC0005.json';
    const stale = await version('ASC0005');
    const risk = JSON.parse(h.repo.git(['show', `main:data/${file}`])) as { current: { likelihood: number }; actions: { id: string }[] };
    h.repo.commit('Someone else removes action A2 from ASC0005', { [file]: `${JSON.stringify({ ...risk, actions: risk.actions.filter((a) => a.id !== 'A2') }, null, 2)}\n` });
    const headers = { ...(await h.auth('manager', 'session')), 'content-type': 'application/x-www-form-urlencoded' };
    // As the page's form posts it: a hidden id for each open action and each control, every other field untouched.
    const likelihood = risk.current.likelihood === 1 ? 2 : 1;
    const answers = { baseVersion: stale, reason: 'Re-rated at the panel.', 'current.likelihood': String(likelihood), 'actions.0.id': 'A2', 'actions.0.status': '', 'actions.0.dueChangeReason': '', 'actions.1.id': 'A3', 'controls.0.id': 'C1', 'controls.1.id': 'C2', 'controls.2.id': 'C3', 'controls.3.id': 'C4' };
    const before = h.refs();
    const res = await h.send(request('POST', '/api/risks/ASC0005/updates', headers, new URLSearchParams(answers).toString()));
    expect(res.status, await res.clone().text()).toBe(303);
    const [tip] = h.refs().filter((r) => !before.includes(r) && r.includes(' refs/heads/'));
    const proposed = JSON.parse(h.repo.git(['show', `${tip?.split(' ')[0] ?? ''}:data/${file}`])) as { current: { likelihood: number }; actions: { id: string }[] };
    expect(proposed.current.likelihood).toBe(likelihood);
    expect(proposed.actions.map((a) => a.id)).toEqual(['A1', 'A3']);

    // Asked to change the removed action: from the old version, someone else changed it (409); from the new one, it is gone (422).
    const complete = { reason: 'Done.', actions: [{ id: 'A2', status: 'complete' }] };
    const conflict = await expectRefused(postJson('/api/risks/ASC0005/updates', await h.auth('manager'), { ...complete, baseVersion: stale }), 409, 'stale');
    expect(conflict.error.fields).toEqual(['action A2']);
    const gone = await expectRefused(postJson('/api/risks/ASC0005/updates', await h.auth('manager'), { ...complete, baseVersion: await version('ASC0005') }), 422, 'invalid');
    expect(gone.error.fields).toEqual([{ path: 'actions[0].id', message: expect.stringContaining('someone else may have removed it since you opened the risk. Reload the risk') as unknown }]);
  });

  it('refuses why a due date is changing given without the new due date (422), rather than drop it unseen', async () => {
    const body = { baseVersion: await version(), reason: 'Contract review.', current: { likelihood: 2 }, actions: [{ id: 'A1', dueChangeReason: 'Contract slipped' }] };
    const refused = await expectRefused(postJson(path, await h.auth('owner'), body), 422, 'invalid');
    expect(refused.error.fields).toEqual([{ path: 'actions[0].dueChangeReason', message: 'is only for a new due date: give the new due date too, or leave this empty' }]);
    // On the form's error page, named as the form names the box.
    const headers = { ...(await h.auth('owner', 'session')), 'content-type': 'application/x-www-form-urlencoded' };
    const answers = { baseVersion: body.baseVersion, reason: body.reason, 'current.likelihood': '2', 'actions.0.id': 'A1', 'actions.0.dueChangeReason': 'Contract slipped' };
    const before = h.refs();
    const res = await h.send(request('POST', path, headers, new URLSearchParams(answers).toString()));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('<strong>Why the due date of A1 is changing</strong>: is only for a new due date: give the new due date too, or leave this empty');
    expect(h.refs()).toEqual(before);
  });

  it('refuses a due date typed with a year of other than 4 numbers, or one no register is dated in, as the date boxes show it', async () => {
    const headers = { ...(await h.auth('owner', 'session')), 'content-type': 'application/x-www-form-urlencoded' };
    const answers = { baseVersion: await version(), reason: 'Contract slipped.', 'actions.0.id': 'A1', 'actions.0.due.day': '3', 'actions.0.due.month': '2', 'actions.0.dueChangeReason': 'Slipped.' };
    const before = h.refs();
    for (const [year, says] of [
      ['27', 'must include a year with 4 numbers, for example 2027'],
      ['0100', 'must be in the years 1900 to 2199'],
    ] as const) {
      const res = await h.send(request('POST', path, headers, new URLSearchParams({ ...answers, 'actions.0.due.year': year }).toString()));
      expect(res.status).toBe(422);
      expect(await res.text()).toContain(`<li><strong>The new due date for A1</strong>: ${says}</li>`);
    }
    const json = await expectRefused(postJson(path, await h.auth('owner'), { baseVersion: answers.baseVersion, reason: 'x', actions: [{ id: 'A1', due: '0100-02-03', dueChangeReason: 'Slipped.' }] }), 422, 'invalid');
    expect(json.error.fields).toEqual([{ path: 'actions[0].due', message: 'must be in the years 1900 to 2199' }]);
    expect(h.refs()).toEqual(before);
  });

  it('labels a form post by what it changes: a new current impact is a re-rating, not also actions and controls the form names', async () => {
    const headers = { ...(await h.auth('owner', 'session')), 'content-type': 'application/x-www-form-urlencoded' };
    const risk = JSON.parse(h.repo.git(['show', 'main:data/registers/adult-social-care/risks/ASC0002.json'])) as { current: { impact: number } };
    const answers = {
      baseVersion: await version(),
      reason: 'Impact reassessed.',
      'current.impact': String(risk.current.impact === 1 ? 2 : 1),
      ...Object.fromEntries(['A1', 'A2', 'A3'].flatMap((id, i) => [[`actions.${i}.id`, id], [`actions.${i}.status`, ''], [`actions.${i}.progress`, '']])),
      ...Object.fromEntries(['C1', 'C2', 'C3', 'C4'].flatMap((id, i) => [[`controls.${i}.id`, id], [`controls.${i}.status`, '']])),
    };
    const before = h.refs();
    const res = await h.send(request('POST', path, headers, new URLSearchParams(answers).toString()));
    expect(res.status).toBe(303);
    const [tip] = h.refs().filter((r) => !before.includes(r) && r.includes(' refs/heads/'));
    const labels = h.repo.git(['log', '-1', '--format=%(trailers:key=Oversight-Labels,valueonly)', tip?.split(' ')[0] ?? '']).trim();
    expect(labels).toBe('adult-social-care, ASC0002, re-rating');
  });

  it('answers 422 for a body failing the schema, 404 for an unknown risk, 401 without credentials', async () => {
    const body = await expectRefused(postJson(path, await h.auth('owner'), { baseVersion: 'abc', reason: '', current: { likelihood: 0 } }), 422, 'invalid');
    expect(body.error.fields!.map((f) => f.path).sort()).toEqual(['baseVersion', 'current.likelihood', 'reason']);
    await expectRefused(postJson('/api/risks/ZZZ0001/updates', await h.auth('administrator'), { baseVersion: await version(), reason: 'x', reviewComment: 'y' }), 404, 'not-found');
    await expectRefused(postJson(path, {}, { baseVersion: await version(), reason: 'x', reviewComment: 'y' }), 401, 'unauthenticated');
  });

  it('answers a form post it cannot take with the form error page, not JSON', async () => {
    const session = await h.auth('owner', 'session');
    const headers = { ...session, 'content-type': 'application/x-www-form-urlencoded' };
    const fields = new URLSearchParams({ baseVersion: await version(), reason: 'Review.', reviewComment: 'Checked.' }).toString();
    for (const [extra, body, status, says] of [
      [{ 'idempotency-key': 'not a key!' }, fields, 422, 'Idempotency-Key'],
      [{}, `${fields}&reason=${'x'.repeat(300 * 1024)}`, 413, 'larger than'],
    ] as const) {
      const before = h.refs();
      const res = await h.send(request('POST', path, { ...headers, ...extra }, body));
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const page = await res.text();
      expect(page).toContain('role="alert"');
      expect(page).toContain(says);
      expect(h.refs()).toEqual(before);
    }
  });

  it('answers a reason with a NUL character with 201 or 422, never a server error', async () => {
    const before = h.refs();
    const res = await h.send(postJson(path, await h.auth('owner'), { baseVersion: await version(), reason: 'Reviewed\u0000 at the board.', reviewComment: 'With a NUL\u0000 in it.' }));
    expect([201, 422]).toContain(res.status);
    if (res.status === 422) expect(h.refs()).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------

describe('GET /api/proposals', () => {
  /** A review of a risk by the register's risk manager, proposed: its id. */
  const review = async (risk: string): Promise<string> => {
    const { version } = (await (await getRisk(risk, 'manager')).json()) as { version: string };
    return (await expectCreated(postJson(`/api/risks/${risk}/updates`, await h.auth('manager'), { baseVersion: version, reason: 'Quarterly review.', reviewComment: 'Reviewed.' }))).id;
  };
  const ids = async (query: string): Promise<string[]> => ((await (await listProposals(query)).json()) as { id: string }[]).map((p) => p.id);

  it('filters by ?risk= and ?state=', async () => {
    // Proposals of its own, so it does not depend on those earlier tests left: two about ASC0002, one about ASC0003.
    const asc2 = [await review('ASC0002'), await review('ASC0002')];
    const asc3 = await review('ASC0003');
    const all = (await (await listProposals('')).json()) as { id: string; state: string }[];
    expect(all.map((p) => p.id)).toEqual(expect.arrayContaining([...asc2, asc3]));
    expect(all.every((p) => p.state === 'open')).toBe(true);
    expect(await (await listProposals('?state=open')).json()).toEqual(all);
    expect(await (await listProposals('?state=merged')).json()).toEqual([]);
    expect(await (await listProposals('?risk=ASC0002&state=closed')).json()).toEqual([]);
    const asc2Open = (await (await listProposals('?risk=ASC0002&state=open')).json()) as { id: string; title: string; author: string; createdAt: string; url: string; state: string }[];
    expect(asc2Open.map((p) => p.id)).toEqual(expect.arrayContaining(asc2));
    expect(asc2Open.map((p) => p.id)).not.toContain(asc3);
    for (const p of asc2Open) expect(Object.keys(p).sort()).toEqual(['author', 'createdAt', 'id', 'state', 'title', 'url']);
    const asc3Listed = await ids('?risk=ASC0003');
    expect(asc3Listed).toContain(asc3);
    for (const id of asc2) expect(asc3Listed).not.toContain(id);
    expect(await (await listProposals('?risk=COR0006')).json()).toEqual([]);
  });

  it('answers 422 for an unknown parameter or value, naming it, and 401 without credentials', async () => {
    for (const [query, field] of [['?state=pending', 'state'], ['?risk=asc0002', 'risk'], ['?risk=../ASC0002', 'risk'], ['?colour=red', '']] as const) {
      const body = await expectRefused(request('GET', `/api/proposals${query}`, { authorization: `Bearer ${await h.token('viewer')}` }), 422, 'invalid');
      expect(body.error.fields?.map((f) => f.path)).toEqual([field]);
      if (field === '') expect(body.error.fields?.[0]?.message).toContain('"colour"');
    }
    await expectRefused(request('GET', '/api/proposals'), 401, 'unauthenticated');
  });
});

describe('proposals about a restricted register', () => {
  let id = '';
  beforeAll(async () => {
    const { version } = (await (await getRisk('BCF0001', 'delegate')).json()) as { version: string };
    ({ id } = await expectCreated(postJson('/api/risks/BCF0001/updates', await h.auth('delegate'), { baseVersion: version, reason: 'Pooled budget overspend.', current: { likelihood: 5, impact: 5 } })));
  });

  it.each([
    ['viewer', false],
    ['manager', false], // of adult-social-care only
    ['delegate', true], // owns BCF0001
    ['otherManager', true], // manages better-care-fund
    ['auditor', true],
  ] as [Persona, boolean][])('are listed and shown to %s: %s', async (persona, visible) => {
    const listed = (await (await listProposals('', persona)).json()) as { id: string }[];
    expect(listed.some((p) => p.id === id)).toBe(visible);
    expect(await (await listProposals('?risk=BCF0001', persona)).json()).toHaveLength(visible ? 1 : 0);
    const page = await h.send(request('GET', `/proposals/${id}`, { authorization: `Bearer ${await h.token(persona)}` }));
    expect(page.status).toBe(visible ? 200 : 404);
    expect(await page.text()).toContain(visible ? 'BCF0001' : `There is no proposal ${id}.`);
    // The plain list (the Proposals page without JavaScript) shows the same proposals as the API.
    const plain = await h.send(request('GET', '/proposals/all', { authorization: `Bearer ${await h.token(persona)}` }));
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const linked = [...(await plain.text()).matchAll(/<a href="\/proposals\/([^"]+)">/g)].map((m) => m[1]);
    expect(linked).toEqual(listed.map((p) => p.id));
    expect(linked.includes(id)).toBe(visible);
  });

  it('lists proposals on a plain page that sends a signed-out person to sign in and back', async () => {
    const signedOut = await h.send(request('GET', '/proposals/all', {}));
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('location')).toBe(`/auth/login?returnTo=${encodeURIComponent('/proposals/all')}`);
    const html = await (await h.send(request('GET', '/proposals/all', { authorization: `Bearer ${await h.token('delegate')}` }))).text();
    expect(html).toContain('<h1>Proposals</h1>');
    // The site's own icon, as its static pages name it: without it a browser asks for /favicon.ico, which is not there.
    expect(html).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml">');
    expect(existsSync(fileURLToPath(new URL('../../public/favicon.svg', import.meta.url)))).toBe(true);
    expect(html).toMatch(new RegExp(`<tr><th scope="row"><a href="/proposals/${id}">BCF0001: [^<]+</a><br>Proposal ${id}</th><td>[^<]+</td><td>[^<]+</td><td>Waiting for review</td></tr>`));
  });

  it('answers a person opening the page as a page: signed out, sign in and come back; unknown, a page saying why', async () => {
    const signedOut = await h.send(request('GET', `/proposals/${id}`, {}));
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('location')).toBe(`/auth/login?returnTo=${encodeURIComponent(`/proposals/${id}`)}`);
    // A script with a bad token still gets its JSON 401.
    const script = await h.send(request('GET', `/proposals/${id}`, { authorization: 'Bearer not-a-token' }));
    expect(script.status).toBe(401);
    expect(script.headers.get('content-type')).toMatch(/^application\/json/);
    const stranger = await h.send(request('GET', `/proposals/${id}`, { authorization: `Bearer ${await h.token('stranger')}` }));
    expect(stranger.status).toBe(403);
    expect(stranger.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await stranger.text()).toContain('no one in this council&#39;s registers has your email address');
  });
});

// ---------------------------------------------------------------------------------------------

describe('GET /api/risks/:id', () => {
  it('gives an unrestricted risk to anyone signed in, with its register and version (the blob id on main)', async () => {
    const res = await getRisk('ASC0004', 'viewer');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { id: string; register: string; version: string };
    expect(body.id).toBe('ASC0004');
    expect(body.register).toBe('adult-social-care');
    expect(body.version).toBe(h.repo.git(['rev-parse', 'main:data/registers/adult-social-care/risks/ASC0004.json']));
  });

  it.each([
    ['viewer', 404],
    ['manager', 404],
    ['owner', 404],
    ['delegate', 200], // owner of BCF0001
    ['otherManager', 200], // manages better-care-fund
    ['auditor', 200],
    ['administrator', 200],
    ['stranger', 403],
  ] as [Persona, number][])('a restricted register\'s risk BCF0001: %s gets %i', async (persona, status) => {
    const res = await getRisk('BCF0001', persona);
    expect(res.status).toBe(status);
    const body = (await res.json()) as { id?: string; error?: { code: string } };
    if (status === 200) expect(body.id).toBe('BCF0001');
    else expect(body.error?.code).toBe(status === 404 ? 'not-found' : 'unknown-person');
  });

  it('tells a restricted risk from a missing one to no one who may not read it: the same 404', async () => {
    const hidden = await getRisk('BCF0001', 'viewer');
    const missing = await getRisk('BCF0099', 'viewer');
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    const [a, b] = [(await hidden.json()) as ErrorAnswer, (await missing.json()) as ErrorAnswer];
    expect(a.error.message.replace('BCF0001', 'X')).toBe(b.error.message.replace('BCF0099', 'X'));
  });

  it('answers 404 for ids with path tricks, 401 for an expired token', async () => {
    for (const id of ['..%2F..%2Fpeople', '%2e%2e', '%2e%2e%2fASC0004', 'ASC0004%00', 'ASC0004.json', 'asc0004', '%E0%A4%A']) {
      const res = await h.send(request('GET', `/api/risks/${id}`, { authorization: `Bearer ${await h.token('administrator')}` }));
      expect(res.status).toBe(404);
    }
    const res = await h.send(request('GET', '/api/risks/ASC0004', { authorization: `Bearer ${await h.token('viewer', { expired: true })}` }));
    expect(res.status).toBe(401);
  });
});

// ---------------------------------------------------------------------------------------------

describe('who submitted a proposal, as the audit trail reads it', () => {
  it('is the person signed in, whatever the reason says: a forged trailer after a lone carriage return stays quoted', async () => {
    const owner = 'David Okonjo <david.okonjo@northmoor.example> (david-okonjo)';
    const reason = `Routine.\rOversight-Submitted-By: ${owner}`;
    const { id } = await expectCreated(
      postJson('/api/risks/ASC0002/updates', await h.auth('manager'), { baseVersion: ((await (await getRisk('ASC0002', 'manager')).json()) as { version: string }).version, reason, reviewComment: 'Checked.' }),
    );
    // Kate proposed it and merges it herself: the audit trail must say so.
    await (await createLocalGitBackend({ dataDir: h.repo.dataDir })).mergeProposal(id, { name: 'Kate Morrison', email: 'kate.morrison@northmoor.example' });
    const merge = (await readHistory({ dataDir: h.repo.dataDir })).history.commits.at(-1)!;
    expect(merge.origin.proposal).toBe(id);
    expect(merge.origin.submitter?.name).toBe('Kate Morrison');
    expect(merge.origin.selfApproved).toBe(true);
  });
});
