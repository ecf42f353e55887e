import { createHash } from 'node:crypto';
import { MAX_NESTING, nestingDepth } from '../core/nesting.ts';
import type { SubmissionKey } from '../core/proposals/same-submission.ts';

/**
 * What a proposing use case gets from the Idempotency-Key header: the key, and a digest of
 * the submission to tell a retry from other content sent under the same key. Without a key
 * there is nothing to compare; a body too deeply nested to hash is refused by the use case.
 */
export function submissionKey(key: string | undefined, submission: unknown): SubmissionKey {
  if (key === undefined) return {};
  return { idempotencyKey: key, requestDigest: nestingDepth(submission, MAX_NESTING) > MAX_NESTING ? undefined : requestDigest(submission) };
}

/** `sha256:<hex>` of the submission, its object keys sorted: field order does not make it another one. */
export function requestDigest(submission: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(submission)).digest('hex')}`;
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
