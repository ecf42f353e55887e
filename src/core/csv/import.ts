/**
 * Plans the import of a register CSV: which data files to write, and every
 * problem found on the way. Pure: it reads the data files it is given and
 * returns text; writing is the caller's job, and only when there are no errors.
 */
import type { DataFiles, UnreadPaths } from '../data/load.ts';
import { loadWorkspace } from '../data/load.ts';
import { pathsOverlap, PEOPLE_FILE, REGISTER_FILE_NAME, REGISTERS_DIR, RISKS_DIR_NAME, registerFile, riskFile } from '../data/paths.ts';
import { toJsonFile } from '../data/serialize.ts';
import { checkFiles } from '../data/validate.ts';
import type { RiskEntry } from '../data/workspace.ts';
import { proposalLabel } from '../git/labels.ts';
import { error, hasErrors, problemsFromZod, warning, type Problem } from '../problems.ts';
import { plural } from '../words.ts';
import { NonEmptyText, RegisterIdSchema, RiskIdSchema } from '../schemas/common.ts';
import { PeopleFileSchema, PersonSchema, type Person } from '../schemas/person.ts';
import { REGISTER_LEVELS, RegisterSchema, type Register } from '../schemas/register.ts';
import { PreviousRatingSchema, RISK_STATUSES, RiskSchema, type Risk } from '../schemas/risk.ts';
import {
  CSV_COLUMNS,
  DATE_COLUMNS,
  IGNORED_COLUMNS,
  LIST_SEPARATOR,
  RATING_COLUMNS,
  REQUIRED_COLUMNS,
  TEXT_COLUMNS,
  columnForPath,
  matchPerson,
  normaliseName,
  splitList,
  unescapeFormula,
  type CsvColumn,
} from './columns.ts';
import { parseCsvDate } from './dates.ts';
import { cellCountOk, isBlankCell, readCsvTable, rowsWithData, type CsvRow } from './table.ts';

export interface ImportOptions {
  /** The CSV's path as the user gave it: problems in the CSV name this file. */
  csvFile: string;
  /** The register the rows go into; created if it does not exist. */
  registerId: string;
  /** The register's name: for a new register (default: its id), or a new name for an existing one. */
  name?: string | undefined;
  /** The register's level: for a new register (default: directorate), or a new level for an existing one. */
  level?: string | undefined;
  /** Today, for the checks on review dates. */
  now: Date;
  /**
   * Whether the importer may learn that a risk id is in a register (a restricted one they
   * may not read, through the functions): if not, a clash says only that the id is used.
   * Everything may be named when this is absent (the CLI's user has the files).
   */
  mayName?: ((registerId: string, riskId: string) => boolean) | undefined;
  /**
   * Whether an error in a file the import does not write is one the data has already (through
   * the functions, which take it to the base branch's own): it is left out, as not the
   * importer's to put right. Every error blocks when this is absent, as validate would.
   */
  errorAlready?: ((problem: Problem) => boolean) | undefined;
  /**
   * Ids that open proposals give risks the data does not have yet (through the functions), as
   * their labels have them (a long id shortened by proposalLabel): a row adding one is refused,
   * as the new-risk form refuses it, or the second proposal would fail only when merged.
   */
  proposedIds?: ReadonlySet<string> | undefined;
  /** Paths in the data directory that were not read (see scanDataDir): errors, as validate reports them. */
  unread?: UnreadPaths | undefined;
}

export interface ImportSummary {
  registerId: string;
  /** The register did not exist and is created. */
  registerCreated: boolean;
  /** An existing register's name or level changes. */
  registerUpdated: boolean;
  /** Rows imported: created + updated + unchanged. */
  risks: number;
  created: number;
  updated: number;
  /** Rows that match their risk file already. */
  unchanged: number;
  /** People added to people.json for owners nobody had. */
  newPeople: Person[];
}

export interface ImportPlan {
  /** File contents to write, keyed by path relative to the data directory. Empty when there are errors. */
  writes: Map<string, string>;
  problems: Problem[];
  summary: ImportSummary;
}

const SCORE_MESSAGE = 'must be a whole number from 1 to 5';


export function planImport(files: DataFiles, csvText: string, options: ImportOptions): ImportPlan {
  const { csvFile, registerId } = options;
  const problems: Problem[] = [];
  const summary: ImportSummary = {
    registerId,
    registerCreated: false,
    registerUpdated: false,
    risks: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    newPeople: [],
  };
  const failed = (): ImportPlan => ({ writes: new Map(), problems, summary });

  problems.push(...checkOptions(options));
  const read = readTable(csvText, csvFile, problems);
  if (!read || hasErrors(problems)) return failed();
  const columns = readHeader(read.header, read.rows, csvFile, problems);
  if (hasErrors(problems)) return failed();
  const table = { header: read.header, rows: rowsWithData(read.rows, [...columns.values()], csvFile, problems) };
  const unread = options.unread ?? new Map<string, string>();
  const { workspace, problems: loadProblems } = loadWorkspace(files, unread);
  const regFile = registerFile(registerId);
  const blocking = blockingProblems(files, unread, loadProblems, workspace.registers.some((r) => r.file === regFile), registerId);
  if (blocking.length > 0) {
    const broken = [...new Set(blocking.map((p) => p.file))];
    problems.push(...blocking, error(csvFile, `cannot be imported until ${broken.join(' and ')} ${broken.length > 1 ? 'are' : 'is'} fixed: correct the errors listed, then import again`));
    return failed();
  }

  const writes = new Map<string, string>();

  // The register: kept as it is, except for a new name or level.
  const registerEntry = workspace.registers.find((r) => r.file === regFile);
  summary.registerCreated = registerEntry === undefined;
  if (table.rows.length === 0) {
    // Said plainly, as a register may be started (or renamed) from a header row alone.
    const outcome = registerEntry === undefined ? `register ${registerId} is created with no risks` : 'there is nothing to import';
    problems.push(warning(csvFile, `has no rows of risks under the header row: ${outcome}`));
  }
  const registerInput: Register = registerEntry?.register ?? {
    id: registerId,
    name: registerId,
    level: 'directorate',
    reviewCycleMonths: 3,
    classification: 'unrestricted',
  };
  const registerResult = RegisterSchema.safeParse({
    ...registerInput,
    ...(options.name !== undefined ? { name: options.name } : {}),
    ...(options.level !== undefined ? { level: options.level } : {}),
  });
  if (!registerResult.success) {
    problems.push(...problemsFromZod(regFile, registerResult.error.issues));
    return failed();
  }
  if (!registerEntry || JSON.stringify(registerEntry.register) !== JSON.stringify(registerResult.data)) {
    writes.set(regFile, toJsonFile(registerResult.data));
    summary.registerUpdated = registerEntry !== undefined;
  }

  // Risk ids already used by other registers, from file names and from the ids inside the files.
  const otherHomes = new Map<string, string>();
  for (const file of files.keys()) {
    const parts = file.split('/');
    const [top, folder, dir, name = ''] = parts;
    if (parts.length === 4 && top === REGISTERS_DIR && dir === RISKS_DIR_NAME && name.endsWith('.json') && folder !== registerId && folder !== undefined) {
      otherHomes.set(name.slice(0, -'.json'.length), folder);
    }
  }
  const existingRisks = new Map<string, RiskEntry>();
  for (const entry of workspace.registers) {
    for (const r of entry.risks) {
      if (r.registerId === registerId) existingRisks.set(r.file, r);
      else otherHomes.set(r.risk.id, r.registerId);
    }
  }

  const mapper = new RowMapper(csvFile, registerId, table.header, columns, workspace.people, otherHomes, options.mayName ?? (() => true), options.proposedIds ?? new Set(), problems);
  const rowsByFile = new Map<string, number>();
  const risksByFile = new Map<string, Risk>();
  for (const row of table.rows) {
    if (!mapper.cellCountOk(row)) continue;
    const id = mapper.riskId(row);
    const file = id === undefined ? undefined : riskFile(registerId, id);
    const existing = file === undefined ? undefined : existingRisks.get(file);
    if (file !== undefined && existing === undefined && files.has(file)) {
      problems.push(error(csvFile, `${file} already exists but could not be read: correct it (npm run validate lists its problems), then import again`, { row: row.row, column: 'id' }));
      continue;
    }
    const risk = mapper.risk(row, id, existing?.risk);
    if (risk === undefined || file === undefined) continue;
    rowsByFile.set(file, row.row);
    risksByFile.set(file, risk);
    summary.risks += 1;
    if (existing && JSON.stringify(existing.risk) === JSON.stringify(risk)) {
      summary.unchanged += 1;
    } else {
      writes.set(file, toJsonFile(risk));
      if (existing) summary.updated += 1;
      else summary.created += 1;
    }
  }

  summary.newPeople = mapper.newPeople;
  if (mapper.newPeople.length > 0) {
    writes.set(PEOPLE_FILE, toJsonFile(PeopleFileSchema.parse({ people: [...workspace.people, ...mapper.newPeople] })));
  }

  // The whole data directory as it would be, checked as validate would check it.
  const merged = new Map(files);
  for (const [file, content] of writes) merged.set(file, content);
  for (const p of checkFiles(merged, { now: options.now, unread }).problems) {
    const row = rowsByFile.get(p.file);
    const risk = risksByFile.get(p.file);
    if (row !== undefined && risk !== undefined) {
      const status = statusAdvice(p, risk);
      const column = status !== undefined ? 'status' : columnForPath(p.path);
      const where = column !== undefined ? { row, column } : p.path !== undefined ? { row, path: p.path } : { row };
      const message = status ?? p.message;
      problems.push(p.severity === 'error' ? error(csvFile, message, where) : warning(csvFile, message, where));
    } else if ((p.severity === 'error' && options.errorAlready?.(p) !== true) || writes.has(p.file)) {
      // Errors anywhere block the import; warnings only matter for the files it writes.
      problems.push(p);
    }
  }

  // The CSV's problems first, in row order; then any in the data directory.
  const order = (p: Problem): number => (p.file === csvFile ? (p.row ?? 0) : Number.MAX_SAFE_INTEGER);
  problems.sort((a, b) => order(a) - order(b));
  if (hasErrors(problems)) return failed();
  return { writes, problems, summary };
}

/**
 * The data's problems that stop an import before its rows are read: owners cannot be matched
 * against a people.json that does not load, nor a register updated that does not. And a
 * register that did not load must not be started afresh over what its folder holds: that
 * would write a new register.json, and new risk files over old ones, through a linked folder
 * or beside a register.json that was lost.
 */
function blockingProblems(files: DataFiles, unread: UnreadPaths, loadProblems: readonly Problem[], registerLoaded: boolean, registerId: string): Problem[] {
  const regFile = registerFile(registerId);
  const folder = `${REGISTERS_DIR}/${registerId}`;
  const blocks = (file: string): boolean =>
    (files.has(file) && (file === PEOPLE_FILE || file === regFile)) || (unread.has(file) && (file === PEOPLE_FILE || pathsOverlap(file, folder)));
  const blocking = loadProblems.filter((p) => p.severity === 'error' && blocks(p.file));
  if (blocking.length === 0 && !registerLoaded && [...files.keys()].some((file) => file.startsWith(`${folder}/`))) {
    blocking.push(
      error(regFile, `is missing, but the folder ${folder} already holds files, which an import would take over as a new register's: restore ${REGISTER_FILE_NAME} (from git, if it was deleted) or create it with the register's id, name and level, or move the folder away if it is not this register`),
    );
  }
  return blocking;
}

/** `Imported 14 risks into register adult-social-care (3 new, 11 updated); 1 new person.` */
export function formatImportSummary(summary: ImportSummary): string {
  const counts = [`${summary.created} new`, `${summary.updated} updated`];
  if (summary.unchanged > 0) counts.push(`${summary.unchanged} unchanged`);
  let line = `Imported ${plural(summary.risks, 'risk')} into ${summary.registerCreated ? 'new register' : 'register'} ${summary.registerId} (${counts.join(', ')})`;
  const n = summary.newPeople.length;
  if (n > 0) line += `; ${n} new ${n === 1 ? 'person' : 'people'}`;
  return `${line}.`;
}

/**
 * What to do about a status that needs a field the CSV has no column for (movedTo for a moved
 * risk, statusReason for a closed or withdrawn one), in place of validate's advice to add that
 * field, which no spreadsheet can follow. Undefined for any other problem. The columns are a
 * contract shared with every council's spreadsheets, so the way round is the risk's data file.
 */
function statusAdvice(p: Problem, risk: Risk): string | undefined {
  const edit = `edit its data file ${p.file} (directly, or in a proposal)`;
  if (p.path === 'movedTo' && risk.status === 'moved' && risk.movedTo === undefined) {
    return `is moved, but the CSV has no column for the register a risk moves to, so an import cannot move it: import it with the status it had before, then ${edit} to set status to moved and movedTo to that register's id`;
  }
  if (p.path === 'movedTo' && risk.status !== 'moved' && risk.movedTo !== undefined) {
    return `is ${risk.status}, but the risk's data file records that it moved to register ${risk.movedTo}: keep the status moved, or ${edit} to remove movedTo and set the status`;
  }
  if (p.path === 'statusReason' && risk.statusReason === undefined) {
    return `is ${risk.status}, and the CSV has no column for the reason: after importing, ${edit} to add statusReason saying why`;
  }
  return undefined;
}

function checkOptions(options: ImportOptions): Problem[] {
  const problems: Problem[] = [];
  const id = RegisterIdSchema.safeParse(options.registerId);
  if (!id.success) problems.push(error(options.csvFile, `--register "${options.registerId}" ${firstMessage(id.error.issues)}`));
  if (options.name !== undefined && !NonEmptyText.safeParse(options.name).success) {
    problems.push(error(options.csvFile, '--name must not be empty: give the register a name'));
  }
  if (options.level !== undefined && !(REGISTER_LEVELS as readonly string[]).includes(options.level)) {
    problems.push(error(options.csvFile, `--level "${options.level}" must be one of ${REGISTER_LEVELS.join(', ')}`));
  }
  return problems;
}

/** A cell holding a whole number, as typed or as a spreadsheet writes one formatted with decimals (`4.0`). */
function wholeNumber(text: string): number | undefined {
  return /^\d+(?:\.0+)?$/.test(text) ? Number(text) : undefined;
}

function firstMessage(issues: readonly { message: string }[]): string {
  return issues[0]?.message ?? 'is not valid';
}

/** Rows as the spreadsheet numbers them, with formula-escaped cells restored; fully empty rows are skipped but still counted. */
function readTable(csvText: string, csvFile: string, problems: Problem[]): { header: string[]; rows: CsvRow[] } | undefined {
  const table = readCsvTable(csvText, csvFile, problems, REQUIRED_COLUMNS.join(','));
  if (table === undefined) return undefined;
  // A row blank once its escapes are removed (a lone '\t, say) is skipped as well.
  const rows = table.rows.map((r) => ({ row: r.row, cells: r.cells.map(unescapeFormula) })).filter((r) => !r.cells.every(isBlankCell));
  return { header: table.header, rows };
}

function readHeader(header: readonly string[], rows: readonly CsvRow[], csvFile: string, problems: Problem[]): Map<CsvColumn, number> {
  const columns = new Map<CsvColumn, number>();
  header.forEach((raw, index) => {
    const heading = raw.trim();
    const name = heading.toLowerCase();
    if (name === '') {
      if (rows.some((r) => !isBlankCell(r.cells[index] ?? ''))) {
        problems.push(warning(csvFile, `column ${index + 1} has no heading, so its cells are ignored: give it one of the column names`, { row: 1 }));
      }
      return;
    }
    const known = CSV_COLUMNS.find((c) => c === name);
    if (known !== undefined) {
      if (columns.has(known)) problems.push(error(csvFile, 'appears more than once in the header row: keep one of them', { row: 1, column: known }));
      else columns.set(known, index);
    } else if (!IGNORED_COLUMNS.includes(name)) {
      problems.push(warning(csvFile, `is not a column Oversight reads, so it is ignored: the columns are ${CSV_COLUMNS.join(', ')}`, { row: 1, column: heading }));
    }
  });
  for (const column of REQUIRED_COLUMNS) {
    if (!columns.has(column)) problems.push(error(csvFile, `the required column ${column} is missing: add it to the header row`, { row: 1 }));
  }
  const [tl, ti] = RATING_COLUMNS.target;
  if (columns.has(tl) !== columns.has(ti)) {
    const [present, missing] = columns.has(tl) ? [tl, ti] : [ti, tl];
    problems.push(error(csvFile, `the column ${missing} is missing: ${present} and ${missing} go together, so add both or neither`, { row: 1 }));
  }
  return columns;
}

/** Turns rows into risks, collecting row problems and the new people owners bring. */
class RowMapper {
  readonly newPeople: Person[] = [];
  private readonly idRows = new Map<string, number>();

  constructor(
    private readonly csvFile: string,
    private readonly registerId: string,
    private readonly header: readonly string[],
    private readonly columns: ReadonlyMap<CsvColumn, number>,
    private readonly people: readonly Person[],
    /** Risk ids in other registers, with the register's id. */
    private readonly otherHomes: ReadonlyMap<string, string>,
    /** Whether a clash may name the other register (see ImportOptions). */
    private readonly mayName: (registerId: string, riskId: string) => boolean,
    private readonly proposedIds: ReadonlySet<string>,
    private readonly problems: Problem[],
  ) {}

  /** The row's risk id, if it is one this import can use; otherwise reports why not. */
  riskId(row: CsvRow): string | undefined {
    const id = this.cell(row, 'id')?.trim() ?? '';
    const bad = (message: string): undefined => {
      this.problems.push(error(this.csvFile, message, { row: row.row, column: 'id' }));
      return undefined;
    };
    if (id === '') return bad('is blank: every risk needs an id, e.g. CRR0002');
    const parsed = RiskIdSchema.safeParse(id);
    if (!parsed.success) return bad(firstMessage(parsed.error.issues));
    const earlier = this.idRows.get(id);
    if (earlier !== undefined) return bad(`${id} is also on row ${earlier}: give each risk its own id`);
    this.idRows.set(id, row.row);
    const home = this.otherHomes.get(id);
    if (home !== undefined && !this.mayName(home, id)) return bad(`${id} is already used by another risk: give this risk a new id`);
    if (home !== undefined) {
      return bad(`${id} belongs to register ${home}: import it into that register (--register ${home}) or give this risk a new id`);
    }
    if (this.proposedIds.has(id) || this.proposedIds.has(proposalLabel(id))) return bad(`${id} is the id of a risk someone has already proposed, not yet merged: give this risk a new id`);
    return id;
  }

  /**
   * The risk a row describes: the existing risk with the row's columns applied
   * (absent columns keep their fields, blank cells clear them), in schema order.
   */
  risk(row: CsvRow, id: string | undefined, existing: Risk | undefined): Risk | undefined {
    const before = this.problems.length;
    const bad = (column: CsvColumn, message: string): void => {
      this.problems.push(error(this.csvFile, message, { row: row.row, column }));
    };
    const risk: Record<string, unknown> = existing ? { ...existing } : {};
    risk['id'] = id;

    for (const [column, field] of Object.entries(TEXT_COLUMNS) as [keyof typeof TEXT_COLUMNS, string][]) {
      const cell = this.cell(row, column);
      if (cell === undefined) continue;
      const text = cell.replace(/\r\n?/g, '\n').trim();
      if (text !== '') risk[field] = text;
      else if (column === 'title') bad(column, 'is blank: every risk needs a title');
      else delete risk[field];
    }

    const ownerCell = this.cell(row, 'owner') ?? '';
    const owners: string[] = [];
    for (const name of splitList(ownerCell)) {
      const personId = this.owner(row.row, name);
      if (personId !== undefined && !owners.includes(personId)) owners.push(personId);
    }
    if (splitList(ownerCell).length === 0) bad('owner', 'is blank: name at least one risk owner, by name, email or person id');
    risk['owners'] = owners;

    const score = (column: CsvColumn): number | undefined => {
      const text = this.cell(row, column)?.trim() ?? '';
      const n = wholeNumber(text);
      if (n !== undefined && n >= 1 && n <= 5) return n;
      bad(column, SCORE_MESSAGE);
      return undefined;
    };
    const [cl, ci] = RATING_COLUMNS.current;
    risk['current'] = { likelihood: score(cl), impact: score(ci) };
    const [tl, ti] = RATING_COLUMNS.target;
    const targetLikelihood = this.cell(row, tl);
    const targetImpact = this.cell(row, ti);
    if (targetLikelihood !== undefined && targetImpact !== undefined) {
      const [l, i] = [isBlankCell(targetLikelihood), isBlankCell(targetImpact)];
      if (l && i) delete risk['target'];
      else if (l || i) {
        const [blank, given] = l ? [tl, ti] : [ti, tl];
        bad(blank, `is blank but ${given} is not: give both target scores, or leave both blank for no target`);
      } else risk['target'] = { likelihood: score(tl), impact: score(ti) };
    }

    for (const [column, field] of Object.entries(DATE_COLUMNS) as [keyof typeof DATE_COLUMNS, string][]) {
      const cell = this.cell(row, column);
      if (cell === undefined) continue;
      if (isBlankCell(cell)) {
        delete risk[field];
        continue;
      }
      const date = parseCsvDate(cell);
      if (date.ok) risk[field] = date.value;
      else bad(column, date.message);
    }

    const status = this.cell(row, 'status');
    if (status !== undefined) {
      const value = status.trim().toLowerCase();
      const before = risk['status'] ?? 'open';
      if (value === '') delete risk['status'];
      else if ((RISK_STATUSES as readonly string[]).includes(value)) risk['status'] = value;
      else bad('status', `must be one of: ${RISK_STATUSES.join(', ')}`);
      // The reason was for the status the risk had: a reopened risk would show "Open: Closed by…".
      if ((risk['status'] ?? 'open') !== before) delete risk['statusReason'];
    }

    const cabinet = this.cell(row, 'cabinet_member');
    if (cabinet !== undefined) {
      // Each member once, as owners are: "Cllr A; cllr a" names one person.
      const names = splitList(cabinet).filter((name, i, all) => all.findIndex((other) => normaliseName(other) === normaliseName(name)) === i);
      if (names.length > 0) risk['cabinetMembers'] = names;
      else delete risk['cabinetMembers'];
    }

    // The rating last reported, kept for the direction of travel where git has no earlier revision.
    const previous = this.cell(row, 'previous_rating');
    if (previous !== undefined) {
      const text = previous.trim();
      if (text === '') delete risk['previousRating'];
      else {
        const parsed = PreviousRatingSchema.safeParse(wholeNumber(text) ?? text);
        if (parsed.success) risk['previousRating'] = parsed.data;
        else bad('previous_rating', firstMessage(parsed.error.issues));
      }
    }

    if (id === undefined || this.problems.slice(before).some((p) => p.severity === 'error')) return undefined;
    const parsed = RiskSchema.safeParse(risk);
    if (parsed.success) return parsed.data;
    for (const p of problemsFromZod(riskFile(this.registerId, id), parsed.error.issues)) {
      const column = columnForPath(p.path);
      this.problems.push(error(this.csvFile, p.message, column !== undefined ? { row: row.row, column } : p.path !== undefined ? { row: row.row, path: p.path } : { row: row.row }));
    }
    return undefined;
  }

  /** The person id an owner cell names, adding a new person for a name nobody has. */
  private owner(row: number, text: string): string | undefined {
    const where = { row, column: 'owner' };
    const match = matchPerson([...this.people, ...this.newPeople], text);
    if (match.kind === 'found') return match.person.id;
    if (match.kind === 'ambiguous') {
      this.problems.push(error(this.csvFile, `"${text}" matches more than one person (${match.people.map((p) => p.id).join(', ')}): use the person's id or email instead`, where));
      return undefined;
    }
    // "Priya Raman, Bethan Rees" would otherwise become one new person, priya-raman-bethan-rees.
    const parts = text.split(',').map((part) => part.trim());
    if (parts.length > 1 && parts.every((part) => matchPerson([...this.people, ...this.newPeople], part).kind === 'found')) {
      this.problems.push(error(this.csvFile, `"${text}" names ${parts.length} people separated by commas: separate several owners with ${LIST_SEPARATOR} instead, as in ${parts.join(`${LIST_SEPARATOR} `)}`, where));
      return undefined;
    }
    if (text.includes('@')) {
      this.problems.push(error(this.csvFile, `no person has the email ${text}: add them to people.json, or give their name or id`, where));
      return undefined;
    }
    const base = slug(text);
    if (base === '') {
      this.problems.push(error(this.csvFile, `"${text}" is not a name Oversight can use: give the person's name, email or id`, where));
      return undefined;
    }
    const taken = new Set([...this.people, ...this.newPeople].map((p) => p.id));
    let id = base;
    for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
    const person = PersonSchema.parse({ id, name: text.trim().replace(/\s+/g, ' ') });
    this.newPeople.push(person);
    this.problems.push(warning(this.csvFile, `"${person.name}" is not in people.json: added as a new person with id ${id}; add their email address there so that they can sign in`, where));
    return id;
  }

  /** A row with too few cells, or extra cells that are not blank, has lost or gained a comma. */
  cellCountOk(row: CsvRow): boolean {
    return cellCountOk(this.header, row, this.csvFile, this.problems);
  }

  private cell(row: CsvRow, column: CsvColumn): string | undefined {
    const index = this.columns.get(column);
    return index === undefined ? undefined : (row.cells[index] ?? '');
  }
}

/** `Seán O'Brien` → `sean-obrien`: a person id made from a name. */
export function slug(name: string): string {
  return normaliseName(name)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
