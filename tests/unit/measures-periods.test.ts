import { describe, expect, it } from 'vitest';
import {
  comparePeriods,
  describePeriod,
  financialYearOf,
  parsePeriod,
  periodProblem,
  previousPeriod,
  samePeriodYearEarlier,
} from '../../src/core/measures/periods.ts';

describe('parsePeriod', () => {
  it.each([
    ['2020-21 Q3', { kind: 'quarter', startYear: 2020, quarter: 3 }],
    ['2021-01', { kind: 'month', year: 2021, month: 1 }],
    ['2020-21', { kind: 'year', startYear: 2020 }],
    ['1999-00', { kind: 'year', startYear: 1999 }],
    ['2099-00 Q4', { kind: 'quarter', startYear: 2099, quarter: 4 }],
  ])('reads %j', (text, period) => {
    expect(parsePeriod(text)).toEqual(period);
  });

  it.each(['2020-22', '2020-21 Q5', '2020-13-01', '2020-00', 'Q3 2020-21', '2020/21', '2020-21  Q3', ''])('rejects %j', (text) => {
    expect(parsePeriod(text)).toBeUndefined();
  });

  it('reads 2011-12 as December 2011 or as the financial year 2011-12, as the frequency says', () => {
    expect(parsePeriod('2011-12')).toEqual({ kind: 'month', year: 2011, month: 12 });
    expect(parsePeriod('2011-12', 'month')).toEqual({ kind: 'month', year: 2011, month: 12 });
    expect(parsePeriod('2011-12', 'year')).toEqual({ kind: 'year', startYear: 2011 });
    expect(parsePeriod('2011-12', 'quarter')).toBeUndefined();
  });
});

describe('financial-year arithmetic', () => {
  it.each([
    ['2020-21 Q3', 'quarter', '2020-21 Q2', '2019-20 Q3'],
    ['2021-22 Q1', 'quarter', '2020-21 Q4', '2020-21 Q1'],
    ['2020-21 Q4', 'quarter', '2020-21 Q3', '2019-20 Q4'],
    ['2021-01', 'month', '2020-12', '2020-01'],
    ['2021-04', 'month', '2021-03', '2020-04'],
    ['2020-21', 'year', '2019-20', '2019-20'],
    ['2000-01', 'year', '1999-00', '1999-00'],
    ['2000-01', 'month', '1999-12', '1999-01'],
  ] as const)('%s (%s): previous %s, a year earlier %s', (period, kind, previous, yearEarlier) => {
    expect(previousPeriod(period, kind)).toBe(previous);
    expect(samePeriodYearEarlier(period, kind)).toBe(yearEarlier);
  });

  it('puts January to March in the financial year that began the April before', () => {
    expect(financialYearOf(parsePeriod('2021-03')!)).toBe(2020);
    expect(financialYearOf(parsePeriod('2021-04')!)).toBe(2021);
    expect(financialYearOf(parsePeriod('2020-21 Q4')!)).toBe(2020);
  });

  it('orders quarters across financial years', () => {
    const periods = ['2021-22 Q1', '2020-21 Q4', '2019-20 Q2', '2020-21 Q1'];
    expect([...periods].sort((a, b) => comparePeriods(a, b, 'quarter'))).toEqual(['2019-20 Q2', '2020-21 Q1', '2020-21 Q4', '2021-22 Q1']);
  });

  it.each([
    ['2020-21 Q3', 'quarter', 'October to December 2020'],
    ['2020-21 Q4', 'quarter', 'January to March 2021'],
    ['2020-21 Q1', 'quarter', 'April to June 2020'],
    ['2021-01', 'month', 'January 2021'],
    ['2020-21', 'year', 'April 2020 to March 2021'],
  ] as const)('describes %s (%s) as %s', (period, kind, words) => {
    expect(describePeriod(period, kind)).toBe(words);
  });
});

describe('periodProblem', () => {
  it('accepts a period of the right frequency', () => {
    expect(periodProblem('2020-21 Q3', 'quarter')).toBeUndefined();
    expect(periodProblem('2021-01', 'month')).toBeUndefined();
    expect(periodProblem('2020-21', 'year')).toBeUndefined();
  });

  it('says what was given and what the frequency needs', () => {
    expect(periodProblem('2021-01', 'quarter')).toBe('"2021-01" is a month, but the measure is reported every quarter: give a financial-year quarter written as YYYY-YY QN, e.g. 2020-21 Q3');
    expect(periodProblem('2020-21 Q3', 'year')).toBe('"2020-21 Q3" is a quarter, but the measure is reported every year: give a financial year written as YYYY-YY, e.g. 2020-21');
    expect(periodProblem('2020-22', 'year')).toBe('"2020-22" is not a financial year: a financial year runs April to March, so it is written 2020-21');
    expect(periodProblem('Jan 2021', 'month')).toBe('"Jan 2021" is not a period: give a month written as YYYY-MM, e.g. 2021-01');
  });
});
