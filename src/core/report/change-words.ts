/**
 * Kinds of change and the fields of risks, registers, controls and actions in the words the
 * site prints them: the audit trail's Change column and its "Type of change" filter, and each
 * change on a risk's history page. The audit CSV and `npm run audit` keep the codes
 * (`details`, `keyRiskIndicators`): those are their contract.
 */
import type { ChangeKind } from '../history/diff.ts';
import { sentenceCase } from '../words.ts';

/** A kind of change as a reader names it, whether it happened to a risk or to a register. */
export const CHANGE_KIND_WORDS: Readonly<Record<ChangeKind, string>> = {
  created: 'Created',
  deleted: 'Deleted',
  renamed: 'Renamed',
  moved: 'Moved to another register',
  rating: 'Current rating changed',
  'target-rating': 'Target rating changed',
  'inherent-rating': 'Inherent rating changed',
  status: 'Status changed',
  'control-added': 'Control added',
  'control-changed': 'Control changed',
  'control-removed': 'Control removed',
  'action-added': 'Action added',
  'action-changed': 'Action changed',
  'action-removed': 'Action removed',
  review: 'Review updated',
  details: 'Details changed',
};

/** Field names as the risk page and the register page label them. */
const FIELD_WORDS: Readonly<Record<string, string>> = {
  // A risk
  title: 'Title',
  description: 'Description',
  causes: 'Causes',
  event: 'Risk event',
  consequences: 'Consequences',
  owners: 'Risk owners',
  delegates: 'Delegates',
  cabinetMembers: 'Responsible cabinet members',
  category: 'Category',
  linkedRisks: 'Linked risks',
  keyRiskIndicators: 'Key risk indicators',
  previousRating: 'Previous rating (imported)',
  statusReason: 'Reason for the status',
  movedTo: 'Register moved to',
  lastReview: 'Last review',
  nextReview: 'Next review',
  reviewComments: 'Review comments',
  // A register
  name: 'Name',
  level: 'Level',
  belongsTo: 'Belongs to',
  reviewCycleMonths: 'Review cycle',
  classification: 'Classification',
  // A control or an action (and a register's owner)
  owner: 'Owner',
  status: 'Status',
  due: 'Due date',
  completed: 'Date completed',
  progress: 'Progress',
};

/**
 * A field name in words, e.g. `keyRiskIndicators` → "Key risk indicators". A field this list
 * does not know yet is spelt out from its name the same way, so no code reaches a reader.
 */
export function fieldWords(field: string): string {
  return FIELD_WORDS[field] ?? spellOut(field);
}

/** A name in code as words: `reviewComment` → "Review comment", `due_date` → "Due date". */
export function spellOut(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words === '' ? name : sentenceCase(words);
}

/** Several kinds of change in words, e.g. "Current rating changed, Target rating changed". */
export function changeKindsText(kinds: readonly ChangeKind[]): string {
  return kinds.map((k) => CHANGE_KIND_WORDS[k]).join(', ');
}
