import { describe, expect, it } from 'vitest';
import type { PublishedMeasure, PublishedValue } from '../../src/core/measures/publish.ts';
import { dashboardRow, ragText } from '../../src/site/measures-data.ts';

const figure = (extra: Partial<PublishedValue>): PublishedValue => ({ period: '2020-21 Q3', value: 92.5, numerator: 37, denominator: 40, rag: 'green', suppressed: false, ...extra });
const withheld = figure({ value: null, numerator: null, denominator: null, rag: null, suppressed: true });

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
