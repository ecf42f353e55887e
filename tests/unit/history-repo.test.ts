import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeSet } from '../../src/core/git/backend.ts';
import { auditCsv, auditedRegisters, auditPersonKeys, auditRows, AUDIT_CSV_HEADER } from '../../src/core/history/audit.ts';
import { baselineFor, parseBaselines, resolveBaselines, type ResolvedBaseline } from '../../src/core/history/baselines.ts';
import type { History } from '../../src/core/history/history.ts';
import { registerTravel, risksAt } from '../../src/core/history/register-travel.ts';
import { travelFor } from '../../src/core/history/travel.ts';
import { heatmap } from '../../src/core/scoring/heatmap.ts';
import { loadBuildHistory } from '../../src/node/history/build-history.ts';
import { DEFAULT_SCORING_SCHEME } from '../../src/core/schemas/scoring-scheme.ts';
import { createLocalGitBackend, type LocalGitBackend } from '../../src/node/git/local-git.ts';
import { deepenIfShallow, readHistory, ShallowCloneError, type HistoryRead } from '../../src/node/history/read-history.ts';
import { readBuildHistoryAside } from '../../src/node/history/history-aside.ts';
import { readDataDir } from '../../src/core/data/read-dir.ts';
import { gitEnv, makeTestRepo, type TestRepo } from '../helpers/git-repo.ts';
import { runCli } from '../helpers/run-cli.ts';

/**
 * One scripted history, oldest first (every commit at noon UTC on its day):
 *
 *   2026-01-05  direct       Dana commits the registers and four risks
 *   2026-01-20  merge        Amina proposes COR0001 4×4 → 4×5 and action A1; Ben merges (Oversight)
 *   2026-02-10  merge        Carla's PR #12: ASC0001 3×3 → 2×3, control C1 proposed → in place; Ben merges on GitHub
 *               tag          report/2026-02-cabinet on that merge
 *   2026-03-01  squash       Amina's PR #13: ASC0002 2×5 → 3×5, squashed on GitHub
 *   2026-03-05  merge        Ben proposes closing ASC0003 and merges it himself (self-approved)
 *   2026-03-10  direct       Dana renames ASC0002 to ASC0012
 *   2026-03-15  merge        Amina proposes moving COR0001 to adult-social-care; Carla merges
 *   2026-03-20  direct       Dana sets ASC0001 to 3×3 and its owner to someone unknown (invalid)
 *   2026-04-01  direct       Dana corrects the owner, adds ASC0004 (2×4) and declares baselines
 */

const DANA = { name: 'Dana Direct', email: 'dana@example.org' };
const AMINA = { name: 'Amina Okafor', email: 'amina@example.org', id: 'amina-okafor' };
const BEN = { name: 'Ben Hale', email: 'ben@example.org', id: 'ben-hale' };
const CARLA = { name: 'Carla Diaz', email: 'carla@example.org', id: 'carla-diaz' };
const BOT = { name: 'Oversight', email: 'oversight@localhost' };
const GITHUB = { name: 'GitHub', email: 'noreply@github.com' };

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
const person = (p: { id: string; name: string; email: string }): object => ({ id: p.id, name: p.name, email: p.email });
const register = (id: string): string => json({ id, name: `Register ${id}`, level: 'directorate' });
const risk = (id: string, l: number, i: number, extra: object = {}): string =>
  json({ id, title: `Risk ${id}`, owners: ['amina-okafor'], current: { likelihood: l, impact: i }, ...extra });

const ASC = 'registers/adult-social-care';
const COR = 'registers/corporate';
const at = (day: string): Date => new Date(`${day}T12:00:00Z`);

interface Script {
  repo: TestRepo;
  commits: Record<string, string>;
  proposals: Record<string, string>;
}

function git(repo: TestRepo, args: string[], options: { date?: string; author?: { name: string; email: string }; committer?: { name: string; email: string }; input?: string } = {}): string {
  const env: NodeJS.ProcessEnv = { ...gitEnv() };
  if (options.date !== undefined) {
    const when = `${Math.floor(at(options.date).getTime() / 1000)} +0000`;
    Object.assign(env, { GIT_AUTHOR_DATE: when, GIT_COMMITTER_DATE: when });
  }
  const author = options.author ?? DANA;
  const committer = options.committer ?? author;
  Object.assign(env, { GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_COMMITTER_NAME: committer.name, GIT_COMMITTER_EMAIL: committer.email });
  return execFileSync('git', ['-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', ...args], { cwd: repo.dir, env, encoding: 'utf8', input: options.input ?? '' }).trim();
}

function write(repo: TestRepo, files: Record<string, string | null>): void {
  for (const [path, content] of Object.entries(files)) {
    const target = join(repo.dataDir, path);
    if (content === null) rmSync(target);
    else {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
  }
}

function commit(repo: TestRepo, day: string, message: string, files: Record<string, string | null>, who: { author?: { name: string; email: string }; committer?: { name: string; email: string } } = {}): string {
  write(repo, files);
  git(repo, ['add', '--all']);
  git(repo, ['commit', '--quiet', '-F', '-'], { date: day, input: message, ...who });
  return git(repo, ['rev-parse', 'HEAD']);
}

function blob(repo: TestRepo, path: string): string {
  return git(repo, ['rev-parse', `main:data/${path}`]);
}

async function proposeAndMerge(repo: TestRepo, clock: { now: Date }, backend: LocalGitBackend, day: string, change: Omit<ChangeSet, 'base' | 'labels' | 'reviewers' | 'body'>, reviewer: { name: string; email: string }): Promise<{ id: string; merge: string }> {
  clock.now = at(day);
  const proposal = await backend.propose({ ...change, base: git(repo, ['rev-parse', 'main']), labels: [], reviewers: [], body: 'Submitted through Oversight.' });
  clock.now = new Date(at(day).getTime() + 60_000);
  await backend.mergeProposal(proposal.id, reviewer);
  return { id: proposal.id, merge: git(repo, ['rev-parse', 'main']) };
}

async function script(): Promise<Script> {
  const repo = makeTestRepo({ files: {} });
  const commits: Record<string, string> = {};
  const proposals: Record<string, string> = {};
  const clock = { now: at('2026-01-01') };
  const backend = await createLocalGitBackend({ dataDir: repo.dataDir, now: () => clock.now, committer: BOT });

  commits['initial'] = commit(repo, '2026-01-05', 'Add the registers', {
    'people.json': json({ people: [person(AMINA), person(BEN), person(CARLA), { id: 'dana-direct', name: DANA.name, email: DANA.email }] }),
    [`${COR}/register.json`]: register('corporate'),
    [`${ASC}/register.json`]: register('adult-social-care'),
    [`${COR}/risks/COR0001.json`]: risk('COR0001', 4, 4, { controls: [{ id: 'C1', description: 'Monthly budget monitoring' }] }),
    [`${ASC}/risks/ASC0001.json`]: risk('ASC0001', 3, 3, { controls: [{ id: 'C1', description: 'Safeguarding audits', status: 'proposed' }] }),
    [`${ASC}/risks/ASC0002.json`]: risk('ASC0002', 2, 5),
    [`${ASC}/risks/ASC0003.json`]: risk('ASC0003', 2, 2),
  });

  const cor1 = await proposeAndMerge(repo, clock, backend, '2026-01-20', {
    branch: 'oversight/COR0001/a',
    title: 'Update COR0001',
    submitter: AMINA,
    files: [
      {
        path: `${COR}/risks/COR0001.json`,
        content: risk('COR0001', 4, 5, { controls: [{ id: 'C1', description: 'Monthly budget monitoring' }], actions: [{ id: 'A1', description: 'Savings plan', due: '2026-06-30' }] }),
        expectSha: blob(repo, `${COR}/risks/COR0001.json`),
      },
    ],
  }, BEN);
  commits['cor-proposal'] = cor1.merge;
  proposals['cor'] = cor1.id;

  // A pull request merged on GitHub: the bot's commit on a branch, merged by Ben through the web.
  git(repo, ['checkout', '--quiet', '-b', 'oversight/ASC0001/b']);
  commit(
    repo,
    '2026-02-09',
    `Update ASC0001\n\nOversight-Branch: oversight/ASC0001/b\nCo-authored-by: ${CARLA.name} <${CARLA.email}>\nOversight-Submitted-By: ${CARLA.name} <${CARLA.email}> (${CARLA.id})\n`,
    { [`${ASC}/risks/ASC0001.json`]: risk('ASC0001', 2, 3, { controls: [{ id: 'C1', description: 'Safeguarding audits', status: 'in place' }] }) },
    { author: BOT },
  );
  git(repo, ['checkout', '--quiet', 'main']);
  git(repo, ['merge', '--quiet', '--no-ff', '-m', 'Merge pull request #12 from council/oversight/ASC0001/b', 'oversight/ASC0001/b'], { date: '2026-02-10', author: BEN, committer: GITHUB });
  commits['pr-12'] = git(repo, ['rev-parse', 'HEAD']);
  git(repo, ['tag', 'report/2026-02-cabinet']);

  // A pull request squashed on GitHub: one commit by the bot, committed by GitHub, trailers in the body.
  commits['pr-13'] = commit(
    repo,
    '2026-03-01',
    `Update ASC0002 (#13)\n\n* Update ASC0002\n\nOversight-Branch: oversight/ASC0002/c\nCo-authored-by: ${AMINA.name} <${AMINA.email}>\nOversight-Submitted-By: ${AMINA.name} <${AMINA.email}> (${AMINA.id})\n`,
    { [`${ASC}/risks/ASC0002.json`]: risk('ASC0002', 3, 5) },
    { author: BOT, committer: GITHUB },
  );

  const self = await proposeAndMerge(repo, clock, backend, '2026-03-05', {
    branch: 'oversight/ASC0003/d',
    title: 'Close ASC0003',
    submitter: BEN,
    files: [{ path: `${ASC}/risks/ASC0003.json`, content: risk('ASC0003', 2, 2, { status: 'closed', statusReason: 'Service decommissioned' }), expectSha: blob(repo, `${ASC}/risks/ASC0003.json`) }],
  }, BEN);
  commits['self'] = self.merge;
  proposals['self'] = self.id;

  git(repo, ['mv', `data/${ASC}/risks/ASC0002.json`, `data/${ASC}/risks/ASC0012.json`]);
  commits['rename'] = commit(repo, '2026-03-10', 'Renumber ASC0002 as ASC0012', { [`${ASC}/risks/ASC0012.json`]: risk('ASC0012', 3, 5, { title: 'Risk ASC0002' }) });

  const move = await proposeAndMerge(repo, clock, backend, '2026-03-15', {
    branch: 'oversight/COR0001/e',
    title: 'Move COR0001 to adult social care',
    submitter: AMINA,
    files: [
      { path: `${COR}/risks/COR0001.json`, content: null, expectSha: blob(repo, `${COR}/risks/COR0001.json`) },
      {
        path: `${ASC}/risks/COR0001.json`,
        content: risk('COR0001', 4, 5, { controls: [{ id: 'C1', description: 'Monthly budget monitoring' }], actions: [{ id: 'A1', description: 'Savings plan', due: '2026-06-30' }] }),
        expectSha: null,
      },
    ],
  }, CARLA);
  commits['move'] = move.merge;
  proposals['move'] = move.id;

  commits['invalid'] = commit(repo, '2026-03-20', 'ASC0001 is worse', { [`${ASC}/risks/ASC0001.json`]: risk('ASC0001', 3, 3, { owners: ['nobody-known'], controls: [{ id: 'C1', description: 'Safeguarding audits', status: 'in place' }] }) });

  commits['fix'] = commit(repo, '2026-04-01', 'Correct ASC0001, add ASC0004, declare baselines', {
    [`${ASC}/risks/ASC0001.json`]: risk('ASC0001', 3, 3, { controls: [{ id: 'C1', description: 'Safeguarding audits', status: 'in place' }] }),
    [`${ASC}/risks/ASC0004.json`]: risk('ASC0004', 2, 4),
    'baselines.json': json({
      baselines: [
        { slug: '2026-02-cabinet', name: 'Cabinet, February 2026', tag: 'report/2026-02-cabinet' },
        { slug: '2026-03-scrutiny', date: '2026-03-12' },
        { tag: 'report/never-made' },
      ],
    }),
  });
  return { repo, commits, proposals };
}

describe('history from a scripted repository', () => {
  let s: Script;
  let read: HistoryRead;
  let history: History;
  beforeAll(async () => {
    s = await script();
    read = await readHistory({ dataDir: s.repo.dataDir, tags: ['report/2026-02-cabinet', 'report/never-made'] });
    history = read.history;
  });
  afterAll(() => s.repo.cleanup());

  it('reads the repository and finds nothing uncommitted', () => {
    expect(read.inRepository).toBe(true);
    expect(read.prefix).toBe('data/');
    expect(read.uncommitted).toEqual([]);
    expect(read.problems).toEqual([]);
    expect(history.commits.map((c) => c.id)).toEqual(Object.values(s.commits));
    expect(history.commits.map((c) => c.day)).toEqual(['2026-01-05', '2026-01-20', '2026-02-10', '2026-03-01', '2026-03-05', '2026-03-10', '2026-03-15', '2026-03-20', '2026-04-01']);
  });

  it('keeps a risk moved between registers as one history', () => {
    const cor = history.risks.get('COR0001');
    expect(cor?.formerIds).toEqual([]);
    expect(cor?.revisions.map((r) => [r.commit.id, r.registerId, r.changes.map((c) => c.kind)])).toEqual([
      [s.commits['initial'], 'corporate', ['created']],
      [s.commits['cor-proposal'], 'corporate', ['rating', 'action-added']],
      [s.commits['move'], 'adult-social-care', ['moved']],
    ]);
    expect(cor?.revisions[2]?.changes[0]).toEqual({ kind: 'moved', from: 'corporate', to: 'adult-social-care' });
    expect(cor?.revisions[1]?.changes[0]).toEqual({ kind: 'rating', before: { likelihood: 4, impact: 4, rating: 16 }, after: { likelihood: 4, impact: 5, rating: 20 } });
  });

  it('keeps a renamed risk as one history under its new id', () => {
    expect(history.risks.has('ASC0002')).toBe(false);
    const renamed = history.risks.get('ASC0012');
    expect(renamed?.formerIds).toEqual(['ASC0002']);
    expect(renamed?.revisions.map((r) => [r.id, r.changes.map((c) => c.kind)])).toEqual([
      ['ASC0002', ['created']],
      ['ASC0002', ['rating']],
      ['ASC0012', ['renamed']],
    ]);
    expect(renamed?.revisions[2]?.changes).toEqual([{ kind: 'renamed', from: 'ASC0002', to: 'ASC0012' }]);
  });

  it('records controls changed and status changes field by field', () => {
    const asc1 = history.risks.get('ASC0001')?.revisions[1];
    expect(asc1?.changes).toEqual([
      { kind: 'rating', before: { likelihood: 3, impact: 3, rating: 9 }, after: { likelihood: 2, impact: 3, rating: 6 } },
      {
        kind: 'control-changed',
        id: 'C1',
        before: { id: 'C1', description: 'Safeguarding audits', status: 'proposed' },
        after: { id: 'C1', description: 'Safeguarding audits', status: 'in place' },
        fields: ['status'],
      },
    ]);
    const closed = history.risks.get('ASC0003')?.revisions[1];
    expect(closed?.changes).toEqual([
      { kind: 'status', before: 'open', after: 'closed' },
      { kind: 'details', fields: ['statusReason'], before: {}, after: { statusReason: 'Service decommissioned' } },
    ]);
  });

  it('says who wrote, submitted and merged each change, and flags the audit trail exactly', () => {
    const rows = auditRows(history).map((r) => [r.date, r.commit, r.register, r.risk, r.change.join(';'), r.before, r.after, r.author, r.submitter, r.proposal, r.mergedBy, r.flags.join(';')]);
    const c = s.commits;
    const p = s.proposals;
    expect(rows).toEqual([
      ['2026-01-05', c['initial'], 'adult-social-care', '', 'created', null, null, 'Dana Direct', '', '', '', 'direct'],
      ['2026-01-05', c['initial'], 'adult-social-care', 'ASC0001', 'created', null, 9, 'Dana Direct', '', '', '', 'direct'],
      ['2026-01-05', c['initial'], 'adult-social-care', 'ASC0002', 'created', null, 10, 'Dana Direct', '', '', '', 'direct'],
      ['2026-01-05', c['initial'], 'adult-social-care', 'ASC0003', 'created', null, 4, 'Dana Direct', '', '', '', 'direct'],
      ['2026-01-05', c['initial'], 'corporate', '', 'created', null, null, 'Dana Direct', '', '', '', 'direct'],
      ['2026-01-05', c['initial'], 'corporate', 'COR0001', 'created', null, 16, 'Dana Direct', '', '', '', 'direct'],
      ['2026-01-20', c['cor-proposal'], 'corporate', 'COR0001', 'rating;action-added', 16, 20, 'Oversight', 'Amina Okafor', p['cor'], 'Ben Hale', ''],
      ['2026-02-10', c['pr-12'], 'adult-social-care', 'ASC0001', 'rating;control-changed', 9, 6, 'Oversight', 'Carla Diaz', '12', 'Ben Hale', ''],
      ['2026-03-01', c['pr-13'], 'adult-social-care', 'ASC0002', 'rating', 10, 15, 'Oversight', 'Amina Okafor', '13', '', ''],
      ['2026-03-05', c['self'], 'adult-social-care', 'ASC0003', 'status;details', 4, 4, 'Oversight', 'Ben Hale', p['self'], 'Ben Hale', 'self-approved'],
      ['2026-03-10', c['rename'], 'adult-social-care', 'ASC0012', 'renamed', 15, 15, 'Dana Direct', '', '', '', 'direct'],
      ['2026-03-15', c['move'], 'adult-social-care', 'COR0001', 'moved', 20, 20, 'Oversight', 'Amina Okafor', p['move'], 'Carla Diaz', ''],
      ['2026-03-20', c['invalid'], 'adult-social-care', 'ASC0001', 'rating;details', 6, 9, 'Dana Direct', '', '', '', 'direct;invalid'],
      ['2026-04-01', c['fix'], 'adult-social-care', 'ASC0001', 'details', 9, 9, 'Dana Direct', '', '', '', 'direct'],
      ['2026-04-01', c['fix'], 'adult-social-care', 'ASC0004', 'created', null, 8, 'Dana Direct', '', '', '', 'direct'],
    ]);
  });

  it('names the error that made a commit invalid, and no other commit', () => {
    const invalid = history.commits.filter((commit) => commit.problems.length > 0);
    expect(invalid.map((commit) => commit.id)).toEqual([s.commits['invalid']]);
    expect(invalid[0]?.problems.map((p) => `${p.file} ${p.path ?? ''}: ${p.message}`)).toEqual([
      'registers/adult-social-care/risks/ASC0001.json owners[0]: no person has the id "nobody-known": add them to people.json or correct the id',
    ]);
  });

  it('filters the audit trail by dates, register, person and change type', () => {
    const riskIds = (filter: Parameters<typeof auditRows>[1]): string[] => auditRows(history, filter).map((r) => `${r.date} ${r.risk || r.register}`);
    expect(riskIds({ from: '2026-03-01', to: '2026-03-10' })).toEqual(['2026-03-01 ASC0002', '2026-03-05 ASC0003', '2026-03-10 ASC0012']);
    expect(riskIds({ registers: new Set(['corporate']) })).toEqual(['2026-01-05 corporate', '2026-01-05 COR0001', '2026-01-20 COR0001', '2026-03-15 COR0001']);
    expect(riskIds({ person: 'carla@example.org' })).toEqual(['2026-02-10 ASC0001', '2026-03-15 COR0001']);
    expect(riskIds({ change: 'status' })).toEqual(['2026-03-05 ASC0003']);
  });

  it('finds a person by their id, name or email from people.json, even where git records no id', () => {
    const people = [{ id: CARLA.id, name: CARLA.name, email: CARLA.email }];
    expect(auditPersonKeys('carla-diaz', people)).toEqual(['carla-diaz', 'Carla Diaz', 'carla@example.org']);
    expect(auditPersonKeys('CARLA DIAZ', people)).toEqual(['carla-diaz', 'Carla Diaz', 'carla@example.org']);
    expect(auditPersonKeys('nobody', people)).toBeUndefined();
    // Carla merged the move as a reviewer, recorded by name and email only.
    expect(auditRows(history, { person: auditPersonKeys('carla-diaz', people) }).map((r) => `${r.date} ${r.risk}`)).toEqual(['2026-02-10 ASC0001', '2026-03-15 COR0001']);
    expect(auditedRegisters(history)).toEqual(new Set(['corporate', 'adult-social-care']));
  });

  it('writes the audit CSV with the exact header and ratings as numbers', () => {
    const csv = auditCsv(auditRows(history, { from: '2026-03-15', to: '2026-03-20' }));
    expect(csv).toBe(
      [
        AUDIT_CSV_HEADER,
        `2026-03-15,${s.commits['move']},adult-social-care,COR0001,moved,20,20,Oversight,Amina Okafor,${s.proposals['move']},Carla Diaz,`,
        `2026-03-20,${s.commits['invalid']},adult-social-care,ASC0001,rating;details,6,9,Dana Direct,,,,direct;invalid`,
        '',
      ].join('\r\n'),
    );
  });

  describe('baselines, previous ratings and directions of travel', () => {
    const scheme = DEFAULT_SCORING_SCHEME;
    let resolved: ResolvedBaseline[];
    beforeAll(() => {
      const files = new Map([['baselines.json', execFileSync('git', ['show', 'main:data/baselines.json'], { cwd: s.repo.dir, env: gitEnv(), encoding: 'utf8' })]]);
      const { baselines, problems } = parseBaselines(files);
      expect(problems).toEqual([]);
      const result = resolveBaselines(baselines, history, read.tags);
      resolved = result.resolved;
      expect(result.problems).toEqual([
        {
          severity: 'warning',
          file: 'baselines.json',
          path: 'baselines[2].tag',
          message: 'the git tag report/never-made is not in the repository, so baseline never-made is left out: create the tag, or fetch tags in the build (git fetch --tags)',
        },
      ]);
    });

    const now = [
      { id: 'COR0001', current: { likelihood: 4, impact: 5 } },
      { id: 'ASC0001', current: { likelihood: 3, impact: 3 } },
      { id: 'ASC0012', current: { likelihood: 3, impact: 5 } },
      { id: 'ASC0003', current: { likelihood: 2, impact: 2 } },
      { id: 'ASC0004', current: { likelihood: 2, impact: 4 } },
    ];
    const travel = (baseline: ResolvedBaseline, imported: Record<string, number> = {}): Record<string, string> =>
      Object.fromEntries(
        now.map((r) => {
          const t = travelFor(history, { ...r, importedPreviousRating: imported[r.id] }, baseline, scheme);
          const prev = t.previous === null ? 'none' : `${t.previous.likelihood ?? '?'}x${t.previous.impact ?? '?'}=${t.previous.rating} ${t.previous.band}`;
          return [r.id, `${prev} ${t.direction} since ${t.since}`];
        }),
      );

    it('resolves the tag to its commit and the date to the last commit on or before it', () => {
      expect(resolved.map((b) => [b.slug, b.day, history.commits[b.index]?.id])).toEqual([
        ['2026-02-cabinet', '2026-02-10', s.commits['pr-12']],
        ['2026-03-scrutiny', '2026-03-12', s.commits['rename']],
      ]);
    });

    it('compares with the tagged baseline, following renames and moves', () => {
      const cabinet = resolved.find((b) => b.slug === '2026-02-cabinet');
      if (!cabinet) throw new Error('the tag baseline did not resolve');
      expect(travel(cabinet)).toEqual({
        COR0001: '4x5=20 High unchanged since 2026-02-cabinet',
        ASC0001: '2x3=6 Low worse since 2026-02-cabinet',
        ASC0012: '2x5=10 Medium worse since 2026-02-cabinet',
        ASC0003: '2x2=4 Low unchanged since 2026-02-cabinet',
        ASC0004: 'none new since 2026-02-cabinet',
      });
    });

    it('uses the latest declared baseline before the build by default', () => {
      const latest = baselineFor(resolved, history, 3, at('2026-04-10'));
      expect(latest.slug).toBe('2026-03-scrutiny');
      expect(travel(latest)).toEqual({
        COR0001: '4x5=20 High unchanged since 2026-03-scrutiny',
        ASC0001: '2x3=6 Low worse since 2026-03-scrutiny',
        ASC0012: '3x5=15 Medium unchanged since 2026-03-scrutiny',
        ASC0003: '2x2=4 Low unchanged since 2026-03-scrutiny',
        ASC0004: 'none new since 2026-03-scrutiny',
      });
      expect(baselineFor(resolved, history, 3, at('2026-03-11')).slug).toBe('2026-02-cabinet');
    });

    it('with none declared, compares with one review cycle before the build, labelled with its date', () => {
      const cycle = baselineFor([], history, 3, at('2026-04-10'));
      expect([cycle.slug, cycle.since, history.commits[cycle.index]?.id]).toEqual([null, '2026-01-10', s.commits['initial']]);
      expect(travel(cycle)).toEqual({
        COR0001: '4x4=16 High worse since 2026-01-10',
        ASC0001: '3x3=9 Medium unchanged since 2026-01-10',
        ASC0012: '2x5=10 Medium worse since 2026-01-10',
        ASC0003: '2x2=4 Low unchanged since 2026-01-10',
        ASC0004: 'none new since 2026-01-10',
      });
    });

    it('uses an imported previous rating only where git has nothing at the baseline', () => {
      const cabinet = resolved.find((b) => b.slug === '2026-02-cabinet');
      if (!cabinet) throw new Error('the tag baseline did not resolve');
      const result = travel(cabinet, { ASC0004: 12, ASC0001: 25 });
      expect(result['ASC0004']).toBe('?x?=12 Medium better since 2026-02-cabinet');
      expect(result['ASC0001']).toBe('2x3=6 Low worse since 2026-02-cabinet');
    });
  });

  it('gives a register its baseline and every risk a previous rating and direction in one call', async () => {
    const files = new Map([['baselines.json', git(s.repo, ['show', 'main:data/baselines.json'])]]);
    const build = await loadBuildHistory(s.repo.dataDir, files);
    expect(build.problems.map((p) => `${p.severity}: ${p.file} ${p.path ?? ''}`)).toEqual(['warning: baselines.json baselines[2].tag']);
    expect(build.baselines.map((b) => b.slug)).toEqual(['2026-02-cabinet', '2026-03-scrutiny']);
    const result = registerTravel(build.history, build.baselines, { reviewCycleMonths: 3 }, [{ id: 'ASC0001', current: { likelihood: 3, impact: 3 } }, { id: 'ASC0099', current: { likelihood: 1, impact: 1 } }], at('2026-04-10'), DEFAULT_SCORING_SCHEME);
    expect(result.baseline.slug).toBe('2026-03-scrutiny');
    expect(Object.fromEntries(result.risks)).toEqual({
      ASC0001: { previous: { likelihood: 2, impact: 3, rating: 6, band: 'Low' }, direction: 'worse', since: '2026-03-scrutiny' },
      ASC0099: { previous: null, direction: 'new', since: '2026-03-scrutiny' },
    });
  });

  it('gives the risks a register held at a baseline, for an "as at" heatmap', () => {
    const cabinet = { index: history.commits.findIndex((c) => c.id === s.commits['pr-12']) };
    expect(risksAt(history, 'adult-social-care', cabinet).map((r) => `${r.id} ${r.current.likelihood}x${r.current.impact} ${r.status}`)).toEqual(['ASC0001 2x3 open', 'ASC0002 2x5 open', 'ASC0003 2x2 open']);
    expect(risksAt(history, 'corporate', cabinet).map((r) => r.id)).toEqual(['COR0001']);
    expect(heatmap(risksAt(history, 'adult-social-care', cabinet), 'current')).toEqual([
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 1, 1, 0, 1],
      [0, 0, 0, 0, 0],
    ]);
    const now = { index: history.commits.length - 1 };
    expect(risksAt(history, 'adult-social-care', now).map((r) => r.id)).toEqual(['ASC0001', 'ASC0003', 'ASC0004', 'ASC0012', 'COR0001']);
    expect(risksAt(history, 'corporate', now)).toEqual([]);
    expect(risksAt(history, 'corporate', { index: -1 })).toEqual([]);
  });

  it('npm run audit prints the CSV for a date range from OVERSIGHT_DATA_DIR', () => {
    const result = runCli('audit', ['--from', '2026-03-01', '--to', '2026-03-05', '--csv'], { OVERSIGHT_DATA_DIR: s.repo.dataDir });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      [
        `\uFEFF${AUDIT_CSV_HEADER}`,
        `2026-03-01,${s.commits['pr-13']},adult-social-care,ASC0002,rating,10,15,Oversight,Amina Okafor,13,,`,
        `2026-03-05,${s.commits['self']},adult-social-care,ASC0003,status;details,4,4,Oversight,Ben Hale,${s.proposals['self']},Ben Hale,self-approved`,
        '',
      ].join('\r\n'),
    );
  });

  it('npm run audit finds a person by id as by name, and refuses a register or person it has never seen', () => {
    const env = { OVERSIGHT_DATA_DIR: s.repo.dataDir };
    const byName = runCli('audit', ['--person', 'Carla Diaz', '--csv'], env);
    const byId = runCli('audit', ['--person', 'carla-diaz', '--csv'], env);
    expect(byId.stderr).toBe('');
    expect(byId.status).toBe(0);
    expect(byId.stdout.split('\r\n')).toHaveLength(4);
    expect(byId.stdout).toBe(byName.stdout);

    const register = runCli('audit', ['--register', 'adult-social-cars'], env);
    expect(register.stderr).toBe(`error: no register has the id "adult-social-cars" in ${s.repo.dataDir} or its git history: the registers are adult-social-care, corporate\n`);
    expect(register.stdout).toBe('');
    expect(register.status).toBe(1);
    const person = runCli('audit', ['--person', 'carla-dias'], env);
    expect(person.stderr).toBe(
      `error: nobody called "carla-dias" is in people.json or the git history: give a person's id, name or email as people.json has them, or a name or email as git log --format='%an <%ae>' shows it\n`,
    );
    expect(person.status).toBe(1);
    // Someone git knows who is not in people.json is still a person to audit.
    expect(runCli('audit', ['--person', 'oversight@localhost', '--csv'], env).status).toBe(0);
  });

  it('npm run audit prints a table with a count, and exits 1 on a bad date', () => {
    const table = runCli('audit', ['--from', '2026-03-20', '--to', '2026-03-20'], { OVERSIGHT_DATA_DIR: s.repo.dataDir });
    expect(table.status).toBe(0);
    expect(table.stdout.split('\n').at(-2)).toBe('1 change from 2026-03-20 to 2026-03-20, 1 flagged.');
    expect(table.stdout).toContain('direct;invalid');
    const bad = runCli('audit', ['--from', '2026-02-30'], { OVERSIGHT_DATA_DIR: s.repo.dataDir });
    expect(bad.status).toBe(1);
    expect(bad.stderr.split('\n')[0]).toBe('error: --from must be a date written as YYYY-MM-DD, e.g. 2026-04-01, not "2026-02-30"');
  });
});

describe('reading history in awkward repositories', () => {
  const cleanups: (() => void)[] = [];
  afterAll(() => cleanups.forEach((c) => c()));

  function smallRepo(): TestRepo {
    const repo = makeTestRepo({ files: { 'registers/corporate/register.json': register('corporate'), 'registers/corporate/risks/COR0001.json': risk('COR0001', 2, 2) } });
    repo.commit('Raise COR0001', { 'registers/corporate/risks/COR0001.json': risk('COR0001', 3, 2) });
    repo.commit('Raise COR0001 again', { 'registers/corporate/risks/COR0001.json': risk('COR0001', 4, 2) });
    cleanups.push(() => repo.cleanup());
    return repo;
  }

  function shallowClone(repo: TestRepo): string {
    const dir = mkdtempSync(join(tmpdir(), 'oversight-shallow-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    execFileSync('git', ['clone', '--quiet', '--depth', '1', `file://${repo.dir}`, dir], { env: gitEnv() });
    return dir;
  }

  it('fails in a shallow clone with a message saying how to fix the build, when told not to deepen', async () => {
    const clone = shallowClone(smallRepo());
    const dataDir = join(clone, 'data');
    await expect(readHistory({ dataDir, shallow: 'fail' })).rejects.toThrow(ShallowCloneError);
    await expect(readHistory({ dataDir, shallow: 'fail' })).rejects.toThrow(
      `the git repository holding ${dataDir} is a shallow clone, with only part of its history, so previous ratings, directions of travel and the audit trail would be wrong. Oversight was told not to fetch the rest. Clone the full history in the build settings: in GitHub Actions give actions/checkout "fetch-depth: 0"; elsewhere run "git fetch --unshallow --tags" before "npm run build".`,
    );
  });

  it('deepens a shallow clone and then reads the whole history', async () => {
    const clone = shallowClone(smallRepo());
    const read = await readHistory({ dataDir: join(clone, 'data') });
    expect(execFileSync('git', ['rev-parse', '--is-shallow-repository'], { cwd: clone, encoding: 'utf8' }).trim()).toBe('false');
    expect(read.history.risks.get('COR0001')?.revisions.map((r) => r.changes.map((c) => c.kind).join(';'))).toEqual(['created', 'rating', 'rating']);
  });

  it('fails with the reason when a shallow clone cannot be deepened', async () => {
    const clone = shallowClone(smallRepo());
    execFileSync('git', ['remote', 'set-url', 'origin', join(clone, 'gone')], { cwd: clone, env: gitEnv() });
    await expect(readHistory({ dataDir: join(clone, 'data') })).rejects.toThrow(/is a shallow clone.*Fetching the rest of the history \(git fetch --unshallow\) failed: .+\. Clone the full history/);
  });

  it('deepenIfShallow completes a shallow clone, or fails saying how to fix the build', async () => {
    const clone = shallowClone(smallRepo());
    await deepenIfShallow(join(clone, 'data'));
    expect(execFileSync('git', ['rev-parse', '--is-shallow-repository'], { cwd: clone, encoding: 'utf8' }).trim()).toBe('false');
    const stuck = shallowClone(smallRepo());
    await expect(deepenIfShallow(join(stuck, 'data'), 'fail')).rejects.toThrow(ShallowCloneError);
    await expect(deepenIfShallow(tmpdir())).resolves.toBeUndefined(); // not in git: nothing to deepen
  });

  it('reads the same history in a process of its own as in the build process, with shared objects still shared', async () => {
    const repo = smallRepo();
    const files = readDataDir(repo.dataDir);
    const onThread = await readBuildHistoryAside(repo.dataDir, files);
    expect(onThread).toEqual(await loadBuildHistory(repo.dataDir, files));
    const revisions = onThread.history.risks.get('COR0001')?.revisions ?? [];
    expect(revisions).toHaveLength(3);
    for (const revision of revisions) expect(revision.commit).toBe(onThread.history.commits[revision.commit.index]);
  });

  it("rejects with the child's own error: here a shallow clone it may not deepen", async () => {
    const clone = shallowClone(smallRepo());
    const dataDir = join(clone, 'data');
    const failure: unknown = await readBuildHistoryAside(dataDir, readDataDir(dataDir)).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).name).toBe('ShallowCloneError');
    expect((failure as Error).message).toContain(`the git repository holding ${dataDir} is a shallow clone`);
  });

  it('warns about data files not yet committed, without failing', async () => {
    const repo = smallRepo();
    writeFileSync(join(repo.dataDir, 'registers/corporate/risks/COR0002.json'), risk('COR0002', 1, 1));
    writeFileSync(join(repo.dataDir, 'registers/corporate/risks/COR0001.json'), risk('COR0001', 5, 5));
    const read = await readHistory({ dataDir: repo.dataDir });
    expect(read.uncommitted).toEqual(['registers/corporate/risks/COR0001.json', 'registers/corporate/risks/COR0002.json']);
    expect(read.problems.map((p) => [p.severity, p.message])).toEqual([
      [
        'warning',
        '2 data files are not yet committed (registers/corporate/risks/COR0001.json, registers/corporate/risks/COR0002.json): directions of travel compare the files as they are with the committed history, and the audit trail leaves these changes out until they are committed',
      ],
    ]);
    expect(read.history.risks.get('COR0001')?.revisions).toHaveLength(3);
  });

  it('reads data kept at the top of its own repository', async () => {
    const repo = makeTestRepo({ files: { 'registers/corporate/register.json': register('corporate'), 'registers/corporate/risks/COR0001.json': risk('COR0001', 2, 2) }, dataSubdir: '' });
    cleanups.push(() => repo.cleanup());
    const read = await readHistory({ dataDir: repo.dataDir });
    expect(read.prefix).toBe('');
    expect([...read.history.risks.keys()]).toEqual(['COR0001']);
  });

  it('outside a git repository, warns and gives an empty history', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oversight-nogit-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const read = await readHistory({ dataDir: dir });
    expect(read.inRepository).toBe(false);
    expect(read.history.revisions).toEqual([]);
    expect(read.problems.map((p) => p.severity)).toEqual(['warning']);
  });

  it('npm run audit leaves out restricted registers and registers no longer in the data, as the site does, unless --include-restricted', () => {
    const repo = smallRepo();
    repo.commit('Add a restricted partnership register and a short-lived one', {
      'registers/pooled-fund/register.json': json({ id: 'pooled-fund', name: 'Pooled fund', level: 'partnership', classification: 'restricted' }),
      'registers/pooled-fund/risks/PF0001.json': risk('PF0001', 3, 3),
      'registers/old/register.json': register('old'),
      'registers/old/risks/OLD0001.json': risk('OLD0001', 1, 1),
    });
    repo.commit('Retire the old register', { 'registers/old/register.json': null, 'registers/old/risks/OLD0001.json': null });
    const env = { OVERSIGHT_DATA_DIR: repo.dataDir };
    const registersIn = (csv: string): Set<string | undefined> => new Set(csv.split('\r\n').slice(1).filter(Boolean).map((line) => line.split(',')[2]));

    const published = runCli('audit', ['--csv'], env);
    expect(published.stderr).toBe('');
    expect(registersIn(published.stdout)).toEqual(new Set(['corporate']));
    const everything = runCli('audit', ['--csv', '--include-restricted'], env);
    expect(registersIn(everything.stdout)).toEqual(new Set(['corporate', 'pooled-fund', 'old']));

    const restricted = runCli('audit', ['--register', 'pooled-fund'], env);
    expect(restricted.stderr).toBe('error: the pooled-fund register is restricted, so the audit leaves it out as the site does: add --include-restricted to see its changes\n');
    expect(restricted.status).toBe(1);
    const gone = runCli('audit', ['--register', 'old', '--csv'], env);
    expect(gone.stderr).toBe(`error: the old register is no longer in ${repo.dataDir}, so it is not published: add --include-restricted to see its changes\n`);
    expect(gone.status).toBe(1);
    expect(registersIn(runCli('audit', ['--register', 'old', '--csv', '--include-restricted'], env).stdout)).toEqual(new Set(['old']));
  });

  it('npm run audit exits 1 outside a git repository, saying why', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oversight-nogit-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const result = runCli('audit', ['--csv'], { OVERSIGHT_DATA_DIR: dir });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`error: ${dir} is not in a git repository: the audit trail is read from git history\n`);
  });
});
