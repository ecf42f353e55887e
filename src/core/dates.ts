/** Dates are calendar days in the council's own time zone, written YYYY-MM-DD. */

/**
 * The years a council's risk data is dated in: reviews decades back, actions a few years
 * ahead. A year outside them is a slip (0100 for 2010, 2207 for 2027), not a date to keep.
 */
export const YEARS = { first: 1900, last: 2199 } as const;

export function inYears(year: number): boolean {
  return year >= YEARS.first && year <= YEARS.last;
}

/** How the schemas tell a date whose year has more or fewer than 4 digits (forms reword it: see form-field-names.ts). */
export const YEAR_DIGITS_MESSAGE = 'must have a year of 4 digits';

/** How the schemas tell a date whose year is outside YEARS. */
export const YEARS_MESSAGE = `must be in the years ${YEARS.first} to ${YEARS.last}`;

/** Whether a date's problem is with its year alone, which a form marks on the year box only. */
export function isYearProblem(message: string): boolean {
  return message.startsWith(YEAR_DIGITS_MESSAGE) || message.startsWith(YEARS_MESSAGE);
}

const UK_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** UK days of UTC hours already worked out: the UK is a whole number of hours from UTC. */
const dayOfHour = new Map<number, string>();

/** The calendar day in the UK at that instant, whatever the machine's own time zone. */
export function isoDay(date: Date): string {
  // Formatting is slow (~10 µs) and history asks once per commit: each hour is worked out once.
  const hour = Math.floor(date.getTime() / 3_600_000);
  let day = dayOfHour.get(hour);
  if (day === undefined) {
    day = UK_DAY.format(date);
    if (dayOfHour.size >= 50_000) dayOfHour.clear();
    dayOfHour.set(hour, day);
  }
  return day;
}

/** Days in a month (1 to 12) of a year, leap years included. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The last day a review date can mean: a month (YYYY-MM) runs to its last day. */
export function lastDayOf(date: string): string {
  if (date.length === 10) return date;
  const [y, m] = date.split('-').map(Number) as [number, number];
  return `${date}-${String(daysInMonth(y, m)).padStart(2, '0')}`;
}

/** The first day a review date can mean. */
export function firstDayOf(date: string): string {
  return date.length === 10 ? date : `${date}-01`;
}

/** Adds whole months, keeping the form (day or month); a day past the month's end is clamped. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number | undefined];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const mm = `${year}-${String(month).padStart(2, '0')}`;
  if (d === undefined) return mm;
  return `${mm}-${String(Math.min(d, daysInMonth(year, month))).padStart(2, '0')}`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * A month typed as a word, as people write it: "November", "Nov", "Nov." or "Sept", in any
 * case; any start of a month's name of three letters or more. Undefined for anything else.
 * The one rule for every place that reads a month's name (the CSV importer, the audit filter).
 */
export function monthFromName(text: string): number | undefined {
  const word = text.trim().toLowerCase().replace(/\.$/, '');
  if (word.length < 3) return undefined;
  const index = MONTHS.findIndex((m) => m.toLowerCase().startsWith(word));
  return index === -1 ? undefined : index + 1;
}

/**
 * Dates already written out. A build writes the same few hundred dates tens of thousands of
 * times (every risk and history page has several); a lookup is ~25× cheaper than splitting
 * again. Emptied when full, so a long-running process cannot grow it without bound.
 */
const ukDates = new Map<string, string>();
const UK_DATES_KEPT = 10_000;

/** "29 January 2021" or "December 2020", as UK committee papers print dates. */
export function formatUkDate(date: string): string {
  let text = ukDates.get(date);
  if (text === undefined) {
    if (ukDates.size >= UK_DATES_KEPT) ukDates.clear();
    text = writeUkDate(date);
    ukDates.set(date, text);
  }
  return text;
}

function writeUkDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number | undefined];
  const month = MONTHS[m - 1] ?? '';
  return d === undefined ? `${month} ${y}` : `${d} ${month} ${y}`;
}

const UK_TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' });

/** An instant (ISO 8601) as UK time, e.g. "5 Dec 2026, 21:45", whatever the reader's own time zone. */
export function formatUkDateTime(instant: string): string {
  return UK_TIME.format(new Date(instant));
}
