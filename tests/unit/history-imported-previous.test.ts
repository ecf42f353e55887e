/**
 * A `previous_rating` imported from a spreadsheet counts for the direction of travel only
 * where git has no earlier revision of the risk at the baseline: a risk git already knew at the
 * baseline is compared with what git says, whatever was imported.
 */
import { describe, expect, it } from 'vitest';
import { resolveBaselines, type ResolvedBaseline } from '../../src/core/history/baselines.ts';
import { buildHistory, type History } from '../../src/core/history/history.ts';
import type { LogCommit, RawChange } from '../../src/core/history/log.ts';
import { registerTravel } from '../../src/core/history/register-travel.ts';
import type { CurrentRisk } from '../../src/core/history/travel.ts';
import { DEFAULT_SCORING_SCHEME } from '../../src/core/schemas/scoring-scheme.ts';

const ME = { name: 'Amina Okafor', email: 'amina.okafor@northmoor.example' };
const REGISTER = 'data/registers/corporate/register.json';
const riskPath = (id: string): string => `data/registers/corporate/risks/${id}.json`;
const at = (day: string): Date => new Date(`${day}T12:00:00Z`);

/** A scripted history: each commit writes whole files, oldest first. */
function historyOf(commits: { day: string; files: Record<string, unknown> }[]): History {
  const blobs = new Map<string, string>();
  const current = new Map<string, string>(); // path → blob
  const log: LogCommit[] = commits.map((c, n) => {
    const changes: RawChange[] = Object.entries(c.files).map(([path, content]) => {
      const blob = `b${String(blobs.size + 1).padStart(39, '0')}`;
      blobs.set(blob, JSON.stringify(content));
      const oldBlob = current.get(path) ?? null;
      current.set(path, blob);
      return { status: oldBlob === null ? 'A' : 'M', oldBlob, newBlob: blob, oldPath: oldBlob === null ? null : path, newPath: path, regular: true };
    });
    const seconds = at(c.day).getTime() / 1000;
    return { id: `c${String(n + 1).padStart(39, '0')}`, parents: n === 0 ? [] : [`c${String(n).padStart(39, '0')}`], author: ME, authoredAt: seconds, committer: ME, committedAt: seconds, message: `Commit ${n + 1}`, changes };
  });
  return buildHistory({ commits: log.reverse(), prefix: 'data/', blobs, mergedCommits: new Map(), validate: false });
}

const risk = (id: string, likelihood: number, impact: number) => ({ id, title: `Risk ${id}`, owners: ['amina-okafor'], current: { likelihood, impact } });

const history = historyOf([
  {
    day: '2026-01-05',
    files: {
      [REGISTER]: { id: 'corporate', name: 'Corporate', level: 'corporate', reviewCycleMonths: 3 },
      [riskPath('CRR0001')]: risk('CRR0001', 3, 4),
    },
  },
  // After the baseline: CRR0001 gets worse, CRR0002 is added for the first time.
  { day: '2026-03-01', files: { [riskPath('CRR0001')]: risk('CRR0001', 4, 4), [riskPath('CRR0002')]: risk('CRR0002', 3, 3) } },
]);

const { resolved, problems } = resolveBaselines([{ slug: '2026-02-cabinet', name: null, date: '2026-02-01', tag: null }], history, new Map());

/** Each risk as `previous direction since`, e.g. `3x4=12 High worse since 2026-02-cabinet`. */
function travel(baselines: readonly ResolvedBaseline[], risks: CurrentRisk[]): Record<string, string> {
  const result = registerTravel(history, baselines, { reviewCycleMonths: 3 }, risks, at('2026-04-10'), DEFAULT_SCORING_SCHEME);
  return Object.fromEntries(
    [...result.risks].map(([id, t]) => {
      const previous = t.previous === null ? 'none' : `${t.previous.likelihood ?? '?'}x${t.previous.impact ?? '?'}=${t.previous.rating} ${t.previous.band}`;
      return [id, `${previous} ${t.direction} since ${t.since}`];
    }),
  );
}

describe('registerTravel with imported previous ratings', () => {
  it('places the declared baseline before the second commit', () => {
    expect(problems).toEqual([]);
    expect(resolved.map((b) => [b.slug, b.index])).toEqual([['2026-02-cabinet', 0]]);
    expect(history.risks.get('CRR0001')?.revisions).toHaveLength(2);
    expect(history.risks.get('CRR0002')?.revisions).toHaveLength(1);
  });

  it('ignores the imported rating where git has the risk at the baseline', () => {
    // Imported 25 would make CRR0001 better; git's 3 × 4 = 12 makes it worse.
    expect(travel(resolved, [{ id: 'CRR0001', current: { likelihood: 4, impact: 4 }, importedPreviousRating: 25 }])).toEqual({
      CRR0001: '3x4=12 Medium worse since 2026-02-cabinet',
    });
  });

  it('uses the imported rating, without likelihood and impact, where git has no earlier revision', () => {
    expect(
      travel(resolved, [
        // Added to git after the baseline.
        { id: 'CRR0002', current: { likelihood: 3, impact: 3 }, importedPreviousRating: 20 },
        // Never committed at all.
        { id: 'CRR0003', current: { likelihood: 2, impact: 3 }, importedPreviousRating: 4 },
        { id: 'CRR0004', current: { likelihood: 2, impact: 2 }, importedPreviousRating: 4 },
      ]),
    ).toEqual({
      CRR0002: '?x?=20 High better since 2026-02-cabinet',
      CRR0003: '?x?=4 Low worse since 2026-02-cabinet',
      CRR0004: '?x?=4 Low unchanged since 2026-02-cabinet',
    });
  });

  it('publishes the imported rating with null likelihood and impact, and its band', () => {
    const result = registerTravel(history, resolved, { reviewCycleMonths: 3 }, [{ id: 'CRR0002', current: { likelihood: 3, impact: 3 }, importedPreviousRating: 16 }], at('2026-04-10'), DEFAULT_SCORING_SCHEME);
    expect(result.risks.get('CRR0002')).toEqual({ previous: { likelihood: null, impact: null, rating: 16, band: 'High' }, direction: 'better', since: '2026-02-cabinet' });
  });

  it('without an imported rating, a risk git did not have at the baseline is new', () => {
    expect(travel(resolved, [{ id: 'CRR0002', current: { likelihood: 3, impact: 3 } }, { id: 'CRR0003', current: { likelihood: 2, impact: 3 }, importedPreviousRating: undefined }])).toEqual({
      CRR0002: 'none new since 2026-02-cabinet',
      CRR0003: 'none new since 2026-02-cabinet',
    });
  });

  it('does the same against the default baseline of one review cycle, named by its date', () => {
    expect(
      travel([], [
        { id: 'CRR0001', current: { likelihood: 4, impact: 4 }, importedPreviousRating: 25 },
        { id: 'CRR0002', current: { likelihood: 3, impact: 3 }, importedPreviousRating: 9 },
      ]),
    ).toEqual({
      CRR0001: '3x4=12 Medium worse since 2026-01-10',
      CRR0002: '?x?=9 Medium unchanged since 2026-01-10',
    });
  });
});
