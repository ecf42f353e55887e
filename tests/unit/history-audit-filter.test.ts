import { describe, expect, it } from 'vitest';
import { type AuditCriteria, boundDay, filteredCaption, matches, readDate, readDateRange } from '../../src/elements/history-audit-criteria.ts';

const date = (day: string, month: string, year: string) => ({ day, month, year });
const none = date('', '', '');

describe('readDate: a date typed as day, month and year', () => {
  it.each([
    [date('23', '11', '2026'), '2026-11-23'],
    [date('3', '7', '2026'), '2026-07-03'],
    [date('03', '07', '2026'), '2026-07-03'],
    [date(' 23 ', ' 11 ', ' 2026 '), '2026-11-23'],
    [date('29', '2', '2024'), '2024-02-29'],
    [date('29', '2', '2000'), '2000-02-29'],
    [date('31', '12', '2026'), '2026-12-31'],
    [date('23', 'Nov', '2026'), '2026-11-23'],
    [date('23', 'nov.', '2026'), '2026-11-23'],
    [date('23', 'November', '2026'), '2026-11-23'],
    [date('1', 'sept', '2026'), '2026-09-01'],
  ])('%o is the day %s', (typed, day) => {
    expect(readDate('From', typed)).toEqual({ kind: 'day', day });
  });

  it('all three fields empty is no date, so no bound, not a mistake', () => {
    expect(readDate('From', none)).toEqual({ kind: 'empty' });
    expect(readDate('From', date(' ', '', '  '))).toEqual({ kind: 'empty' });
  });

  it.each([
    [date('23', '11', ''), 'From must include a year', ['year']],
    [date('23', '', '2026'), 'From must include a month', ['month']],
    [date('', '11', '2026'), 'From must include a day', ['day']],
    [date('23', '', ''), 'From must include a month and year', ['month', 'year']],
    [date('', '', '2026'), 'From must include a day and month', ['day', 'month']],
    [date('', '11', ''), 'From must include a day and year', ['day', 'year']],
  ])('a part-typed date says what it must include: %o', (typed, message, fields) => {
    expect(readDate('From', typed)).toEqual({ kind: 'error', message, fields });
  });

  it.each([
    [date('31', '2', '2026'), ['day']],
    [date('29', '2', '2026'), ['day']],
    [date('29', '2', '1900'), ['day']],
    [date('31', '4', '2026'), ['day']],
    [date('0', '11', '2026'), ['day']],
    [date('32', '11', '2026'), ['day']],
    [date('23', '13', '2026'), ['month']],
    [date('23', '0', '2026'), ['month']],
    [date('23', 'Nox', '2026'), ['month']],
    [date('23', 'ju', '2026'), ['month']],
    [date('23', '11', '20266'), ['year']],
    [date('23', '11', '2O26'), ['year']],
    [date('2.5', '11', '2026'), ['day']],
    [date('-1', '11', '2026'), ['day']],
    [date('32', '13', '2026'), ['day', 'month', 'year']],
  ])('a date that cannot be real is refused with an example, marking what is wrong: %o', (typed, fields) => {
    expect(readDate('To', typed)).toEqual({ kind: 'error', message: 'To must be a real date, for example 23 11 2026', fields });
  });

  it.each(['26', '6', '026'])('a year of fewer than 4 numbers (%s) is refused, not guessed', (year) => {
    expect(readDate('From', date('23', '11', year))).toEqual({ kind: 'error', message: 'The year in From must include 4 numbers, for example 2026', fields: ['year'] });
  });

  it('a short year beside another mistake is just not a real date', () => {
    expect(readDate('From', date('31', '13', '26'))).toMatchObject({ kind: 'error', message: 'From must be a real date, for example 23 11 2026' });
  });
});

describe('readDateRange: From and To together', () => {
  const from = date('23', '11', '2026');

  it('To on or after From is a range', () => {
    expect(readDateRange(from, date('23', '11', '2026'))).toEqual({ from: { kind: 'day', day: '2026-11-23' }, to: { kind: 'day', day: '2026-11-23' } });
    expect(readDateRange(from, date('1', '1', '2027')).to).toEqual({ kind: 'day', day: '2027-01-01' });
  });

  it('To before From is a mistake on To, which then filters nothing', () => {
    const range = readDateRange(from, date('22', '11', '2026'));
    expect(range.from).toEqual({ kind: 'day', day: '2026-11-23' });
    expect(range.to).toEqual({ kind: 'error', message: 'To must be the same as or after From', fields: ['day', 'month', 'year'] });
    expect(boundDay(range.to)).toBe('');
  });

  it('each bound stands alone when the other is empty or wrong', () => {
    expect(readDateRange(none, date('22', '11', '2026'))).toEqual({ from: { kind: 'empty' }, to: { kind: 'day', day: '2026-11-22' } });
    expect(readDateRange(date('23', '11', ''), date('22', '11', '2026')).to).toEqual({ kind: 'day', day: '2026-11-22' });
  });
});

describe('matches: whether a row passes the filter', () => {
  const row = { date: '2026-11-23', registers: ['corporate'], people: ['Kate Morrison', 'Sam Patel'], change: ['created', 'rating'] };
  const all: AuditCriteria = { from: '', to: '', register: '', person: '', change: '' };

  it('no criteria pass every row', () => {
    expect(matches(row, all)).toBe(true);
  });

  it('the date range includes both of its ends', () => {
    expect(matches(row, { ...all, from: '2026-11-23', to: '2026-11-23' })).toBe(true);
    expect(matches(row, { ...all, from: '2026-11-24' })).toBe(false);
    expect(matches(row, { ...all, to: '2026-11-22' })).toBe(false);
  });

  it('a typed date that is not yet a date sets no bound', () => {
    expect(matches(row, { ...all, from: boundDay(readDate('From', date('24', '11', ''))) })).toBe(true);
    expect(matches(row, { ...all, from: boundDay(readDate('From', date('24', '11', '2026'))) })).toBe(false);
  });

  it('register, person and type of change must each match', () => {
    expect(matches(row, { ...all, register: 'corporate', person: 'Sam Patel', change: 'rating' })).toBe(true);
    expect(matches(row, { ...all, register: 'adult-social-care' })).toBe(false);
    expect(matches(row, { ...all, person: 'Someone Else' })).toBe(false);
    expect(matches(row, { ...all, change: 'closed' })).toBe(false);
  });

  it('a risk moved between registers matches either register', () => {
    const moved = { ...row, registers: ['adult-social-care', 'corporate'] };
    expect(matches(moved, { ...all, register: 'adult-social-care' })).toBe(true);
    expect(matches(moved, { ...all, register: 'corporate' })).toBe(true);
    expect(matches(moved, { ...all, register: 'better-care-fund' })).toBe(false);
  });
});

describe('filteredCaption: the audit table\'s caption, filtered', () => {
  const name = 'Changes to published registers in 2026-27, newest first';
  const nothing = { register: '', person: '', change: '', from: '', to: '' };

  it('unfiltered, is the caption the page printed', () => {
    expect(filteredCaption(name, nothing, 20, 20)).toBe(`${name} (20)`);
  });

  it('filtered, says what it leaves in and how many of the changes that is', () => {
    expect(filteredCaption(name, { ...nothing, register: 'Corporate risk register' }, 7, 20)).toBe(`${name}, in the Corporate risk register (7 of 20)`);
    expect(filteredCaption(name, { register: 'Corporate risk register', person: 'Sam Patel', change: 'Current rating changed', from: '2026-11-01', to: '2026-11-23' }, 0, 20)).toBe(
      `${name}, in the Corporate risk register, involving Sam Patel, of type current rating changed, from 1 November 2026 to 23 November 2026 (0 of 20)`,
    );
    expect(filteredCaption(name, { ...nothing, from: '2026-11-24' }, 0, 20)).toBe(`${name}, on or after 24 November 2026 (0 of 20)`);
    expect(filteredCaption(name, { ...nothing, to: '2026-11-22' }, 3, 20)).toBe(`${name}, on or before 22 November 2026 (3 of 20)`);
  });
});
