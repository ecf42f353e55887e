import { describe, expect, it } from 'vitest';
import { describeBreach, evaluateIndicator, evaluateIndicators, isBreach, summariseIndicator, thresholdText } from '../../src/core/measures/indicators.ts';
import type { Measures } from '../../src/core/measures/load.ts';
import { publishMeasures } from '../../src/core/measures/publish.ts';
import { KeyRiskIndicatorSchema, type MeasureDefinition } from '../../src/core/measures/schema.ts';

const dols: MeasureDefinition = { id: 'DOLS-APP', name: 'DoLS applications received', kind: 'activity', unit: 'count', frequency: 'quarter', disclosure: 'sac' };
const sar: MeasureDefinition = { id: 'SAR-REF', name: 'SAR referrals', kind: 'activity', unit: 'count', frequency: 'year', disclosure: 'sac' };

function measuresWith(latest: number): Measures {
  return {
    definitions: [
      { definition: dols, file: 'measures/definitions/DOLS-APP.json' },
      { definition: sar, file: 'measures/definitions/SAR-REF.json' },
    ],
    values: [
      // Out of order on purpose: the latest is found by period, not by position.
      { measure: 'DOLS-APP', period: '2026-27 Q2', value: latest, file: 'v.csv', row: 2 },
      { measure: 'DOLS-APP', period: '2025-26 Q4', value: 2400, file: 'v.csv', row: 3 },
      { measure: 'DOLS-APP', period: '2026-27 Q1', value: 1700, file: 'v.csv', row: 4 },
      { measure: 'SAR-REF', period: '2025-26', value: 3, file: 'v.csv', row: 5 },
    ],
  };
}

const above1800 = { measure: 'DOLS-APP', threshold: 1800, direction: 'above' } as const;

describe('isBreach', () => {
  it.each([
    [1801, 'above', true],
    [1800, 'above', false], // on the threshold
    [1799, 'above', false],
    [79, 'below', true],
    [80, 'below', false], // on the threshold
    [81, 'below', false],
  ] as const)('%d %s the threshold is a breach: %s', (value, direction, breached) => {
    expect(isBreach(value, { threshold: direction === 'above' ? 1800 : 80, direction })).toBe(breached);
  });
});

describe('evaluateIndicator', () => {
  it('flags a breach on the latest period, with the published value and period that triggered it', () => {
    const measures = measuresWith(1903);
    const result = evaluateIndicator(above1800, measures, publishMeasures(measures));
    expect(result).toEqual({ indicator: above1800, evaluated: true, breached: true, period: '2026-27 Q2', value: 1905, suppressed: false });
    expect(describeBreach(result, dols.name)).toBe('DoLS applications received: 1,905 in 2026-27 Q2, above the threshold of 1,800');
  });

  it('judges on the published figure: 1,802 is published as 1,800, which is not past 1,800', () => {
    const measures = measuresWith(1802);
    expect(evaluateIndicator(above1800, measures, publishMeasures(measures))).toMatchObject({ breached: false, value: 1800 });
    const rounded = measuresWith(1803);
    expect(evaluateIndicator(above1800, rounded, publishMeasures(rounded))).toMatchObject({ breached: true, value: 1805 });
  });

  it('does not flag the latest period on the threshold, even when an earlier one was past it', () => {
    const measures = measuresWith(1800);
    expect(evaluateIndicator(above1800, measures, publishMeasures(measures))).toMatchObject({ breached: false, period: '2026-27 Q2' });
  });

  it('reports no breach on a suppressed figure, which would tell which side of the threshold it lies', () => {
    const measures = measuresWith(1700);
    // SAR referrals of 3 are shown as *: "below 5" would say so, and "above 2" would narrow it to 3 or 4.
    for (const kri of [{ measure: 'SAR-REF', threshold: 5, direction: 'below' }, { measure: 'SAR-REF', threshold: 2, direction: 'above' }] as const) {
      expect(evaluateIndicator(kri, measures, publishMeasures(measures))).toEqual({ indicator: kri, evaluated: true, breached: false, period: '2025-26', value: null, suppressed: true });
    }
  });

  it('is not evaluated for a measure without figures', () => {
    const measures = measuresWith(1700);
    const results = evaluateIndicators([{ measure: 'NOPE', threshold: 1, direction: 'above' }, above1800], measures, publishMeasures(measures));
    expect(results.map((r) => [r.evaluated, r.breached])).toEqual([
      [false, false],
      [true, false],
    ]);
  });
});

describe('summariseIndicator', () => {
  it('words every indicator of a risk, breached or not, as the risk page lists it', () => {
    const measures = measuresWith(1903);
    const published = publishMeasures(measures);
    const summary = (kri: Parameters<typeof evaluateIndicator>[0], unit = '') => summariseIndicator(evaluateIndicator(kri, measures, published), unit);
    expect(summary(above1800)).toEqual({ threshold: 'Above 1,800', latest: '1,905 in 2026-27 Q2', status: 'Breached' });
    expect(summary({ measure: 'DOLS-APP', threshold: 2000, direction: 'above' })).toEqual({ threshold: 'Above 2,000', latest: '1,905 in 2026-27 Q2', status: 'Within threshold' });
    // The withheld figure is not shown, nor judged: either would tell which side of 5 it lies.
    expect(summary({ measure: 'SAR-REF', threshold: 5, direction: 'below' })).toEqual({ threshold: 'Below 5', latest: 'Withheld in 2025-26', status: 'Not judged: figure withheld' });
    expect(summary({ measure: 'NOPE', threshold: 80, direction: 'below' }, '%')).toEqual({ threshold: 'Below 80%', latest: 'No figures yet', status: 'Not judged: no figures' });
  });

  it('gives the threshold with its unit: above 7,500, below 5 days', () => {
    expect(thresholdText({ threshold: 7500, direction: 'above' })).toBe('above 7,500');
    expect(thresholdText({ threshold: 5, direction: 'below' }, ' days')).toBe('below 5 days');
  });
});

describe('KeyRiskIndicatorSchema', () => {
  it('accepts a measure, threshold and direction, and nothing else', () => {
    expect(KeyRiskIndicatorSchema.safeParse(above1800).success).toBe(true);
    expect(KeyRiskIndicatorSchema.safeParse({ ...above1800, direction: 'over' }).error?.issues[0]?.message).toBe('must be one of: above, below');
    expect(KeyRiskIndicatorSchema.safeParse({ ...above1800, extra: 1 }).success).toBe(false);
  });
});
