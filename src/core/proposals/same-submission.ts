import { BranchTakenError, ProposalExistsError, StaleChangeError, type GitBackend, type Proposal } from '../git/backend.ts';
import type { ProposeResult } from './propose-update.ts';

/**
 * What makes a retried submission the same one: the Idempotency-Key picks the proposal's
 * branch, and the request's digest (a hash of what was submitted, recorded with the proposal)
 * tells a true retry from a new submission that reuses the key by mistake. Answering the
 * latter with the earlier proposal would drop what was newly submitted without a word.
 */
export interface SubmissionKey {
  /** From the Idempotency-Key header: a retry with the same key finds the same proposal. */
  idempotencyKey?: string | undefined;
  /** `sha256:<hex>` of the submission; see requestDigest in src/http/request-digest.ts. */
  requestDigest?: string | undefined;
}

/** The earlier proposal under this key, as the answer to a retry; null when there is none or no key. */
export async function earlierSubmission(backend: GitBackend, branch: string, key: SubmissionKey): Promise<ProposeResult | null> {
  if (key.idempotencyKey === undefined) return null;
  const earlier = await backend.proposalForBranch(branch);
  return earlier ? sameSubmission(earlier, key.requestDigest) : null;
}

/** `existing` for a true retry; `key-reused` when the key came with other content. */
export function sameSubmission(earlier: Proposal, digest: string | undefined): ProposeResult {
  // A proposal made before digests were recorded cannot be compared: it is taken as the retry it most likely is.
  if (digest === undefined || earlier.requestDigest === undefined || earlier.requestDigest === digest) return { kind: 'existing', proposal: earlier };
  return keyReused(` (proposal ${earlier.id})`);
}

function keyReused(which: string): ProposeResult {
  return {
    kind: 'key-reused',
    message: `This Idempotency-Key was already used for a different submission${which}, so nothing was proposed. Send a new key with each new submission, and the same key only to retry the same one.`,
  };
}

/** The backend's refusals that are answers, not faults: a retry's proposal, or a change overtaken. */
export function settleProposeError(err: unknown, staleMessage: string, key: SubmissionKey): ProposeResult {
  if (err instanceof ProposalExistsError) return sameSubmission(err.proposal, key.requestDigest);
  // The other submission's proposal is not open yet, so there is no number to give.
  if (err instanceof BranchTakenError) return keyReused('');
  if (err instanceof StaleChangeError) return { kind: 'stale', message: staleMessage, fields: [] };
  throw err;
}
