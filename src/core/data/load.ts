import { parseWithProblems, error, warning, type Problem } from '../problems.ts';
import { z } from 'zod';
import { isRecord } from '../is-record.ts';
import { PeopleFileSchema, PersonSchema, type Person } from '../schemas/person.ts';
import { RegisterSchema } from '../schemas/register.ts';
import { RiskSchema } from '../schemas/risk.ts';
import { DEFAULT_SETTINGS, SettingsSchema } from '../schemas/settings.ts';
import { RolesFileSchema } from '../schemas/roles.ts';
import { PEOPLE_FILE, REGISTER_FILE_NAME, REGISTERS_DIR, RISKS_DIR_NAME, ROLES_FILE, SETTINGS_FILE } from './paths.ts';
import { describeJsonError, parseJsonFile } from './serialize.ts';
import { gitBlobId } from '../git/blob-id.ts';
import type { RegisterEntry, RiskEntry, Workspace } from './workspace.ts';
import { loadMeasures } from '../measures/load.ts';
import { MEASURES_DIR } from '../measures/paths.ts';
import { BASELINES_FILE } from '../history/baselines.ts';

const TOP_LEVEL_FILES = new Set([SETTINGS_FILE, PEOPLE_FILE, ROLES_FILE]);

/** Data files as text, keyed by path relative to the data directory (forward slashes). */
export type DataFiles = ReadonlyMap<string, string>;

/**
 * Paths found in a data directory but not read (a symbolic link, say), each with the error
 * to report on it: the path may be a file or a whole folder.
 */
export type UnreadPaths = ReadonlyMap<string, string>;

/** Whether `path` is an unread path or lies inside an unread folder. */
export function isUnread(unread: UnreadPaths, path: string): boolean {
  for (const at of unread.keys()) {
    if (path === at || path.startsWith(`${at}/`)) return true;
  }
  return false;
}

export interface LoadResult {
  workspace: Workspace;
  problems: Problem[];
  /**
   * people.json is there but no one could be read from it (it is not JSON, has no list of
   * people, or was not read at all): its own error says so, and every reference to a person
   * would be an error as well, so references to people cannot be checked.
   */
  peopleUnread: boolean;
}

/**
 * Parses every file, collecting every problem rather than stopping at the first.
 * Files that fail their schema are left out of the workspace; their problems say why, as
 * do those of the paths that were not read.
 */
export function loadWorkspace(files: DataFiles, unread: UnreadPaths = new Map()): LoadResult {
  const problems: Problem[] = [...unread].map(([path, why]) => error(path, why));
  problems.push(...[...files].flatMap(([file, text]) => notUtf8(file, text)));
  const parse = <T>(schema: Parameters<typeof parseWithProblems>[0], file: string): T | undefined => {
    const text = files.get(file);
    if (text === undefined) return undefined;
    let json: unknown;
    try {
      json = parseJsonFile(text);
    } catch (err) {
      problems.push(error(file, describeJsonError(text, err)));
      return undefined;
    }
    const result = parseWithProblems(schema, json, file);
    problems.push(...result.problems);
    return result.value as T | undefined;
  };

  const settings = files.has(SETTINGS_FILE) ? parse<Workspace['settings']>(SettingsSchema, SETTINGS_FILE) : DEFAULT_SETTINGS;
  const people = parse<{ people: Workspace['people'] }>(PeopleFileSchema, PEOPLE_FILE)?.people ?? namedPeople(files.get(PEOPLE_FILE));
  const peopleUnread = unread.has(PEOPLE_FILE) || people === undefined;
  const roles = parse<{ roles: Workspace['roles'] }>(RolesFileSchema, ROLES_FILE)?.roles ?? [];

  const registers = new Map<string, RegisterEntry>();
  const risksByRegister = new Map<string, RiskEntry[]>();
  for (const file of [...files.keys()].sort()) {
    const parts = file.split('/');
    if (parts[0] === MEASURES_DIR) continue; // read by loadMeasures below
    if (parts[0] !== REGISTERS_DIR) {
      // BASELINES_FILE is read where it is used (history imports this module, so it is not in the set).
      if (!TOP_LEVEL_FILES.has(file) && file !== BASELINES_FILE) problems.push(warning(file, 'is not a file Oversight reads: move or remove it'));
      continue;
    }
    const registerId = parts[1] ?? '';
    if (parts.length === 3 && parts[2] === REGISTER_FILE_NAME) {
      const register = parse<RegisterEntry['register']>(RegisterSchema, file);
      if (register) registers.set(registerId, { register, file, risks: [] });
    } else if (parts.length === 4 && parts[2] === RISKS_DIR_NAME && file.endsWith('.json')) {
      const risk = parse<RiskEntry['risk']>(RiskSchema, file);
      if (risk) {
        const list = risksByRegister.get(registerId) ?? [];
        list.push({ risk, file, registerId, version: gitBlobId(files.get(file)!) });
        risksByRegister.set(registerId, list);
      }
    } else {
      problems.push(warning(file, `is not a file Oversight reads: registers hold ${REGISTER_FILE_NAME} and ${RISKS_DIR_NAME}/<RISK-ID>.json only`));
    }
  }
  for (const [registerId, risks] of risksByRegister) {
    const entry = registers.get(registerId);
    if (entry) entry.risks = risks;
    else if (!files.has(`${REGISTERS_DIR}/${registerId}/${REGISTER_FILE_NAME}`) && !isUnread(unread, `${REGISTERS_DIR}/${registerId}/${REGISTER_FILE_NAME}`)) {
      problems.push(error(`${REGISTERS_DIR}/${registerId}/${REGISTER_FILE_NAME}`, `is missing: register "${registerId}" has risks but no ${REGISTER_FILE_NAME}; create it with an id, name and level`));
    }
  }

  const { measures, problems: measureProblems } = loadMeasures(files);
  problems.push(...measureProblems);

  return {
    workspace: { settings: settings ?? DEFAULT_SETTINGS, people: people ?? [], roles, registers: [...registers.values()], measures },
    problems,
    peopleUnread,
  };
}

/** A person's id and name, whatever else their entry has. */
const NamedPerson = z.object(PersonSchema.pick({ id: true, name: true }).shape);

/**
 * When people.json fails its schema, everyone in it with a good id and name: without them one
 * bad email made every owner, delegate and role in the data "unknown" as well. The file's own
 * problems are reported by its parse, so the data is invalid all the same. No one when the
 * file is missing; undefined when it is there but is not JSON or has no list of people.
 */
function namedPeople(text: string | undefined): Person[] | undefined {
  if (text === undefined) return [];
  let json: unknown;
  try {
    json = parseJsonFile(text);
  } catch {
    return undefined;
  }
  if (!isRecord(json) || !Array.isArray(json['people'])) return undefined;
  const entries: unknown[] = json['people'];
  return entries.flatMap((entry) => {
    const named = NamedPerson.safeParse(entry);
    return named.success ? [named.data] : [];
  });
}

/**
 * A file saved in another encoding (Windows-1252, as Excel's plain "CSV" and Notepad's "ANSI"
 * save) is read with U+FFFD in place of each letter it garbles (é, £, –). Left unreported, the
 * site would show "Caf�" and the next import that rewrites the file would store it so for good.
 */
function notUtf8(file: string, text: string): Problem[] {
  const at = text.indexOf('\uFFFD');
  if (at === -1) return [];
  const line = text.slice(0, at).split('\n').length;
  return [error(file, `is not UTF-8 text: line ${line} has a character that cannot be read (shown as �), as happens when a file is saved in another encoding such as Windows-1252; save it as UTF-8 (in Excel, "CSV UTF-8"; in an editor, the UTF-8 encoding) and check the letters on that line`)];
}
