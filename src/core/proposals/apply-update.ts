import { addMonths } from '../dates.ts';
import type { Risk } from '../schemas/risk.ts';
import { changesNothing, type RiskUpdateRequest } from './update-request.ts';

export interface FieldError {
  path: string;
  message: string;
}

export interface UpdateContext {
  /** The submitter's person id. */
  by: string;
  /** Today, YYYY-MM-DD. */
  today: string;
  reviewCycleMonths: number;
}

/**
 * Applies an update to a risk, returning the new risk or the fields that cannot be
 * applied (an action or control the risk does not have, a due date moved without a reason).
 */
export function applyUpdate(risk: Risk, update: RiskUpdateRequest, context: UpdateContext): { risk: Risk; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const next: Risk = structuredClone(risk);
  if (update.current) next.current = { ...risk.current, ...defined(update.current) };
  if (update.target) {
    const target = { ...risk.target, ...defined(update.target) };
    if (target.likelihood === undefined || target.impact === undefined) {
      errors.push({ path: `target.${target.likelihood === undefined ? 'likelihood' : 'impact'}`, message: `${risk.id} has no target rating yet: give both its likelihood and its impact` });
    } else next.target = { likelihood: target.likelihood, impact: target.impact };
  }
  if (update.reviewComment !== undefined) {
    next.reviewComments = [...(next.reviewComments ?? []), { date: context.today, by: context.by, text: update.reviewComment }];
  }
  if (update.reviewCompleted === true) {
    next.lastReview = context.today;
    next.nextReview = addMonths(context.today, context.reviewCycleMonths);
  }
  update.actions?.forEach((change, i) => {
    // Named only (as a stale page names an action since removed): nothing to apply, nothing to refuse.
    if (changesNothing(change)) return undefined;
    const action = next.actions?.find((a) => a.id === change.id);
    if (!action) return errors.push({ path: `actions[${i}].id`, message: gone(risk.id, 'action', change.id) });
    let movedBecause: string | undefined;
    if (change.due !== undefined && change.due !== action.due) {
      if (change.dueChangeReason === undefined) return errors.push({ path: `actions[${i}].dueChangeReason`, message: 'is required with a new due date: say why the date is changing' });
      action.due = change.due;
      movedBecause = change.dueChangeReason;
    }
    const progress = progressNote(change.progress, movedBecause);
    if (progress !== undefined) action.progress = progress;
    if (change.status !== undefined && change.status !== action.status) {
      action.status = change.status;
      if (change.status === 'complete') action.completed = context.today;
      else delete action.completed;
    }
    return undefined;
  });
  update.controls?.forEach((change, i) => {
    if ('id' in change) {
      if (changesNothing(change)) return;
      const control = next.controls?.find((c) => c.id === change.id);
      if (!control) errors.push({ path: `controls[${i}].id`, message: gone(risk.id, 'control', change.id) });
      else if (change.status !== undefined) control.status = change.status;
    } else {
      const controls = (next.controls ??= []);
      controls.push({ id: nextId('C', controls.map((c) => c.id)), description: change.description, owner: change.owner, status: change.status });
    }
  });
  return { risk: next, errors };
}

/**
 * Why an update cannot change an action or control the risk lacks. The form only shows ones the
 * risk had, so it was most likely removed after the page was published or the risk was opened.
 */
function gone(riskId: string, kind: 'action' | 'control', id: string): string {
  return `${riskId} has no ${kind} ${id}: someone else may have removed it since you opened the risk. Reload the risk, then submit your update again without changing ${id}`;
}

/**
 * An action's new progress note: the progress given, and why its due date moved, so that
 * neither overwrites the other (the reason is the only record of why the date changed).
 */
function progressNote(progress: string | undefined, movedBecause: string | undefined): string | undefined {
  if (movedBecause === undefined) return progress;
  const moved = `Due date moved: ${movedBecause}`;
  if (progress === undefined) return moved;
  return `${/[.!?]$/.test(progress.trimEnd()) ? progress.trimEnd() : `${progress.trimEnd()}.`} ${moved}`;
}

/** The halves of a rating that were given (an absent one must not overwrite the risk's). */
function defined(rating: { likelihood?: number | undefined; impact?: number | undefined }): { likelihood?: number; impact?: number } {
  return { ...(rating.likelihood !== undefined ? { likelihood: rating.likelihood } : {}), ...(rating.impact !== undefined ? { impact: rating.impact } : {}) };
}

function nextId(prefix: string, ids: string[]): string {
  const used = ids.map((id) => Number(id.slice(prefix.length))).filter(Number.isFinite);
  return `${prefix}${Math.max(0, ...used) + 1}`;
}
