/**
 * Reading and writing the measure CSVs: values (`measure,period,value,numerator,denominator,note`)
 * and definitions (`id,name,kind,unit,polarity,target,floor,frequency,disclosure,part_of,notes`).
 * Every problem names the file, the row (the header is row 1) and the column.
 */
import Papa from 'papaparse';
import { cellCountOk, readCsvTable, rowsWithData } from '../csv/table.ts';
import { error, warning, type Problem } from '../problems.ts';
import { periodProblem } from './periods.ts';
import {
  DEFINITION_COLUMNS,
  DEFINITION_FIELD_COLUMNS,
  MeasureDefinitionSchema,
  MeasureIdSchema,
  VALUE_COLUMNS,
  ratioBase,
  type DefinitionColumn,
  type MeasureDefinition,
  type MeasureValue,
  type ValueColumn,
} from './schema.ts';

/** A value with the place it was read from. */
export interface LocatedValue extends MeasureValue {
  file: string;
  row: number;
}

/** A definition with the CSV row it was read from. */
export interface LocatedDefinition {
  definition: MeasureDefinition;
  file: string;
  row: number;
}

/** Finds each known column in the header; unknown headings are warned about and ignored. */
function readHeader<C extends string>(
  header: readonly string[],
  known: readonly C[],
  required: readonly C[],
  file: string,
  problems: Problem[],
): Map<C, number> {
  const columns = new Map<C, number>();
  header.forEach((raw, index) => {
    const name = raw.trim().toLowerCase();
    if (name === '') return;
    const column = known.find((c) => c === name);
    if (column === undefined) {
      problems.push(warning(file, `is not a column Oversight reads, so it is ignored: the columns are ${known.join(', ')}`, { row: 1, column: raw.trim() }));
    } else if (columns.has(column)) {
      problems.push(error(file, 'appears more than once in the header row: keep one of them', { row: 1, column }));
    } else {
      columns.set(column, index);
    }
  });
  for (const column of required) {
    if (!columns.has(column)) problems.push(error(file, `the required column ${column} is missing: add it to the header row`, { row: 1 }));
  }
  return columns;
}

/** `1,234`, `1234`, `72.5` and `-3` as numbers; a `%` sign is allowed after a percentage. */
export function parseNumberCell(text: string, allowPercentSign = false): number | undefined {
  let t = text.trim();
  if (allowPercentSign && t.endsWith('%')) t = t.slice(0, -1).trim();
  if (/^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(t)) t = t.replace(/,/g, '');
  if (!/^-?\d+(?:\.\d+)?$/.test(t)) return undefined;
  return Number(t);
}

const SUPPRESSED_MESSAGE = 'is * (a suppressed figure): give the actual figure; Oversight keeps it unrounded and suppresses small numbers only when it publishes';

/**
 * Reads a values CSV. Rows naming a measure that is not in `definitions`, or a period that does not
 * match its frequency, or figures that do not fit its unit, are reported and left out.
 */
export function readValuesCsv(
  text: string,
  file: string,
  definitions: ReadonlyMap<string, MeasureDefinition>,
  /**
   * Says why a measure has no definition, when the caller knows (e.g. its definition has errors);
   * null leaves such rows out without a problem of their own.
   */
  whyUnknown: (id: string) => string | null | undefined = () => undefined,
): { values: LocatedValue[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const table = readCsvTable(text, file, problems, VALUE_COLUMNS.join(','));
  if (table === undefined) return { values: [], problems };
  const columns = readHeader(table.header, VALUE_COLUMNS, ['measure', 'period', 'value'], file, problems);
  if (problems.some((p) => p.severity === 'error' && p.row === 1)) return { values: [], problems };

  const values: LocatedValue[] = [];
  const seen = new Map<string, number>();
  for (const row of rowsWithData(table.rows, [...columns.values()], file, problems)) {
    if (!cellCountOk(table.header, row, file, problems)) continue;
    const cell = (column: ValueColumn): string => {
      const index = columns.get(column);
      return index === undefined ? '' : (row.cells[index] ?? '').trim();
    };
    const before = problems.length;
    const bad = (column: ValueColumn, message: string): undefined => {
      problems.push(error(file, message, { row: row.row, column }));
      return undefined;
    };

    const id = cell('measure');
    const definition = definitions.get(id);
    if (id === '') bad('measure', 'is blank: give the id of the measure, e.g. ASC1');
    else if (!MeasureIdSchema.safeParse(id).success) bad('measure', `"${id}" is not a measure id: ids are capital letters and digits, e.g. ASC1`);
    else if (definition === undefined) {
      const why = whyUnknown(id);
      if (why === null) continue;
      bad('measure', why ?? `no measure has the id ${id}: correct it, or add the measure's definition (--definitions)`);
    }

    const period = cell('period');
    if (period === '') bad('period', 'is blank: give the period the figure is for, e.g. 2020-21 Q3, 2021-01 or 2020-21');
    else if (definition !== undefined) {
      const problem = periodProblem(period, definition.frequency);
      if (problem !== undefined) bad('period', problem);
    }

    const count = (column: 'numerator' | 'denominator'): number | undefined => {
      const text = cell(column);
      if (text === '') return undefined;
      if (text === '*') return bad(column, SUPPRESSED_MESSAGE);
      const n = parseNumberCell(text);
      if (n === undefined || !Number.isInteger(n) || n < 0) return bad(column, `"${text}" must be a whole number of zero or more`);
      return n;
    };
    const numerator = count('numerator');
    const denominator = count('denominator');
    const numeratorGiven = cell('numerator') !== '';
    const denominatorGiven = cell('denominator') !== '';
    if (numeratorGiven !== denominatorGiven) {
      bad(numeratorGiven ? 'denominator' : 'numerator', `is blank but ${numeratorGiven ? 'numerator' : 'denominator'} is not: give both, or neither`);
    }
    if (denominator === 0) bad('denominator', 'is 0: a figure cannot be worked out from a denominator of 0; leave the row out until there is one');

    const unit = definition?.unit;
    let value: number | undefined;
    const valueText = cell('value');
    const ratio = unit === undefined ? undefined : ratioBase(unit);
    if (valueText === '') {
      if (ratio !== undefined && numerator !== undefined && denominator !== undefined && denominator > 0) {
        // To one decimal place, so the file stays readable when it is written back; the status
        // is judged on the counts themselves (figureToJudge).
        value = Math.round((numerator / denominator) * ratio * 10) / 10;
      } else if (definition !== undefined) {
        bad('value', ratio !== undefined ? 'is blank: give the figure, or its numerator and denominator' : 'is blank: give the figure');
      }
    } else if (valueText === '*') {
      bad('value', SUPPRESSED_MESSAGE);
    } else {
      value = parseNumberCell(valueText, unit === 'percent');
      if (value === undefined) bad('value', `"${valueText}" is not a number`);
      else if (unit === 'count' && (!Number.isInteger(value) || value < 0)) bad('value', `"${valueText}" must be a whole number of zero or more: the measure is a count`);
      else if (unit === 'percent' && (value < 0 || value > 100)) bad('value', `"${valueText}" must be a percentage from 0 to 100`);
      else if (value < 0) bad('value', `"${valueText}" must be zero or more`);
      else if (ratio !== undefined && numerator !== undefined && denominator !== undefined && denominator > 0) {
        const worked = (numerator / denominator) * ratio;
        if (Math.abs(worked - value) > 0.5) {
          bad('value', `${valueText} does not match the numerator and denominator, which give ${Math.round(worked * 10) / 10}: correct one of them`);
        }
      }
    }
    if (unit === 'percent' && numerator !== undefined && denominator !== undefined && numerator > denominator) {
      bad('numerator', `${numerator} is more than the denominator ${denominator}: a percentage's numerator is part of its denominator`);
    }

    if (definition !== undefined && period !== '' && problems.length === before) {
      const key = `${id}\u0000${period}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        bad('period', `${id} already has a figure for ${period} on row ${earlier}: keep one of them`);
        continue;
      }
      seen.set(key, row.row);
    }
    if (problems.slice(before).some((p) => p.severity === 'error') || value === undefined) continue;
    const note = cell('note');
    values.push({
      measure: id,
      period,
      value,
      ...(numerator !== undefined ? { numerator } : {}),
      ...(denominator !== undefined ? { denominator } : {}),
      ...(note !== '' ? { note } : {}),
      file,
      row: row.row,
    });
  }
  return { values, problems };
}

/** Writes values as a CSV with the standard header, in the order given. */
export function writeValuesCsv(values: readonly MeasureValue[]): string {
  const rows = values.map((v) => [v.measure, v.period, String(v.value), v.numerator?.toString() ?? '', v.denominator?.toString() ?? '', v.note ?? '']);
  return `${Papa.unparse({ fields: [...VALUE_COLUMNS], data: rows }, { newline: '\n' })}\n`;
}

/**
 * Reads a definitions CSV. Columns absent from the header keep the existing definition's
 * fields; a blank cell clears an optional field. Rows that do not make a valid definition are
 * reported and left out. Checks across definitions (targets for kpis, part_of) are not made here.
 */
export function readDefinitionsCsv(
  text: string,
  file: string,
  existing: ReadonlyMap<string, MeasureDefinition>,
): { definitions: LocatedDefinition[]; problems: Problem[]; /** Ids on rows with errors, and each one's row. */ failed: Map<string, number> } {
  const problems: Problem[] = [];
  const failed = new Map<string, number>();
  const table = readCsvTable(text, file, problems, DEFINITION_COLUMNS.join(','));
  if (table === undefined) return { definitions: [], problems, failed };
  const columns = readHeader(table.header, DEFINITION_COLUMNS, ['id'], file, problems);
  if (problems.some((p) => p.severity === 'error' && p.row === 1)) return { definitions: [], problems, failed };

  const definitions: LocatedDefinition[] = [];
  const seen = new Map<string, number>();
  const fieldOf = new Map(Object.entries(DEFINITION_FIELD_COLUMNS).map(([field, column]) => [column, field]));
  for (const row of rowsWithData(table.rows, [...columns.values()], file, problems)) {
    if (!cellCountOk(table.header, row, file, problems)) continue;
    const before = problems.length;
    const bad = (column: DefinitionColumn, message: string): void => {
      problems.push(error(file, message, { row: row.row, column }));
    };
    const id = (row.cells[columns.get('id') ?? -1] ?? '').trim();
    if (id === '') {
      bad('id', 'is blank: every measure needs an id, e.g. ASC1');
      continue;
    }
    const earlier = seen.get(id);
    if (earlier !== undefined) {
      bad('id', `${id} is also on row ${earlier}: give each measure one row`);
      continue;
    }
    seen.set(id, row.row);
    const input: Record<string, unknown> = { ...existing.get(id) };
    // A cell that is not a number is reported here; the schema still checks the row's other cells, so every problem shows at once.
    const notNumbers = new Set<string>();
    for (const [column, index] of columns) {
      const field = fieldOf.get(column)!;
      const text = (row.cells[index] ?? '').trim();
      if (text === '') {
        delete input[field];
      } else if (column === 'target' || column === 'floor') {
        const n = parseNumberCell(text, true);
        if (n === undefined) {
          bad(column, `"${text}" is not a number`);
          notNumbers.add(field);
        } else input[field] = n;
      } else if (column === 'kind' || column === 'unit' || column === 'polarity' || column === 'frequency' || column === 'disclosure') {
        input[field] = text.toLowerCase();
      } else {
        input[field] = text;
      }
    }
    const parsed = MeasureDefinitionSchema.safeParse(input, { reportInput: true });
    if (parsed.success && problems.length === before) {
      definitions.push({ definition: parsed.data, file, row: row.row });
      continue;
    }
    failed.set(id, row.row);
    for (const issue of parsed.error?.issues ?? []) {
      const field = issue.path[0];
      if (typeof field === 'string' && notNumbers.has(field)) continue;
      const column = typeof field === 'string' ? DEFINITION_FIELD_COLUMNS[field as keyof MeasureDefinition] : undefined;
      const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is blank: give it' : issue.message;
      problems.push(error(file, message, column !== undefined ? { row: row.row, column } : { row: row.row }));
    }
  }
  return { definitions, problems, failed };
}
