/**
 * A CSV file as spreadsheet users see it, shared by every import: rows numbered as the
 * spreadsheet numbers them (the header is row 1), and problems that say how to fix the file.
 */
import Papa from 'papaparse';
import { error, type Problem } from '../problems.ts';

export interface CsvRow {
  /** Spreadsheet row number: the header is row 1. */
  row: number;
  cells: string[];
}

export const isBlankCell = (cell: string): boolean => cell.trim() === '';

/**
 * The header and the rows; blank rows are skipped but still counted. Undefined when there
 * is no header row, for the caller to say which header it expected.
 */
export function readCsvTable(text: string, file: string, problems: Problem[]): { header: string[]; rows: CsvRow[] } | undefined {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const parsed = Papa.parse<string[]>(body, { header: false, delimiter: ',', skipEmptyLines: false });
  for (const e of parsed.errors) {
    const message =
      e.code === 'MissingQuotes'
        ? 'has a cell that opens a double quote and never closes it: add the closing double quote'
        : e.code === 'InvalidQuotes'
          ? 'has a double quote in the wrong place: inside a quoted cell, write a double quote twice ("")'
          : `cannot be read as CSV (${e.message})`;
    problems.push(error(file, message, e.row !== undefined ? { row: e.row + 1 } : {}));
  }
  const [header, ...rest] = parsed.data;
  if (header === undefined || header.every(isBlankCell)) return undefined;
  const rows = rest.map((cells, i) => ({ row: i + 2, cells })).filter((r) => !r.cells.every(isBlankCell));
  return { header, rows };
}

/** A row with too few cells, or extra cells that are not blank, has lost or gained a comma. */
export function cellCountOk(header: readonly string[], row: CsvRow, file: string, problems: Problem[]): boolean {
  const needed = header.reduce((last, heading, i) => (isBlankCell(heading) ? last : i + 1), 0);
  if (row.cells.length >= needed && row.cells.slice(header.length).every(isBlankCell)) return true;
  problems.push(error(file, `has ${row.cells.length} cells but the header row has ${header.length}: check for a missing comma, or a comma inside a cell that is not in double quotes`, { row: row.row }));
  return false;
}
