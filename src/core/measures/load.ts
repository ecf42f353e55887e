/**
 * Loads and checks the measures in a data directory, collecting every problem rather than
 * stopping at the first, in the same Problem shape as the rest of the data.
 */
import type { DataFiles } from '../data/load.ts';
import { readDataDir } from '../data/read-dir.ts';
import { describeJsonError, parseJsonFile } from '../data/serialize.ts';
import { error, parseWithProblems, warning, type Problem } from '../problems.ts';
import { checkDefinitions, checkParts, futurePeriodMessage } from './checks.ts';
import { readValuesCsv, type LocatedValue } from './csv.ts';
import { MEASURES_DIR, isMeasureDefinitionFile, isMeasureValuesFile, measureDefinitionFile, measureValuesFile } from './paths.ts';
import { financialYearOf, parsePeriod } from './periods.ts';
import { MeasureDefinitionSchema, type KeyRiskIndicator, type MeasureDefinition } from './schema.ts';

export interface MeasureEntry {
  definition: MeasureDefinition;
  /** Path relative to the data directory. */
  file: string;
}

/** Every measure and figure in a data directory, parsed. */
export interface Measures {
  definitions: MeasureEntry[];
  /** As recorded (counts never rounded for disclosure), each with the file and row it came from. */
  values: LocatedValue[];
}

export const NO_MEASURES: Measures = { definitions: [], values: [] };

/** Parses `measures/`; files that fail are left out, and their problems say why. Other files are ignored. */
export function loadMeasures(files: DataFiles): { measures: Measures; problems: Problem[] } {
  const problems: Problem[] = [];
  const definitions: MeasureEntry[] = [];
  const unreadable = new Set<string>();
  const paths = [...files.keys()].filter((f) => f.startsWith(`${MEASURES_DIR}/`)).sort();
  for (const file of paths.filter(isMeasureDefinitionFile)) {
    const text = files.get(file)!;
    let json: unknown;
    try {
      json = parseJsonFile(text);
    } catch (err) {
      problems.push(error(file, describeJsonError(text, err)));
      unreadable.add(idFromFile(file));
      continue;
    }
    const result = parseWithProblems(MeasureDefinitionSchema, json, file);
    problems.push(...result.problems);
    if (result.value !== undefined) definitions.push({ definition: result.value, file });
    else unreadable.add(idFromFile(file));
  }

  const byId = new Map(definitions.map((e) => [e.definition.id, e.definition]));
  const values: LocatedValue[] = [];
  for (const file of paths.filter(isMeasureValuesFile)) {
    // A figure for a measure whose definition cannot be read is left out: the definition's own problems say why.
    const read = readValuesCsv(files.get(file)!, file, byId, (id) => (unreadable.has(id) ? null : undefined));
    problems.push(...read.problems);
    values.push(...read.values);
  }

  for (const file of paths) {
    if (!isMeasureDefinitionFile(file) && !isMeasureValuesFile(file)) {
      problems.push(warning(file, 'is not a file Oversight reads: measures hold definitions/<MEASURE-ID>.json and values/<YYYY-YY>.csv (one file per financial year) only'));
    }
  }
  return { measures: { definitions, values }, problems };
}

/** Reads and loads the measures of a data directory on disk. */
export function loadMeasuresFromDir(dir: string): { measures: Measures; problems: Problem[] } {
  return loadMeasures(readDataDir(dir));
}

export interface MeasureCheckOptions {
  /** Today: figures for periods that begin after it are errors. Without it, that check is skipped. */
  now?: Date | undefined;
}

/** Checks across measure files: ids match file names, targets and floors, totals, where each figure is kept. */
export function validateMeasures(measures: Measures, options: MeasureCheckOptions = {}): Problem[] {
  const problems: Problem[] = [];
  const homes = new Map<string, string>();
  for (const { definition, file } of measures.definitions) {
    const expected = measureDefinitionFile(definition.id);
    if (file !== expected) problems.push(error(file, `the file name does not match the measure id ${definition.id}: rename the file to ${definition.id}.json`, { path: 'id' }));
    const first = homes.get(definition.id);
    if (first !== undefined) problems.push(error(file, `measure id ${definition.id} is already used by ${first}: give one of them a new id`, { path: 'id' }));
    else homes.set(definition.id, file);
  }
  const fileOf = new Map(measures.definitions.map((e) => [e.definition.id, e.file]));
  for (const finding of checkDefinitions(measures.definitions.map((e) => e.definition))) {
    problems.push({ severity: finding.severity, file: fileOf.get(finding.measure) ?? measureDefinitionFile(finding.measure), path: finding.field, message: finding.message });
  }

  const frequency = new Map(measures.definitions.map((e) => [e.definition.id, e.definition.frequency]));
  const seen = new Map<string, LocatedValue>();
  for (const v of measures.values) {
    const kind = frequency.get(v.measure);
    const period = parsePeriod(v.period, kind);
    const future = options.now === undefined || kind === undefined ? undefined : futurePeriodMessage(v.period, kind, options.now);
    if (future !== undefined) problems.push(error(v.file, future, { row: v.row, column: 'period' }));
    if (period !== undefined) {
      const home = measureValuesFile(financialYearOf(period));
      if (home !== v.file) problems.push(error(v.file, `${v.period} falls in another financial year: move the row to ${home}`, { row: v.row, column: 'period' }));
    }
    const key = `${v.measure}\u0000${v.period}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) problems.push(error(v.file, `${v.measure} already has a figure for ${v.period} in ${earlier.file} row ${earlier.row}: keep one of them`, { row: v.row, column: 'period' }));
    else seen.set(key, v);
  }
  for (const f of checkParts(measures.definitions.map((e) => e.definition), measures.values)) {
    problems.push(error(f.value.file, f.message, { row: f.value.row, column: f.column }));
  }
  return problems;
}

/** Load, then check: everything `npm run validate` should report about measures. */
export function checkMeasureFiles(files: DataFiles, options: MeasureCheckOptions = {}): { measures: Measures; problems: Problem[] } {
  const { measures, problems } = loadMeasures(files);
  problems.push(...validateMeasures(measures, options));
  return { measures, problems };
}

/**
 * Problems with a risk's key risk indicators (its `keyRiskIndicators` field): each must name
 * a measure that exists.
 */
export function validateKeyRiskIndicators(file: string, indicators: readonly KeyRiskIndicator[] | undefined, measures: Measures, unreadIds: ReadonlySet<string> = new Set()): Problem[] {
  const problems: Problem[] = [];
  const ids = new Set(measures.definitions.map((e) => e.definition.id));
  indicators?.forEach((kri, i) => {
    // A measure whose definition did not load has its own error: naming it is not a second one.
    if (!ids.has(kri.measure) && !unreadIds.has(kri.measure)) {
      problems.push(error(file, `no measure has the id ${kri.measure}: correct it, or add the measure to ${MEASURES_DIR}/definitions`, { path: `keyRiskIndicators[${i}].measure` }));
    }
  });
  return problems;
}

function idFromFile(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1, -'.json'.length);
}
