/**
 * Checks across measures: what one definition alone cannot say is wrong. Each finding names the
 * measure and field (or the value) so the caller can place it in a JSON file or a CSV row.
 */
import { isoDay } from '../dates.ts';
import type { Severity } from '../problems.ts';
import { describePeriod, parsePeriod, periodMonths, type Frequency } from './periods.ts';
import { MEASURE_UNITS, type MeasureDefinition, type MeasureValue } from './schema.ts';

export interface DefinitionFinding {
  measure: string;
  field: keyof MeasureDefinition;
  message: string;
  severity: Severity;
}

export function checkDefinitions(definitions: readonly MeasureDefinition[]): DefinitionFinding[] {
  const findings: DefinitionFinding[] = [];
  const byId = new Map(definitions.map((d) => [d.id, d]));
  const add = (d: MeasureDefinition, field: keyof MeasureDefinition, message: string): void => {
    findings.push({ measure: d.id, field, message, severity: 'error' });
  };
  for (const d of definitions) {
    if (d.kind === 'kpi') {
      if (d.target === undefined) add(d, 'target', 'a kpi needs a target: give it, or make the measure an activity measure');
      if (d.floor === undefined) add(d, 'floor', 'a kpi needs a floor, the point below which it is red: give it (the same as the target for no amber)');
      if (d.polarity === undefined) add(d, 'polarity', 'a kpi needs a polarity: higher or lower, whichever is better');
    } else {
      if (d.target !== undefined) add(d, 'target', 'an activity measure has no target: remove it, or make the measure a kpi');
      if (d.floor !== undefined) add(d, 'floor', 'an activity measure has no floor: remove it, or make the measure a kpi');
    }
    if (d.target !== undefined && d.floor !== undefined && d.polarity !== undefined) {
      const wrongSide = d.polarity === 'higher' ? d.floor > d.target : d.floor < d.target;
      if (wrongSide) {
        add(d, 'floor', `the floor (${d.floor}) is better than the target (${d.target}), but ${d.polarity} is better: the floor must be ${d.polarity === 'higher' ? 'at or below' : 'at or above'} the target`);
      }
    }
    if (d.unit === 'percent') {
      for (const field of ['target', 'floor'] as const) {
        const v = d[field];
        if (v !== undefined && (v < 0 || v > 100)) add(d, field, `${v} must be a percentage from 0 to 100`);
      }
    }
    if (d.partOf !== undefined) {
      const total = byId.get(d.partOf);
      if (d.partOf === d.id) add(d, 'partOf', 'a measure cannot be part of itself: name the measure that is its total');
      else if (total === undefined) add(d, 'partOf', `no measure has the id ${d.partOf}: correct it or remove it`);
      else {
        if (d.unit !== 'count' || total.unit !== 'count') add(d, 'partOf', `only counts can be parts of a total, but ${d.unit !== 'count' ? d.id : total.id} is a ${unitWord(d.unit !== 'count' ? d.unit : total.unit)}`);
        if (total.frequency !== d.frequency) add(d, 'partOf', `${total.id} is reported every ${total.frequency} but ${d.id} every ${d.frequency}: a part must be reported as often as its total`);
        if (inCycle(d, byId)) add(d, 'partOf', `${d.id} is part of ${d.partOf}, which is (through its own totals) part of ${d.id}: break the loop`);
      }
    }
  }
  return findings;
}

function unitWord(unit: (typeof MEASURE_UNITS)[number]): string {
  return { percent: 'percentage', count: 'count', rate_per_100k: 'rate per 100,000', days: 'number of days' }[unit];
}

function inCycle(start: MeasureDefinition, byId: ReadonlyMap<string, MeasureDefinition>): boolean {
  const seen = new Set<string>([start.id]);
  for (let next = start.partOf; next !== undefined; next = byId.get(next)?.partOf) {
    if (next === start.id) return true;
    if (seen.has(next)) return false;
    seen.add(next);
  }
  return false;
}

export interface ValueFinding<V extends MeasureValue> {
  value: V;
  column: 'value';
  message: string;
}

/** A part larger than its total for the same period cannot be right. */
export function checkParts<V extends MeasureValue>(definitions: readonly MeasureDefinition[], values: readonly V[]): ValueFinding<V>[] {
  const byId = new Map(definitions.map((d) => [d.id, d]));
  const lookup = new Map(values.map((v) => [`${v.measure}\u0000${v.period}`, v]));
  const findings: ValueFinding<V>[] = [];
  for (const v of values) {
    const total = byId.get(v.measure)?.partOf;
    if (total === undefined) continue;
    const t = lookup.get(`${total}\u0000${v.period}`);
    if (t !== undefined && v.value > t.value) {
      findings.push({ value: v, column: 'value', message: `${v.value} is more than ${total}'s ${t.value} for ${v.period}, of which it is a part: correct one of them` });
    }
  }
  return findings;
}

/** A figure for a period that has not begun yet is a typing mistake: e.g. 2062-63 for 2026-27. */
export function futurePeriodMessage(period: string, frequency: Frequency, now: Date): string | undefined {
  const parsed = parsePeriod(period, frequency);
  if (parsed === undefined) return undefined;
  const first = periodMonths(parsed).first;
  if (first <= isoDay(now).slice(0, 7)) return undefined;
  return `${period} (${describePeriod(period, frequency)}) has not begun yet: correct the period`;
}
