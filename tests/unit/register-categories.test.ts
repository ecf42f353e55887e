import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadWorkspace } from '../../src/core/data/load.ts';
import { readDataDir } from '../../src/core/data/read-dir.ts';
import { findRegister } from '../../src/core/data/workspace.ts';
import { categoriesUsed, reportRegister } from '../../src/core/report/register-report.ts';

const FIXTURE = join(fileURLToPath(new URL('../../', import.meta.url)), 'tests/fixtures/workspaces/small');

/** The fixture's corporate register with its risks' categories replaced, one per risk (undefined: none). */
function categoriesOf(categories: (string | undefined)[]): string[] {
  const { workspace } = loadWorkspace(readDataDir(FIXTURE));
  const entry = findRegister(workspace, 'corporate')!;
  const risks = categories.map((category, i) => {
    const base = entry.risks[i % entry.risks.length]!;
    const risk = { ...base.risk, id: `CRR${100 + i}` };
    delete risk.category;
    return { ...base, risk: category === undefined ? risk : { ...risk, category } };
  });
  return categoriesUsed(reportRegister({ ...entry, risks }, workspace, new Date(2021, 1, 15)));
}

describe('the categories a register uses', () => {
  it('lists each once, in the order the table filter lists them, lower case beside capitals', () => {
    expect(categoriesOf(['Workforce', 'adult care', 'Finance', undefined, 'Workforce', 'Adults'])).toEqual(['adult care', 'Adults', 'Finance', 'Workforce']);
  });

  it('is empty when no risk has a category', () => {
    expect(categoriesOf([undefined, undefined])).toEqual([]);
  });
});
