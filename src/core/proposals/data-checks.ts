/**
 * The data a proposal starts from, and its whole-data check: the data set as it would be with
 * the proposal's files, validated as `npm run validate` does, against the data on the base
 * branch now.
 */
import { isoDay } from '../dates.ts';
import { loadWorkspace } from '../data/load.ts';
import { validateWorkspace } from '../data/validate.ts';
import type { Workspace } from '../data/workspace.ts';
import type { FileVersion } from '../git/backend.ts';
import type { Problem } from '../problems.ts';
import type { FieldError } from './apply-update.ts';

/**
 * The workspace the files hold. Files that are all committed (each with its blob id) name one
 * workspace for good, so the last one read is kept: submissions in a row read the same head,
 * and parsing every file took a tenth of each. Nothing may change what it returns.
 */
export function workspaceOf(files: Map<string, FileVersion>): Workspace {
  const committed = [...files.values()].every((f) => f.sha !== '');
  const key = committed ? [...files].map(([path, f]) => `${path}\0${f.sha}`).join('\n') : null;
  if (key !== null && lastRead?.key === key) return lastRead.workspace;
  const workspace = loadWorkspace(new Map([...files].map(([path, f]) => [path, f.content]))).workspace;
  if (key !== null) lastRead = { key, workspace };
  return workspace;
}

let lastRead: { key: string; workspace: Workspace } | null = null;

export interface NewProblems {
  /** Refuse the proposal. */
  errors: Problem[];
  /** For the reviewer: a target above the current rating, a closed risk without a reason. */
  warnings: Problem[];
}

/**
 * Problems the data would have with `changed` that it does not have already on the base branch
 * (`head`). An error already there (an owner since removed from people.json) is not the
 * proposer's to put right, would refuse every proposal until someone did, and may be in a
 * register they may not read.
 */
export function newProblemsIn(head: Map<string, FileVersion>, changed: Map<string, FileVersion>, now: Date): NewProblems {
  const already = problemsAlready(head, now);
  const fresh = problemsOf(changed, now).filter((p) => !already.has(problemKey(p)));
  return { errors: fresh.filter((p) => p.severity === 'error'), warnings: fresh.filter((p) => p.severity === 'warning') };
}

/** The base branch's problems, as problemKey gives them: worked out once per head and day, as workspaceOf keeps its workspace. */
export function problemsAlready(head: Map<string, FileVersion>, now: Date): ReadonlySet<string> {
  const workspace = workspaceOf(head);
  const day = isoDay(now);
  const known = headProblems.get(workspace);
  if (known?.day === day) return known.keys;
  const keys = new Set(problemsOf(head, now).map(problemKey));
  headProblems.set(workspace, { day, keys });
  return keys;
}

const headProblems = new WeakMap<Workspace, { day: string; keys: ReadonlySet<string> }>();

/** One problem, by how serious, where and what it says: the same fault at head and with the proposal. */
export function problemKey(p: Problem): string {
  return `${p.severity}\0${p.file}\0${p.path ?? ''}\0${p.message}`;
}

function problemsOf(files: Map<string, FileVersion>, now: Date): Problem[] {
  return validateWorkspace(workspaceOf(files), { now });
}

/** A problem in the data as a proposal's field error: its path is the file, then the path in it. */
export function fieldErrorOf(p: Problem): FieldError {
  return { path: `${p.file} ${p.path ?? ''}`.trim(), message: p.message };
}
