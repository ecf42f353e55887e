/**
 * Every risk's and register's revisions, from one pass over the base branch's history
 * (see log.ts for the git output it reads). Framework-free: the caller runs git.
 *
 * A risk keeps its history when its file is renamed (a new id) or moved to another register:
 * git's rename detection pairs the two paths, and within one commit a risk file deleted in one
 * register and added in another under the same id is the same risk. A risk deleted and later
 * added again under the same id continues the same history.
 */
import { isoDay } from '../dates.ts';
import { diffRegister, diffRisk, parseJsonObject, type Change, type Json } from './diff.ts';
import type { CommitMeta, LogCommit } from './log.ts';
import { originOf, type ChangeOrigin } from './origin.ts';
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
  /** As `git log` gives them: newest first. */
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
  const history: History = { commits: [], revisions: [], risks: new Map(), registers: new Map() };
  const live = new Map<string, SubjectHistory>(); // by path
  const ended = new Map<string, SubjectHistory>(); // by kind:id, deleted subjects
  const validator = input.validate === false ? null : new IncrementalValidator();
  const ordered = [...input.commits].reverse();
  // A file's new version is the next change's old one: parse each blob once.
  const json = new Map<string, Json | null>();
  const parsed = (blob: string): Json | null => {
    let value = json.get(blob);
    if (value === undefined) {
      value = parseJsonObject(input.blobs.get(blob) ?? null);
      json.set(blob, value);
    }
    return value;
  };
  const parsedAt = (blob: string | undefined): Json | null | undefined => (blob === undefined ? undefined : parsed(blob));

  for (const log of ordered) {
    const files = new Map<string, string | null>();
    const fileBlobs = new Map<string, string>();
    const pairs: { kind: SubjectKind; before: Side | null; after: Side | null }[] = [];
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
      if (before && after && beforeKind !== null && beforeKind === afterKind) pairs.push({ kind: beforeKind, before, after });
      else {
        if (before && beforeKind !== null) deleted.push(before);
        if (after && afterKind !== null) added.push(after);
      }
    }
    // A risk file deleted and another added under the same id in one commit: moved, not new.
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
    if (files.size === 0 && pairs.length === 0) continue;

    const commit: HistoryCommit = {
      index: history.commits.length,
      id: log.id,
      date: new Date(log.committedAt * 1000).toISOString(),
      day: isoDay(new Date(log.committedAt * 1000)),
      committedAt: log.committedAt,
      origin: originOf(log, log.parents.length >= 2 ? (input.mergedCommits.get(log.parents[1] ?? '') ?? null) : null),
      problems: validator ? validator.apply(files, new Date(log.committedAt * 1000), (path) => parsedAt(fileBlobs.get(path))) : [],
    };
    history.commits.push(commit);

    for (const pair of pairs.sort(byPath)) {
      const before = pair.before ? fileState(pair.before, parsed) : null;
      const after = pair.after ? fileState(pair.after, parsed) : null;
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
      if (changes.length === 0) continue; // e.g. only whitespace or key order changed
      const revision: Revision = { commit, kind: pair.kind, id: (after ?? before)?.id ?? '', registerId: (after ?? before)?.registerId ?? '', before, after, changes };
      subject.revisions.push(revision);
      history.revisions.push(revision);
    }
  }

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

function byPath(a: { before: Side | null; after: Side | null }, b: { before: Side | null; after: Side | null }): number {
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
