/**
 * A CSV file as spreadsheet users see it, shared by every import: rows numbered as the
 * spreadsheet numbers them (the header is row 1), and problems that say how to fix the file.
 */
import Papa from 'papaparse';
import { error, warning, type Problem } from '../problems.ts';
import { looksLikeUtf16, SAVE_AS_CSV_UTF8, UTF16_MESSAGE, UTF8_BOM } from './encoding.ts';

export interface CsvRow {
  /** Spreadsheet row number: the header is row 1. */
  row: number;
  cells: string[];
}

export const isBlankCell = (cell: string): boolean => cell.trim() === '';

/**
 * The header and the rows; blank rows are skipped but still counted. Undefined, with the problem
 * added, when there is no header row (`columns` is an example of one) or the columns are not
 * separated by commas.
 */
export function readCsvTable(text: string, file: string, problems: Problem[], columns: string): { header: string[]; rows: CsvRow[] } | undefined {
  const body = text.startsWith(UTF8_BOM) ? text.slice(1) : text;
  if (looksLikeUtf16(body)) {
    problems.push(error(file, UTF16_MESSAGE));
    return undefined;
  }
  const parsed = Papa.parse<string[]>(body, { header: false, delimiter: ',', skipEmptyLines: false });
  // Papa Parse can report one misplaced quote more than once: each row's problem is said once.
  const said = new Set<string>();
  for (const e of parsed.errors) {
    if (said.has(`${e.code} ${e.row}`)) continue;
    said.add(`${e.code} ${e.row}`);
    const message =
      e.code === 'MissingQuotes'
        ? 'has a cell that opens a double quote and never closes it: add the closing double quote'
        : e.code === 'InvalidQuotes'
          ? 'has a double quote in the wrong place: inside a quoted cell, write a double quote twice ("")'
          : `cannot be read as CSV (${e.message})`;
    problems.push(error(file, message, e.row !== undefined ? { row: e.row + 1 } : {}));
  }
  const [header, ...rest] = parsed.data;
  if (header === undefined || header.every(isBlankCell)) {
    problems.push(error(file, `has no header row: the first row must name the columns, e.g. ${columns}`, { row: 1 }));
    return undefined;
  }
  const separator = wrongSeparator(header);
  if (separator !== undefined) {
    // Without this, every required column would be reported missing, which sends people looking in the wrong place.
    problems.push(error(file, `has its columns separated by ${separator}, not commas; ${SAVE_AS_CSV_UTF8}`, { row: 1 }));
    return undefined;
  }
  const rows = rest.map((cells, i) => ({ row: i + 2, cells })).filter((r) => !r.cells.every(isBlankCell));
  return { header, rows };
}

/**
 * The separator a file saved as another kind of text uses: a header that is one cell holding
 * semicolons (Excel where the decimal mark is a comma) or tabs ("Text (Tab delimited)",
 * "Unicode Text"). Undefined for a comma-separated header.
 */
function wrongSeparator(header: readonly string[]): string | undefined {
  const [only] = header;
  if (header.length !== 1 || only === undefined) return undefined;
  const semicolons = only.split(';').length - 1;
  const tabs = only.split('\t').length - 1;
  if (semicolons === 0 && tabs === 0) return undefined;
  return tabs > semicolons ? 'tabs' : 'semicolons';
}

/** A row with too few cells, or extra cells that are not blank, has lost or gained a comma. */
export function cellCountOk(header: readonly string[], row: CsvRow, file: string, problems: Problem[]): boolean {
  const needed = header.reduce((last, heading, i) => (isBlankCell(heading) ? last : i + 1), 0);
  if (row.cells.length >= needed && row.cells.slice(header.length).every(isBlankCell)) return true;
  problems.push(error(file, `has ${row.cells.length} cells but the header row has ${header.length}: check for a missing comma, or a comma inside a cell that is not in double quotes`, { row: row.row }));
  return false;
}

/**
 * The rows with something in a column the import reads (`read`: their indexes). A sheet's own
 * columns (a score or RAG formula, filled down past the last row of data) leave rows such as
 * `,,,,,0` that hold nothing to import: they are skipped, with one warning, instead of each
 * being refused for its blank required cells.
 */
export function rowsWithData(rows: readonly CsvRow[], read: readonly number[], file: string, problems: Problem[]): CsvRow[] {
  const holdsData = (row: CsvRow): boolean => read.some((i) => !isBlankCell(row.cells[i] ?? ''));
  const skipped = rows.filter((row) => !holdsData(row));
  if (skipped.length > 0) {
    const which = skipped.length === 1 ? `row ${skipped[0]!.row} has` : `${skipped.length} rows (from row ${skipped[0]!.row}) have`;
    problems.push(warning(file, `${which} nothing in the columns Oversight reads, only in columns it ignores (such as a formula filled down below the last row), so ${skipped.length === 1 ? 'it is' : 'they are'} skipped`));
  }
  return rows.filter(holdsData);
}
