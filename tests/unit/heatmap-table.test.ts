import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadWorkspace } from '../../src/core/data/load.ts';
import { readDataDir } from '../../src/core/data/read-dir.ts';
import { findRegister } from '../../src/core/data/workspace.ts';
import { reportRegister } from '../../src/core/report/register-report.ts';
import { heatmapTable } from '../../src/site/view-models/heatmap-table.ts';

const FIXTURE = join(fileURLToPath(new URL('../../', import.meta.url)), 'tests/fixtures/workspaces/small');

/** The fixture's corporate register with one more open risk rated as CRR0001 is (4 × 5), so that cell holds two. */
function corporate() {
  const { workspace } = loadWorkspace(readDataDir(FIXTURE));
  const entry = findRegister(workspace, 'corporate')!;
  const first = entry.risks.find((r) => r.risk.id === 'CRR0001')!;
  const twin = { ...first, risk: { ...first.risk, id: 'CRR0004' } };
  return { report: reportRegister({ ...entry, risks: [...entry.risks, twin] }, workspace, new Date(2021, 1, 15)), scheme: workspace.settings.scoring };
}

const cell = (view: ReturnType<typeof heatmapTable>, likelihood: number, impact: number) => view.rows.find((r) => r.likelihood === likelihood)!.cells[impact - 1]!;

describe('heatmap cells in words', () => {
  it('reads "1 open risk", singular, and "2 open risks" or "0 open risks", plural, after the count', () => {
    const { report, scheme } = corporate();
    const view = heatmapTable(report, 'current', scheme);
    expect([cell(view, 3, 4).count, cell(view, 3, 4).label]).toEqual([1, 'open risk with a current rating of Possible (3) × Serious (4)']);
    expect([cell(view, 4, 5).count, cell(view, 4, 5).label]).toEqual([2, 'open risks with a current rating of Likely (4) × Major (5)']);
    expect([cell(view, 1, 1).count, cell(view, 1, 1).label]).toEqual([0, 'open risks with a current rating of Very unlikely (1) × Minor (1)']);
  });

  it('heads the list of a cell\'s risks the same way whatever the count', () => {
    const { report, scheme } = corporate();
    // Current ratings: a cell of none, one (CRR0002) and two (CRR0001 and its twin), each "Open risks".
    const current = heatmapTable(report, 'current', scheme);
    expect([cell(current, 1, 1), cell(current, 3, 4), cell(current, 4, 5)].map((c) => [c.count, c.heading, c.risks.map((r) => r.risk.id)])).toEqual([
      [0, 'Open risks with a current rating of Very unlikely (1) × Minor (1)', []],
      [1, 'Open risks with a current rating of Possible (3) × Serious (4)', ['CRR0002']],
      [2, 'Open risks with a current rating of Likely (4) × Major (5)', ['CRR0001', 'CRR0004']],
    ]);
    const view = heatmapTable(report, 'target', scheme);
    expect(cell(view, 3, 4).heading).toBe('Open risks with a target rating of Possible (3) × Serious (4)');
    expect(cell(view, 3, 4).risks.map((r) => r.risk.id)).toEqual(['CRR0001', 'CRR0004']);
  });
});
