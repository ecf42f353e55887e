import type { Risk } from '../schemas/risk.ts';
import type { RiskUpdateRequest } from './update-request.ts';

/**
 * The fields a submission changes that someone else changed on the base branch since
 * the version it started from. None means the submission can be applied to the newer
 * file without losing anyone's work.
 */
export function conflictingFields(base: Risk, head: Risk, update: RiskUpdateRequest): string[] {
  const differs = (a: unknown, b: unknown): boolean => JSON.stringify(a) !== JSON.stringify(b);
  const conflicts: string[] = [];
  if (update.current && differs(base.current, head.current)) conflicts.push('current rating');
  if (update.target && differs(base.target, head.target)) conflicts.push('target rating');
  const review = (r: Risk) => [r.lastReview, r.nextReview, r.reviewComments];
  if ((update.reviewComment !== undefined || update.reviewCompleted === true) && differs(review(base), review(head))) conflicts.push('review');
  for (const change of update.actions ?? []) {
    if (differs(base.actions?.find((a) => a.id === change.id), head.actions?.find((a) => a.id === change.id))) conflicts.push(`action ${change.id}`);
  }
  for (const change of update.controls ?? []) {
    if ('id' in change && differs(base.controls?.find((c) => c.id === change.id), head.controls?.find((c) => c.id === change.id))) conflicts.push(`control ${change.id}`);
  }
  return conflicts;
}
