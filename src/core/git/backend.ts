/**
 * What Oversight needs from a git host, and nothing more. Paths are relative to the
 * data directory (e.g. `registers/adult-social-care/risks/ASC0004.json`); each backend
 * maps them to where the data directory sits in its repository.
 */
export interface GitBackend {
  /** Commit id at the head of the base branch (default `main`). */
  head(): Promise<string>;
  /** Content and blob id of a file at a commit (default: the base branch head); null when absent. */
  readFile(path: string, at?: string): Promise<FileVersion | null>;
  /** A blob's content by its id (the `baseVersion` a submission started from); null when unknown. */
  readBlob(sha: string): Promise<string | null>;
  /** Every file under the data directory at a commit (default: head), for whole-data validation. */
  readFiles(at?: string): Promise<Map<string, FileVersion>>;
  /**
   * Commits the files on a new branch and opens a proposal that changes exactly them. Rejects
   * with StaleChangeError when a file's blob at the base branch head is not `expectSha`, and
   * with ProposalExistsError (carrying the existing proposal) when `change.branch` exists, and
   * with BranchTakenError when it holds a different submission from which no proposal is open.
   * Nothing is left behind when it rejects. The commit's parent is `change.base` (local git) or
   * the head just checked (GitHub, so the pull request starts up to date): the same change
   * either way, as every file it touches is the same at both.
   */
  propose(change: ChangeSet): Promise<Proposal>;
  listProposals(filter?: ProposalFilter): Promise<Proposal[]>;
  /** The proposal opened from a branch, if any (idempotent retries find theirs this way). */
  proposalForBranch(branch: string): Promise<Proposal | null>;
}

/** Backends a person can review through Oversight itself (local git; on GitHub people merge there). */
export interface ReviewableGitBackend extends GitBackend {
  showProposal(id: string): Promise<{ proposal: Proposal; files: ChangedFile[] } | null>;
  /** Merges into the base branch; `validate` sees the merged data and may refuse it. */
  mergeProposal(id: string, reviewer: Signature, validate?: (files: Map<string, FileVersion>) => string[]): Promise<MergeResult>;
  closeProposal(id: string, reviewer: Signature): Promise<Proposal>;
}

export interface FileVersion {
  content: string;
  /** Git blob id: the `version` the JSON API gives and `baseVersion` echoes. */
  sha: string;
}

export interface Signature {
  name: string;
  email: string;
}

export interface ChangeSet {
  /** The base branch commit the change was prepared against. */
  base: string;
  /** From one helper: `oversight/<risk-or-register>/<key>`. */
  branch: string;
  title: string;
  body: string;
  /** The register, risks and kinds of change: recorded as proposalLabel makes them (GitHub takes at most 50 characters). */
  labels: string[];
  /** The person who submitted it, recorded in commit trailers although a bot commits. */
  submitter: Signature & { id: string };
  /** GitHub usernames to request a review from, where known. */
  reviewers: string[];
  /** content null deletes; expectSha null means the file must not exist yet. */
  files: { path: string; content: string | null; expectSha: string | null }[];
  /** `sha256:<hex>` of what was submitted, kept with the proposal to recognise a retry. */
  requestDigest?: string | undefined;
}

export interface ChangedFile {
  path: string;
  before: string | null;
  after: string | null;
}

export type ProposalState = 'open' | 'merged' | 'closed';

export interface Proposal {
  /** What `npm run proposals -- show ID` takes: a pull request number on GitHub. */
  id: string;
  title: string;
  url: string;
  state: ProposalState;
  /** The submitter's name. */
  author: string;
  /** ISO 8601. */
  createdAt: string;
  branch: string;
  labels: string[];
  mergedBy?: string;
  /** The ChangeSet's requestDigest, where one was recorded. */
  requestDigest?: string;
}

/**
 * Where a merge left a local checkout of the base branch (local backends only): brought up to
 * date, or not touched as another branch is checked out. A checkout that cannot be brought up
 * to date refuses the merge instead.
 */
export type WorkingTreeUpdate = 'updated' | 'not-checked-out';

export interface MergeResult extends Proposal {
  workingTree?: WorkingTreeUpdate;
}

export interface ProposalFilter {
  /** Proposals touching this risk (by label, a long id as proposalLabel shortened it). */
  risk?: string;
  state?: ProposalState;
}

export class StaleChangeError extends Error {
  constructor(readonly path: string) {
    super(`${path} has changed on the base branch since the change was prepared`);
    this.name = 'StaleChangeError';
  }
}

export class ProposalExistsError extends Error {
  constructor(readonly proposal: Proposal) {
    super(`a proposal already exists on ${proposal.branch}`);
    this.name = 'ProposalExistsError';
  }
}

/**
 * The branch holds a different submission (another request digest under the same
 * Idempotency-Key) and no proposal is open from it yet: the attempt that made it may be opening
 * one now, so the branch is left as it is and nothing is proposed.
 */
export class BranchTakenError extends Error {
  constructor(readonly branch: string) {
    super(`${branch} holds a different submission`);
    this.name = 'BranchTakenError';
  }
}

/** Trailer recording who submitted a change, whatever identity made the commit. */
export const SUBMITTED_BY_TRAILER = 'Oversight-Submitted-By';

/**
 * Branch names come from here only: `oversight/<subject>/<person>.<key>`, safe as a git ref.
 * The key is an Idempotency-Key (or a random one); with the person's id in front, a retry finds
 * that person's own proposal, never someone else's who happened to send the same key.
 */
export function proposalBranch(subject: string, personId: string, key: string): string {
  // Git refuses `..`, a leading dot or dash and a `.lock` ending in a ref's parts; 80 + 60 + 100
  // characters keep the whole name within the 255 that file systems and GitHub allow.
  const safe = (s: string, max: number): string =>
    s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/\.{2,}/g, '.').replace(/\.lock$/i, '-lock').replace(/^[-.]+|[-.]+$/g, '').slice(0, max) || 'x';
  return `oversight/${safe(subject, 80)}/${safe(personId, 60)}.${safe(key, 100)}`;
}

/**
 * The git host kept failing (timeouts, server errors, rate limits) after retries. The
 * message is for a person and says whether anything was submitted: no URL, token or
 * response body.
 */
export class GitHostUnavailableError extends Error {
  // Private, so it is in no log or JSON of the error: only what the message says is.
  readonly #proposalOpened: boolean;

  constructor(message: string, options: { proposalOpened?: boolean } = {}) {
    super(message);
    this.name = 'GitHostUnavailableError';
    this.#proposalOpened = options.proposalOpened ?? false;
  }

  /** The proposal was opened before the host failed: sent again without its Idempotency-Key, the change would open a second one. */
  get proposalOpened(): boolean {
    return this.#proposalOpened;
  }
}
