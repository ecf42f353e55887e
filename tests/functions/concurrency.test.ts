import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoDay } from '../../src/core/dates.ts';
import { postJson, startHarness, type Harness } from '../helpers/functions-harness.ts';
import { gitEnv } from '../helpers/git-repo.ts';

/*
 * Fifty simultaneous POST /api/risks/:id/updates through the real handler (routed by
 * src/server/functions.ts) against a real temporary git repository holding a copy of data/,
 * with the local git backend. Nothing here depends on timing: every submission is sent before
 * any is answered, and the assertions are about what was answered and what the repository
 * holds afterwards, whatever order the submissions were handled in.
 *
 *   stale-rating   8 × ASC0003 from the version before a direct commit on main re-rated it,
 *                  each changing the current rating too             → 409 stale ('current rating')
 *   stale-comment  8 × ASC0003 from that same old version, adding only a review comment
 *                  (no conflict: merged onto main's newer rating)   → 201
 *   same-base     10 × ASC0004 from the same (current) version, comments and re-ratings → 201
 *   spread        12 × six other risks, two each                                      → 201
 *   idempotent    12 × ASC0002 with one Idempotency-Key and the same body  → one proposal: one 201, eleven 200
 */

const RISKS = 'registers/adult-social-care/risks';
const riskFile = (id: string): string => `data/${RISKS}/${id}.json`;
const SUBMITTER = 'kate-morrison'; // the adult-social-care risk manager: may update every risk in it
const IDEMPOTENCY_KEY = 'concurrent-retry-0001';

type Group = 'stale-rating' | 'stale-comment' | 'same-base' | 'spread' | 'idempotent';
interface Rating {
  likelihood: number;
  impact: number;
}
interface Submission {
  group: Group;
  risk: string;
  body: { baseVersion: string; reason: string; current?: Rating; reviewComment?: string };
  key?: string;
}
interface Answer {
  submission: Submission;
  status: number;
  text: string;
  json: { proposal?: { id: string; state: string }; error?: { code: string; fields?: unknown } };
}
interface RiskJson {
  id: string;
  current: Rating;
  reviewComments?: { date: string; by: string; text: string }[];
  [key: string]: unknown;
}

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ env: { OVERSIGHT_RATE_LIMIT: '100000' } });
});

afterAll(async () => {
  await h.close();
});

const git = (args: string[]): string => h.repo.git(args);
const blobAt = (rev: string, id: string): string => git(['rev-parse', `${rev}:${riskFile(id)}`]);
const riskAt = (rev: string, id: string): RiskJson => JSON.parse(git(['show', `${rev}:${riskFile(id)}`])) as RiskJson;
const refsUnder = (prefix: string): string[] => h.refs().filter((line) => line.split(' ')[1]?.startsWith(prefix));

/** What the submission should make of the risk as it is on `rev`: the only change its proposal may hold. */
function expectedRisk(rev: string, submission: Submission, today: string): RiskJson {
  const risk = riskAt(rev, submission.risk);
  if (submission.body.current) risk.current = submission.body.current;
  if (submission.body.reviewComment !== undefined) {
    risk.reviewComments = [...(risk.reviewComments ?? []), { date: today, by: SUBMITTER, text: submission.body.reviewComment }];
  }
  return risk;
}

describe('50 simultaneous POST /api/risks/:id/updates', () => {
  it('answers each 201, 200 or 409 as its case requires, loses and duplicates nothing, and leaves main and the repository sound', { timeout: 180_000 }, async () => {
    // The version a reviewer opened ASC0003 at, then someone re-rates it directly on main.
    const staleBase = blobAt('main', 'ASC0003');
    const before3 = riskAt('main', 'ASC0003');
    expect(before3.current).toEqual({ likelihood: 5, impact: 3 });
    h.repo.commit('Someone else re-rates ASC0003 on main', {
      [`${RISKS}/ASC0003.json`]: `${JSON.stringify({ ...before3, current: { likelihood: 4, impact: 3 } }, null, 2)}\n`,
    });
    const head = git(['rev-parse', 'refs/heads/main']);
    expect(blobAt(head, 'ASC0003')).not.toBe(staleBase);

    const submissions: Submission[] = [];
    for (let i = 0; i < 8; i++) {
      submissions.push({ group: 'stale-rating', risk: 'ASC0003', body: { baseVersion: staleBase, reason: `Stale re-rating ${i}.`, current: { likelihood: 5, impact: 5 } } });
      submissions.push({ group: 'stale-comment', risk: 'ASC0003', body: { baseVersion: staleBase, reason: `Stale comment ${i}.`, reviewComment: `Reviewed from the old version, comment ${i}.` } });
    }
    const base4 = blobAt(head, 'ASC0004');
    for (let i = 0; i < 10; i++) {
      submissions.push({
        group: 'same-base',
        risk: 'ASC0004',
        body: i % 2 === 0 ? { baseVersion: base4, reason: `Same base ${i}.`, reviewComment: `Same-base comment ${i}.` } : { baseVersion: base4, reason: `Same base ${i}.`, current: { likelihood: 4, impact: 4 } },
      });
    }
    for (const risk of ['ASC0001', 'ASC0005', 'ASC0006', 'ASC0007', 'ASC0008', 'ASC0009']) {
      for (let i = 0; i < 2; i++) submissions.push({ group: 'spread', risk, body: { baseVersion: blobAt(head, risk), reason: `Spread ${risk} ${i}.`, reviewComment: `${risk} reviewed, comment ${i}.` } });
    }
    const base2 = blobAt(head, 'ASC0002');
    for (let i = 0; i < 12; i++) {
      submissions.push({ group: 'idempotent', risk: 'ASC0002', key: IDEMPOTENCY_KEY, body: { baseVersion: base2, reason: 'Sent once, retried by a flaky network.', reviewComment: 'Submitted once, arrived twelve times.' } });
    }
    expect(submissions).toHaveLength(50);

    const bearer = await h.auth('manager');
    const session = await h.auth('manager', 'session');
    const requests = submissions.map((s, i) => postJson(`/api/risks/${s.risk}/updates`, { ...(i % 2 === 0 ? bearer : session), ...(s.key === undefined ? {} : { 'idempotency-key': s.key }) }, s.body));
    const oversightBranchesBefore = refsUnder('refs/heads/oversight/');
    const recordsBefore = refsUnder('refs/oversight/proposals/');
    const today = isoDay(new Date());

    // All sent before any is answered.
    const answers: Answer[] = await Promise.all(
      requests.map(async (req, i) => {
        const res = await h.send(req);
        const text = await res.text();
        return { submission: submissions[i] as Submission, status: res.status, text, json: JSON.parse(text) as Answer['json'] };
      }),
    );
    const dayAfter = isoDay(new Date());
    const report = answers.map((a) => `${a.submission.group} ${a.submission.risk} → ${a.status} ${a.text.slice(0, 200)}`).join('\n');

    // Only ever created, the same proposal again, or stale.
    for (const a of answers) expect([200, 201, 409], report).toContain(a.status);
    const of = (group: Group): Answer[] => answers.filter((a) => a.submission.group === group);
    for (const a of of('stale-rating')) {
      expect(a.status, report).toBe(409);
      expect(a.json.error).toMatchObject({ code: 'stale', fields: ['current rating'] });
    }
    for (const group of ['stale-comment', 'same-base', 'spread'] as const) {
      for (const a of of(group)) expect(a.status, `${group}\n${report}`).toBe(201);
    }
    const idempotent = of('idempotent');
    expect(idempotent.filter((a) => a.status === 201), report).toHaveLength(1);
    expect(idempotent.filter((a) => a.status === 200), report).toHaveLength(11);
    expect(new Set(idempotent.map((a) => a.json.proposal?.id)).size, report).toBe(1);

    // Every proposal answered is in the repository once, and nothing else was added: one branch
    // and one record per distinct proposal.
    const created = answers.filter((a) => a.status === 201);
    expect(created).toHaveLength(8 + 10 + 12 + 1);
    const ids = new Set(answers.flatMap((a) => (a.json.proposal ? [a.json.proposal.id] : [])));
    expect(ids.size).toBe(created.length);
    for (const a of created) expect(a.json.proposal?.state).toBe('open');
    const newBranches = refsUnder('refs/heads/oversight/').filter((r) => !oversightBranchesBefore.includes(r));
    const newRecords = refsUnder('refs/oversight/proposals/').filter((r) => !recordsBefore.includes(r));
    expect(newBranches).toHaveLength(ids.size);
    expect(newRecords.map((r) => r.split(' ')[1]?.slice('refs/oversight/proposals/'.length)).sort()).toEqual([...ids].sort());

    // Each created proposal's branch holds exactly its submission's change, on main as it is now.
    for (const a of created) {
      const id = a.json.proposal?.id ?? '';
      const commit = git(['rev-parse', `refs/oversight/proposals/${id}`]);
      const branches = git(['for-each-ref', '--points-at', commit, '--format=%(refname)', 'refs/heads/']).split('\n').filter(Boolean);
      expect(branches, `${a.submission.group} ${id}`).toHaveLength(1);
      const branch = branches[0] ?? '';
      if (a.submission.key !== undefined) expect(branch).toBe(`refs/heads/oversight/ASC0002/kate-morrison.${IDEMPOTENCY_KEY}`);
      else expect(branch).toMatch(new RegExp(`^refs/heads/oversight/${a.submission.risk}/[A-Za-z0-9._-]+$`));
      expect(git(['rev-list', '--parents', '-n', '1', commit]).split(' ').slice(1)).toEqual([head]);
      expect(git(['diff', '--name-only', head, commit])).toBe(riskFile(a.submission.risk));
      const written = riskAt(commit, a.submission.risk);
      // Today as the handler saw it (either side of midnight, should the run straddle it).
      expect([expectedRisk(head, a.submission, today), expectedRisk(head, a.submission, dayAfter)], `${a.submission.group} ${branch}`).toContainEqual(written);
      const message = git(['log', '-1', '--format=%B', commit]);
      expect(message).toContain(`(${SUBMITTER})`);
      // Its own submission's reason: of identical changes (the same re-rating), each branch is its own.
      expect(message).toContain(a.submission.body.reason);
    }
    // The stale-but-mergeable comments kept main's newer rating.
    for (const a of of('stale-comment')) expect(riskAt(`refs/oversight/proposals/${a.json.proposal?.id ?? ''}`, 'ASC0003').current).toEqual({ likelihood: 4, impact: 3 });

    // Main is where the direct commit left it, the working tree untouched, and git finds nothing wrong.
    expect(git(['rev-parse', 'refs/heads/main'])).toBe(head);
    expect(git(['status', '--porcelain'])).toBe('');
    const fsck = spawnSync('git', ['fsck', '--strict', '--no-dangling', '--no-progress'], { cwd: h.repo.dir, env: gitEnv(), encoding: 'utf8' });
    expect({ status: fsck.status, out: fsck.stdout, err: fsck.stderr }).toEqual({ status: 0, out: '', err: '' });
  });
});
