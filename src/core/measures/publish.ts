/**
 * Measures as they are published: disclosure control applied, RAG computed. Pages, JSON, CSV and
 * chart data should all be made from these, so a suppressed or unrounded figure cannot slip out.
 */
import Papa from 'papaparse';
import { discloseValues, type PublishedFigure } from './disclosure.ts';
import type { Measures } from './load.ts';
import { comparePeriods, previousPeriod, samePeriodYearEarlier, type Frequency } from './periods.ts';
import { figureToJudge, rag, type Rag } from './rag.ts';
import type { MeasureDefinition, MeasureKind, MeasureUnit, MeasureValue, Polarity } from './schema.ts';

export interface PublishedValue {
  /** Exactly as imported, e.g. `2020-21 Q3`. */
  period: string;
  /** Null when suppressed. Counts are rounded under `sac`. */
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** Null with no target, or when the value is suppressed. Judged on the unrounded figure (figureToJudge). */
  rag: Rag | null;
  suppressed: boolean;
}

/** What a measure is, as every published form of it starts. */
export interface MeasureHeader {
  id: string;
  name: string;
  kind: MeasureKind;
  unit: MeasureUnit;
  polarity: Polarity | null;
  target: number | null;
  floor: number | null;
  frequency: Frequency;
  disclosure: string;
}

/** `/api/measures/ID.json`. */
export interface PublishedMeasure extends MeasureHeader {
  /** Oldest first. */
  values: PublishedValue[];
}

/** One entry of `/api/measures.json`: a measure with its latest period, value and RAG. */
export interface MeasureListEntry extends MeasureHeader {
  /** The latest period with a figure, or null when there is none yet. */
  period: string | null;
  value: number | null;
  rag: Rag | null;
  suppressed: boolean;
}

/** Every measure, published, in id order. */
export function publishMeasures(measures: Measures): PublishedMeasure[] {
  const definitions = measures.definitions.map((e) => e.definition);
  // Only figures with a definition, so each published figure is at the index of its source: the
  // status is judged on the source's counts, which publication may round or hide.
  const ids = new Set(definitions.map((d) => d.id));
  const sources = measures.values.filter((v) => ids.has(v.measure));
  const byMeasure = new Map<string, { shown: PublishedFigure; source: MeasureValue }[]>();
  discloseValues(definitions, sources).forEach((shown, i) => {
    const list = byMeasure.get(shown.measure) ?? [];
    list.push({ shown, source: sources[i]! });
    byMeasure.set(shown.measure, list);
  });
  return [...definitions]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((d) => ({
      ...header(d),
      values: (byMeasure.get(d.id) ?? [])
        .sort((a, b) => comparePeriods(a.shown.period, b.shown.period, d.frequency))
        .map(({ shown, source }) => ({
          period: shown.period,
          value: shown.value,
          numerator: shown.numerator,
          denominator: shown.denominator,
          rag: shown.suppressed ? null : rag(figureToJudge(source, d.unit), d),
          suppressed: shown.suppressed,
        })),
    }));
}

/** `/api/measures/ID.json`, or undefined for an unknown id. */
export function publishedMeasure(measures: Measures, id: string): PublishedMeasure | undefined {
  return publishMeasures(measures).find((m) => m.id === id);
}

/** `/api/measures.json`. */
export function measureList(published: readonly PublishedMeasure[]): MeasureListEntry[] {
  return published.map(({ values, ...measure }) => {
    const latest = values.at(-1);
    return {
      ...measure,
      period: latest?.period ?? null,
      value: latest?.value ?? null,
      rag: latest?.rag ?? null,
      suppressed: latest?.suppressed ?? false,
    };
  });
}

function header(d: MeasureDefinition): MeasureHeader {
  return {
    id: d.id,
    name: d.name,
    kind: d.kind,
    unit: d.unit,
    polarity: d.polarity ?? null,
    target: d.target ?? null,
    floor: d.floor ?? null,
    frequency: d.frequency,
    disclosure: d.disclosure,
  };
}

/** How a figure moved since an earlier one, in arrows and words, from published figures only. */
export interface Change {
  /** The earlier period compared with. */
  period: string;
  /** The earlier published value. */
  from: number;
  /** Latest minus earlier. */
  change: number;
  direction: 'up' | 'down' | 'same';
  /** Judged by polarity; null when the measure has none. */
  judgement: 'better' | 'worse' | 'same' | null;
  arrow: '↑' | '↓' | '→';
}

/**
 * The change on the previous period (`previous`) or on the same period a year earlier (`year`), for
 * the value of `period`. Undefined when either figure is missing or suppressed: a difference of a
 * suppressed figure would reveal it.
 */
export function changeSince(measure: PublishedMeasure, period: string, against: 'previous' | 'year'): Change | undefined {
  const earlierPeriod = against === 'previous' ? previousPeriod(period, measure.frequency) : samePeriodYearEarlier(period, measure.frequency);
  const now = measure.values.find((v) => v.period === period);
  const then = measure.values.find((v) => v.period === earlierPeriod);
  if (earlierPeriod === undefined || now?.value == null || then?.value == null) return undefined;
  const change = Math.round((now.value - then.value) * 1000) / 1000;
  const direction = change > 0 ? 'up' : change < 0 ? 'down' : 'same';
  const judgement = direction === 'same' ? 'same' : measure.polarity === null ? null : (direction === 'up') === (measure.polarity === 'higher') ? 'better' : 'worse';
  return { period: earlierPeriod, from: then.value, change, direction, judgement, arrow: direction === 'up' ? '↑' : direction === 'down' ? '↓' : '→' };
}

/** The columns of a published measure's CSV download. */
export const PUBLISHED_CSV_COLUMNS = ['measure', 'period', 'value', 'numerator', 'denominator', 'rag'] as const;

/**
 * A published measure as a CSV download: suppressed figures written `*`, as UK statistics show
 * them. A numerator or denominator the measure does not record is left blank.
 */
export function publishedMeasureCsv(measure: PublishedMeasure): string {
  const ratio = measure.unit === 'percent' || measure.unit === 'rate_per_100k';
  const cell = (n: number | null, suppressed: boolean): string => (n !== null ? String(n) : suppressed ? '*' : '');
  const rows = measure.values.map((v) => [
    measure.id,
    v.period,
    cell(v.value, v.suppressed),
    cell(v.numerator, v.suppressed && ratio),
    cell(v.denominator, v.suppressed && ratio),
    v.rag ?? '',
  ]);
  return `${Papa.unparse({ fields: [...PUBLISHED_CSV_COLUMNS], data: rows }, { newline: '\n' })}\n`;
}
