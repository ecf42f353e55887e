import { addMonths, firstDayOf, isoDay, lastDayOf } from '../dates.ts';
import { error, warning, type Problem } from '../problems.ts';
import type { Risk } from '../schemas/risk.ts';
import { rate } from '../scoring/rating.ts';
import { validateKeyRiskIndicators, validateMeasures } from '../measures/load.ts';
import { isMeasureDefinitionFile } from '../measures/paths.ts';
import { loadWorkspace, type DataFiles, type UnreadPaths } from './load.ts';
import { parseBaselines } from '../history/baselines.ts';
import { classifyPath, riskFile, ROLES_FILE, SETTINGS_FILE } from './paths.ts';
import type { RegisterEntry, RiskEntry, Workspace } from './workspace.ts';

export interface ValidateOptions {
  /** Today, for overdue reviews and actions and dates in the future. */
  now: Date;
  /**
   * Ids of risk files present but left out of the workspace (their own errors say why):
   * a link to one is not reported again as a link to no risk.
   */
  unreadRiskIds?: ReadonlySet<string>;
  /** Ids of register folders whose register.json is there but did not load: movedTo or roles.json naming one is not reported again. */
  unreadRegisterIds?: ReadonlySet<string>;
  /** Ids of measure definition files there but not loaded: a key risk indicator naming one is not reported again. */
  unreadMeasureIds?: ReadonlySet<string>;
  /**
   * people.json is there but no one could be read from it (see LoadResult): its own error is
   * reported, and references to people are not checked, as every one would be an error too.
   */
  peopleUnread?: boolean;
  /** Paths in the data directory that were not read (see scanDataDir): each is an error. */
  unread?: UnreadPaths;
}

/** Loads and checks a data directory's files: schemas, then everything across files. */
export function checkFiles(files: DataFiles, options: ValidateOptions): { workspace: Workspace; problems: Problem[] } {
  const unread = options.unread ?? new Map<string, string>();
  const { workspace, problems, peopleUnread } = loadWorkspace(files, unread);
  const paths = [...files.keys(), ...unread.keys()];
  const unreadIds = {
    unreadRiskIds: notLoaded(paths, workspace.registers.flatMap((r) => r.risks.map((entry) => entry.file)), riskIdOf),
    unreadRegisterIds: notLoaded(paths, workspace.registers.map((r) => r.file), registerIdOf),
    unreadMeasureIds: notLoaded(paths, workspace.measures.definitions.map((d) => d.file), measureIdOf),
  };
  // Measures are checked here, once, not in validateWorkspace, which the history validator re-runs per commit.
  problems.push(...validateMeasures(workspace.measures, { now: options.now }));
  problems.push(...validateWorkspace(workspace, { ...options, ...unreadIds, peopleUnread }));
  problems.push(...parseBaselines(files).problems);
  // Without it the site carries no organisation's name, and its accessibility statement names no one.
  if (!files.has(SETTINGS_FILE) && !unread.has(SETTINGS_FILE)) {
    problems.push(warning(SETTINGS_FILE, `is missing, so the site is published as "${workspace.settings.organisation.name}" with the default scoring scheme: create it with your organisation's name, e.g. {"organisation": {"name": "Northmoor County Council"}}`));
  }
  return { workspace, problems };
}

/**
 * The ids of files that did not load (not read, invalid, or in a register that did not load):
 * each of `paths` that `idOf` names but whose file is not among `loaded`.
 */
function notLoaded(paths: readonly string[], loaded: readonly string[], idOf: (file: string) => string | undefined): Set<string> {
  const files = new Set(loaded);
  const ids = new Set<string>();
  for (const file of paths) {
    const id = idOf(file);
    if (id !== undefined && !files.has(file)) ids.add(id);
  }
  return ids;
}

/** Risk files by their ids (file names), register.json files by their folders' ids, measure definitions by their file names. */
const riskIdOf = (file: string): string | undefined => {
  const where = classifyPath(file);
  return where.kind === 'risk' ? where.riskId : undefined;
};
const registerIdOf = (file: string): string | undefined => {
  const where = classifyPath(file);
  return where.kind === 'register' ? where.registerId : undefined;
};
const measureIdOf = (file: string): string | undefined => (isMeasureDefinitionFile(file) ? file.slice(file.lastIndexOf('/') + 1, -'.json'.length) : undefined);

/** Cross-file integrity, date sanity and the warnings a register owner should act on. */
export function validateWorkspace(ws: Workspace, options: ValidateOptions): Problem[] {
  const problems: Problem[] = [];
  const references = riskReferences(ws, options);
  checkUniquePeople(ws, problems);
  checkRoles(ws, references, problems);
  for (const entry of ws.registers) checkRegister(entry, references.people, problems);
  problems.push(...validateRisks(ws, references, options));
  return problems;
}

/** The people and registers a risk may name. */
export interface RiskReferences {
  /** Undefined when people.json did not load: references to people are not checked. */
  people: ReadonlySet<string> | undefined;
  /** Registers loaded, and those whose register.json did not (its own error says why). */
  registerIds: ReadonlySet<string>;
}

export function riskReferences(ws: Workspace, notLoaded: Pick<ValidateOptions, 'peopleUnread' | 'unreadRegisterIds'> = {}): RiskReferences {
  return {
    people: notLoaded.peopleUnread === true ? undefined : new Set(ws.people.map((p) => p.id)),
    registerIds: new Set([...ws.registers.map((r) => r.register.id), ...(notLoaded.unreadRegisterIds ?? [])]),
  };
}

/**
 * The checks of each risk in `ws` alone, against `references`: the history validator checks
 * just a commit's changed risks this way, against the people and registers it already knows,
 * rather than the whole workspace again for every commit.
 */
export function validateRisks(ws: Workspace, references: RiskReferences, options: ValidateOptions): Problem[] {
  const problems: Problem[] = [];
  const today = isoDay(options.now);
  const riskHomes = new Map<string, RiskEntry>();
  const unreadRiskIds = options.unreadRiskIds ?? new Set<string>();
  for (const entry of ws.registers) {
    for (const riskEntry of entry.risks) {
      const first = riskHomes.get(riskEntry.risk.id);
      if (first) {
        problems.push(error(riskEntry.file, `risk id ${riskEntry.risk.id} is already used by ${first.file}: give one of them a new id`, { path: 'id' }));
      } else {
        riskHomes.set(riskEntry.risk.id, riskEntry);
      }
    }
  }
  for (const entry of ws.registers) {
    for (const riskEntry of entry.risks) {
      const context: RiskContext = { ...references, entry: riskEntry, register: entry, riskIds: riskHomes, unreadRiskIds, today, problems };
      checkRiskReferences(context);
      problems.push(...validateKeyRiskIndicators(riskEntry.file, riskEntry.risk.keyRiskIndicators, ws.measures, options.unreadMeasureIds));
      checkRiskDates(context);
      checkRiskWarnings(context, ws);
    }
  }
  return problems;
}

interface RiskContext extends RiskReferences {
  entry: RiskEntry;
  register: RegisterEntry;
  riskIds: Map<string, RiskEntry>;
  unreadRiskIds: ReadonlySet<string>;
  today: string;
  problems: Problem[];
}

function checkUniquePeople(ws: Workspace, problems: Problem[]): void {
  const seen = new Set<string>();
  ws.people.forEach((person, index) => {
    if (seen.has(person.id)) {
      problems.push(error('people.json', `person id ${person.id} appears more than once: give each person their own id`, { path: `people[${index}].id` }));
    }
    seen.add(person.id);
  });
}

function checkRoles(ws: Workspace, { people, registerIds }: RiskReferences, problems: Problem[]): void {
  ws.roles.forEach((grant, i) => {
    if (people && !people.has(grant.person)) problems.push(unknownPerson(ROLES_FILE, `roles[${i}].person`, grant.person));
    if (grant.role === 'risk-manager' && (grant.registers ?? []).length === 0) {
      problems.push(error(ROLES_FILE, 'a risk manager must manage at least one register: list their register ids in registers', { path: `roles[${i}].registers` }));
    }
    grant.registers?.forEach((id, j) => {
      if (!registerIds.has(id)) problems.push(error(ROLES_FILE, `no register has the id "${id}": correct it or remove it`, { path: `roles[${i}].registers[${j}]` }));
    });
  });
}

function checkRegister(entry: RegisterEntry, people: ReadonlySet<string> | undefined, problems: Problem[]): void {
  const { register, file } = entry;
  const folder = file.split('/')[1];
  if (register.id !== folder) {
    problems.push(error(file, `register id "${register.id}" does not match its folder "${folder}": rename the folder or change the id so they match`, { path: 'id' }));
  }
  if (register.owner !== undefined && people && !people.has(register.owner)) {
    problems.push(unknownPerson(file, 'owner', register.owner));
  }
}

function unknownPerson(file: string, path: string, id: string): Problem {
  return error(file, `no person has the id "${id}": add them to people.json or correct the id`, { path });
}

function checkRiskReferences(c: RiskContext): void {
  const { risk, file } = c.entry;
  const expected = riskFile(c.entry.registerId, risk.id);
  if (file !== expected) {
    c.problems.push(error(file, `the file name does not match the risk id ${risk.id}: rename the file to ${risk.id}.json`, { path: 'id' }));
  }
  const person = (id: string | undefined, path: string): void => {
    if (id !== undefined && c.people && !c.people.has(id)) c.problems.push(unknownPerson(file, path, id));
  };
  risk.owners.forEach((id, i) => person(id, `owners[${i}]`));
  risk.delegates?.forEach((id, i) => person(id, `delegates[${i}]`));
  risk.controls?.forEach((control, i) => person(control.owner, `controls[${i}].owner`));
  risk.actions?.forEach((action, i) => person(action.owner, `actions[${i}].owner`));
  risk.reviewComments?.forEach((comment, i) => person(comment.by, `reviewComments[${i}].by`));
  risk.linkedRisks?.forEach((linked, i) => {
    if (linked === risk.id) c.problems.push(error(file, 'a risk cannot be linked to itself: remove it from linkedRisks', { path: `linkedRisks[${i}]` }));
    else if (!c.riskIds.has(linked) && !c.unreadRiskIds.has(linked)) c.problems.push(error(file, `no risk has the id ${linked}: correct the id or remove the link`, { path: `linkedRisks[${i}]` }));
  });
  checkUniqueItemIds(c, risk.controls, 'controls');
  checkUniqueItemIds(c, risk.actions, 'actions');
  checkStatus(c, risk);
}

function checkUniqueItemIds(c: RiskContext, items: readonly { id: string }[] | undefined, field: string): void {
  const seen = new Set<string>();
  items?.forEach((item, i) => {
    if (seen.has(item.id)) c.problems.push(error(c.entry.file, `${item.id} is used by more than one of this risk's ${field}: give each its own id`, { path: `${field}[${i}].id` }));
    seen.add(item.id);
  });
}

function checkStatus(c: RiskContext, risk: Risk): void {
  const { file } = c.entry;
  if (risk.status === 'moved') {
    if (risk.movedTo === undefined) c.problems.push(error(file, 'a moved risk must say which register it moved to: add movedTo with that register\'s id', { path: 'movedTo' }));
    else if (!c.registerIds.has(risk.movedTo)) c.problems.push(error(file, `no register has the id "${risk.movedTo}": correct movedTo`, { path: 'movedTo' }));
    else if (risk.movedTo === c.register.register.id) c.problems.push(error(file, 'movedTo names the register the risk is already in: name the register it moved to', { path: 'movedTo' }));
  } else if (risk.movedTo !== undefined) {
    c.problems.push(error(file, `movedTo is only for moved risks, but the status is ${risk.status}: set status to moved or remove movedTo`, { path: 'movedTo' }));
  }
  if ((risk.status === 'closed' || risk.status === 'withdrawn') && risk.statusReason === undefined) {
    c.problems.push(warning(file, `the risk is ${risk.status} without a reason: add statusReason saying why`, { path: 'statusReason' }));
  }
  if (risk.status === 'open' && risk.statusReason !== undefined) {
    c.problems.push(warning(file, 'the risk is open, but statusReason says why it was closed, withdrawn or moved (the risk page shows it): remove statusReason', { path: 'statusReason' }));
  }
}

function checkRiskDates(c: RiskContext): void {
  const { risk, file } = c.entry;
  if (risk.lastReview !== undefined && firstDayOf(risk.lastReview) > c.today) {
    c.problems.push(error(file, `the last review (${risk.lastReview}) is in the future: correct the date`, { path: 'lastReview' }));
  }
  if (risk.lastReview !== undefined && risk.nextReview !== undefined && lastDayOf(risk.nextReview) < firstDayOf(risk.lastReview)) {
    c.problems.push(error(file, `the next review (${risk.nextReview}) is before the last review (${risk.lastReview}): correct one of them`, { path: 'nextReview' }));
  }
  risk.actions?.forEach((action, i) => {
    if (action.completed === undefined) return;
    if (action.status !== 'complete') {
      c.problems.push(error(file, `${action.id} has a completed date but its status is ${action.status}: set the status to complete or remove the date`, { path: `actions[${i}].completed` }));
    }
    if (action.completed > c.today) {
      c.problems.push(error(file, `${action.id} is marked completed on ${action.completed}, which is in the future: correct the date`, { path: `actions[${i}].completed` }));
    }
  });
  risk.reviewComments?.forEach((comment, i) => {
    if (comment.date > c.today) c.problems.push(error(file, `the review comment is dated ${comment.date}, in the future: correct the date`, { path: `reviewComments[${i}].date` }));
  });
}

function checkRiskWarnings(c: RiskContext, ws: Workspace): void {
  const { risk, file } = c.entry;
  if (risk.status !== 'open') return;
  const scheme = ws.settings.scoring;
  if (risk.target !== undefined) {
    const current = rate(risk.current, scheme).rating;
    const target = rate(risk.target, scheme).rating;
    if (target > current) {
      c.problems.push(warning(file, `the target rating (${target}) is above the current rating (${current}): check the target, which should be no higher than today's rating`, { path: 'target' }));
    }
  }
  const due = reviewDue(risk, c.register.register.reviewCycleMonths);
  if (due !== undefined && lastDayOf(due) < c.today) {
    c.problems.push(warning(file, `the review was due ${due} and is overdue: review the risk and record the new review dates`, { path: risk.nextReview !== undefined ? 'nextReview' : 'lastReview' }));
  }
  risk.actions?.forEach((action, i) => {
    if (isActionOverdue(action, c.today)) {
      c.problems.push(warning(file, `${action.id} was due ${action.due} and is not complete: update its status or agree a new due date`, { path: `actions[${i}].due` }));
    }
  });
}

/** When the next review falls due: the recorded next review, else one cycle after the last. */
export function reviewDue(risk: Risk, cycleMonths: number): string | undefined {
  if (risk.nextReview !== undefined) return risk.nextReview;
  if (risk.lastReview !== undefined) return addMonths(risk.lastReview, cycleMonths);
  return undefined;
}

export function isReviewOverdue(risk: Risk, cycleMonths: number, today: string): boolean {
  const due = reviewDue(risk, cycleMonths);
  return risk.status === 'open' && due !== undefined && lastDayOf(due) < today;
}

export function isActionOverdue(action: NonNullable<Risk['actions']>[number], today: string): boolean {
  return action.status !== 'complete' && action.due !== undefined && action.due < today;
}
