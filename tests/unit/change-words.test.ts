import { describe, expect, it } from 'vitest';
import { CHANGE_KINDS, type ChangeKind } from '../../src/core/history/diff.ts';
import { CHANGE_KIND_WORDS, changeKindsText, fieldWords } from '../../src/core/report/change-words.ts';
import { describeChange } from '../../src/core/report/risk-history.ts';
import { DEFAULT_SCORING_SCHEME } from '../../src/core/schemas/scoring-scheme.ts';

const scheme = DEFAULT_SCORING_SCHEME;

describe('changes in words', () => {
  it('names a risk\'s fields as its page does, never by their codes', () => {
    expect(describeChange({ kind: 'details', fields: ['keyRiskIndicators'] }, scheme).what).toBe('Details changed (Key risk indicators)');
    expect(describeChange({ kind: 'details', fields: ['cabinetMembers', 'title'] }, scheme).what).toBe('Details changed (Responsible cabinet members, Title)');
    expect(describeChange({ kind: 'review', fields: ['lastReview', 'nextReview', 'reviewComments'] }, scheme).what).toBe('Review updated (Last review, Next review, Review comments)');
  });

  it('names a control\'s or an action\'s fields, in the sentence and in its before and after', () => {
    const change = describeChange(
      { kind: 'action-changed', id: 'A2', fields: ['due', 'status'], before: { due: '2026-10-30', status: 'in progress' }, after: { due: '2027-01-31', status: 'on hold' } },
      scheme,
    );
    expect(change).toEqual({ what: 'Action A2 changed (Due date, Status)', before: 'Due date: 2026-10-30; Status: in progress', after: 'Due date: 2027-01-31; Status: on hold' });
  });

  it('says only "Details changed" when it cannot say which fields', () => {
    expect(describeChange({ kind: 'details', fields: [] }, scheme).what).toBe('Details changed');
  });

  it('spells out a field it does not know from its name', () => {
    expect(fieldWords('riskAppetiteNote')).toBe('Risk appetite note');
    expect(fieldWords('review_board')).toBe('Review board');
  });

  it('has words for every kind of change the audit lists, as its Change column and filter print them', () => {
    for (const kind of CHANGE_KINDS) expect(CHANGE_KIND_WORDS[kind]).toMatch(/^[A-Z][a-z]+( [a-z]+)*$/);
    expect(changeKindsText(['created'])).toBe('Created');
    expect(changeKindsText(['rating', 'target-rating'] satisfies ChangeKind[])).toBe('Current rating changed, Target rating changed');
    expect(changeKindsText(['details'])).toBe('Details changed');
  });

  it('a rating change reads as the audit names it, with the ratings in words', () => {
    expect(describeChange({ kind: 'rating', before: { likelihood: 4, impact: 4, rating: 16 }, after: { likelihood: 4, impact: 5, rating: 20 } }, scheme)).toEqual({
      what: 'Current rating changed',
      before: '16 (4 × 4), High',
      after: '20 (4 × 5), High',
    });
  });
});
