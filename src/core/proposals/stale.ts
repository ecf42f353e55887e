import { formatUkDate } from '../dates.ts';
import { changedItem } from './changed-item.ts';
import { sentenceCase } from '../words.ts';
import type { Risk } from '../schemas/risk.ts';
import { changesNothing, type RiskUpdateRequest } from './update-request.ts';

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
  // A form names every action and control it shows; only those given something new are changes.
  for (const change of update.actions ?? []) {
    if (changesNothing(change)) continue;
    if (differs(base.actions?.find((a) => a.id === change.id), head.actions?.find((a) => a.id === change.id))) conflicts.push(`action ${change.id}`);
  }
  for (const change of update.controls ?? []) {
    if ('id' in change && !changesNothing(change) && differs(base.controls?.find((c) => c.id === change.id), head.controls?.find((c) => c.id === change.id))) conflicts.push(`control ${change.id}`);
  }
  return conflicts;
}

/** What `describeLatest` reads of the risk as it is now: a Risk, or the same fields from GET /api/risks/:id. */
export interface LatestFields {
  current: { likelihood: number; impact: number };
  target?: { likelihood: number; impact: number } | undefined;
  lastReview?: string | undefined;
  actions?: readonly { id: string; status: string }[] | undefined;
  controls?: readonly { id: string; status: string }[] | undefined;
}

/**
 * What a field someone else changed is now, as a sentence for the person whose update it
 * overlaps: "Current rating is now Likely (4) × Significant (3)". `field` is one of
 * conflictingFields' names; `label` gives a score's words, such as "Likely (4)".
 */
export function describeLatest(field: string, risk: LatestFields, label: (axis: 'likelihood' | 'impact', score: number) => string): string {
  const rating = (r: { likelihood: number; impact: number }): string => `${label('likelihood', r.likelihood)} × ${label('impact', r.impact)}`;
  if (field === 'current rating') return `Current rating is now ${rating(risk.current)}`;
  if (field === 'target rating') return `Target rating is now ${risk.target === undefined ? 'not set' : rating(risk.target)}`;
  if (field === 'review' && risk.lastReview !== undefined) return `The risk was reviewed again: last review ${formatUkDate(risk.lastReview)}`;
  const item = changedItem(field);
  if (item === null) return `${sentenceCase(field)} has changed`;
  const now = (item.kind === 'action' ? risk.actions : risk.controls)?.find((i) => i.id === item.id);
  return now === undefined ? `${sentenceCase(field)} has been removed` : `${sentenceCase(field)} is now ${now.status}`;
}
