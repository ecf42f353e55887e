import { daysInMonth, formatUkDate, monthFromName } from '../core/dates.ts';

/**
 * What the audit filter (`<history-audit-filter>`) filters by, and how it reads the dates typed
 * into its Day, Month and Year fields. Kept apart from the element, with no DOM, so it can be
 * tested without a browser.
 */
export interface AuditCriteria {
  /** The first and last day shown, YYYY-MM-DD; '' for no bound. */
  from: string;
  to: string;
  register: string;
  person: string;
  change: string;
}

/** What a table row carries (its data-* attributes). */
export interface AuditRowData {
  date: string;
  /** The register before and after the change: a risk moved between registers is in both, as `npm run audit -- --register` finds it. */
  registers: string[];
  people: string[];
  change: string[];
}

/** Whether a row passes the filter; an empty criterion passes everything. */
export function matches(row: AuditRowData, c: AuditCriteria): boolean {
  return (
    (c.from === '' || row.date >= c.from) &&
    (c.to === '' || row.date <= c.to) &&
    (c.register === '' || row.registers.includes(c.register)) &&
    (c.person === '' || row.people.includes(c.person)) &&
    (c.change === '' || row.change.includes(c.change))
  );
}

/** The three fields of a GOV.UK date input, as typed. */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export type DatePart = keyof DateParts;

/**
 * A date as typed: a day (YYYY-MM-DD); empty, so no bound; or what to put right and which
 * fields to mark, as GOV.UK's date input marks only the fields that are wrong.
 */
export type TypedDate = { kind: 'day'; day: string } | { kind: 'empty' } | { kind: 'error'; message: string; fields: DatePart[] };

const PARTS: DatePart[] = ['day', 'month', 'year'];
const EXAMPLE = 'for example 23 11 2026';

/**
 * Reads a date typed as day, month and year, `name` being its legend ("From"). Months may be
 * written as words ("Nov", "november"), as GOV.UK advises; a two-digit year is refused rather
 * than guessed, since "26" could be 1926 or 2026.
 */
export function readDate(name: string, typed: DateParts): TypedDate {
  const parts = { day: typed.day.trim(), month: typed.month.trim(), year: typed.year.trim() };
  const missing = PARTS.filter((p) => parts[p] === '');
  if (missing.length === PARTS.length) return { kind: 'empty' };
  if (missing.length > 0) return error(`${name} must include a ${missing.join(' and ')}`, missing);
  const day = /^\d{1,2}$/.test(parts.day) ? Number(parts.day) : NaN;
  const month = monthNumber(parts.month);
  const year = /^\d{4}$/.test(parts.year) ? Number(parts.year) : NaN;
  const real = { day: day >= 1 && day <= 31, month: month >= 1 && month <= 12, year: !Number.isNaN(year) };
  const wrong = PARTS.filter((p) => !real[p]);
  if (wrong.length === 1 && wrong[0] === 'year' && /^\d{1,3}$/.test(parts.year)) {
    return error(`The year in ${name} must include 4 numbers, for example 2026`, ['year']);
  }
  // One field wrong is marked alone; more than one, and the date as a whole is.
  if (wrong.length > 0) return error(`${name} must be a real date, ${EXAMPLE}`, wrong.length === 1 ? wrong : PARTS);
  if (day > daysInMonth(year, month)) return error(`${name} must be a real date, ${EXAMPLE}`, ['day']);
  return { kind: 'day', day: `${parts.year}-${pad(month)}-${pad(day)}` };
}

/** Both bounds as typed; a To before From is an error on To, which then does not apply. */
export function readDateRange(from: DateParts, to: DateParts): { from: TypedDate; to: TypedDate } {
  const first = readDate('From', from);
  const last = readDate('To', to);
  if (first.kind === 'day' && last.kind === 'day' && last.day < first.day) {
    return { from: first, to: error('To must be the same as or after From', PARTS) };
  }
  return { from: first, to: last };
}

/** The day a bound filters by: '' unless it is a whole, real date. */
export function boundDay(date: TypedDate): string {
  return date.kind === 'day' ? date.day : '';
}

/** The filter as the form shows it: the chosen options' words ('' for All), and the days that apply (YYYY-MM-DD, '' for none). */
export interface ChosenWords {
  register: string;
  person: string;
  change: string;
  from: string;
  to: string;
}

/**
 * The audit table's caption once filtered, as the register's tables say theirs: what the
 * filter leaves in, and how many of the changes that is, so the count is right and a filtered
 * table prints as what it is. `name` is the caption without its count.
 */
export function filteredCaption(name: string, chosen: ChosenWords, shown: number, total: number): string {
  const { from, to } = chosen;
  const dates = from !== '' && to !== '' ? `from ${formatUkDate(from)} to ${formatUkDate(to)}` : from !== '' ? `on or after ${formatUkDate(from)}` : to !== '' ? `on or before ${formatUkDate(to)}` : '';
  const criteria = [
    chosen.register !== '' && `in the ${chosen.register}`,
    chosen.person !== '' && `involving ${chosen.person}`,
    chosen.change !== '' && `of type ${chosen.change.charAt(0).toLowerCase()}${chosen.change.slice(1)}`,
    dates !== '' && dates,
  ].filter((c) => c !== false);
  return criteria.length === 0 ? `${name} (${total})` : `${name}, ${criteria.join(', ')} (${shown} of ${total})`;
}

function error(message: string, fields: DatePart[]): TypedDate {
  return { kind: 'error', message, fields };
}

/** 11, "11", "Nov", "Nov." or "November"; NaN for anything else. */
function monthNumber(text: string): number {
  if (/^\d{1,2}$/.test(text)) return Number(text);
  return monthFromName(text) ?? NaN;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
