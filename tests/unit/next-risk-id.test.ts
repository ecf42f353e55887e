import { describe, expect, it } from 'vitest';
import { compareRiskIds, nextRiskId } from '../../src/core/data/next-risk-id.ts';

describe('nextRiskId', () => {
  it('follows the register\'s prefix and width with the next number', () => {
    expect(nextRiskId(['ASC0001', 'ASC0009', 'ASC0003'], new Set())).toBe('ASC0010');
    expect(nextRiskId(['CRR12', 'CRR7'], new Set())).toBe('CRR13');
  });

  it('skips ids already used in other registers, as ids are unique across them all', () => {
    expect(nextRiskId(['AH0004'], new Set(['AH0004', 'AH0005', 'AH0006']))).toBe('AH0007');
  });

  it('follows the prefix most of the register\'s risks use, not one moved in from elsewhere', () => {
    expect(nextRiskId(['AH0001', 'AH0002', 'CRR0099'], new Set())).toBe('AH0003');
  });

  it('suggests nothing for a register with no risks to follow', () => {
    expect(nextRiskId([], new Set(['CRR0001']))).toBeUndefined();
  });

  it('keeps widening past the last number of its width', () => {
    expect(nextRiskId(['P9'], new Set())).toBe('P10');
    expect(nextRiskId(['P099'], new Set())).toBe('P100');
  });
});

describe('compareRiskIds', () => {
  it('orders ids as registers list them, numbers by value', () => {
    expect(['CRR10', 'CRR2', 'ASC0003', 'CRR1', 'ASC0010'].sort(compareRiskIds)).toEqual(['ASC0003', 'ASC0010', 'CRR1', 'CRR2', 'CRR10']);
  });
});
