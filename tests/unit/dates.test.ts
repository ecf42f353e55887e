import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsvDate } from '../../src/core/csv/dates.ts';
import { addMonths, daysInMonth, firstDayOf, formatUkDate, formatUkDateTime, isoDay, lastDayOf, monthFromName } from '../../src/core/dates.ts';
import { readDate } from '../../src/elements/history-audit-criteria.ts';
import { isCalendarDay, isCalendarMonth } from '../../src/core/schemas/index.ts';

describe('addMonths', () => {
  it.each([
    ['2021-01-15', 1, '2021-02-15'],
    ['2021-01-31', 1, '2021-02-28'],
    ['2020-01-31', 1, '2020-02-29'],
    ['2021-03-31', 1, '2021-04-30'],
    ['2021-08-31', 3, '2021-11-30'],
    ['2021-03-31', -1, '2021-02-28'],
    ['2021-11-30', 3, '2022-02-28'],
    ['2020-12-15', 12, '2021-12-15'],
    ['2021-01-15', -13, '2019-12-15'],
    ['2021-05-10', 0, '2021-05-10'],
  ] as const)('%s + %i months is %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it.each([
    ['2020-12', 3, '2021-03'],
    ['2020-11', 1, '2020-12'],
    ['2021-01', -1, '2020-12'],
    ['2021-02', 24, '2023-02'],
  ] as const)('keeps the month-only form: %s + %i months is %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('always gives a real date in the same form, and undoes itself for months', () => {
    const day = fc
      .record({ y: fc.integer({ min: 1990, max: 2100 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
      .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`)
      .filter(isCalendarDay);
    const months = fc.integer({ min: -60, max: 60 });
    fc.assert(
      fc.property(day, months, (date, n) => {
        const result = addMonths(date, n);
        expect(isCalendarDay(result)).toBe(true);
        // The day of the month never grows, and only shrinks to fit a shorter month.
        const [, , d0] = date.split('-').map(Number);
        const [, , d1] = result.split('-').map(Number);
        expect(d1).toBeLessThanOrEqual(d0 ?? 0);
        if (d1 !== d0) expect(result).toBe(lastDayOf(result.slice(0, 7)));
        const month = date.slice(0, 7);
        expect(addMonths(month, n)).toBe(result.slice(0, 7));
        expect(addMonths(addMonths(month, n), -n)).toBe(month);
      }),
    );
  });
});

describe('lastDayOf and firstDayOf', () => {
  it.each([
    ['2020-02', '2020-02-29'],
    ['2021-02', '2021-02-28'],
    ['1900-02', '1900-02-28'],
    ['2000-02', '2000-02-29'],
    ['2020-12', '2020-12-31'],
    ['2021-04', '2021-04-30'],
    ['2021-01', '2021-01-31'],
  ])('a month %s runs to %s', (month, last) => {
    expect(lastDayOf(month)).toBe(last);
    expect(firstDayOf(month)).toBe(`${month}-01`);
  });

  it('leaves a day as it is', () => {
    expect(lastDayOf('2021-01-29')).toBe('2021-01-29');
    expect(firstDayOf('2021-01-29')).toBe('2021-01-29');
  });
});

describe('formatUkDate', () => {
  it.each([
    ['2021-01-29', '29 January 2021'],
    ['2021-03-05', '5 March 2021'],
    ['2026-11-23', '23 November 2026'],
    ['2020-12', 'December 2020'],
    ['2021-06', 'June 2021'],
  ])('prints %s as "%s"', (date, printed) => {
    expect(formatUkDate(date)).toBe(printed);
  });

  it('prints the same date the same way again, also after more dates than it keeps', () => {
    expect(formatUkDate('2021-01-29')).toBe('29 January 2021');
    for (let day = 0; day < 12_000; day++) formatUkDate(isoDay(new Date(Date.UTC(2000, 0, 1 + day))));
    expect(formatUkDate('2021-01-29')).toBe('29 January 2021');
    expect(formatUkDate('2032-11-07')).toBe('7 November 2032');
  });
});

describe('formatUkDateTime', () => {
  it('gives UK time, in summer an hour ahead of UTC and across midnight', () => {
    expect(formatUkDateTime('2026-12-05T21:45:00Z')).toBe('5 Dec 2026, 21:45');
    expect(formatUkDateTime('2027-06-30T23:10:00Z')).toBe('1 Jul 2027, 00:10');
  });
});

describe('daysInMonth', () => {
  it('counts February 29 days in leap years only (2000 was one, 1900 was not)', () => {
    expect([2024, 2026, 2000, 1900].map((y) => daysInMonth(y, 2))).toEqual([29, 28, 29, 28]);
    expect([1, 4, 12].map((m) => daysInMonth(2026, m))).toEqual([31, 30, 31]);
  });
});

describe('isoDay', () => {
  it('gives the calendar day in the UK (the unit project pins TZ to Europe/London)', () => {
    expect(isoDay(new Date('2026-11-23T12:00:00Z'))).toBe('2026-11-23');
    // 23:30 UTC on 30 June is 00:30 BST on 1 July.
    expect(isoDay(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    // In winter the UK is on UTC.
    expect(isoDay(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });

  it('gives every instant of an hour the same day, asked in any order, across the clock changes', () => {
    // Every quarter hour over the spring and autumn changes, then the same again from a warm cache.
    const instants = ['2026-03-28T20:00:00Z', '2026-10-24T20:00:00Z'].flatMap((from) => Array.from({ length: 48 }, (_, i) => new Date(Date.parse(from) + i * 15 * 60_000)));
    const uk = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
    for (const at of [...instants].reverse().concat(instants)) expect(isoDay(at), at.toISOString()).toBe(uk.format(at));
  });
});

describe('isCalendarDay and isCalendarMonth', () => {
  it('accepts only real days written YYYY-MM-DD', () => {
    expect(isCalendarDay('2020-02-29')).toBe(true);
    expect(isCalendarDay('2021-01-29')).toBe(true);
    for (const bad of ['2021-02-29', '2021-02-30', '2021-04-31', '2021-13-01', '2021-00-10', '2021-01-00', '2021-1-29', '29/01/2021', '2021-01', '2021-01-29T00:00']) {
      expect(isCalendarDay(bad), bad).toBe(false);
    }
  });

  it('accepts only the years 1900 to 2199, so a slip such as 0100 for 2010 is no date', () => {
    for (const good of ['1900-01-01', '2199-12-31']) expect(isCalendarDay(good), good).toBe(true);
    for (const bad of ['0100-02-03', '0999-12-31', '1899-12-31', '2200-01-01']) expect(isCalendarDay(bad), bad).toBe(false);
    expect(isCalendarMonth('1900-01')).toBe(true);
    for (const bad of ['0100-02', '2200-01']) expect(isCalendarMonth(bad), bad).toBe(false);
  });

  it('accepts only real months written YYYY-MM', () => {
    expect(isCalendarMonth('2020-12')).toBe(true);
    expect(isCalendarMonth('2021-01')).toBe(true);
    for (const bad of ['2020-13', '2020-00', '2020-1', '2020-12-01', 'Dec 2020']) {
      expect(isCalendarMonth(bad), bad).toBe(false);
    }
  });
});

describe('monthFromName', () => {
  it.each([
    ['November', 11],
    ['nov', 11],
    ['Nov.', 11],
    ['NOVEM', 11],
    ['Sept', 9],
    ['sep', 9],
    [' June ', 6],
    ['Ju', undefined],
    ['Decembr', undefined],
    ['Mai', undefined],
    ['', undefined],
  ] as const)('reads %j as %s', (text, month) => {
    expect(monthFromName(text)).toBe(month);
  });

  it('is the rule of both the CSV importer and the audit filter: a month one reads, the other reads the same', () => {
    for (const word of ['January', 'jan', 'Feb.', 'Sept', 'sept.', 'Septem', 'oct', 'Dec', 'Ju', 'Decembr', 'Mai']) {
      const imported = parseCsvDate(`3 ${word} 2021`);
      const filtered = readDate('From', { day: '3', month: word, year: '2021' });
      expect([word, imported.ok ? imported.value : null]).toEqual([word, filtered.kind === 'day' ? filtered.day : null]);
    }
  });
});
