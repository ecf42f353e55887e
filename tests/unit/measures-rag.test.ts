import { describe, expect, it } from 'vitest';
import { readValuesCsv } from '../../src/core/measures/csv.ts';
import { publishMeasures } from '../../src/core/measures/publish.ts';
import { rag } from '../../src/core/measures/rag.ts';
import type { MeasureDefinition } from '../../src/core/measures/schema.ts';

describe('rag: higher is better (target 90, floor 80)', () => {
  const kpi = { polarity: 'higher', target: 90, floor: 80 } as const;
  it.each([
    [100, 'green'],
    [90.1, 'green'],
    [90, 'green'], // on target
    [89.9, 'amber'],
    [80.1, 'amber'],
    [80, 'amber'], // on the floor
    [79.9, 'red'],
    [0, 'red'],
  ])('%d is %s', (value, status) => {
    expect(rag(value, kpi)).toBe(status);
  });
});

describe('rag: lower is better (target 2 days, floor 5 days)', () => {
  const kpi = { polarity: 'lower', target: 2, floor: 5 } as const;
  it.each([
    [0, 'green'],
    [1.9, 'green'],
    [2, 'green'], // on target
    [2.1, 'amber'],
    [4.9, 'amber'],
    [5, 'amber'], // on the floor
    [5.1, 'red'],
    [30, 'red'],
  ])('%d is %s', (value, status) => {
    expect(rag(value, kpi)).toBe(status);
  });
});

describe('rag: edge cases', () => {
  it('has no amber when the floor is the target: on it is green, past it red', () => {
    const kpi = { polarity: 'higher', target: 75, floor: 75 } as const;
    expect(rag(75, kpi)).toBe('green');
    expect(rag(74.9, kpi)).toBe('red');
  });

  it('is null without a target (an activity measure) or without a value', () => {
    expect(rag(10, { polarity: 'higher' })).toBeNull();
    expect(rag(10, {})).toBeNull();
    expect(rag(null, { polarity: 'higher', target: 90, floor: 80 })).toBeNull();
  });
});

describe('rag of a percentage with a numerator and denominator', () => {
  const asc1: MeasureDefinition = { id: 'ASC1', name: 'Outcomes asked', kind: 'kpi', unit: 'percent', polarity: 'higher', target: 90, floor: 80, frequency: 'quarter', disclosure: 'none' };
  /** The value and status published for one row of a values CSV. */
  const published = (row: string) => {
    const { values, problems } = readValuesCsv(`measure,period,value,numerator,denominator,note\n${row}\n`, 'values.csv', new Map([['ASC1', asc1]]));
    expect(problems).toEqual([]);
    const [shown] = publishMeasures({ definitions: [{ definition: asc1, file: 'measures/definitions/ASC1.json' }], values })[0]!.values;
    return { value: shown!.value, rag: shown!.rag };
  };

  it('is judged on the unrounded figure when the value is worked out: 4,499 of 5,000 is 89.98%, short of 90, though shown as 90', () => {
    expect(published('ASC1,2020-21 Q3,,4499,5000,')).toEqual({ value: 90, rag: 'amber' });
  });

  it('is judged on the counts when the value typed beside them is rounded, as a spreadsheet saves it', () => {
    expect(published('ASC1,2020-21 Q3,90.0%,4499,5000,')).toEqual({ value: 90, rag: 'amber' });
    expect(published('ASC1,2020-21 Q3,89.98,4499,5000,')).toEqual({ value: 89.98, rag: 'amber' });
    expect(published('ASC1,2020-21 Q3,90,4500,5000,')).toEqual({ value: 90, rag: 'green' });
  });

  it('is judged on the value as typed when there are no counts', () => {
    expect(published('ASC1,2020-21 Q3,89.98,,,')).toEqual({ value: 89.98, rag: 'amber' });
    expect(published('ASC1,2020-21 Q3,90,,,')).toEqual({ value: 90, rag: 'green' });
  });
});
