/**
 * Key risk indicators: a risk watches a measure, and is flagged for review when the measure's
 * latest figure goes past a threshold, e.g. DoLS applications above 1,800 a quarter.
 */
import type { Measures } from './load.ts';
import { comparePeriods } from './periods.ts';
import type { PublishedMeasure } from './publish.ts';
import type { KeyRiskIndicator } from './schema.ts';
import { sentenceCase } from '../words.ts';

export interface IndicatorResult {
  indicator: KeyRiskIndicator;
  /** False when the measure has no figures yet (or is unknown). */
  evaluated: boolean;
  breached: boolean;
  /** The latest period, which triggered the breach when there is one. */
  period: string | null;
  /** The published figure (rounded under `sac`) the breach was judged on; null when it is suppressed. */
  value: number | null;
  /** The latest figure is withheld by disclosure control, so no breach is reported on it. */
  suppressed: boolean;
}

/** Whether a value is past the threshold. On the threshold is not a breach. */
export function isBreach(value: number, indicator: Pick<KeyRiskIndicator, 'threshold' | 'direction'>): boolean {
  return indicator.direction === 'above' ? value > indicator.threshold : value < indicator.threshold;
}

/**
 * Evaluates one indicator against the measure's latest figure as published. `measures` gives the
 * periods; `published` the figures after disclosure control. Judging on the published figure keeps
 * what is withheld withheld: a breach of a suppressed figure would tell which side of the
 * threshold it lies (a count shown as * "above 3" is a 4), and an unrounded 1,802 "above 1,800"
 * beside its published 1,800 would both contradict the page and narrow the rounding.
 */
export function evaluateIndicator(indicator: KeyRiskIndicator, measures: Measures, published: readonly PublishedMeasure[]): IndicatorResult {
  const frequency = measures.definitions.find((e) => e.definition.id === indicator.measure)?.definition.frequency;
  const latest = measures.values
    .filter((v) => v.measure === indicator.measure)
    .sort((a, b) => comparePeriods(a.period, b.period, frequency))
    .at(-1);
  if (frequency === undefined || latest === undefined) {
    return { indicator, evaluated: false, breached: false, period: null, value: null, suppressed: false };
  }
  const shown = published.find((m) => m.id === indicator.measure)?.values.find((v) => v.period === latest.period);
  const value = shown === undefined || shown.suppressed ? null : shown.value;
  return {
    indicator,
    evaluated: true,
    breached: value !== null && isBreach(value, indicator),
    period: latest.period,
    value,
    suppressed: value === null,
  };
}

/** Every indicator of a risk, evaluated; the breached ones are what a "risks to review" list shows. */
export function evaluateIndicators(indicators: readonly KeyRiskIndicator[] | undefined, measures: Measures, published: readonly PublishedMeasure[]): IndicatorResult[] {
  return (indicators ?? []).map((kri) => evaluateIndicator(kri, measures, published));
}

/** `DoLS applications received: 1,905 in 2020-21 Q3, above the threshold of 1,800`. */
export function describeBreach(result: IndicatorResult, measureName: string, unitSuffix = ''): string {
  const n = (x: number): string => x.toLocaleString('en-GB');
  const shown = result.value === null ? 'no published figure' : `${n(result.value)}${unitSuffix}`;
  return `${measureName}: ${shown} in ${result.period ?? 'no period'}, ${result.indicator.direction} the threshold of ${n(result.indicator.threshold)}${unitSuffix}`;
}

/** `above 7,500`, `below 80%`: when an indicator flags its risk for review. */
export function thresholdText(indicator: Pick<KeyRiskIndicator, 'threshold' | 'direction'>, unitSuffix = ''): string {
  return `${indicator.direction} ${indicator.threshold.toLocaleString('en-GB')}${unitSuffix}`;
}

/** An indicator as a risk page's table reads it. */
export interface IndicatorSummary {
  /** `Above 7,500`. */
  threshold: string;
  /** `7,860 in 2025-26`; `Withheld in 2025-26` for a suppressed figure; `No figures yet`. */
  latest: string;
  /** What the latest figure means for the risk. */
  status: 'Breached' | 'Within threshold' | 'Not judged: figure withheld' | 'Not judged: no figures';
}

/** Every indicator of a risk in words, breached or not: what it watches, its latest figure and what that means. */
export function summariseIndicator(result: IndicatorResult, unitSuffix = ''): IndicatorSummary {
  const summary = { threshold: sentenceCase(thresholdText(result.indicator, unitSuffix)) };
  if (!result.evaluated) return { ...summary, latest: 'No figures yet', status: 'Not judged: no figures' };
  if (result.value === null) return { ...summary, latest: `Withheld in ${result.period}`, status: 'Not judged: figure withheld' };
  return {
    ...summary,
    latest: `${result.value.toLocaleString('en-GB')}${unitSuffix} in ${result.period}`,
    status: result.breached ? 'Breached' : 'Within threshold',
  };
}
