/**
 * Reporting periods as councils write them, and the arithmetic dashboards need.
 *
 *   2020-21 Q3   a quarter of a UK financial year (April to March): Q1 is April to June,
 *                Q3 October to December 2020, Q4 January to March 2021
 *   2021-01      a calendar month
 *   2020-21      a financial year, 1 April 2020 to 31 March 2021
 *
 * Periods are kept as the text people typed; `parsePeriod` gives the structure.
 */

export const FREQUENCIES = ['month', 'quarter', 'year'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export type Period =
  | { kind: 'month'; year: number; month: number }
  | { kind: 'quarter'; startYear: number; quarter: 1 | 2 | 3 | 4 }
  | { kind: 'year'; startYear: number };

const MONTH = /^(\d{4})-(\d{2})$/;
const YEAR = /^(\d{4})-(\d{2})$/;
const QUARTER = /^(\d{4})-(\d{2}) Q([1-4])$/;

/** What a period looks like, for messages. */
export const PERIOD_EXAMPLES: Record<Frequency, string> = {
  month: 'a month written as YYYY-MM, e.g. 2021-01',
  quarter: 'a financial-year quarter written as YYYY-YY QN, e.g. 2020-21 Q3',
  year: 'a financial year written as YYYY-YY, e.g. 2020-21',
};

/** `2020-21` is a financial year only if the second part is the year after the first. */
function financialYear(first: string, second: string): number | undefined {
  const start = Number(first);
  return (start + 1) % 100 === Number(second) ? start : undefined;
}

/**
 * The period a text names, or undefined if it names none. `2021-01` is a month and `2020-21`
 * a financial year; a text such as `2011-12` could be either, so give the kind when it is known
 * (a measure's frequency). Without one, a month is assumed.
 */
export function parsePeriod(text: string, kind?: Frequency): Period | undefined {
  const q = QUARTER.exec(text);
  if (q) {
    if (kind !== undefined && kind !== 'quarter') return undefined;
    const startYear = financialYear(q[1]!, q[2]!);
    return startYear === undefined ? undefined : { kind: 'quarter', startYear, quarter: Number(q[3]) as 1 | 2 | 3 | 4 };
  }
  const m = MONTH.exec(text);
  if (m && kind !== 'year' && kind !== 'quarter' && Number(m[2]) >= 1 && Number(m[2]) <= 12) {
    return { kind: 'month', year: Number(m[1]), month: Number(m[2]) };
  }
  const y = YEAR.exec(text);
  if (y && kind !== 'month' && kind !== 'quarter') {
    const startYear = financialYear(y[1]!, y[2]!);
    if (startYear !== undefined) return { kind: 'year', startYear };
  }
  return undefined;
}

/** Why a text is not a period of the given frequency, or undefined if it is one. */
export function periodProblem(text: string, frequency: Frequency): string | undefined {
  if (parsePeriod(text, frequency) !== undefined) return undefined;
  const other = FREQUENCIES.map((kind) => parsePeriod(text, kind)).find((p) => p !== undefined);
  if (other !== undefined) {
    return `"${text}" is a ${other.kind === 'year' ? 'financial year' : other.kind}, but the measure is reported every ${frequency}: give ${PERIOD_EXAMPLES[frequency]}`;
  }
  const fy = /^(\d{4})-(\d{2})(?: Q[1-4])?$/.exec(text);
  if (fy && frequency !== 'month') {
    const next = String((Number(fy[1]) + 1) % 100).padStart(2, '0');
    return `"${text}" is not a financial year: a financial year runs April to March, so it is written ${fy[1]}-${next}`;
  }
  return `"${text}" is not a period: give ${PERIOD_EXAMPLES[frequency]}`;
}

export function formatPeriod(period: Period): string {
  switch (period.kind) {
    case 'month':
      return `${period.year}-${String(period.month).padStart(2, '0')}`;
    case 'quarter':
      return `${fyLabel(period.startYear)} Q${period.quarter}`;
    case 'year':
      return fyLabel(period.startYear);
  }
}

/** `2020` → `2020-21`. */
export function fyLabel(startYear: number): string {
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
}

/** A number that orders periods of one kind: consecutive periods differ by 1. */
export function periodIndex(period: Period): number {
  switch (period.kind) {
    case 'month':
      return period.year * 12 + period.month - 1;
    case 'quarter':
      return period.startYear * 4 + period.quarter - 1;
    case 'year':
      return period.startYear;
  }
}

function fromIndex(kind: Period['kind'], index: number): Period {
  switch (kind) {
    case 'month':
      return { kind, year: Math.floor(index / 12), month: (index % 12) + 1 };
    case 'quarter':
      return { kind, startYear: Math.floor(index / 4), quarter: ((index % 4) + 1) as 1 | 2 | 3 | 4 };
    case 'year':
      return { kind, startYear: index };
  }
}

/** The period `steps` periods later (negative for earlier), of the same kind. */
export function shiftPeriod(period: Period, steps: number): Period {
  return fromIndex(period.kind, periodIndex(period) + steps);
}

const PER_YEAR: Record<Period['kind'], number> = { month: 12, quarter: 4, year: 1 };

/** The period before: `2021-22 Q1` → `2020-21 Q4`, `2021-01` → `2020-12`, `2020-21` → `2019-20`. */
export function previousPeriod(text: string, kind?: Frequency): string | undefined {
  const period = parsePeriod(text, kind);
  return period === undefined ? undefined : formatPeriod(shiftPeriod(period, -1));
}

/** The same period a year earlier: `2020-21 Q3` → `2019-20 Q3`, `2021-01` → `2020-01`. */
export function samePeriodYearEarlier(text: string, kind?: Frequency): string | undefined {
  const period = parsePeriod(text, kind);
  return period === undefined ? undefined : formatPeriod(shiftPeriod(period, -PER_YEAR[period.kind]));
}

/** The financial year (its first calendar year) a period falls in: `2021-01` → 2020. */
export function financialYearOf(period: Period): number {
  if (period.kind === 'month') return period.month >= 4 ? period.year : period.year - 1;
  return period.startYear;
}

/** Sorts period texts of one kind in time order; months, quarters and years each sort among themselves. */
export function comparePeriods(a: string, b: string, kind?: Frequency): number {
  const pa = parsePeriod(a, kind);
  const pb = parsePeriod(b, kind);
  if (pa === undefined || pb === undefined) return a < b ? -1 : a > b ? 1 : 0;
  if (pa.kind !== pb.kind) return FREQUENCIES.indexOf(pa.kind) - FREQUENCIES.indexOf(pb.kind);
  return periodIndex(pa) - periodIndex(pb);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The first and last calendar months a period covers, as YYYY-MM. */
export function periodMonths(period: Period): { first: string; last: string } {
  const ym = (y: number, m: number): string => `${y}-${String(m).padStart(2, '0')}`;
  switch (period.kind) {
    case 'month':
      return { first: formatPeriod(period), last: formatPeriod(period) };
    case 'quarter': {
      const start = period.startYear * 12 + 3 + (period.quarter - 1) * 3;
      const end = start + 2;
      return { first: ym(Math.floor(start / 12), (start % 12) + 1), last: ym(Math.floor(end / 12), (end % 12) + 1) };
    }
    case 'year':
      return { first: ym(period.startYear, 4), last: ym(period.startYear + 1, 3) };
  }
}

/** In words: `October to December 2020`, `January 2021`, `April 2020 to March 2021`. */
export function describePeriod(text: string, kind?: Frequency): string {
  const period = parsePeriod(text, kind);
  if (period === undefined) return text;
  const { first, last } = periodMonths(period);
  const [fy, fm] = first.split('-').map(Number) as [number, number];
  const [ly, lm] = last.split('-').map(Number) as [number, number];
  if (first === last) return `${MONTHS[fm - 1]} ${fy}`;
  if (fy === ly) return `${MONTHS[fm - 1]} to ${MONTHS[lm - 1]} ${ly}`;
  return `${MONTHS[fm - 1]} ${fy} to ${MONTHS[lm - 1]} ${ly}`;
}
