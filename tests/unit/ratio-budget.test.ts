import { describe, expect, it } from 'vitest';
import { ratioBudget } from '../../src/node/bench/ratio-budget.ts';

describe('ratioBudget', () => {
  it('takes the fixed costs off the allowance and shares what is left among the pages', () => {
    const budget = ratioBudget({ ms: 21_000, pages: 10_000, pagesMs: 12_000 }, { ms: 10_000, pages: 10_000, pagesMs: 8_000 }, 1.5);
    expect(budget).toEqual({ allowedMs: 15_000, fixedMs: 9_000, fixedRatio: 0.9, prerenderMs: 6_000, perPageMs: 0.6, trivialPerPageMs: 0.8 });
  });

  it('leaves nothing per page when the fixed costs alone exceed the allowance', () => {
    const budget = ratioBudget({ ms: 30_000, pages: 100, pagesMs: 1_000 }, { ms: 4_000, pages: 100, pagesMs: 2_000 }, 1.5);
    expect(budget.fixedRatio).toBe(7.25);
    expect(budget.prerenderMs).toBe(-23_000);
    expect(budget.perPageMs).toBeLessThan(0);
  });
});
