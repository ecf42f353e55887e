import { describe, expect, it } from 'vitest';
import { auditYears, financialYearOfDay } from '../../src/core/history/audit.ts';

describe('financialYearOfDay', () => {
  it('puts January to March in the year that began the April before', () => {
    expect(financialYearOfDay('2026-03-31')).toBe('2025-26');
    expect(financialYearOfDay('2026-04-01')).toBe('2026-27');
    expect(financialYearOfDay('2026-01-01')).toBe('2025-26');
    expect(financialYearOfDay('1999-12-31')).toBe('1999-00');
  });
});

describe('auditYears', () => {
  it('groups rows by financial year, newest year first, keeping the order within each year', () => {
    const rows = ['2026-05-02', '2026-04-01', '2026-03-31', '2024-07-10', '2025-02-01'].map((date, i) => ({ date, n: i }));
    expect(auditYears(rows)).toEqual([
      { year: '2026-27', rows: [{ date: '2026-05-02', n: 0 }, { date: '2026-04-01', n: 1 }] },
      { year: '2025-26', rows: [{ date: '2026-03-31', n: 2 }] },
      { year: '2024-25', rows: [{ date: '2024-07-10', n: 3 }, { date: '2025-02-01', n: 4 }] },
    ]);
  });

  it('gives no years for no rows', () => {
    expect(auditYears([])).toEqual([]);
  });
});
