import type { Risk } from '../schemas/risk.ts';
import type { ScoringScheme } from '../schemas/scoring-scheme.ts';
import { rate } from '../scoring/rating.ts';
import { plural } from '../words.ts';
import { blockQuote, tableCell } from './markdown.ts';

const rating = (r: Risk['current'] | undefined, scheme: ScoringScheme): string => (r === undefined ? 'not set' : `${rate(r, scheme).rating} (${rate(r, scheme).band.name})`);

interface Row {
  field: string;
  before: string;
  after: string;
}

/** Each field that differs, in words a reviewer reads. */
export function changedRows(before: Risk, after: Risk, scheme: ScoringScheme): Row[] {
  const rows: Row[] = [];
  const push = (field: string, a: string, b: string): void => {
    if (a !== b) rows.push({ field, before: a, after: b });
  };
  push('Current rating', rating(before.current, scheme), rating(after.current, scheme));
  push('Target rating', rating(before.target, scheme), rating(after.target, scheme));
  push('Last review', before.lastReview ?? 'not recorded', after.lastReview ?? 'not recorded');
  push('Next review', before.nextReview ?? 'not recorded', after.nextReview ?? 'not recorded');
  const newComments = (after.reviewComments ?? []).slice((before.reviewComments ?? []).length);
  for (const c of newComments) rows.push({ field: 'Review comment', before: '', after: c.text });
  for (const a of after.actions ?? []) {
    const old = before.actions?.find((x) => x.id === a.id);
    if (old === undefined) continue;
    push(`Action ${a.id} status`, old.status, a.status);
    push(`Action ${a.id} due`, old.due ?? 'no date', a.due ?? 'no date');
    push(`Action ${a.id} progress`, old.progress ?? '', a.progress ?? '');
  }
  for (const c of after.controls ?? []) {
    const old = before.controls?.find((x) => x.id === c.id);
    if (old === undefined) rows.push({ field: `Control ${c.id} (new)`, before: '', after: `${c.description} (${c.status})` });
    else push(`Control ${c.id} status`, old.status, c.status);
  }
  return rows;
}

/** "AH0033: rating 16 → 12, 2 actions updated", as the pull request's title. */
export function describeTitle(before: Risk, after: Risk, scheme: ScoringScheme): string {
  const parts: string[] = [];
  const r = (x: Risk['current'] | undefined): number | undefined => (x === undefined ? undefined : rate(x, scheme).rating);
  if (r(before.current) !== r(after.current) || before.current.likelihood !== after.current.likelihood) parts.push(`rating ${r(before.current)} → ${r(after.current)}`);
  if (JSON.stringify(before.target) !== JSON.stringify(after.target)) parts.push(`target ${r(before.target) ?? 'not set'} → ${r(after.target) ?? 'not set'}`);
  if (before.lastReview !== after.lastReview) parts.push('review completed');
  const comments = (after.reviewComments ?? []).length - (before.reviewComments ?? []).length;
  if (comments > 0) parts.push(comments === 1 ? 'review comment' : `${comments} review comments`);
  const actions = (after.actions ?? []).filter((a) => JSON.stringify(a) !== JSON.stringify(before.actions?.find((x) => x.id === a.id))).length;
  if (actions > 0) parts.push(`${plural(actions, 'action')} updated`);
  // Each control as it was before, or null for one this change adds.
  const previous = (after.controls ?? []).map((c) => before.controls?.find((x) => x.id === c.id) ?? null);
  const added = previous.filter((old) => old === null).length;
  const updated = (after.controls ?? []).filter((c, i) => previous[i] !== null && JSON.stringify(c) !== JSON.stringify(previous[i])).length;
  if (updated > 0) parts.push(`${plural(updated, 'control')} updated`);
  if (added > 0) parts.push(`${plural(added, 'control')} added`);
  return `${after.id}: ${parts.length > 0 ? parts.join(', ') : 'update'}`;
}

/**
 * The kinds of change a proposal makes, as its labels (after its register's and risk's): read
 * from the risk before and after, not from the request, whose form names every action and
 * control it shows whether changed or not.
 */
export function changeTypes(before: Risk, after: Risk): string[] {
  const differs = (pick: (risk: Risk) => unknown): boolean => JSON.stringify(pick(before)) !== JSON.stringify(pick(after));
  const types: string[] = [];
  if (differs((r) => [r.current, r.target])) types.push('re-rating');
  if (differs((r) => [r.lastReview, r.nextReview, r.reviewComments])) types.push('review');
  if (differs((r) => r.actions)) types.push('actions');
  if (differs((r) => r.controls)) types.push('controls');
  return types;
}

/** The proposal's body: the reason, who submitted it, and a before/after table. */
export function describeBody(before: Risk, after: Risk, scheme: ScoringScheme, reason: string, submitter: { id: string; name: string }): string {
  const rows = changedRows(before, after, scheme);
  return [
    `**${after.id}: ${after.title}**`,
    '',
    `Submitted by ${submitter.name} (${submitter.id}).`,
    '',
    blockQuote(reason),
    '',
    '| Field | Before | After |',
    '| --- | --- | --- |',
    ...rows.map((row) => `| ${tableCell(row.field)} | ${tableCell(row.before)} | ${tableCell(row.after)} |`),
  ].join('\n');
}
