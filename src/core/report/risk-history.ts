/**
 * A risk's history as its history page prints it: a timeline of changes in words, with who
 * proposed and approved each, and its current and target ratings over time.
 */
import type { Change, Json, Score } from '../history/diff.ts';
import { scoreOf } from '../history/diff.ts';
import type { ChangeOrigin } from '../history/origin.ts';
import type { SubjectHistory } from '../history/history.ts';
import { UNPUBLISHED_REGISTER } from '../history/published.ts';
import type { ScoringScheme } from '../schemas/scoring-scheme.ts';
import { formatUkDate } from '../dates.ts';
import { isRecord } from '../is-record.ts';
import { thresholdText } from '../measures/indicators.ts';
import { KeyRiskIndicatorSchema } from '../measures/schema.ts';
import { bandFor } from '../scoring/rating.ts';
import { CHANGE_KIND_WORDS, fieldWords } from './change-words.ts';

/** One change in words: what changed, and where it has them, the before and after values. */
export interface ChangeText {
  what: string;
  before: string | null;
  after: string | null;
}

export interface TimelineEntry {
  /** The day it reached the base branch (UK), YYYY-MM-DD. */
  day: string;
  commit: string;
  origin: ChangeOrigin;
  /** The data did not validate at this commit. */
  invalid: boolean;
  changes: ChangeText[];
}

export interface RatingPoint {
  day: string;
  commit: string;
  /** likelihood × impact after the change; null when not set (or not readable). */
  current: number | null;
  target: number | null;
}

/** A rating in words, e.g. "20 (4 × 5), High"; "Not set" when there is none. */
export function scoreText(score: Score | null, scheme: ScoringScheme): string {
  if (score === null) return 'Not set';
  return `${score.rating} (${score.likelihood} × ${score.impact}), ${bandFor(score.rating, scheme).name}`;
}

const ITEM_NAMES = { control: 'Control', action: 'Action' } as const;

function itemText(item: Json): string {
  const description = typeof item['description'] === 'string' ? item['description'] : '';
  const status = typeof item['status'] === 'string' ? ` (${item['status']})` : '';
  return `${description}${status}`;
}

/**
 * How the history names the people and measures a change refers to by id: by name where the
 * page knows them ("Kate Morrison", "Safeguarding concerns received (SG-CONCERNS)").
 */
export interface Names {
  person: (id: string) => string;
  measure: (id: string) => string;
  /** The unit of a measure's figures as the pages suffix it (`%`, ` days`; nothing for a count). */
  measureUnit: (id: string) => string;
}
const byId = (id: string): string => id;
const BY_ID: Names = { person: byId, measure: byId, measureUnit: () => '' };
/** Fields that hold person ids, which the history prints as names. */
const PERSON_FIELDS = new Set(['owners', 'delegates', 'owner']);
/** Fields that hold a day or a month (YYYY-MM-DD, YYYY-MM), which the history prints as UK dates. */
const DATE_FIELDS = new Set(['lastReview', 'nextReview', 'due', 'completed']);
const ukDate = (text: string): string => (/^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$/.test(text) ? formatUkDate(text) : text);

/** How the text held in `field` reads: a person's or a measure's name, a UK date, or as it is. */
function textOf(field: string, names: Names): (text: string) => string {
  if (PERSON_FIELDS.has(field)) return names.person;
  if (field === 'measure') return names.measure; // a key risk indicator's
  return DATE_FIELDS.has(field) ? ukDate : byId;
}

/** "Title: Old title; Risk owners: Kate Morrison; David Okonjo"; each value's text by its field. */
function fieldsText(values: Json, fields: readonly string[], names: Names): string {
  return fields.map((f) => `${fieldWords(f)}: ${valueText(values[f], f, names)}`).join('; ');
}

/** What changed, then its fields in words: "Details changed (Title, Key risk indicators)". */
function withFields(what: string, fields: readonly string[]): string {
  return fields.length === 0 ? what : `${what} (${fields.map(fieldWords).join(', ')})`;
}

/**
 * The value of `field` as a reader would write it: text as its field reads (see textOf), a list
 * one item after another, a key risk indicator as the risk's page words it ("Safeguarding
 * concerns received (SG-CONCERNS) above 7,500"), any other object field by field.
 */
function valueText(value: unknown, field: string, names: Names): string {
  if (value === undefined || value === null) return 'not set';
  if (typeof value === 'string') return textOf(field, names)(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map((v) => valueText(v, field, names)).join('; ');
  const indicator = field === 'keyRiskIndicators' ? KeyRiskIndicatorSchema.safeParse(value) : null;
  if (indicator?.success) return `${names.measure(indicator.data.measure)} ${thresholdText(indicator.data, names.measureUnit(indicator.data.measure))}`;
  if (isRecord(value)) return Object.entries(value).map(([k, v]) => `${fieldWords(k).toLowerCase()} ${valueText(v, k, names)}`).join(', ');
  return JSON.stringify(value);
}

/** One change as a sentence and, where it has them, its before and after values, naming people and measures with `names`. */
export function describeChange(change: Change, scheme: ScoringScheme, names: Names = BY_ID): ChangeText {
  switch (change.kind) {
    case 'created':
      return { what: 'Added to the register', before: null, after: null };
    case 'deleted':
      return { what: 'Removed from the register', before: null, after: null };
    case 'renamed':
      return { what: 'Risk number changed', before: change.from, after: change.to };
    case 'moved':
      return { what: CHANGE_KIND_WORDS.moved, before: registerText(change.from), after: registerText(change.to) };
    case 'rating':
    case 'target-rating':
    case 'inherent-rating':
      return { what: CHANGE_KIND_WORDS[change.kind], before: scoreText(change.before, scheme), after: scoreText(change.after, scheme) };
    case 'status':
      return { what: CHANGE_KIND_WORDS.status, before: change.before, after: change.after };
    case 'control-added':
    case 'action-added':
      return { what: `${ITEM_NAMES[change.kind === 'control-added' ? 'control' : 'action']} ${change.id} added`, before: null, after: itemText(change.item) };
    case 'control-removed':
    case 'action-removed':
      return { what: `${ITEM_NAMES[change.kind === 'control-removed' ? 'control' : 'action']} ${change.id} removed`, before: itemText(change.item), after: null };
    case 'control-changed':
    case 'action-changed':
      return {
        what: withFields(`${ITEM_NAMES[change.kind === 'control-changed' ? 'control' : 'action']} ${change.id} changed`, change.fields),
        before: fieldsText(change.before, change.fields, names),
        after: fieldsText(change.after, change.fields, names),
      };
    case 'review': {
      // The review dates before and after; a new comment is read on the risk's page.
      const dates = change.fields.filter((f) => f !== 'reviewComments');
      const text = (values: Json): string | null => (dates.length === 0 ? null : fieldsText(values, dates, names));
      return { what: withFields(CHANGE_KIND_WORDS.review, change.fields), before: text(change.before), after: text(change.after) };
    }
    case 'details':
      return {
        what: withFields(CHANGE_KIND_WORDS.details, change.fields),
        before: fieldsText(change.before, change.fields, names),
        after: fieldsText(change.after, change.fields, names),
      };
  }
}

/** A register a risk moved from or to: one the site does not publish is not named. */
function registerText(id: string): string {
  return id === UNPUBLISHED_REGISTER ? 'A register that is not published' : id;
}

/** Every change to the risk, newest first, naming people and measures with `names`. */
export function riskTimeline(subject: SubjectHistory, scheme: ScoringScheme, names: Names = BY_ID): TimelineEntry[] {
  return subject.revisions
    .map((r) => ({
      day: r.commit.day,
      commit: r.commit.id,
      origin: r.commit.origin,
      invalid: r.commit.problems.length > 0,
      changes: r.changes.map((c) => (c.kind === 'created' ? addedText(r.after?.data ?? null, scheme) : describeChange(c, scheme, names))),
    }))
    .reverse();
}

/** A risk's first revision, with the ratings it was added with, as the audit trail's "None to 16". */
function addedText(risk: Json | null, scheme: ScoringScheme): ChangeText {
  const current = `Current rating ${scoreText(scoreOf(risk, 'current'), scheme)}`;
  const target = scoreOf(risk, 'target');
  return { ...describeChange({ kind: 'created' }, scheme), after: target === null ? current : `${current}; target ${scoreText(target, scheme)}` };
}

/** Current and target rating after each change that set or changed either, oldest first. */
export function ratingSeries(subject: SubjectHistory): RatingPoint[] {
  const points: RatingPoint[] = [];
  for (const r of subject.revisions) {
    if (r.after === null) continue;
    const current = scoreOf(r.after.data, 'current')?.rating ?? null;
    const target = scoreOf(r.after.data, 'target')?.rating ?? null;
    const last = points.at(-1);
    if (last !== undefined && last.current === current && last.target === target) continue;
    points.push({ day: r.commit.day, commit: r.commit.id, current, target });
  }
  return points;
}

/** Who brought a change in, in words, e.g. "Proposed by Amina Okafor, approved by Ben Hale". */
export function originText(origin: ChangeOrigin): string {
  const parts: string[] = [];
  if (origin.direct) parts.push(`Committed directly by ${origin.author.name}, without a reviewed proposal`);
  else {
    parts.push(`Proposed by ${(origin.submitter ?? origin.author).name}`);
    parts.push(origin.mergedBy === null ? 'approved on the git host' : `approved by ${origin.mergedBy.name}`);
  }
  if (origin.selfApproved) parts.push('approved by its own submitter');
  return parts.join(', ');
}
