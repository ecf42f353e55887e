/**
 * How a change reached the base branch: through a proposal merged by a merge commit or by
 * squash, or directly; who wrote it, who submitted it and who merged it. Read from commit
 * messages only, leniently: trailers are found on any line (a GitHub squash lists the
 * squashed messages, `git merge --squash` indents them).
 */
import type { CommitMeta, Ident } from './log.ts';

/** The trailers Oversight writes (see src/node/git/commit-message.ts). */
const KEYS = {
  branch: 'oversight-branch',
  submittedBy: 'oversight-submitted-by',
  coAuthor: 'co-authored-by',
  proposal: 'oversight-proposal',
  reviewedBy: 'oversight-reviewed-by',
} as const;

/** GitHub's own identity, which commits a merge or squash made in its web interface. */
const GITHUB_COMMITTER = 'noreply@github.com';

export type ChangeRoute = 'merge' | 'squash' | 'direct';

export interface Person {
  name: string;
  email: string | null;
  /** The Oversight person id, where the trailer names one. */
  id: string | null;
}

export interface ChangeOrigin {
  route: ChangeRoute;
  /** Who wrote the change: the author of the proposal's commit, or of the commit itself. */
  author: Person;
  /** Who submitted it (Oversight-Submitted-By, else Co-authored-by); null for a plain commit. */
  submitter: Person | null;
  /** A pull request number or local proposal id; null when none is recorded. */
  proposal: string | null;
  /** Who merged it; null when git does not record it (a direct commit, a squash made on GitHub). */
  mergedBy: Person | null;
  /** No merged proposal brought the change in: a commit made on the base branch itself. */
  direct: boolean;
  /** The person who submitted the proposal also merged it. */
  selfApproved: boolean;
}

/** Values of the trailers Oversight knows, by lower-case key, wherever they sit in the message. */
export function trailers(message: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const known = new Set<string>(Object.values(KEYS));
  for (const line of message.split('\n')) {
    const match = /^\s*(?:\*\s+)?([A-Za-z][A-Za-z0-9-]*):[ \t]*(\S.*?)\s*$/.exec(line);
    const key = match?.[1]?.toLowerCase();
    if (match && key !== undefined && known.has(key)) found.set(key, [...(found.get(key) ?? []), match[2] ?? '']);
  }
  return found;
}

/** `Name <email>` or `Name <email> (person-id)`, as Oversight writes identities in trailers. */
export function parsePerson(value: string): Person {
  const match = /^(.*?)\s*<([^>]*)>\s*(?:\(([^)]*)\))?\s*$/.exec(value);
  if (!match) return { name: value.trim(), email: null, id: null };
  const id = match[3]?.trim();
  return { name: (match[1] ?? '').trim(), email: (match[2] ?? '').trim() || null, id: id === undefined || id === '' ? null : id };
}

function personOf(ident: Ident): Person {
  return { name: ident.name, email: ident.email === '' ? null : ident.email, id: null };
}

/** The last value of a trailer: Oversight writes its trailers at the end of a message, after anything quoted. */
function last(found: Map<string, string[]>, key: string): string | undefined {
  return found.get(key)?.at(-1);
}

function submitterIn(found: Map<string, string[]>): Person | null {
  const value = last(found, KEYS.submittedBy) ?? last(found, KEYS.coAuthor);
  return value === undefined ? null : parsePerson(value);
}

/** The same person: the same email, or failing that the same name (GitHub may hide an email). */
export function samePerson(a: Person, b: Person): boolean {
  if (a.email !== null && b.email !== null && a.email.toLowerCase() === b.email.toLowerCase()) return true;
  return a.name.trim().toLowerCase() !== '' && a.name.trim().toLowerCase() === b.name.trim().toLowerCase();
}

/**
 * Where a commit on the base branch's first-parent line came from. `merged` is the merge's
 * second parent (the proposal's tip), when the commit is a merge and git still has it.
 *
 *  - a merge commit: a proposal, id from `Oversight-Proposal` (merged by Oversight),
 *    `Merge pull request #N` (GitHub) or the merged commit's first 8 hex digits when it is
 *    an Oversight proposal commit (merged with plain git); merged by `Oversight-Reviewed-By`,
 *    else the merge commit's author. A merge of a branch that is no proposal is direct.
 *  - a squash: a single commit whose subject ends `(#N)` (GitHub) or that carries
 *    `Oversight-Proposal`, or `git merge --squash` of an Oversight proposal; merged by the
 *    committer, unless that is GitHub, which does not record who pressed the button.
 *  - anything else is direct, including an Oversight proposal commit fast-forwarded onto the
 *    base branch: no merge records that anyone reviewed it (its proposal id is still given).
 */
export function originOf(commit: CommitMeta, merged: CommitMeta | null): ChangeOrigin {
  const own = trailers(commit.message);
  const subject = commit.message.split('\n', 1)[0] ?? '';
  if (commit.parents.length >= 2) {
    const side = merged === null ? new Map<string, string[]>() : trailers(merged.message);
    const pull = /^Merge pull request #(\d+) from /.exec(subject)?.[1];
    const proposal =
      last(own, KEYS.proposal) ?? pull ?? (merged !== null && last(side, KEYS.branch) !== undefined ? merged.id.slice(0, 8) : undefined) ?? null;
    const reviewed = last(own, KEYS.reviewedBy);
    const mergedBy = reviewed !== undefined ? parsePerson(reviewed) : personOf(commit.author);
    const submitter = submitterIn(side);
    return finish({
      route: 'merge',
      author: personOf(merged?.author ?? commit.author),
      submitter: submitter ?? (proposal !== null && merged !== null ? personOf(merged.author) : null),
      proposal,
      mergedBy,
    });
  }
  const submitter = submitterIn(own);
  const pull = /\(#(\d+)\)\s*$/.exec(subject)?.[1];
  const squashed = /^Squashed commit of the following:/m.test(commit.message) && last(own, KEYS.branch) !== undefined;
  const listed = [...commit.message.matchAll(/^commit ([0-9a-f]{40,64})$/gm)].at(-1)?.[1];
  const proposal = last(own, KEYS.proposal) ?? pull ?? (squashed && listed !== undefined ? listed.slice(0, 8) : undefined);
  const author = personOf(commit.author);
  if (proposal !== undefined) {
    const mergedBy = commit.committer.email.toLowerCase() === GITHUB_COMMITTER ? null : personOf(commit.committer);
    return finish({ route: 'squash', author, submitter: submitter ?? author, proposal, mergedBy });
  }
  const fastForwarded = last(own, KEYS.branch) !== undefined ? commit.id.slice(0, 8) : null;
  return finish({ route: 'direct', author, submitter, proposal: fastForwarded, mergedBy: null });
}

function finish(origin: Omit<ChangeOrigin, 'direct' | 'selfApproved'>): ChangeOrigin {
  const direct = origin.route === 'direct' || origin.proposal === null;
  const selfApproved = !direct && origin.submitter !== null && origin.mergedBy !== null && samePerson(origin.submitter, origin.mergedBy);
  return { ...origin, direct, selfApproved };
}
