/**
 * Measures as the pages print them, worked out once per build: published figures only
 * (disclosure control applied, RAG computed), and the key risk indicators each published risk
 * has breached. Nothing here reads an unrounded figure into a page: `published` is all a page gets.
 *
 * The data are loaded here rather than through `siteData()`, so measure pages do not depend on
 * how the register pages load theirs; `siteData()` (called by every page's layout) still stops
 * the build when the data are invalid.
 */
import { readDataDir } from '../core/data/read-dir.ts';
import { loadWorkspace } from '../core/data/load.ts';
import type { Workspace } from '../core/data/workspace.ts';
import { changeSince, measureList, publishMeasures, type Change, type MeasureHeader, type MeasureListEntry, type PublishedMeasure, type PublishedValue } from '../core/measures/publish.ts';
import { describeBreach, evaluateIndicators, summariseIndicator, type IndicatorResult, type IndicatorSummary } from '../core/measures/indicators.ts';
import { describePeriod, formatPeriod, parsePeriod, periodIndex, shiftPeriod } from '../core/measures/periods.ts';
import { ragLabel, type Rag } from '../core/measures/rag.ts';
import type { Measures } from '../core/measures/load.ts';
import type { MeasureUnit } from '../core/measures/schema.ts';
import { includeRestricted, pagesDataDir } from '../node/config.ts';
import { handedOverBuildInputs } from '../node/build-inputs.ts';

/** A key risk indicator a risk has breached, with the figure and period that breached it. */
export interface Breach {
  riskId: string;
  riskTitle: string;
  registerId: string;
  registerName: string;
  measureId: string;
  measureName: string;
  result: IndicatorResult;
  /** `Safeguarding concerns received: 7,860 in 2025-26, above the threshold of 7,500`. */
  text: string;
}

/** One key risk indicator of a risk, breached or not, as its page lists it. */
export interface RiskIndicator {
  measureId: string;
  measureName: string;
  summary: IndicatorSummary;
}

export interface MeasuresData {
  /** Every measure as published, in id order. */
  published: PublishedMeasure[];
  /** `/api/measures.json`. */
  list: MeasureListEntry[];
  /** Breaches of open risks in the published registers, by register then risk. */
  breaches: Breach[];
  /** Each measure as published, by id. */
  byId: Map<string, PublishedMeasure>;
  /** Technical notes of each measure, by id. */
  notes: Map<string, string | undefined>;
  /** The total each measure is part of, by id. */
  partOf: Map<string, string | undefined>;
  /** Every breach of one risk (open or not), in any published register. */
  breachesOf: (riskId: string) => Breach[];
  /** Every key risk indicator of one risk in a published register, in the risk's order. */
  indicatorsOf: (riskId: string) => RiskIndicator[];
}

let cached: MeasuresData | undefined;

export function measuresData(): MeasuresData {
  cached ??= load();
  return cached;
}

function load(): MeasuresData {
  const dir = pagesDataDir();
  const workspace = handedOverBuildInputs(dir)?.workspace ?? loadWorkspace(readDataDir(dir)).workspace;
  return measuresFromWorkspace(workspace, includeRestricted());
}

/** The measures data of a workspace; exported for tests. */
export function measuresFromWorkspace(workspace: Workspace, withRestricted: boolean): MeasuresData {
  const measures: Measures = workspace.measures;
  const published = publishMeasures(measures);
  const byId = new Map(published.map((m) => [m.id, m]));
  const all: { breach: Breach; open: boolean }[] = [];
  const indicators = new Map<string, RiskIndicator[]>();
  for (const entry of workspace.registers) {
    if (!withRestricted && entry.register.classification !== 'unrestricted') continue;
    for (const { risk } of entry.risks) {
      const rows: RiskIndicator[] = [];
      for (const result of evaluateIndicators(risk.keyRiskIndicators, measures, published)) {
        const measure = byId.get(result.indicator.measure);
        const measureName = measure?.name ?? result.indicator.measure;
        const suffix = unitSuffix(measure?.unit);
        rows.push({ measureId: result.indicator.measure, measureName, summary: summariseIndicator(result, suffix) });
        if (!result.breached) continue;
        all.push({
          open: risk.status === 'open',
          breach: {
            riskId: risk.id,
            riskTitle: risk.title,
            registerId: entry.register.id,
            registerName: entry.register.name,
            measureId: result.indicator.measure,
            measureName,
            result,
            text: describeBreach(result, measureName, suffix),
          },
        });
      }
      if (rows.length > 0) indicators.set(risk.id, rows);
    }
  }
  return {
    published,
    list: measureList(published),
    byId,
    notes: new Map(measures.definitions.map((e) => [e.definition.id, e.definition.notes])),
    partOf: new Map(measures.definitions.map((e) => [e.definition.id, e.definition.partOf])),
    breaches: all.filter((b) => b.open).map((b) => b.breach),
    breachesOf: (riskId) => all.filter((b) => b.breach.riskId === riskId).map((b) => b.breach),
    indicatorsOf: (riskId) => indicators.get(riskId) ?? [],
  };
}

/** `%` for a percentage, ` days`, ` per 100,000`; nothing for a count, or for a measure not published (no unit). */
export function unitSuffix(unit: MeasureUnit | undefined): string {
  if (unit === undefined) return '';
  switch (unit) {
    case 'percent':
      return '%';
    case 'days':
      return ' days';
    case 'rate_per_100k':
      return ' per 100,000';
    case 'count':
      return '';
  }
}

/** A published figure in words: `1,698`, `91.5%`, `2.2 days`; `*` when suppressed. Never called with an unpublished figure. */
export function formatFigure(value: number | null, unit: MeasureUnit): string {
  if (value === null) return '*';
  return `${value.toLocaleString('en-GB', { maximumFractionDigits: 3 })}${unitSuffix(unit)}`;
}

/**
 * A figure's status in words: `Green`, `Amber` or `Red`; `Withheld` when the figure is suppressed,
 * as a status would tell which side of the target it lies; `No target` only for a measure without one.
 */
export function ragText(figure: Pick<PublishedValue, 'rag' | 'suppressed'> | undefined, measure: Pick<MeasureHeader, 'target'>): string {
  if (figure?.rag != null) return ragLabel(figure.rag);
  if (measure.target === null) return 'No target';
  return figure?.suppressed === true ? 'Withheld' : 'No figure';
}

/** GOV.UK tag colour for a RAG status; the word is always shown with it. */
export function ragTagClass(status: Rag | null): string {
  return status === null ? 'govuk-tag govuk-tag--grey' : `govuk-tag govuk-tag--${status === 'amber' ? 'yellow' : status}`;
}

/** A change in words, e.g. `up 45 on 2024-25 (worse)`; the arrow is shown beside it, hidden from screen readers. */
export function describeChange(change: Change | undefined, unit: MeasureUnit): string {
  if (change === undefined) return 'No comparison';
  if (change.direction === 'same') return `no change on ${change.period}`;
  const amount = formatFigure(Math.abs(change.change), unit === 'percent' ? 'count' : unit);
  const points = unit === 'percent' ? ' percentage points' : '';
  return `${change.direction} ${amount}${points} on ${change.period}${change.judgement === null ? '' : ` (${change.judgement})`}`;
}

/** One row of a measures dashboard: the latest figure and how it moved. */
export interface DashboardRow {
  measure: PublishedMeasure;
  latest: PublishedValue | undefined;
  previous: Change | undefined;
  /** False for a measure reported yearly, whose previous period is the one a year earlier: the change is shown once. */
  yearApplies: boolean;
  /** Undefined when it does not apply, or a figure is missing or withheld. */
  year: Change | undefined;
}

/** In the cell of the change on a year earlier, for a measure reported yearly. */
export const YEAR_CHANGE_NOT_APPLICABLE = 'Not applicable: reported yearly';

export function dashboardRow(measure: PublishedMeasure): DashboardRow {
  const latest = measure.values.at(-1);
  const yearApplies = measure.frequency !== 'year';
  return {
    measure,
    latest,
    previous: latest === undefined ? undefined : changeSince(measure, latest.period, 'previous'),
    yearApplies,
    year: latest === undefined || !yearApplies ? undefined : changeSince(measure, latest.period, 'year'),
  };
}

/** One row of a trend table: a period, and its published figure or undefined when none was recorded. */
export interface TrendRow {
  period: string;
  figure: PublishedValue | undefined;
}

/**
 * Every period from the first figure to the last, a period without one included, so the table
 * says it was not recorded and the chart drawn from the table breaks there instead of joining
 * the periods either side as if they were adjacent.
 */
export function trendRows(measure: PublishedMeasure): TrendRow[] {
  const rows = measure.values.map((figure) => ({ period: figure.period, figure, at: parsePeriod(figure.period, measure.frequency) }));
  const first = rows[0]?.at;
  const last = rows.at(-1)?.at;
  // Published periods have passed the data checks, so they parse; were one not to, the figures are listed as they are.
  if (first === undefined || last === undefined || rows.some((row) => row.at === undefined)) return rows.map(({ period, figure }) => ({ period, figure }));
  const byIndex = new Map(rows.map(({ period, figure, at }) => [periodIndex(at!), { period, figure }]));
  return Array.from({ length: periodIndex(last) - periodIndex(first) + 1 }, (_, i) => {
    const period = shiftPeriod(first, i);
    return byIndex.get(periodIndex(period)) ?? { period: formatPeriod(period), figure: undefined };
  });
}

/** The safeguarding dashboard's sections: measures by id prefix, as the sample data names them. */
export const SAFEGUARDING_SECTIONS: { heading: string; prefix: string }[] = [
  { heading: 'Concerns and Section 42 enquiries', prefix: 'SG-' },
  { heading: 'Deprivation of Liberty Safeguards', prefix: 'DOLS-' },
  { heading: 'Safeguarding Adults Reviews', prefix: 'SAR-' },
  { heading: 'Domestic Homicide Reviews', prefix: 'DHR-' },
];

export function periodInWords(period: string, measure: PublishedMeasure): string {
  return describePeriod(period, measure.frequency);
}

export const FREQUENCY_WORDS = { month: 'Monthly', quarter: 'Quarterly', year: 'Yearly (financial year)' } as const;
export const UNIT_WORDS: Record<MeasureUnit, string> = { percent: 'Percentage', count: 'Count', rate_per_100k: 'Rate per 100,000 people', days: 'Days' };

const base = import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`;
export const measuresUrl = (): string => `${base}measures/`;
export const safeguardingUrl = (): string => `${base}safeguarding/`;
export const measureUrl = (id: string): string => `${base}measures/${id}/`;
export const measureCsvUrl = (id: string): string => `${base}measures/${id}.csv`;
export const measureJsonUrl = (id: string): string => `${base}api/measures/${id}.json`;
export const measuresJsonUrl = (): string => `${base}api/measures.json`;
