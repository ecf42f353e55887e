/**
 * Plans `npm run import-measures`: which files to write, and every problem found on the way.
 * Pure: it reads the data files it is given and returns text. Nothing is to be written when any
 * row of either CSV is bad; the caller writes `writes` only when there are no errors.
 */
import type { DataFiles } from '../data/load.ts';
import { toJsonFile } from '../data/serialize.ts';
import { error, hasErrors, type Problem } from '../problems.ts';
import { plural } from '../words.ts';
import { checkDefinitions, checkParts, futurePeriodMessage } from './checks.ts';
import { readDefinitionsCsv, readValuesCsv, writeValuesCsv, type LocatedValue } from './csv.ts';
import { checkMeasureFiles, loadMeasures, type MeasureCheckOptions } from './load.ts';
import { MEASURES_DIR, measureDefinitionFile, measureValuesFile } from './paths.ts';
import { FREQUENCIES, financialYearOf, parsePeriod, periodMonths, type Frequency } from './periods.ts';
import { DEFINITION_FIELD_COLUMNS, type MeasureValue } from './schema.ts';

export interface CsvInput {
  /** The path as the user gave it: problems in the CSV name it. */
  file: string;
  text: string;
}

export interface MeasuresImportSummary {
  definitionsCreated: number;
  definitionsUpdated: number;
  definitionsUnchanged: number;
  valuesAdded: number;
  valuesReplaced: number;
  valuesUnchanged: number;
}

export interface MeasuresImportPlan {
  /** File contents to write, keyed by path relative to the data directory. Empty when there are errors. */
  writes: Map<string, string>;
  problems: Problem[];
  summary: MeasuresImportSummary;
}

export function planMeasuresImport(
  files: DataFiles,
  input: { values: CsvInput; definitions?: CsvInput | undefined },
  /** `now` rejects figures for periods that have not begun. */
  options: MeasureCheckOptions = {},
): MeasuresImportPlan {
  const problems: Problem[] = [];
  const summary: MeasuresImportSummary = { definitionsCreated: 0, definitionsUpdated: 0, definitionsUnchanged: 0, valuesAdded: 0, valuesReplaced: 0, valuesUnchanged: 0 };
  const failed = (): MeasuresImportPlan => ({ writes: new Map(), problems: sortProblems(problems, input), summary });

  const existing = loadMeasures(files);
  const broken = existing.problems.filter((p) => p.severity === 'error');
  if (broken.length > 0) {
    problems.push(...broken, error(input.values.file, `cannot be imported until the measures already in ${MEASURES_DIR}/ are fixed: correct the errors listed, then import again`));
    return failed();
  }
  const definitions = new Map(existing.measures.definitions.map((e) => [e.definition.id, e.definition]));
  const writes = new Map<string, string>();

  // Definitions: added or updated, then checked together with those already held.
  const definitionRows = new Map<string, number>();
  let failedDefinitions = new Map<string, number>();
  if (input.definitions !== undefined) {
    const read = readDefinitionsCsv(input.definitions.text, input.definitions.file, definitions);
    problems.push(...read.problems);
    failedDefinitions = read.failed;
    for (const { definition, row } of read.definitions) {
      const before = definitions.get(definition.id);
      definitionRows.set(definition.id, row);
      definitions.set(definition.id, definition);
      if (before === undefined) summary.definitionsCreated += 1;
      else if (JSON.stringify(before) === JSON.stringify(definition)) {
        summary.definitionsUnchanged += 1;
        continue;
      } else summary.definitionsUpdated += 1;
      writes.set(measureDefinitionFile(definition.id), toJsonFile(definition));
    }
    const heldFile = new Map(existing.measures.definitions.map((e) => [e.definition.id, e.file]));
    for (const f of checkDefinitions([...definitions.values()])) {
      const row = definitionRows.get(f.measure);
      if (row !== undefined) problems.push({ severity: f.severity, file: input.definitions.file, row, column: DEFINITION_FIELD_COLUMNS[f.field], message: f.message });
      else problems.push({ severity: f.severity, file: heldFile.get(f.measure) ?? measureDefinitionFile(f.measure), path: f.field, message: f.message });
    }
  }

  // Values: a figure for a (measure, period) already held replaces it.
  const read = readValuesCsv(input.values.text, input.values.file, definitions, (id) => {
    const row = failedDefinitions.get(id);
    return row === undefined ? undefined : `the definition of ${id} on row ${row} of ${input.definitions?.file ?? 'the definitions file'} has errors: correct it, then import again`;
  });
  problems.push(...read.problems);
  const key = (v: MeasureValue): string => `${v.measure}\u0000${v.period}`;
  const merged = new Map<string, LocatedValue>(existing.measures.values.map((v) => [key(v), v]));
  const touchedYears = new Set<number>();
  for (const v of read.values) {
    const future = options.now === undefined ? undefined : futurePeriodMessage(v.period, definitions.get(v.measure)!.frequency, options.now);
    if (future !== undefined) {
      problems.push(error(v.file, future, { row: v.row, column: 'period' }));
      continue;
    }
    const before = merged.get(key(v));
    merged.set(key(v), v);
    if (before === undefined) summary.valuesAdded += 1;
    else if (sameFigure(before, v)) {
      summary.valuesUnchanged += 1;
      merged.set(key(v), before);
      continue;
    } else summary.valuesReplaced += 1;
    touchedYears.add(financialYearOf(parsePeriod(v.period, definitions.get(v.measure)!.frequency)!));
  }
  for (const f of checkParts([...definitions.values()], [...merged.values()])) {
    problems.push(error(f.value.file, f.message, { row: f.value.row, column: f.column }));
  }
  // A values file with only its header may carry changed definitions alone (a new year's target).
  if (read.values.length === 0 && writes.size === 0 && !hasErrors(problems)) {
    const also = input.definitions === undefined ? '' : ', and the definitions change nothing';
    problems.push(error(input.values.file, `has no figures under the header row${also}: there is nothing to import`, { row: 2 }));
  }
  if (hasErrors(problems)) return failed();

  const frequency = (id: string): Frequency => definitions.get(id)!.frequency;
  for (const year of touchedYears) {
    const inYear = [...merged.values()].filter((v) => financialYearOf(parsePeriod(v.period, frequency(v.measure))!) === year);
    writes.set(measureValuesFile(year), writeValuesCsv(sortValues(inYear, frequency)));
  }

  // The measures as they would be, checked as validate would check them.
  const after = new Map(files);
  for (const [file, content] of writes) after.set(file, content);
  const remaining = checkMeasureFiles(after, options).problems.filter((p) => p.severity === 'error');
  if (remaining.length > 0) {
    problems.push(...remaining);
    return failed();
  }
  return { writes, problems: sortProblems(problems, input), summary };
}

function sameFigure(a: MeasureValue, b: MeasureValue): boolean {
  return a.value === b.value && a.numerator === b.numerator && a.denominator === b.denominator && a.note === b.note;
}

/** In time order (by first month, then months before quarters before years), then by measure id. */
export function sortValues<V extends MeasureValue>(values: readonly V[], frequency: (id: string) => Frequency): V[] {
  const order = (v: V): [string, number] => {
    const kind = frequency(v.measure);
    return [periodMonths(parsePeriod(v.period, kind)!).first, FREQUENCIES.indexOf(kind)];
  };
  return [...values].sort((a, b) => {
    const [fa, ka] = order(a);
    const [fb, kb] = order(b);
    return fa.localeCompare(fb) || ka - kb || a.measure.localeCompare(b.measure);
  });
}

/** The definitions CSV's problems first, then the values CSV's, each in row order; then the data directory's. */
function sortProblems(problems: Problem[], input: { values: CsvInput; definitions?: CsvInput | undefined }): Problem[] {
  const rank = (p: Problem): number => (p.file === input.definitions?.file ? 0 : p.file === input.values.file ? 1 : 2);
  return [...problems].sort((a, b) => rank(a) - rank(b) || (a.row ?? 0) - (b.row ?? 0));
}

/** `Imported 24 figures (20 new, 4 replaced) and 3 measure definitions (2 new, 1 updated).` */
export function formatMeasuresImportSummary(s: MeasuresImportSummary): string {
  const figures = s.valuesAdded + s.valuesReplaced + s.valuesUnchanged;
  const parts = [`${s.valuesAdded} new`, `${s.valuesReplaced} replaced`];
  if (s.valuesUnchanged > 0) parts.push(`${s.valuesUnchanged} unchanged`);
  let line = `Imported ${plural(figures, 'figure')} (${parts.join(', ')})`;
  const defs = s.definitionsCreated + s.definitionsUpdated + s.definitionsUnchanged;
  if (defs > 0) {
    const d = [`${s.definitionsCreated} new`, `${s.definitionsUpdated} updated`];
    if (s.definitionsUnchanged > 0) d.push(`${s.definitionsUnchanged} unchanged`);
    line += ` and ${plural(defs, 'measure definition')} (${d.join(', ')})`;
  }
  return `${line}.`;
}
