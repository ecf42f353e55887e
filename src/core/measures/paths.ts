/**
 * Where measures live inside a data directory (see ./schema.ts for the layout and why).
 * When this is wired in, these belong in src/core/data/paths.ts, the one module that knows file names.
 */
import { fyLabel } from './periods.ts';

export const MEASURES_DIR = 'measures';
export const MEASURE_DEFINITIONS_DIR = `${MEASURES_DIR}/definitions`;
export const MEASURE_VALUES_DIR = `${MEASURES_DIR}/values`;

/** `measures/definitions/ASC1.json`. */
export function measureDefinitionFile(measureId: string): string {
  return `${MEASURE_DEFINITIONS_DIR}/${measureId}.json`;
}

/** `measures/values/2020-21.csv`: the file for the financial year starting in `startYear`. */
export function measureValuesFile(startYear: number): string {
  return `${MEASURE_VALUES_DIR}/${fyLabel(startYear)}.csv`;
}

export function isMeasureDefinitionFile(path: string): boolean {
  return path.startsWith(`${MEASURE_DEFINITIONS_DIR}/`) && path.split('/').length === 3 && path.endsWith('.json');
}

export function isMeasureValuesFile(path: string): boolean {
  return /^measures\/values\/\d{4}-\d{2}\.csv$/.test(path);
}
