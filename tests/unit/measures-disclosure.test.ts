import { describe, expect, it } from 'vitest';
import { discloseValues, isSmall, roundCount } from '../../src/core/measures/disclosure.ts';
import type { Measures } from '../../src/core/measures/load.ts';
import { changeSince, measureList, publishedMeasure, publishedMeasureCsv, publishMeasures } from '../../src/core/measures/publish.ts';
import { parseDisclosure, type MeasureDefinition, type MeasureValue } from '../../src/core/measures/schema.ts';

function def(id: string, extra: Partial<MeasureDefinition> = {}): MeasureDefinition {
  return { id, name: `Measure ${id}`, kind: 'activity', unit: 'count', frequency: 'year', disclosure: 'sac', ...extra };
}
const v = (measure: string, value: number, extra: Partial<MeasureValue> = {}): MeasureValue => ({ measure, period: '2020-21', value, ...extra });

/** The published value of each figure, `*` for suppressed. */
function shown(definitions: MeasureDefinition[], values: MeasureValue[]): Record<string, number | '*'> {
  return Object.fromEntries(discloseValues(definitions, values).map((f) => [f.measure, f.suppressed ? '*' : f.value!]));
}

describe('parseDisclosure', () => {
  it.each([
    ['none', { policy: 'none' }],
    ['sac', { policy: 'sac' }],
    ['suppress-below', { policy: 'suppress-below', threshold: 5 }],
    ['suppress-below:10', { policy: 'suppress-below', threshold: 10 }],
    ['SAC', { policy: 'sac' }],
  ])('reads %j', (text, disclosure) => {
    expect(parseDisclosure(text)).toEqual(disclosure);
  });

  it.each(['suppress', 'suppress-below:0', 'suppress-below:x', 'round', ''])('rejects %j', (text) => {
    expect(parseDisclosure(text)).toBeUndefined();
  });
});

describe('primary suppression and rounding', () => {
  it('none publishes every count as recorded, zero included', () => {
    expect([0, 1, 4, 7].map((n) => isSmall(n, { policy: 'none' }))).toEqual([false, false, false, false]);
    expect(shown([def('A', { disclosure: 'none' })], [v('A', 3)])).toEqual({ A: 3 });
  });

  it('suppress-below:N hides counts below N, zero included, and shows N itself', () => {
    const policy = { policy: 'suppress-below', threshold: 5 } as const;
    expect([0, 4, 5, 6].map((n) => isSmall(n, policy))).toEqual([true, true, false, false]);
    expect(shown([def('A', { disclosure: 'suppress-below:5' })], [v('A', 4)])).toEqual({ A: '*' });
    expect(shown([def('A', { disclosure: 'suppress-below:5' })], [v('A', 5)])).toEqual({ A: 5 });
    expect(shown([def('A', { disclosure: 'suppress-below:10' })], [v('A', 9)])).toEqual({ A: '*' });
    expect(shown([def('A', { disclosure: 'suppress-below:5' })], [v('A', 7)])).toEqual({ A: 7 });
  });

  it('sac hides 0 to 4 and rounds every other count to the nearest 5', () => {
    const sac = { policy: 'sac' } as const;
    expect([0, 4, 5].map((n) => isSmall(n, sac))).toEqual([true, true, false]);
    expect([5, 7, 8, 12, 13, 1796, 7860].map((n) => roundCount(n, sac))).toEqual([5, 5, 10, 10, 15, 1795, 7860]);
    expect(shown([def('A')], [v('A', 0)])).toEqual({ A: '*' });
    expect(shown([def('A')], [v('A', 4)])).toEqual({ A: '*' });
    expect(shown([def('A')], [v('A', 7)])).toEqual({ A: 5 });
    expect(shown([def('A')], [v('A', 1713)])).toEqual({ A: 1715 });
  });

  it('sac publishes a percentage worked out from the unrounded counts, and the counts rounded', () => {
    const [figure] = discloseValues([def('P', { unit: 'percent' })], [v('P', 22.8, { numerator: 1796, denominator: 7860 })]);
    expect(figure).toEqual({ measure: 'P', period: '2020-21', value: 22.8, numerator: 1795, denominator: 7860, suppressed: false });
    // From the rounded counts it would be 22.84 → 22.8 here, but 33.3 vs 40 below shows the difference.
    const [small] = discloseValues([def('P', { unit: 'percent' })], [v('P', 33.3, { numerator: 6, denominator: 18 })]);
    expect(small).toEqual({ measure: 'P', period: '2020-21', value: 33.3, numerator: 5, denominator: 20, suppressed: false });
  });

  it('does not treat a percentage, rate or number of days as a count', () => {
    expect(shown([def('D', { unit: 'days' })], [v('D', 2)])).toEqual({ D: 2 });
    expect(shown([def('P', { unit: 'percent' })], [v('P', 3)])).toEqual({ P: 3 });
  });
});

describe('secondary suppression: numerator, percentage and denominator', () => {
  it('hides the percentage and the numerator when the numerator is small, but shows the denominator', () => {
    const [figure] = discloseValues([def('P', { unit: 'percent' })], [v('P', 8.3, { numerator: 3, denominator: 36 })]);
    expect(figure).toEqual({ measure: 'P', period: '2020-21', value: null, numerator: null, denominator: 35, suppressed: true });
  });

  it('hides everything when the denominator is small', () => {
    const [figure] = discloseValues([def('P', { unit: 'percent', disclosure: 'suppress-below:5' })], [v('P', 50, { numerator: 2, denominator: 4 })]);
    expect(figure).toEqual({ measure: 'P', period: '2020-21', value: null, numerator: null, denominator: null, suppressed: true });
  });

  it('hides a rate whose numerator is small, under suppress-below', () => {
    const [figure] = discloseValues([def('R', { unit: 'rate_per_100k', disclosure: 'suppress-below:5' })], [v('R', 4.1, { numerator: 3, denominator: 73000 })]);
    expect(figure).toMatchObject({ value: null, numerator: null, denominator: 73000, suppressed: true });
  });
});

describe('secondary suppression: a total and its parts', () => {
  const sar = [
    def('SAR-REF', { disclosure: 'suppress-below:5' }),
    def('SAR-MET', { disclosure: 'suppress-below:5', partOf: 'SAR-REF' }),
    def('SAR-NOT-MET', { disclosure: 'suppress-below:5', partOf: 'SAR-REF' }),
    def('SAR-AWAITING', { disclosure: 'suppress-below:5', partOf: 'SAR-REF' }),
  ];

  it('hides the smallest shown part when one part alone is suppressed, so the total minus the shown parts gives nothing away', () => {
    const values = [v('SAR-REF', 20), v('SAR-MET', 6), v('SAR-NOT-MET', 11), v('SAR-AWAITING', 3)];
    expect(shown(sar, values)).toEqual({ 'SAR-REF': 20, 'SAR-MET': '*', 'SAR-NOT-MET': 11, 'SAR-AWAITING': '*' });
  });

  it('adds nothing when two parts are already suppressed', () => {
    const values = [v('SAR-REF', 20), v('SAR-MET', 4), v('SAR-NOT-MET', 13), v('SAR-AWAITING', 3)];
    expect(shown(sar, values)).toEqual({ 'SAR-REF': 20, 'SAR-MET': '*', 'SAR-NOT-MET': 13, 'SAR-AWAITING': '*' });
  });

  it('hides the total when the suppressed part is the only part', () => {
    const values = [v('SAR-REF', 20), v('SAR-MET', 2)];
    expect(shown(sar, values)).toEqual({ 'SAR-REF': '*', 'SAR-MET': '*' });
  });

  it('leaves a group alone when nothing in it is suppressed', () => {
    const values = [v('SAR-REF', 20), v('SAR-MET', 6), v('SAR-NOT-MET', 9), v('SAR-AWAITING', 5)];
    expect(shown(sar, values)).toEqual({ 'SAR-REF': 20, 'SAR-MET': 6, 'SAR-NOT-MET': 9, 'SAR-AWAITING': 5 });
  });

  it('works period by period', () => {
    const values = [v('SAR-REF', 20), v('SAR-MET', 3), v('SAR-NOT-MET', 17), { ...v('SAR-REF', 30), period: '2021-22' }, { ...v('SAR-MET', 10), period: '2021-22' }];
    const figures = discloseValues(sar, values).map((f) => `${f.measure} ${f.period} ${f.suppressed ? '*' : f.value}`);
    expect(figures).toEqual(['SAR-REF 2020-21 20', 'SAR-MET 2020-21 *', 'SAR-NOT-MET 2020-21 *', 'SAR-REF 2021-22 30', 'SAR-MET 2021-22 10']);
  });

  it('carries suppression down a hierarchy: hiding a part that is itself a total exposes its own parts', () => {
    const defs = [def('T', { disclosure: 'suppress-below:5' }), def('A', { disclosure: 'suppress-below:5', partOf: 'T' }), def('B', { disclosure: 'suppress-below:5', partOf: 'T' }), def('B1', { disclosure: 'suppress-below:5', partOf: 'B' }), def('B2', { disclosure: 'suppress-below:5', partOf: 'B' })];
    // A is small, so B (the smallest shown part of T) is hidden too; then B1 and B2 would give B away.
    const values = [v('T', 40), v('A', 2), v('B', 12), v('B1', 7), v('B2', 5)];
    expect(shown(defs, values)).toEqual({ T: 40, A: '*', B: '*', B1: 7, B2: '*' });
  });
});

describe('publishMeasures', () => {
  const measures: Measures = {
    definitions: [
      { file: 'measures/definitions/ASC1.json', definition: def('ASC1', { kind: 'kpi', unit: 'percent', polarity: 'higher', target: 90, floor: 80, frequency: 'quarter', disclosure: 'suppress-below:5' }) },
      { file: 'measures/definitions/SG-CONCERNS.json', definition: def('SG-CONCERNS') },
    ],
    values: [
      { measure: 'ASC1', period: '2020-21 Q4', value: 92.5, numerator: 37, denominator: 40, file: 'x.csv', row: 3 },
      { measure: 'ASC1', period: '2020-21 Q3', value: 75, numerator: 3, denominator: 4, file: 'x.csv', row: 2 },
      { measure: 'ASC1', period: '2021-22 Q1', value: 85, numerator: 34, denominator: 40, file: 'x.csv', row: 4 },
      { measure: 'SG-CONCERNS', period: '2020-21', value: 6123, file: 'x.csv', row: 5 },
    ],
  };

  it('gives exactly the /api/measures/ID.json shape, periods as imported, oldest first, suppressed values as null with no RAG', () => {
    expect(publishedMeasure(measures, 'ASC1')).toEqual({
      id: 'ASC1',
      name: 'Measure ASC1',
      kind: 'kpi',
      unit: 'percent',
      polarity: 'higher',
      target: 90,
      floor: 80,
      frequency: 'quarter',
      disclosure: 'suppress-below:5',
      values: [
        { period: '2020-21 Q3', value: null, numerator: null, denominator: null, rag: null, suppressed: true },
        { period: '2020-21 Q4', value: 92.5, numerator: 37, denominator: 40, rag: 'green', suppressed: false },
        { period: '2021-22 Q1', value: 85, numerator: 34, denominator: 40, rag: 'amber', suppressed: false },
      ],
    });
  });

  it('publishes nulls for an activity measure with no target, and rounds under sac', () => {
    expect(publishedMeasure(measures, 'SG-CONCERNS')).toEqual({
      id: 'SG-CONCERNS',
      name: 'Measure SG-CONCERNS',
      kind: 'activity',
      unit: 'count',
      polarity: null,
      target: null,
      floor: null,
      frequency: 'year',
      disclosure: 'sac',
      values: [{ period: '2020-21', value: 6125, numerator: null, denominator: null, rag: null, suppressed: false }],
    });
  });

  it('lists every measure with its latest period, value and RAG for /api/measures.json', () => {
    expect(measureList(publishMeasures(measures)).map(({ id, period, value, rag, suppressed }) => ({ id, period, value, rag, suppressed }))).toEqual([
      { id: 'ASC1', period: '2021-22 Q1', value: 85, rag: 'amber', suppressed: false },
      { id: 'SG-CONCERNS', period: '2020-21', value: 6125, rag: null, suppressed: false },
    ]);
  });

  it('works out change on the previous period from published figures only', () => {
    const asc1 = publishedMeasure(measures, 'ASC1')!;
    expect(changeSince(asc1, '2021-22 Q1', 'previous')).toEqual({ period: '2020-21 Q4', from: 92.5, change: -7.5, direction: 'down', judgement: 'worse', arrow: '↓' });
    // A year earlier was suppressed: no change is shown, which would reveal it.
    expect(changeSince(asc1, '2021-22 Q1', 'year')).toBeUndefined();
    expect(changeSince(asc1, '2020-21 Q4', 'previous')).toBeUndefined();
  });

  it('writes the CSV download with suppressed figures as *, never the recorded ones', () => {
    expect(publishedMeasureCsv(publishedMeasure(measures, 'ASC1')!)).toBe(
      ['measure,period,value,numerator,denominator,rag', 'ASC1,2020-21 Q3,*,*,*,', 'ASC1,2020-21 Q4,92.5,37,40,green', 'ASC1,2021-22 Q1,85,34,40,amber', ''].join('\n'),
    );
    expect(publishedMeasureCsv(publishedMeasure(measures, 'SG-CONCERNS')!)).toBe(['measure,period,value,numerator,denominator,rag', 'SG-CONCERNS,2020-21,6125,,,', ''].join('\n'));
  });
});
