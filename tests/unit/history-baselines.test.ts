import { describe, expect, it } from 'vitest';
import { cycleBaseline, latestBaseline, parseBaselines, resolveBaselines, type ResolvedBaseline } from '../../src/core/history/baselines.ts';
import type { History } from '../../src/core/history/history.ts';
import { bandChanges, directionOf } from '../../src/core/history/travel.ts';
import { baselineText } from '../../src/core/report/direction.ts';

const file = (value: unknown): Map<string, string> => new Map([['baselines.json', JSON.stringify(value)]]);
const lines = (problems: { file: string; path?: string; message: string }[]): string[] => problems.map((p) => `${p.file} ${p.path ?? ''}: ${p.message}`);
const EMPTY: History = { commits: [], revisions: [], risks: new Map(), registers: new Map() };

describe('parseBaselines', () => {
  it('reads nothing when there is no baselines.json', () => {
    expect(parseBaselines(new Map())).toEqual({ baselines: [], problems: [] });
  });

  it('takes the slug given, else the date, else the last part of the tag', () => {
    const { baselines, problems } = parseBaselines(
      file({ baselines: [{ slug: 'march-cabinet', name: 'Cabinet, March 2021', date: '2021-03-16' }, { date: '2021-06-10' }, { tag: 'report/2021-09-scrutiny' }] }),
    );
    expect(problems).toEqual([]);
    expect(baselines).toEqual([
      { slug: 'march-cabinet', name: 'Cabinet, March 2021', date: '2021-03-16', tag: null },
      { slug: '2021-06-10', name: null, date: '2021-06-10', tag: null },
      { slug: '2021-09-scrutiny', name: null, date: null, tag: 'report/2021-09-scrutiny' },
    ]);
  });

  it('refuses a baseline with both or neither of date and tag, a slug used twice and a tag that makes no slug', () => {
    const { baselines, problems } = parseBaselines(file({ baselines: [{ date: '2021-03-16', tag: 'x' }, { slug: 'a' }] }));
    expect(baselines).toEqual([]);
    expect(lines(problems)).toEqual(['baselines.json baselines[0]: must give either a date or a tag, not both or neither', 'baselines.json baselines[1]: must give either a date or a tag, not both or neither']);
    expect(lines(parseBaselines(file({ baselines: [{ date: '2021-03-16' }, { slug: '2021-03-16', tag: 'r/1' }, { tag: 'report/March_2021' }] })).problems)).toEqual([
      'baselines.json baselines[1].slug: 2021-03-16 is used by another baseline: give each baseline its own slug',
      'baselines.json baselines[2].slug: is required: "March_2021" cannot be used in a web address, so give a slug such as 2021-03-cabinet',
    ]);
    expect(lines(parseBaselines(file({ baselines: [{ slug: 'Bad Slug', date: '2021-02-30' }] })).problems)).toEqual([
      'baselines.json baselines[0].slug: must be lowercase letters, digits and hyphens, e.g. 2021-03-cabinet',
      'baselines.json baselines[0].date: must be a real date written as YYYY-MM-DD, e.g. 2021-01-29',
    ]);
    expect(parseBaselines(new Map([['baselines.json', '{']])).problems.map((p) => p.severity)).toEqual(['error']);
  });
});

describe('choosing a baseline', () => {
  const b = (slug: string, day: string): ResolvedBaseline => ({ slug, name: null, day, index: -1, since: slug });

  it('is the latest declared on or before the build day, in any order of declaration', () => {
    const all = [b('june', '2021-06-10'), b('march', '2021-03-16'), b('sept', '2021-09-01')];
    expect(latestBaseline(all, '2021-08-31')?.slug).toBe('june');
    expect(latestBaseline(all, '2021-09-01')?.slug).toBe('sept');
    expect(latestBaseline(all, '2021-03-15')).toBeNull();
  });

  it('is one review cycle before the build when none is declared, named by its date', () => {
    expect(cycleBaseline(EMPTY, 3, '2021-05-31')).toEqual({ slug: null, name: null, day: '2021-02-28', index: -1, since: '2021-02-28' });
  });

  it('leaves out a tag git does not know, with a warning', () => {
    const { resolved, problems } = resolveBaselines([{ slug: 'x', name: null, date: null, tag: 'report/x' }], EMPTY, new Map());
    expect(resolved).toEqual([]);
    expect(problems.map((p) => p.severity)).toEqual(['warning']);
  });
});

describe('direction of travel', () => {
  it('is worse, better, unchanged or new from the rating alone', () => {
    expect([directionOf(12, 16), directionOf(16, 12), directionOf(12, 12), directionOf(null, 12)]).toEqual(['worse', 'better', 'unchanged', 'new']);
  });

  it('counts risks whose band changed, not new ones', () => {
    const t = (band: string | null) => ({ previous: band === null ? null : { likelihood: 1, impact: 1, rating: 1, band }, direction: 'unchanged' as const, since: 'x' });
    expect(bandChanges([{ travel: t('Low'), currentBand: 'High' }, { travel: t('High'), currentBand: 'High' }, { travel: t(null), currentBand: 'High' }])).toBe(1);
  });
});

describe('baselineText', () => {
  it('names a declared baseline with its day, once', () => {
    expect(baselineText({ slug: 'march-cabinet', name: 'Cabinet', day: '2021-03-16' })).toBe('Cabinet (16 March 2021)');
    expect(baselineText({ slug: 'march-cabinet', name: 'Cabinet, 16 March 2021', day: '2021-03-16' })).toBe('Cabinet, 16 March 2021');
    expect(baselineText({ slug: '2021-06-10', name: null, day: '2021-06-10' })).toBe('2021-06-10 (10 June 2021)');
  });

  it('calls the default baseline one review cycle ago', () => {
    expect(baselineText({ slug: null, name: null, day: '2026-08-23' })).toBe('23 August 2026, one review cycle ago');
  });
});
