/**
 * Field-level differences between two versions of a risk or register file. Works on the
 * JSON as written (not the validated value), so a version that fails validation still
 * shows what changed; missing fields read as their defaults (status `open`, control
 * status `in place`, action status `not started`), as the schemas read them.
 */
import { parseJsonFile } from '../data/serialize.ts';
import { isRecord } from '../is-record.ts';

/** A file's JSON object, or null when the file is absent or is not a JSON object. */
export type Json = Record<string, unknown>;

export interface Score {
  likelihood: number;
  impact: number;
  /** likelihood × impact */
  rating: number;
}

export type RatingField = 'current' | 'target' | 'inherent';
export type ItemList = 'controls' | 'actions';

/**
 * One change, as the audit's `change` column names it:
 * created, deleted, renamed, moved, rating (the current rating), target-rating,
 * inherent-rating, status, control-added, control-changed, control-removed, action-added,
 * action-changed, action-removed, review (review dates and comments), details (anything else).
 */
export type Change =
  | { kind: 'created' }
  | { kind: 'deleted' }
  /** The id changed (a risk file renamed, or a register folder). */
  | { kind: 'renamed'; from: string; to: string }
  /** A risk moved to another register. */
  | { kind: 'moved'; from: string; to: string }
  | { kind: 'rating' | 'target-rating' | 'inherent-rating'; before: Score | null; after: Score | null }
  | { kind: 'status'; before: string; after: string }
  | { kind: 'control-added' | 'action-added' | 'control-removed' | 'action-removed'; id: string; item: Json }
  | { kind: 'control-changed' | 'action-changed'; id: string; before: Json; after: Json; fields: string[] }
  /** `before` and `after` hold the changed review dates only: the comments are on the risk's page. */
  | { kind: 'review'; fields: string[]; before: Json; after: Json }
  /** `before` and `after` hold the changed fields' values only. */
  | { kind: 'details'; fields: string[]; before: Json; after: Json };

export type ChangeKind = Change['kind'];

/** The order change kinds are listed in (and the audit's vocabulary). */
export const CHANGE_KINDS: readonly ChangeKind[] = [
  'created',
  'deleted',
  'renamed',
  'moved',
  'rating',
  'target-rating',
  'inherent-rating',
  'status',
  'control-added',
  'control-changed',
  'control-removed',
  'action-added',
  'action-changed',
  'action-removed',
  'review',
  'details',
];

const RATING_KINDS = { current: 'rating', target: 'target-rating', inherent: 'inherent-rating' } as const;
const REVIEW_FIELDS = new Set(['lastReview', 'nextReview', 'reviewComments']);
/** Fields with their own kind of change, or that name the file (id). */
const OWN_KIND_FIELDS = new Set(['id', 'current', 'target', 'inherent', 'status', 'controls', 'actions']);

export function parseJsonObject(text: string | null): Json | null {
  if (text === null) return null;
  try {
    const value = parseJsonFile(text);
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

function isScore(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5;
}

/** A rating field of a risk, or null when absent or not a pair of scores from 1 to 5. */
export function scoreOf(risk: Json | null, field: RatingField): Score | null {
  const value = risk?.[field];
  if (!isRecord(value) || !isScore(value['likelihood']) || !isScore(value['impact'])) return null;
  return { likelihood: value['likelihood'], impact: value['impact'], rating: value['likelihood'] * value['impact'] };
}

export function statusOf(risk: Json | null): string {
  const status = risk?.['status'];
  return typeof status === 'string' ? status : 'open';
}

function itemsOf(risk: Json | null, list: ItemList): Map<string, Json> {
  const value = risk?.[list];
  const items = new Map<string, Json>();
  if (!Array.isArray(value)) return items;
  const defaultStatus = list === 'controls' ? 'in place' : 'not started';
  value.forEach((item: unknown, i) => {
    if (!isRecord(item)) return;
    const id = typeof item['id'] === 'string' ? item['id'] : `#${i + 1}`;
    items.set(id, { ...item, status: item['status'] ?? defaultStatus });
  });
  return items;
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // Most fields are strings and numbers: only objects and arrays need comparing in depth.
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function changedKeys(before: Json, after: Json, skip: ReadonlySet<string> = new Set()): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => !skip.has(k) && !same(before[k], after[k])).sort();
}

function sameScore(a: Score | null, b: Score | null): boolean {
  return a === null || b === null ? a === b : a.likelihood === b.likelihood && a.impact === b.impact;
}

/** What changed between two versions of a risk (null: the file does not exist on that side). */
export function diffRisk(before: Json | null, after: Json | null, absent: { before: boolean; after: boolean }): Change[] {
  if (absent.before && absent.after) return [];
  if (absent.before) return [{ kind: 'created' }];
  if (absent.after) return [{ kind: 'deleted' }];
  const changes: Change[] = [];
  const b = before ?? {};
  const a = after ?? {};
  for (const field of ['current', 'target', 'inherent'] as const) {
    const was = scoreOf(before, field);
    const now = scoreOf(after, field);
    if (!sameScore(was, now) || (was === null && !same(b[field], a[field]))) changes.push({ kind: RATING_KINDS[field], before: was, after: now });
  }
  if (statusOf(before) !== statusOf(after)) changes.push({ kind: 'status', before: statusOf(before), after: statusOf(after) });
  for (const list of ['controls', 'actions'] as const) {
    const noun = list === 'controls' ? 'control' : 'action';
    const was = itemsOf(before, list);
    const now = itemsOf(after, list);
    for (const [id, item] of now) {
      const old = was.get(id);
      if (old === undefined) changes.push({ kind: `${noun}-added`, id, item });
      else if (!same(old, item)) changes.push({ kind: `${noun}-changed`, id, before: old, after: item, fields: changedKeys(old, item) });
    }
    for (const [id, item] of was) if (!now.has(id)) changes.push({ kind: `${noun}-removed`, id, item });
  }
  const rest = changedKeys(b, a, OWN_KIND_FIELDS);
  const review = rest.filter((k) => REVIEW_FIELDS.has(k));
  const details = rest.filter((k) => !REVIEW_FIELDS.has(k));
  if (review.length > 0) {
    const dates = review.filter((k) => k !== 'reviewComments');
    changes.push({ kind: 'review', fields: review, before: valuesOf(b, dates), after: valuesOf(a, dates) });
  }
  if (details.length > 0 || (before === null) !== (after === null)) changes.push(detailsChange(b, a, details));
  return sortChanges(changes);
}

/** What changed between two versions of a register file. */
export function diffRegister(before: Json | null, after: Json | null, absent: { before: boolean; after: boolean }): Change[] {
  if (absent.before && absent.after) return [];
  if (absent.before) return [{ kind: 'created' }];
  if (absent.after) return [{ kind: 'deleted' }];
  const fields = changedKeys(before ?? {}, after ?? {}, new Set(['id']));
  return fields.length > 0 || (before === null) !== (after === null) ? [detailsChange(before ?? {}, after ?? {}, fields)] : [];
}

function detailsChange(before: Json, after: Json, fields: string[]): Change {
  return { kind: 'details', fields, before: valuesOf(before, fields), after: valuesOf(after, fields) };
}

/** The fields' values, leaving out those not set. */
function valuesOf(json: Json, fields: readonly string[]): Json {
  return Object.fromEntries(fields.filter((f) => json[f] !== undefined).map((f) => [f, json[f]]));
}

export function sortChanges(changes: Change[]): Change[] {
  return changes.sort((x, y) => CHANGE_KINDS.indexOf(x.kind) - CHANGE_KINDS.indexOf(y.kind));
}
