/**
 * A register as interchange CSV: the same columns import reads, so that
 * export → import → export gives the same file.
 */
import Papa from 'papaparse';
import { compareRiskIds } from '../data/next-risk-id.ts';
import { findRegister, type Workspace } from '../data/workspace.ts';
import type { Person } from '../schemas/person.ts';
import type { Risk } from '../schemas/risk.ts';
import { CSV_COLUMNS, DATE_COLUMNS, FORMULA_LIKE, RATING_COLUMNS, TEXT_COLUMNS, joinList, ownerLabel, type CsvColumn } from './columns.ts';

/** The cells of one risk, keyed by column. */
export function riskToCells(risk: Risk, people: readonly Person[]): Record<CsvColumn, string> {
  const cells: Partial<Record<CsvColumn, string>> = {
    id: risk.id,
    owner: joinList(risk.owners.map((id) => ownerLabel(people, id))),
    status: risk.status,
    cabinet_member: joinList(risk.cabinetMembers),
    previous_rating: risk.previousRating === undefined ? '' : String(risk.previousRating),
  };
  for (const [column, field] of Object.entries(TEXT_COLUMNS) as [keyof typeof TEXT_COLUMNS, (typeof TEXT_COLUMNS)[keyof typeof TEXT_COLUMNS]][]) {
    cells[column] = risk[field] ?? '';
  }
  for (const [column, field] of Object.entries(DATE_COLUMNS) as [keyof typeof DATE_COLUMNS, (typeof DATE_COLUMNS)[keyof typeof DATE_COLUMNS]][]) {
    cells[column] = risk[field] ?? '';
  }
  for (const field of ['current', 'target'] as const) {
    const [likelihood, impact] = RATING_COLUMNS[field];
    const rating = risk[field];
    cells[likelihood] = rating === undefined ? '' : String(rating.likelihood);
    cells[impact] = rating === undefined ? '' : String(rating.impact);
  }
  return Object.fromEntries(CSV_COLUMNS.map((c) => [c, cells[c] ?? ''])) as Record<CsvColumn, string>;
}

/**
 * The register's risks as CSV, by id with numbers by value as the register pages sort them
 * (CRR2 before CRR10): a header row with every column, one row per risk, CRLF line ends and a
 * final line end. Throws for a register the workspace does not have. Cells a spreadsheet would
 * run as formulas are escaped.
 */
export function registerToCsv(workspace: Workspace, registerId: string): string {
  const entry = findRegister(workspace, registerId);
  if (!entry) throw new Error(`no register has the id "${registerId}"`);
  const risks = entry.risks.map((r) => r.risk).sort((a, b) => compareRiskIds(a.id, b.id));
  const rows = risks.map((risk) => {
    const cells = riskToCells(risk, workspace.people);
    return CSV_COLUMNS.map((c) => cells[c]);
  });
  return `${Papa.unparse([[...CSV_COLUMNS], ...rows], { newline: '\r\n', escapeFormulae: FORMULA_LIKE })}\r\n`;
}
