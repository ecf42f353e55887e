import { describe, expect, it } from 'vitest';
import { rag } from '../../src/core/measures/rag.ts';

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
