/**
 * Review dates as registers write them in spreadsheets, turned into the stored
 * forms: a day as YYYY-MM-DD or a month as YYYY-MM.
 *
 *   2021-01-29, 29/01/2021, 29/1/2021, 29 January 2021  → 2021-01-29
 *   29-Jan-2021 (Excel's dd-mmm-yyyy)                    → 2021-01-29
 *   2020-12, 12/2020, December 2020, Dec 2020            → 2020-12
 *   Dec-2020 (Excel's mmm-yyyy)                          → 2020-12
 *
 * Two-digit years (29/01/21, Excel's Dec-20 or 29-Jan-21) are refused with a message saying
 * how to write them: a review date in a register can be decades old or years ahead, so no
 * century window guesses right for every register.
 */
import { inYears, monthFromName, YEARS } from '../dates.ts';
import { isCalendarDay, isCalendarMonth } from '../schemas/common.ts';

export type CsvDateResult = { ok: true; value: string } | { ok: false; message: string };

export const DATE_FORMS_HINT = 'a date such as 2021-01-29 or 29/01/2021, or a month such as 2020-12 or December 2020';

const pad = (n: number): string => String(n).padStart(2, '0');

function day(text: string, year: number, month: number, dayOfMonth: number): CsvDateResult {
  if (!inYears(year)) return outsideYears(text);
  const value = `${year}-${pad(month)}-${pad(dayOfMonth)}`;
  return isCalendarDay(value) ? { ok: true, value } : notReal(text);
}

function month(text: string, year: number, monthOfYear: number): CsvDateResult {
  if (!inYears(year)) return outsideYears(text);
  const value = `${year}-${pad(monthOfYear)}`;
  return isCalendarMonth(value) ? { ok: true, value } : notReal(text);
}

function notReal(text: string): CsvDateResult {
  return { ok: false, message: `"${text}" is not a real date: check the day and the month` };
}

/** A year that is no slip of the day or month, so "check the day and the month" would mislead. */
function outsideYears(text: string): CsvDateResult {
  return { ok: false, message: `"${text}" is not in the years ${YEARS.first} to ${YEARS.last}: check the year` };
}

/** One message for every two-digit year, with the full form for the way it was written. */
function twoDigitYear(text: string, example: string): CsvDateResult {
  return { ok: false, message: `"${text}" has a two-digit year: write the year in full, e.g. ${example}` };
}

/** Parses one date cell. The caller decides what a blank cell means; here it is an error. */
export function parseCsvDate(cell: string): CsvDateResult {
  const text = cell.trim();
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text))) return day(text, Number(m[1]), Number(m[2]), Number(m[3]));
  if ((m = /^(\d{4})-(\d{1,2})$/.exec(text))) return month(text, Number(m[1]), Number(m[2]));
  if ((m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/.exec(text))) return day(text, Number(m[4]), Number(m[3]), Number(m[1]));
  if (/^\d{1,2}([/.-])\d{1,2}\1\d{2}$/.test(text)) return twoDigitYear(text, '29/01/2021');
  if ((m = /^(\d{1,2})\/(\d{4})$/.exec(text))) return month(text, Number(m[2]), Number(m[1]));
  if ((m = /^(?:(\d{1,2})(?:st|nd|rd|th)?(?:\s+|-))?([A-Za-z]+)\.?,?(?:\s+|-)(\d{4})$/.exec(text))) {
    const monthOfYear = monthFromName(m[2] ?? '');
    if (monthOfYear !== undefined) {
      return m[1] === undefined ? month(text, Number(m[3]), monthOfYear) : day(text, Number(m[3]), monthOfYear, Number(m[1]));
    }
  }
  if ((m = /^(?:\d{1,2}-)?([A-Za-z]+)-\d{2}$/.exec(text)) && monthFromName(m[1] ?? '') !== undefined) {
    return twoDigitYear(text, 'Dec-2020 or 29-Jan-2021 (in Excel, format the column as mmm-yyyy or dd-mmm-yyyy before saving as CSV)');
  }
  return { ok: false, message: `must be ${DATE_FORMS_HINT}` };
}
