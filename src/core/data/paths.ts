/**
 * The only module that knows where things live inside a data directory.
 *
 *   oversight.json                          organisation and scoring scheme
 *   people.json                             everyone the registers refer to
 *   roles.json                              who may manage, audit or administer
 *   registers/<register>/register.json      one register
 *   registers/<register>/risks/<RISK>.json  one risk; file name = id
 */
import { MEASURES_DIR } from '../measures/paths.ts';

export const SETTINGS_FILE = 'oversight.json';
export const PEOPLE_FILE = 'people.json';
export const ROLES_FILE = 'roles.json';
export const REGISTERS_DIR = 'registers';
export const REGISTER_FILE_NAME = 'register.json';
export const RISKS_DIR_NAME = 'risks';

export function registerFile(registerId: string): string {
  return `${REGISTERS_DIR}/${registerId}/${REGISTER_FILE_NAME}`;
}

export function risksDir(registerId: string): string {
  return `${REGISTERS_DIR}/${registerId}/${RISKS_DIR_NAME}`;
}

export function riskFile(registerId: string, riskId: string): string {
  return `${risksDir(registerId)}/${riskId}.json`;
}

/** Whether one path is the other or lies inside it, either way round (`registers` and `registers/corporate`). */
export function pathsOverlap(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}

/** A data file's place in the data directory. */
export type DataPath =
  | { kind: 'risk'; registerId: string; riskId: string }
  | { kind: 'register'; registerId: string }
  | { kind: 'top' }
  | { kind: 'other' };

/** Where a data path sits: risk and register files are what history follows. */
export function classifyPath(path: string): DataPath {
  let known = classified.get(path);
  if (known === undefined) {
    known = classify(path);
    classified.set(path, known);
  }
  return known;
}

/** Paths recur commit after commit: each is worked out once. */
const classified = new Map<string, DataPath>();

function classify(path: string): DataPath {
  const parts = path.split('/');
  if (parts.some((p) => p.startsWith('.'))) return { kind: 'other' };
  if (parts.length === 1) return { kind: 'top' };
  // Measure files change the measures key risk indicators refer to: a full check, like oversight.json.
  if (parts[0] === MEASURES_DIR) return { kind: 'top' };
  if (parts[0] !== REGISTERS_DIR) return { kind: 'other' };
  const registerId = parts[1] ?? '';
  if (parts.length === 3 && parts[2] === REGISTER_FILE_NAME) return { kind: 'register', registerId };
  if (parts.length === 4 && parts[2] === RISKS_DIR_NAME && (parts[3] ?? '').endsWith('.json')) {
    return { kind: 'risk', registerId, riskId: (parts[3] ?? '').slice(0, -'.json'.length) };
  }
  return { kind: 'other' };
}
