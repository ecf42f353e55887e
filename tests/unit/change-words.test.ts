import { describe, expect, it } from 'vitest';
import { CHANGE_KINDS, type ChangeKind } from '../../src/core/history/diff.ts';
import { CHANGE_KIND_WORDS, changeKindsText, fieldWords } from '../../src/core/report/change-words.ts';
import { describeChange } from '../../src/core/report/risk-history.ts';
import { DEFAULT_SCORING_SCHEME } from '../../src/core/schemas/scoring-scheme.ts';

const scheme = DEFAULT_SCORING_SCHEME;

describe('changes in words', () => {
  it('names a risk\'s fields as its page does, never by their codes', () => {
    expect(describeChange({ kind: 'details', fields: ['keyRiskIndicators'], before: {}, after: {} }, scheme).what).toBe('Details changed (Key risk indicators)');
    expect(describeChange({ kind: 'details', fields: ['cabinetMembers', 'title'], before: {}, after: {} }, scheme).what).toBe('Details changed (Responsible cabinet members, Title)');
    const review = describeChange(
      { kind: 'review', fields: ['lastReview', 'nextReview', 'reviewComments'], before: { lastReview: '2026-08-12', nextReview: '2026-11' }, after: { lastReview: '2026-11-10', nextReview: '2027-02' } },
      scheme,
    );
    // The review dates before and after, as UK dates; a comment is read on the risk's page.
    expect(review).toEqual({
      what: 'Review updated (Last review, Next review, Review comments)',
      before: 'Last review: 12 August 2026; Next review: November 2026',
      after: 'Last review: 10 November 2026; Next review: February 2027',
    });
    expect(describeChange({ kind: 'review', fields: ['reviewComments'], before: {}, after: {} }, scheme)).toMatchObject({ before: null, after: null });
  });

  it('names a control\'s or an action\'s fields, in the sentence and in its before and after', () => {
    const change = describeChange(
      { kind: 'action-changed', id: 'A2', fields: ['due', 'status'], before: { due: '2026-10-30', status: 'in progress' }, after: { due: '2027-01-31', status: 'on hold' } },
      scheme,
    );
    expect(change).toEqual({ what: 'Action A2 changed (Due date, Status)', before: 'Due date: 30 October 2026; Status: in progress', after: 'Due date: 31 January 2027; Status: on hold' });
  });

  it('says what a risk\'s details were and became: people by name, lists item by item, a key risk indicator by its measure\'s name and threshold', () => {
    const people: Record<string, string> = { 'kate-morrison': 'Kate Morrison', 'david-okonjo': 'David Okonjo' };
    const measures: Record<string, [string, string]> = { 'SG-CONCERNS': ['Safeguarding concerns received (SG-CONCERNS)', ''], ASC2: ['Average working days to an enquiry decision (ASC2)', ' days'] };
    const names = { person: (id: string) => people[id] ?? id, measure: (id: string) => measures[id]?.[0] ?? id, measureUnit: (id: string) => measures[id]?.[1] ?? '' };
    const change = describeChange(
      {
        kind: 'details',
        fields: ['keyRiskIndicators', 'owners', 'title'],
        before: { owners: ['kate-morrison'], title: 'Delays in Section 42 enquiries' },
        // A title that looks like a month is a title: only date fields are read as dates.
        after: { keyRiskIndicators: [{ measure: 'SG-CONCERNS', threshold: 7500, direction: 'above' }, { measure: 'ASC2', threshold: 5, direction: 'above' }], owners: ['kate-morrison', 'david-okonjo'], title: '2026-12' },
      },
      scheme,
      names,
    );
    expect(change).toEqual({
      what: 'Details changed (Key risk indicators, Risk owners, Title)',
      before: 'Key risk indicators: not set; Risk owners: Kate Morrison; Title: Delays in Section 42 enquiries',
      after: 'Key risk indicators: Safeguarding concerns received (SG-CONCERNS) above 7,500; Average working days to an enquiry decision (ASC2) above 5 days; Risk owners: Kate Morrison; David Okonjo; Title: 2026-12',
    });
  });

  it('says only "Details changed" when it cannot say which fields', () => {
    expect(describeChange({ kind: 'details', fields: [], before: {}, after: {} }, scheme).what).toBe('Details changed');
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
