/**
 * Every risk's and register's revisions, from one pass over the base branch's history
 * (see log.ts for the git output it reads). Framework-free: the caller runs git.
 *
 * A risk keeps its history when its file is renamed (a new id, the same title) or moved to
 * another register: git's rename detection pairs the two paths, and within one commit a risk
 * file deleted in one register and added in another under the same id is the same risk. A risk
 * deleted and later added again under the same id continues the same history.
 */
import { isoDay } from '../dates.ts';
import { diffRegister, diffRisk, parseJsonObject, type Change, type Json } from './diff.ts';
import type { CommitMeta, LogCommit } from './log.ts';
import { originOf, trailers, type ChangeOrigin } from './origin.ts';
import { classifyPath } from '../data/paths.ts';
import { IncrementalValidator } from './validity.ts';
import type { Problem } from '../problems.ts';

export type SubjectKind = 'risk' | 'register';

/** One side of a revision: where the file was and what it held. */
export interface FileState {
  /** Path relative to the data directory. */
  path: string;
  registerId: string;
  /** The risk id (file name) or register id (folder). */
  id: string;
  /** The file's JSON object; null when it is not valid JSON. */
  data: Json | null;
  blob: string;
}

/** A commit on the base branch that changed the data. */
export interface HistoryCommit {
  /** Position on the base branch, oldest first, from 0. */
  index: number;
  id: string;
  /** When it reached the base branch (committer date), ISO 8601 in UTC. */
  date: string;
  /** That instant's calendar day in the UK. */
  day: string;
  committedAt: number;
  origin: ChangeOrigin;
  /** Errors in what the commit changed (see validity.ts); empty when it validated. */
  problems: Problem[];
}

export interface Revision {
  commit: HistoryCommit;
  kind: SubjectKind;
  /** The risk or register id after the change (before it, for a deletion). */
  id: string;
  registerId: string;
  before: FileState | null;
  after: FileState | null;
  changes: Change[];
}

/** Every revision of one risk or register, oldest first. */
export interface SubjectHistory {
  kind: SubjectKind;
  /** The id it has now (or had when last deleted). */
  id: string;
  /** Ids it had before a rename, oldest first. */
  formerIds: string[];
  revisions: Revision[];
}

export interface History {
  /** Commits that changed the data, oldest first. */
  commits: HistoryCommit[];
  /** Every revision, in commit order. */
  revisions: Revision[];
  /** By current risk id. */
  risks: Map<string, SubjectHistory>;
  /** By current register id. */
  registers: Map<string, SubjectHistory>;
}

export interface HistoryInput {
  /** Newest first, as `git log` gives them unless told `--reverse`. */
  commits: readonly LogCommit[];
  /** Where the data directory sits in the repository: `data/`, or `` at the top. */
  prefix: string;
  /** Blob contents by id (every blob the log names under the data directory). */
  blobs: ReadonlyMap<string, string>;
  /** Second parents of merges (the proposals' tips), by commit id, where git has them. */
  mergedCommits: ReadonlyMap<string, CommitMeta>;
  /** Check the data at each commit (default true). */
  validate?: boolean;
}

interface Side {
  path: string;
  blob: string;
}

/** Builds every risk's and register's history from the log. */
export function buildHistory(input: HistoryInput): History {
  const builder = new HistoryBuilder(input);
  for (let i = input.commits.length - 1; i >= 0; i--) {
    const commit = input.commits[i];
    if (commit !== undefined) builder.add(commit);
  }
  return builder.finish();
}

/**
 * The history one commit at a time, oldest first, so it can be built while git is still
 * reading the log. `blobs` and `mergedCommits` may be filled as it goes: each commit's
 * objects (see `objectsFor`) must be there when it is added.
 */
export class HistoryBuilder {
  private readonly history: History = { commits: [], revisions: [], risks: new Map(), registers: new Map() };
  private readonly live = new Map<string, SubjectHistory>(); // by path
  private readonly ended = new Map<string, SubjectHistory>(); // by kind:id, deleted subjects
  private readonly validator: IncrementalValidator | null;
  // A file's new version is the next change's old one: parse each blob once.
  private readonly json = new Map<string, Json | null>();

  constructor(private readonly input: Omit<HistoryInput, 'commits'>) {
    this.validator = input.validate === false ? null : new IncrementalValidator();
  }

  private readonly parsed = (blob: string): Json | null => {
    let value = this.json.get(blob);
    if (value === undefined) {
      value = parseJsonObject(this.input.blobs.get(blob) ?? null);
      this.json.set(blob, value);
    }
    return value;
  };

  /** Adds the next commit on the base branch (oldest first). */
  add(log: LogCommit): void {
    const { files, fileBlobs, pairs } = pairChanges(log, this.input, this.parsed);
    if (files.size === 0 && pairs.length === 0) return;
    const parsedAt = (path: string): Json | null | undefined => {
      const blob = fileBlobs.get(path);
      return blob === undefined ? undefined : this.parsed(blob);
    };
    const merged = log.parents.length >= 2 ? proposalTip(log.parents[1] ?? '', this.input.mergedCommits) : null;
    const commit: HistoryCommit = {
      index: this.history.commits.length,
      id: log.id,
      date: new Date(log.committedAt * 1000).toISOString(),
      day: isoDay(new Date(log.committedAt * 1000)),
      committedAt: log.committedAt,
      origin: originOf(log, merged),
      problems: this.validator ? this.validator.apply(files, new Date(log.committedAt * 1000), parsedAt) : [],
    };
    this.history.commits.push(commit);
    for (const pair of pairs.sort(byPath)) this.record(commit, pair);
  }

  /** One file's change in a commit: a revision of its risk or register, unless nothing that matters changed. */
  private record(commit: HistoryCommit, pair: Pair): void {
    const { live, ended } = this;
    const before = pair.before ? fileState(pair.before, this.parsed) : null;
    const after = pair.after ? fileState(pair.after, this.parsed) : null;
    const subject = subjectFor(pair.kind, before, after, live, ended);
    if (before) live.delete(before.path);
    if (after) {
      live.set(after.path, subject);
      ended.delete(`${pair.kind}:${after.id}`);
      if (subject.id !== after.id) subject.formerIds.push(subject.id);
      subject.id = after.id;
    } else if (before) {
      ended.set(`${pair.kind}:${before.id}`, subject);
    }
    const absent = { before: before === null, after: after === null };
    const changes = pair.kind === 'risk' ? diffRisk(before?.data ?? null, after?.data ?? null, absent) : diffRegister(before?.data ?? null, after?.data ?? null, absent);
    if (before && after && before.id !== after.id) changes.unshift({ kind: 'renamed', from: before.id, to: after.id });
    if (pair.kind === 'risk' && before && after && before.registerId !== after.registerId) {
      changes.splice(changes[0]?.kind === 'renamed' ? 1 : 0, 0, { kind: 'moved', from: before.registerId, to: after.registerId });
    }
    if (changes.length === 0) return; // e.g. only whitespace or key order changed
    const revision: Revision = { commit, kind: pair.kind, id: (after ?? before)?.id ?? '', registerId: (after ?? before)?.registerId ?? '', before, after, changes };
    subject.revisions.push(revision);
    this.history.revisions.push(revision);
  }

  /** Every subject's history once the last commit is added. */
  finish(): History {
    const { history, live, ended } = this;
    for (const [key, subject] of ended) {
      const map = key.startsWith('risk:') ? history.risks : history.registers;
      if (subject.revisions.length > 0) map.set(subject.id, subject);
    }
    for (const subject of live.values()) {
      const map = subject.kind === 'risk' ? history.risks : history.registers;
      if (subject.revisions.length > 0) map.set(subject.id, subject);
    }
    return history;
  }
}

interface Pair {
  kind: SubjectKind;
  before: Side | null;
  after: Side | null;
}

/**
 * What a commit did to the data: each data file's new text (null when it went), and each
 * risk's or register's before and after. A risk file deleted and another added under the
 * same id in one commit is a move, not a new risk.
 */
function pairChanges(log: LogCommit, input: Omit<HistoryInput, 'commits'>, parsed: (blob: string) => Json | null): { files: Map<string, string | null>; fileBlobs: Map<string, string>; pairs: Pair[] } {
  const files = new Map<string, string | null>();
  const fileBlobs = new Map<string, string>();
  const pairs: Pair[] = [];
  const deleted: Side[] = [];
  const added: Side[] = [];
  for (const change of log.changes) {
    if (!change.regular) continue;
    const oldPath = dataPath(change.oldPath, input.prefix);
    const newPath = dataPath(change.newPath, input.prefix);
    if (oldPath !== null && change.status !== 'C') files.set(oldPath, null);
    if (newPath !== null && change.newBlob !== null) {
      files.set(newPath, input.blobs.get(change.newBlob) ?? '');
      fileBlobs.set(newPath, change.newBlob);
    }
    const before = oldPath !== null && change.oldBlob !== null && change.status !== 'C' ? { path: oldPath, blob: change.oldBlob } : null;
    const after = newPath !== null && change.newBlob !== null ? { path: newPath, blob: change.newBlob } : null;
    const beforeKind = before ? subjectKind(before.path) : null;
    const afterKind = after ? subjectKind(after.path) : null;
    if (before && after && beforeKind !== null && beforeKind === afterKind && (beforeKind !== 'risk' || sameRisk(before, after, parsed))) pairs.push({ kind: beforeKind, before, after });
    else {
      if (before && beforeKind !== null) deleted.push(before);
      if (after && afterKind !== null) added.push(after);
    }
  }
  for (const gone of deleted) {
    const kind = subjectKind(gone.path);
    const match = kind === 'risk' ? added.findIndex((a) => subjectKind(a.path) === 'risk' && idOf(a.path) === idOf(gone.path)) : -1;
    if (match >= 0) pairs.push({ kind: 'risk', before: gone, after: added.splice(match, 1)[0] ?? null });
    else if (kind !== null) pairs.push({ kind, before: gone, after: null });
  }
  for (const add of added) {
    const kind = subjectKind(add.path);
    if (kind !== null) pairs.push({ kind, before: null, after: add });
  }
  return { files, fileBlobs, pairs };
}

/** How far down a proposal's branch its own commit is looked for, below merges of the base branch into it. */
const MERGED_DEPTH = 3;

/**
 * The commit that says who proposed a change merged from `tip`: the tip, or, where the tip merged
 * the base branch into the proposal (GitHub's "Update branch", which whoever clicks it authors),
 * the commit below it on the proposal's own line. Otherwise the clicker was recorded as the
 * proposer and, if they merged it, as approving their own change.
 */
function proposalTip(tip: string, commits: ReadonlyMap<string, CommitMeta>): CommitMeta | null {
  let commit = commits.get(tip) ?? null;
  for (let depth = 1; depth < MERGED_DEPTH && commit !== null && commit.parents.length >= 2 && trailers(commit.message).size === 0; depth++) {
    const below = commits.get(commit.parents[0] ?? '');
    if (below === undefined) break;
    commit = below;
  }
  return commit;
}

/**
 * The objects a commit needs before `HistoryBuilder.add` takes it: the blobs of the data files
 * it changed, and, for a merge that changed the data, its second parent (the proposal's tip,
 * whose author and message say who proposed the change) and the commits below that tip.
 */
export function objectsFor(log: LogCommit, prefix: string): { blobs: string[]; merged: string[] } {
  const blobs: string[] = [];
  let touchesData = false;
  for (const change of log.changes) {
    if (![change.oldPath, change.newPath].some((path) => path?.startsWith(prefix) === true)) continue;
    touchesData = true;
    if (!change.regular) continue;
    if (change.oldBlob !== null) blobs.push(change.oldBlob);
    if (change.newBlob !== null) blobs.push(change.newBlob);
  }
  const merged = touchesData && log.parents.length >= 2 ? (log.parents[1] ?? null) : null;
  // The tip and the commits below it on its first-parent line, for proposalTip: fetched as names
  // (`tip^1`), since whether the tip is a merge is known only once it is read.
  const mergedLine = merged === null ? [] : Array.from({ length: MERGED_DEPTH }, (_, i) => `${merged}${'^1'.repeat(i)}`);
  return { blobs, merged: mergedLine };
}

/**
 * Whether a risk file git saw renamed is one risk: the same id (moved to another register), or
 * a new id with the same title or description (renumbered). Git pairs files by likeness alone,
 * and two risk files written from one template are alike enough for it: a risk deleted as
 * another is added in the same commit would pass its history, and its direction of travel, to
 * a risk it has nothing to do with.
 */
function sameRisk(before: Side, after: Side, parsed: (blob: string) => Json | null): boolean {
  if (idOf(before.path) === idOf(after.path)) return true;
  const text = (side: Side, field: string): string => {
    const value = parsed(side.blob)?.[field];
    return typeof value === 'string' ? value.trim() : '';
  };
  return ['title', 'description'].some((field) => text(before, field) !== '' && text(before, field) === text(after, field));
}

function dataPath(path: string | null, prefix: string): string | null {
  if (path === null || !path.startsWith(prefix)) return null;
  return path.slice(prefix.length);
}

function subjectKind(path: string): SubjectKind | null {
  const where = classifyPath(path);
  return where.kind === 'risk' || where.kind === 'register' ? where.kind : null;
}

function idOf(path: string): string {
  const where = classifyPath(path);
  return where.kind === 'risk' ? where.riskId : where.kind === 'register' ? where.registerId : path;
}

function fileState(side: Side, parsed: (blob: string) => Json | null): FileState {
  const where = classifyPath(side.path);
  const registerId = where.kind === 'risk' || where.kind === 'register' ? where.registerId : '';
  return { path: side.path, registerId, id: idOf(side.path), data: parsed(side.blob), blob: side.blob };
}

function subjectFor(kind: SubjectKind, before: FileState | null, after: FileState | null, live: Map<string, SubjectHistory>, ended: Map<string, SubjectHistory>): SubjectHistory {
  const known = (before ? live.get(before.path) : undefined) ?? (after && !before ? ended.get(`${kind}:${after.id}`) : undefined);
  if (known) return known;
  const id = (before ?? after)?.id ?? '';
  return { kind, id, formerIds: [], revisions: [] };
}

function byPath(a: Pair, b: Pair): number {
  const pa = (a.after ?? a.before)?.path ?? '';
  const pb = (b.after ?? b.before)?.path ?? '';
  return pa < pb ? -1 : pa > pb ? 1 : 0;
}

/** A subject's file as it stood once the commit at `index` was made; null when it did not exist. */
export function stateAt(subject: SubjectHistory, index: number): FileState | null {
  let state: FileState | null = null;
  for (const revision of subject.revisions) {
    if (revision.commit.index > index) break;
    state = revision.after;
  }
  return state;
}

/**
 * The ids a register has had: its own and those its folder was renamed from. Changes made
 * before a rename are under the old id, and still the register's.
 */
export function registerIdsOf(history: History, registerIds: Iterable<string>): Set<string> {
  const ids = new Set(registerIds);
  for (const id of [...ids]) for (const former of history.registers.get(id)?.formerIds ?? []) ids.add(former);
  return ids;
}

/** The last commit made on or before a calendar day (UK), as an index; -1 when none was. */
export function indexAtDay(history: History, day: string): number {
  let index = -1;
  for (const commit of history.commits) if (commit.day <= day) index = commit.index;
  return index;
}

/** The last commit made at or before an instant (seconds since the epoch), as an index; -1 when none was. */
export function indexAtTime(history: History, seconds: number): number {
  let index = -1;
  for (const commit of history.commits) if (commit.committedAt <= seconds) index = commit.index;
  return index;
}
