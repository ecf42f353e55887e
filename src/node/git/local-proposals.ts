import type { Proposal, ProposalFilter, ProposalState } from '../../core/git/backend.ts';
import { labelNames } from '../../core/git/labels.ts';
import { nameOf, parseMessage, REQUEST_DIGEST, trailer, TRAILER } from './commit-message.ts';
import { runGit } from './git-process.ts';

/** Where a local repository keeps proposals (the scheme is described at the top of local-git.ts). */
export const REFS = {
  proposals: 'refs/oversight/proposals/',
  merged: 'refs/oversight/merged/',
  closed: 'refs/oversight/closed/',
  heads: 'refs/heads/',
} as const;

/** A proposal with the commits behind it. */
export interface ProposalRecord {
  proposal: Proposal;
  /** The commit propose made (the branch's first tip). */
  commit: string;
  /** Its parent: the base the change was prepared against. */
  base: string;
  /** The branch tip while the proposal is open. */
  tip: string | null;
  /** The merge commit on the base branch, once merged through Oversight. */
  mergeCommit: string | null;
  /** The commit recording the close, once closed through Oversight. */
  closeCommit: string | null;
}

interface RefEntry {
  ref: string;
  oid: string;
  parent: string;
  committedAt: number;
  message: string;
}

/** Every ref under the given prefixes with its commit's message, in one `for-each-ref`. */
async function refEntries(root: string, prefixes: string[], extra: string[] = []): Promise<RefEntry[]> {
  const format = '%(refname)%00%(objectname)%00%(parent)%00%(committerdate:unix)%00%(contents)%00';
  const { stdout } = await runGit(root, ['for-each-ref', `--format=${format}`, ...extra, ...prefixes]);
  // Messages cannot hold NUL, so "NUL newline" ends each record.
  const records = stdout.toString('utf8').split('\0\n');
  const entries: RefEntry[] = [];
  for (const record of records) {
    if (record === '') continue;
    const [ref = '', oid = '', parents = '', committed = '0', message = ''] = record.split('\0');
    entries.push({ ref, oid, parent: parents.split(' ')[0] ?? '', committedAt: Number(committed), message });
  }
  return entries;
}

async function refOids(root: string, prefix: string, extra: string[] = []): Promise<Map<string, string>> {
  const { stdout } = await runGit(root, ['for-each-ref', '--format=%(refname)%00%(objectname)', ...extra, prefix]);
  const map = new Map<string, string>();
  for (const line of stdout.toString('utf8').split('\n')) {
    const [ref, oid] = line.split('\0');
    if (ref !== undefined && oid !== undefined) map.set(ref, oid);
  }
  return map;
}

export function proposalUrl(id: string): string {
  return `/proposals/#${id}`;
}

/**
 * Every proposal, newest first. Three `for-each-ref` runs whatever the number of proposals:
 * the records under refs/oversight/, the branches, and the branches already in the base branch.
 */
export async function loadProposals(root: string, baseRef: string): Promise<ProposalRecord[]> {
  const [records, heads, mergedHeads] = await Promise.all([
    refEntries(root, ['refs/oversight/']),
    refOids(root, REFS.heads),
    refOids(root, REFS.heads, [`--merged=${baseRef}`]),
  ]);
  const byRef = new Map(records.map((r) => [r.ref, r]));
  const proposals = records
    .filter((r) => r.ref.startsWith(REFS.proposals))
    .map((entry) => {
      const proposal = proposalFromCommit(entry.ref.slice(REFS.proposals.length), entry.message, entry.committedAt);
      const record: ProposalRecord = { proposal, commit: entry.oid, base: entry.parent, tip: null, mergeCommit: null, closeCommit: null };
      return record;
    })
    .sort(newestFirst);

  // A branch can carry one proposal at a time: the newest not yet merged or closed through Oversight.
  const claimed = new Set<string>();
  for (const record of proposals) {
    const { proposal } = record;
    const merged = byRef.get(REFS.merged + proposal.id);
    const closed = byRef.get(REFS.closed + proposal.id);
    if (merged) {
      record.mergeCommit = merged.oid;
      proposal.state = 'merged';
      const by = nameOf(trailer(parseMessage(merged.message), TRAILER.reviewedBy));
      if (by !== undefined) proposal.mergedBy = by;
      continue;
    }
    if (closed) {
      record.closeCommit = closed.oid;
      proposal.state = 'closed';
      continue;
    }
    const branchRef = REFS.heads + proposal.branch;
    const tip = heads.get(branchRef);
    if (tip === undefined || claimed.has(branchRef)) {
      proposal.state = 'closed'; // the branch was deleted, or reused, outside Oversight
      continue;
    }
    claimed.add(branchRef);
    record.tip = tip;
    // Merged outside Oversight (e.g. `git merge` on the command line): the tip is in the base branch.
    proposal.state = mergedHeads.has(branchRef) ? 'merged' : 'open';
  }
  return proposals;
}

/** A proposal as its commit describes it (state open until the refs say otherwise). */
export function proposalFromCommit(id: string, message: string, committedAt: number): Proposal {
  const parsed = parseMessage(message);
  const digest = trailer(parsed, TRAILER.request);
  return {
    id,
    title: parsed.subject,
    url: proposalUrl(id),
    state: 'open',
    author: nameOf(trailer(parsed, TRAILER.submittedBy)) ?? 'Unknown',
    createdAt: new Date(committedAt * 1000).toISOString(),
    branch: trailer(parsed, TRAILER.branch) ?? '',
    labels: (trailer(parsed, TRAILER.labels) ?? '')
      .split(',')
      .map((l) => l.trim())
      .filter((l) => l !== ''),
    ...(digest !== undefined && REQUEST_DIGEST.test(digest) ? { requestDigest: digest } : {}),
  };
}

function newestFirst(a: ProposalRecord, b: ProposalRecord): number {
  const byDate = b.proposal.createdAt.localeCompare(a.proposal.createdAt);
  return byDate !== 0 ? byDate : b.proposal.id.localeCompare(a.proposal.id);
}

export function matches(proposal: Proposal, filter: ProposalFilter | undefined): boolean {
  if (filter?.state !== undefined && proposal.state !== filter.state) return false;
  const risk = filter?.risk;
  if (risk !== undefined && !proposal.labels.some((l) => labelNames(l, risk))) return false;
  return true;
}

/** The proposal a branch carries: the open one if any, else the newest. */
export function forBranch(records: readonly ProposalRecord[], branch: string): ProposalRecord | null {
  const onBranch = records.filter((r) => r.proposal.branch === branch);
  return onBranch.find((r) => r.proposal.state === 'open') ?? onBranch[0] ?? null;
}

export function isState(value: string): value is ProposalState {
  return value === 'open' || value === 'merged' || value === 'closed';
}
