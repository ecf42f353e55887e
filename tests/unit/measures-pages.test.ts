import { describe, expect, it } from 'vitest';
import type { PublishedMeasure, PublishedValue } from '../../src/core/measures/publish.ts';
import { dashboardRow, ragText, trendRows } from '../../src/site/measures-data.ts';

const figure = (extra: Partial<PublishedValue>): PublishedValue => ({ period: '2020-21 Q3', value: 92.5, numerator: 37, denominator: 40, rag: 'green', suppressed: false, ...extra });
const withheld = figure({ value: null, numerator: null, denominator: null, rag: null, suppressed: true });

/** An activity measure with a count for each period, 100 and up. */
const measure = (frequency: PublishedMeasure['frequency'], periods: string[]): PublishedMeasure => ({
  id: 'SG-CONCERNS',
  name: 'Safeguarding concerns received',
  kind: 'activity',
  unit: 'count',
  polarity: null,
  target: null,
  floor: null,
  frequency,
  disclosure: 'none',
  values: periods.map((period, i) => figure({ period, value: 100 + i, numerator: null, denominator: null, rag: null })),
});

describe('a figure’s status in words', () => {
  it('gives the RAG of a figure judged against its target', () => {
    expect(ragText(figure({}), { target: 90 })).toBe('Green');
    expect(ragText(figure({ rag: 'amber' }), { target: 90 })).toBe('Amber');
  });

  it('says a suppressed figure of a measure with a target is withheld, not that there is no target', () => {
    expect(ragText(withheld, { target: 90 })).toBe('Withheld');
  });

  it('says No target only for a measure without one, suppressed or not', () => {
    expect(ragText(figure({ rag: null }), { target: null })).toBe('No target');
    expect(ragText(withheld, { target: null })).toBe('No target');
  });

  it('says there is no figure for a measure with a target but no figures yet', () => {
    expect(ragText(undefined, { target: 90 })).toBe('No figure');
  });
});

describe('a dashboard row', () => {
  it('has no change on a year earlier for a measure reported yearly: it would repeat the change on the previous period', () => {
    const row = dashboardRow(measure('year', ['2023-24', '2024-25']));
    expect(row.previous).toMatchObject({ period: '2023-24', change: 1 });
    expect(row.yearApplies).toBe(false);
    expect(row.year).toBeUndefined();
  });

  it('has both changes for a measure reported quarterly', () => {
    const row = dashboardRow(measure('quarter', ['2023-24 Q4', '2024-25 Q1', '2024-25 Q2', '2024-25 Q3', '2024-25 Q4']));
    expect(row.yearApplies).toBe(true);
    expect(row.previous).toMatchObject({ period: '2024-25 Q3', change: 1 });
    expect(row.year).toMatchObject({ period: '2023-24 Q4', change: 4 });
  });
});

describe('the rows of a trend table', () => {
  const shown = (m: PublishedMeasure) => trendRows(m).map((row) => [row.period, row.figure?.value ?? 'not recorded']);

  it('give a period missing between two figures a row without one, so neither table nor chart joins the periods either side', () => {
    expect(shown(measure('quarter', ['2023-24 Q3', '2023-24 Q4', '2024-25 Q2']))).toEqual([
      ['2023-24 Q3', 100],
      ['2023-24 Q4', 101],
      ['2024-25 Q1', 'not recorded'],
      ['2024-25 Q2', 102],
    ]);
    expect(shown(measure('month', ['2025-11', '2026-02']))).toEqual([
      ['2025-11', 100],
      ['2025-12', 'not recorded'],
      ['2026-01', 'not recorded'],
      ['2026-02', 101],
    ]);
    expect(shown(measure('year', ['2021-22', '2023-24']))).toEqual([
      ['2021-22', 100],
      ['2022-23', 'not recorded'],
      ['2023-24', 101],
    ]);
  });

  it('are the published figures themselves when no period is missing, and none when there are no figures', () => {
    const m = measure('quarter', ['2023-24 Q4', '2024-25 Q1']);
    expect(trendRows(m)).toEqual(m.values.map((figure) => ({ period: figure.period, figure })));
    expect(trendRows(measure('quarter', []))).toEqual([]);
  });
});
