import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkspace } from '../../src/core/data/load.ts';
import { readDataDir } from '../../src/core/data/read-dir.ts';
import { ORIGIN, PEOPLE, postFile, request, SAMPLE_DATA_DIR, proposalChecks, startHarness, type Harness, type Persona, type ProposalAnswer } from '../helpers/functions-harness.ts';

/*
 * POST /api/measures/import through its real handler (routed by src/server/functions.ts), against
 * a real git repository holding a copy of data/. Each refusal is checked to write nothing.
 *
 * In this copy, the harness's "viewer" (Lucy Fenwick, with no other grant) is given the
 * performance role, so one persona differs from the others by that grant alone.
 */
const PERFORMANCE: Persona = 'viewer';
const PATH = '/api/measures/import';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    tweak: (files) => {
      const roles = JSON.parse(files['roles.json']!) as { roles: { person: string; role: string }[] };
      roles.roles.push({ person: PEOPLE[PERFORMANCE].id, role: 'performance' });
      files['roles.json'] = `${JSON.stringify(roles, null, 2)}\n`;
    },
  });
});

afterAll(async () => {
  await h.close();
});

const upload = async (csv: string, persona: Persona = PERFORMANCE, extra: Record<string, string> = {}): Promise<Request> =>
  request('POST', PATH, { ...(await h.auth(persona)), 'content-type': 'text/csv; charset=utf-8', ...extra }, csv);

const HEADER = 'measure,period,value,numerator,denominator,note';

const { expectRefused, expectCreated } = proposalChecks(() => h, 'oversight/measures-import/');

const mainHead = (): string => h.repo.git(['rev-parse', 'refs/heads/main']);

/**
 * The first quarter of the next financial year (April to March), which the function, judging by
 * the real clock, must find not yet begun. Worked out from tomorrow, so a run across midnight on
 * 31 March cannot see it begin; near enough to today that a clock years ahead would be noticed.
 */
function quarterNotBegun(): string {
  const tomorrow = new Date(Date.now() + 24 * 60 * 60 * 1000);
  const started = tomorrow.getMonth() >= 3 ? tomorrow.getFullYear() : tomorrow.getFullYear() - 1; // the year its financial year began
  return `${started + 1}-${String((started + 2) % 100).padStart(2, '0')} Q1`;
}

const fileOnBranch = (branch: string, path: string): string => h.repo.git(['show', `refs/heads/${branch}:data/${path}`]);
const filesChanged = (branch: string): string[] => h.repo.git(['diff', '--name-only', `main...refs/heads/${branch}`]).split('\n').filter(Boolean).sort();

describe('POST /api/measures/import', () => {
  it('the sample data gives one person the performance role', () => {
    const { workspace } = loadWorkspace(readDataDir(join(SAMPLE_DATA_DIR)));
    expect(workspace.roles.filter((g) => g.role === 'performance').map((g) => g.person)).toEqual(['imran-hussain']);
  });

  it('proposes a values CSV from someone with the performance role: one branch changing the year\'s values file, main untouched', async () => {
    const head = mainHead();
    const csv = [HEADER, 'DOLS-APP,2026-27 Q2,1910,,,corrected return', 'ASC4,2026-11,77.5,155,200,'].join('\n');
    const proposal = await expectCreated(await upload(csv));
    expect(proposal.title).toBe('Measures import: 2 figures (1 new, 1 replaced)');
    expect(filesChanged(proposal.branch)).toEqual(['data/measures/values/2026-27.csv']);
    const written = fileOnBranch(proposal.branch, 'measures/values/2026-27.csv');
    expect(written).toContain('\nDOLS-APP,2026-27 Q2,1910,,,corrected return\n');
    // The last row: the git helper trims the file's final newline.
    expect(written).toMatch(/\nASC4,2026-11,77\.5,155,200,$/);
    expect(written).not.toContain('DOLS-APP,2026-27 Q2,1905,');
    expect(mainHead()).toBe(head);
    const listed = (await (await h.send(request('GET', '/api/proposals', { authorization: `Bearer ${await h.token('administrator')}` }))).json()) as { id: string }[];
    expect(listed.map((p) => p.id)).toContain(proposal.id);
  });

  it('accepts an administrator, and a session with the CSRF token and Origin', async () => {
    await expectCreated(await upload(`${HEADER}\nDOLS-AUTH,2026-27 Q2,1400,,,\n`, 'administrator'));
    const session = await h.auth(PERFORMANCE, 'session');
    await expectCreated(request('POST', PATH, { ...session, 'content-type': 'text/csv' }, `${HEADER}\nDOLS-AUTH,2026-27 Q2,1401,,,\n`));
  });

  it('answers 403 for people without the performance role, whatever else they may do, and 401 without credentials', async () => {
    const csv = `${HEADER}\nDOLS-APP,2026-27 Q2,1920,,,\n`;
    for (const persona of ['manager', 'otherManager', 'auditor', 'owner', 'delegate'] as const) {
      const body = await expectRefused(await upload(csv, persona), 403, 'forbidden');
      expect(body.error.message).toBe('You may not do this: only people with the performance role and administrators may upload measure figures.');
    }
    await expectRefused(request('POST', PATH, { 'content-type': 'text/csv' }, csv), 401, 'unauthenticated');
  });

  it('refuses the whole file with every bad row, naming row and column, and writes nothing', async () => {
    const future = quarterNotBegun();
    const csv = [HEADER, 'DOLS-APP,2026-27 Q2,1930,,,', 'NO-SUCH,2026-27 Q2,5,,,', 'ASC1,2026-27 Q9,90,,,', 'ASC4,2026-08,lots,,,', `DOLS-APP,${future},10,,,`].join('\n');
    const body = await expectRefused(await upload(csv), 422, 'invalid');
    const paths = body.error.fields!.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['row 3, column measure', 'row 4, column period', 'row 5, column value', 'row 6, column period']));
    expect(body.error.fields!.find((f) => f.path === 'row 6, column period')?.message).toMatch(new RegExp(`^${future} \\(April to June \\d{4}\\) has not begun yet`));
    expect(paths.some((p) => p.startsWith('row 2'))).toBe(false);
  });

  it('refuses a file that changes nothing, a file without the header, and anything but UTF-8 text/csv', async () => {
    const same = await expectRefused(await upload(`${HEADER}\nDOLS-APP,2026-27 Q1,1776,,,\n`), 422, 'invalid');
    expect(same.error.fields).toEqual([{ path: '', message: 'the file changes nothing: every figure is already held as it is' }]);
    await expectRefused(await upload('measure,value\nDOLS-APP,5\n'), 422, 'invalid');
    const auth = await h.auth(PERFORMANCE);
    await expectRefused(request('POST', PATH, { ...auth, 'content-type': 'application/json' }, '{}'), 415, 'unsupported-media-type');
    await expectRefused(request('POST', PATH, { ...auth, 'content-type': 'text/csv' }, new Uint8Array([0x6d, 0xe9, 0x0a])), 400, 'bad-encoding');
  });

  it('takes the file uploaded with the measures page\'s form: the proposal\'s page, or a page listing the rows to correct', async () => {
    const session = { cookie: (await h.session(PERFORMANCE)).cookie, origin: ORIGIN };
    const before = h.refs();
    const bad = await h.send(await postFile(PATH, session, `${HEADER}\nASC1,2026-27 Q9,90,,,\n`));
    expect(bad.status).toBe(422);
    const page = await bad.text();
    expect(page).toContain('<h1 id="error-summary-title">Your figures could not be imported</h1>');
    expect(page).toMatch(/<li><strong>Row 2, column period<\/strong>: /);
    expect(page).toContain('href="/measures/#import"');
    expect(h.refs()).toEqual(before);
    const good = await h.send(await postFile(PATH, session, `${HEADER}\nDOLS-APP,2026-27 Q2,1960,,,\n`));
    expect(good.status).toBe(303);
    expect(good.headers.get('location')).toMatch(/^\/proposals\/[0-9a-f]{8}$/);
    expect(h.refs().length).toBeGreaterThan(before.length);
  });

  it('an Idempotency-Key makes a retry answer 200 with the same proposal and write nothing more', async () => {
    const csv = `${HEADER}\nDOLS-APP,2026-27 Q2,1950,,,\n`;
    const first = await expectCreated(await upload(csv, PERFORMANCE, { 'idempotency-key': 'measures-retry-0001' }));
    expect(first.branch).toBe(`oversight/measures-import/${PEOPLE[PERFORMANCE].id}.measures-retry-0001`);
    const before = h.refs();
    const again = await h.send(await upload(csv, PERFORMANCE, { 'idempotency-key': 'measures-retry-0001' }));
    expect(again.status).toBe(200);
    expect(((await again.json()) as ProposalAnswer).proposal.id).toBe(first.id);
    expect(h.refs()).toEqual(before);
    await expectRefused(await upload(csv.replace('1950', '1951'), PERFORMANCE, { 'idempotency-key': 'measures-retry-0001' }), 422, 'key-reused');
    expect(h.refs()).toEqual(before);
  });
});
