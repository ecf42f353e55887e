import { describe, expect, it } from 'vitest';
import { applyUpdate } from '../../src/core/proposals/apply-update.ts';
import { changeTypes, describeBody, describeTitle } from '../../src/core/proposals/describe-change.ts';
import { conflictingFields, describeLatest } from '../../src/core/proposals/stale.ts';
import { RiskUpdateRequestSchema, type RiskUpdateRequest } from '../../src/core/proposals/update-request.ts';
import { proposalBranch } from '../../src/core/git/backend.ts';
import { RiskSchema, type Risk } from '../../src/core/schemas/risk.ts';
import { DEFAULT_SCORING_SCHEME } from '../../src/core/schemas/scoring-scheme.ts';
import { formToObject } from '../../src/http/read-input.ts';
import { newRiskFieldMessage, updateFieldMessage } from '../../src/core/proposals/form-field-names.ts';

const VERSION = 'a'.repeat(40);
const risk: Risk = RiskSchema.parse({
  id: 'ASC0004',
  title: 'Care market sustainability',
  owners: ['fiona-blackwood'],
  current: { likelihood: 4, impact: 4 },
  target: { likelihood: 2, impact: 4 },
  lastReview: '2026-08-04',
  nextReview: '2026-11-04',
  controls: [{ id: 'C1', description: 'Market position statement', status: 'in place' }],
  actions: [
    { id: 'A1', description: 'Agree fee uplift', due: '2026-12-31', status: 'in progress' },
    { id: 'A2', description: 'Home care framework', due: '2027-03-31', status: 'not started' },
  ],
});
const context = { by: 'fiona-blackwood', today: '2026-11-23', reviewCycleMonths: 3 };
const request = (fields: Partial<RiskUpdateRequest>): RiskUpdateRequest => RiskUpdateRequestSchema.parse({ baseVersion: VERSION, reason: 'Quarterly review', ...fields });

describe('the update request schema', () => {
  it('refuses a submission that changes nothing, and names bad fields', () => {
    const empty = RiskUpdateRequestSchema.safeParse({ baseVersion: VERSION, reason: 'x' });
    expect(empty.error?.issues.map((i) => i.message)).toEqual(['the submission changes nothing: give a new rating, a review comment, a completed review, or an action or control update']);
    const bad = RiskUpdateRequestSchema.safeParse({ baseVersion: 'abc', reason: '', current: { likelihood: 6, impact: 2 }, extra: 1 });
    expect(bad.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'baseVersion: must be the version (a 40-character git blob id) given with the risk: reload the risk and try again',
      'reason: must not be empty',
      'current.likelihood: must be a whole number from 1 to 5',
      ': Unrecognized key: "extra"',
    ]);
  });

  it('tells a half-filled new control each field it lacks, and an existing one that only its status can change', () => {
    const issues = (controls: unknown[]): string[] =>
      (RiskUpdateRequestSchema.safeParse({ baseVersion: VERSION, reason: 'x', controls }).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues([{ description: 'Weekly cash-flow forecast' }])).toEqual([
      'controls.0.owner: is required to add a control: give its description, owner and status',
      'controls.0.status: is required to add a control: give its description, owner and status',
    ]);
    expect(issues([{ id: 'C1', owner: 'kate-morrison' }])).toEqual(['controls.0.owner: cannot be changed on control C1: only its status can; leave out id to add a new control']);
    expect(issues([{ id: 'C1', status: 'accepted' }, { description: 'Weekly cash-flow forecast', owner: 'kate-morrison', status: 'in place' }])).toEqual([]);
  });

  it('refuses why a due date is changing without the new due date, which alone would be recorded nowhere', () => {
    const issues = (fields: string): string[] =>
      (RiskUpdateRequestSchema.safeParse(formToObject(new URLSearchParams(`baseVersion=${VERSION}&reason=x&current.likelihood=2&actions.0.id=A1&${fields}`))).error?.issues ?? []).map(
        (i) => `${i.path.join('.')}: ${i.message}`,
      );
    expect(issues('actions.0.dueChangeReason=Contract+slipped')).toEqual(['actions.0.dueChangeReason: is only for a new due date: give the new due date too, or leave this empty']);
    // The form's boxes left empty, as they are for every action not being moved, are no reason and no date.
    expect(issues('actions.0.dueChangeReason=&actions.0.due.day=&actions.0.due.month=&actions.0.due.year=')).toEqual([]);
    expect(issues('actions.0.dueChangeReason=Contract+slipped&actions.0.due.day=30&actions.0.due.month=6&actions.0.due.year=2027')).toEqual([]);
  });
});

describe('applyUpdate', () => {
  it('re-rates, records a completed review with the next one a cycle on, and appends a comment', () => {
    const { risk: next, errors } = applyUpdate(risk, request({ current: { likelihood: 3, impact: 4 }, reviewCompleted: true, reviewComment: 'Fee uplift agreed.' }), context);
    expect(errors).toEqual([]);
    expect(next.current).toEqual({ likelihood: 3, impact: 4 });
    expect([next.lastReview, next.nextReview]).toEqual(['2026-11-23', '2027-02-23']);
    expect(next.reviewComments).toEqual([{ date: '2026-11-23', by: 'fiona-blackwood', text: 'Fee uplift agreed.' }]);
    expect(risk.current).toEqual({ likelihood: 4, impact: 4 });
  });

  it('re-rates one half of a rating, keeping the other; a target the risk lacks needs both', () => {
    const form = request(formToObject(new URLSearchParams(`baseVersion=${VERSION}&reason=Review&current.likelihood=2&current.impact=&target.impact=5`)));
    const { risk: next, errors } = applyUpdate(risk, form, context);
    expect(errors).toEqual([]);
    expect([next.current, next.target]).toEqual([{ likelihood: 2, impact: 4 }, { likelihood: 2, impact: 5 }]);
    const untargeted = structuredClone(risk);
    delete untargeted.target;
    expect(applyUpdate(untargeted, request({ target: { likelihood: 2 } }), context).errors).toEqual([
      { path: 'target.impact', message: 'ASC0004 has no target rating yet: give both its likelihood and its impact' },
    ]);
    expect(RiskUpdateRequestSchema.safeParse({ baseVersion: VERSION, reason: 'x', current: {} }).error?.issues.map((i) => i.message)).toEqual(['give a new likelihood, a new impact, or both']);
  });

  it('completes an action with today as its completed date, and needs a reason to move a due date', () => {
    const done = applyUpdate(risk, request({ actions: [{ id: 'A1', status: 'complete' }] }), context).risk;
    expect(done.actions?.[0]).toMatchObject({ status: 'complete', completed: '2026-11-23' });
    const moved = applyUpdate(risk, request({ actions: [{ id: 'A2', due: '2027-06-30' }] }), context);
    expect(moved.errors).toEqual([{ path: 'actions[0].dueChangeReason', message: 'is required with a new due date: say why the date is changing' }]);
    const withReason = applyUpdate(risk, request({ actions: [{ id: 'A2', due: '2027-06-30', dueChangeReason: 'Procurement rerun' }] }), context);
    expect(withReason.risk.actions?.[1]).toMatchObject({ due: '2027-06-30', progress: 'Due date moved: Procurement rerun' });
  });

  it('keeps both the progress and why the due date moved when an update gives both', () => {
    const both = (progress: string) => applyUpdate(risk, request({ actions: [{ id: 'A2', due: '2027-06-30', dueChangeReason: 'Supplier went into administration', progress }] }), context).risk.actions?.[1];
    expect(both('Tender re-issued')).toMatchObject({ due: '2027-06-30', progress: 'Tender re-issued. Due date moved: Supplier went into administration' });
    expect(both('Tender re-issued.')?.progress).toBe('Tender re-issued. Due date moved: Supplier went into administration');
    // A reason given with the due date unchanged moved nothing, so the progress is all there is to record.
    const due = risk.actions?.[1]?.due ?? '';
    const same = applyUpdate(risk, request({ actions: [{ id: 'A2', due, dueChangeReason: 'No change', progress: 'On track' }] }), context).risk.actions?.[1];
    expect(same?.progress).toBe('On track');
  });

  it('changes a control by id, adds a new one with the next id, and refuses ids the risk lacks', () => {
    const { risk: next, errors } = applyUpdate(risk, request({ controls: [{ id: 'C1', status: 'accepted' }, { description: 'Provider failure protocol', owner: 'fiona-blackwood', status: 'proposed' }, { id: 'C9', status: 'in place' }] }), context);
    expect(next.controls?.map((c) => [c.id, c.status])).toEqual([['C1', 'accepted'], ['C2', 'proposed']]);
    expect(errors).toEqual([
      { path: 'controls[2].id', message: 'ASC0004 has no control C9: someone else may have removed it since you opened the risk. Reload the risk, then submit your update again without changing C9' },
    ]);
  });

  it('ignores an action or control given only its id, as a form from before it was removed names it', () => {
    const named = request({ current: { likelihood: 3, impact: 4 }, actions: [{ id: 'A1' }, { id: 'A7' }], controls: [{ id: 'C1' }, { id: 'C8' }] });
    const { risk: next, errors } = applyUpdate(risk, named, context);
    expect(errors).toEqual([]);
    expect(next).toEqual({ ...risk, current: { likelihood: 3, impact: 4 } });
    // One it asks to change is refused, saying why it may be missing.
    expect(applyUpdate(risk, request({ actions: [{ id: 'A7', status: 'complete' }] }), context).errors).toEqual([
      { path: 'actions[0].id', message: 'ASC0004 has no action A7: someone else may have removed it since you opened the risk. Reload the risk, then submit your update again without changing A7' },
    ]);
  });
});

describe('describing a change', () => {
  it('titles it in the users\' words', () => {
    const { risk: next } = applyUpdate(risk, request({ current: { likelihood: 3, impact: 4 }, actions: [{ id: 'A1', status: 'complete' }, { id: 'A2', status: 'in progress' }] }), context);
    expect(describeTitle(risk, next, DEFAULT_SCORING_SCHEME)).toBe('ASC0004: rating 16 → 12, 2 actions updated');
  });

  it('tells a control added from one updated', () => {
    const { risk: next } = applyUpdate(risk, request({ controls: [{ id: 'C1', status: 'accepted' }, { description: 'Provider failure protocol', owner: 'fiona-blackwood', status: 'proposed' }] }), context);
    expect(describeTitle(risk, next, DEFAULT_SCORING_SCHEME)).toBe('ASC0004: 1 control updated, 1 control added');
  });

  it('labels the kinds of change the risk shows, not the actions and controls a form names unchanged', () => {
    const form = request(formToObject(new URLSearchParams(`baseVersion=${VERSION}&reason=x&current.impact=3&actions.0.id=A1&actions.1.id=A2&actions.1.status=&controls.0.id=C1`)));
    expect(changeTypes(risk, applyUpdate(risk, form, context).risk)).toEqual(['re-rating']);
    // A status chosen as it already is changes nothing either.
    expect(changeTypes(risk, applyUpdate(risk, request({ reviewComment: 'Checked.', actions: [{ id: 'A1', status: 'in progress' }] }), context).risk)).toEqual(['review']);
    const everything = request({
      target: { likelihood: 1 },
      reviewCompleted: true,
      actions: [{ id: 'A2', progress: 'Tender out.' }],
      controls: [{ description: 'Provider failure protocol', owner: 'fiona-blackwood', status: 'proposed' }],
    });
    expect(changeTypes(risk, applyUpdate(risk, everything, context).risk)).toEqual(['re-rating', 'review', 'actions', 'controls']);
  });

  it('gives the reason, the submitter and a before/after table', () => {
    const { risk: next } = applyUpdate(risk, request({ current: { likelihood: 3, impact: 4 } }), context);
    const body = describeBody(risk, next, DEFAULT_SCORING_SCHEME, 'Fee uplift | agreed', { id: 'fiona-blackwood', name: 'Fiona Blackwood' });
    expect(body).toContain('Submitted by Fiona Blackwood (fiona-blackwood).');
    expect(body).toContain('> Fee uplift | agreed');
    expect(body).toContain('| Current rating | 16 (High) | 12 (Medium) |');
  });
});

describe('conflictingFields', () => {
  const headWith = (change: Partial<Risk>): Risk => ({ ...structuredClone(risk), ...change });
  it('finds none when the newer edit touched other fields', () => {
    const head = headWith({ actions: [{ ...risk.actions![0]!, progress: 'Cabinet paper drafted' }, risk.actions![1]!] });
    expect(conflictingFields(risk, head, request({ current: { likelihood: 3, impact: 4 }, actions: [{ id: 'A2', status: 'in progress' }] }))).toEqual([]);
  });
  it('finds none for an action or control the form only names, as every form post does for each one it shows', () => {
    const head = headWith({ actions: [{ ...risk.actions![0]!, status: 'on hold' }, risk.actions![1]!] });
    const named = request({ current: { likelihood: 3, impact: 4 }, actions: [{ id: risk.actions![0]!.id }, { id: 'A2' }] });
    expect(conflictingFields(risk, head, named)).toEqual([]);
    expect(conflictingFields(risk, head, request({ actions: [{ id: risk.actions![0]!.id, progress: 'Chased.' }] }))).toEqual([`action ${risk.actions![0]!.id}`]);
  });
  it('names each field both changed', () => {
    const head = headWith({ current: { likelihood: 5, impact: 4 }, lastReview: '2026-11-20' });
    expect(conflictingFields(risk, head, request({ current: { likelihood: 3, impact: 4 }, reviewCompleted: true }))).toEqual(['current rating', 'review']);
  });
  it('names a target rating both changed, and says what it is now', () => {
    const head = headWith({ target: { likelihood: 3, impact: 4 } });
    expect(conflictingFields(risk, head, request({ target: { impact: 3 } }))).toEqual(['target rating']);
    const label = (axis: 'likelihood' | 'impact', score: number): string => `${axis} ${score}`;
    expect(describeLatest('target rating', head, label)).toBe('Target rating is now likelihood 3 × impact 4');
    expect(describeLatest('target rating', { ...head, target: undefined }, label)).toBe('Target rating is now not set');
  });
  it('says an action someone else removed has been removed', () => {
    const head = headWith({ actions: [risk.actions![0]!] });
    expect(conflictingFields(risk, head, request({ actions: [{ id: 'A2', status: 'complete' }] }))).toEqual(['action A2']);
    expect(describeLatest('action A2', head, (axis, score) => `${axis} ${score}`)).toBe('Action A2 has been removed');
    expect(describeLatest('action A1', head, (axis, score) => `${axis} ${score}`)).toBe('Action A1 is now in progress');
  });
});

describe('form posts', () => {
  it('read as the same shape as JSON, with scores as numbers and blank fields left out', () => {
    const form = new URLSearchParams('baseVersion=abc&reason=Review+2024&current.likelihood=3&current.impact=4&reviewCompleted=on&actions.0.id=A1&actions.0.status=complete&actions.0.progress=&__proto__.x=1');
    expect(formToObject(form)).toEqual({ baseVersion: 'abc', reason: 'Review 2024', current: { likelihood: 3, impact: 4 }, reviewCompleted: true, actions: [{ id: 'A1', status: 'complete' }] });
  });

  it('read a date from GOV.UK\'s three boxes as one YYYY-MM-DD date, and leave boxes that make no date for the schema to refuse', () => {
    const due = (fields: string): unknown => (formToObject(new URLSearchParams(`actions.0.id=A1&${fields}`)) as { actions: { due?: unknown }[] }).actions[0]?.due;
    expect(due('actions.0.due.day=30&actions.0.due.month=6&actions.0.due.year=2027')).toBe('2027-06-30');
    expect(due('actions.0.due.day=+1&actions.0.due.month=12&actions.0.due.year=2027')).toBe('2027-12-01');
    expect(due('actions.0.due.day=&actions.0.due.month=&actions.0.due.year=')).toBeUndefined();
    expect(formToObject(new URLSearchParams('day=1&month=2&year=2027'))).toEqual({ day: '1', month: '2', year: '2027' });
    const partial = due('actions.0.due.day=31&actions.0.due.month=2');
    expect(partial).toBe('-02-31');
    const issues = RiskUpdateRequestSchema.safeParse({ baseVersion: VERSION, reason: 'x', actions: [{ id: 'A1', due: partial }] }).error?.issues ?? [];
    expect(issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['actions.0.due: must be a real date written as YYYY-MM-DD, e.g. 2021-01-29']);
  });

  it('tell a year typed with other than 4 numbers so, and refuse one no register is dated in', () => {
    const dueIssues = (year: string): string[] => {
      const value = formToObject(new URLSearchParams(`baseVersion=${VERSION}&reason=x&actions.0.id=A1&actions.0.due.day=3&actions.0.due.month=2&actions.0.due.year=${year}&actions.0.dueChangeReason=Slipped`));
      return (RiskUpdateRequestSchema.safeParse(value).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(dueIssues('27')).toEqual(['actions.0.due: must have a year of 4 digits, e.g. 2021-01-29']);
    expect(dueIssues('202')).toEqual(['actions.0.due: must have a year of 4 digits, e.g. 2021-01-29']);
    expect(dueIssues('0100')).toEqual(['actions.0.due: must be in the years 1900 to 2199']);
    expect(dueIssues('2027')).toEqual([]);
    // The form says it in GOV.UK's words for its three boxes; a JSON client keeps the schema's.
    expect(updateFieldMessage('actions.0.due', 'must have a year of 4 digits, e.g. 2021-01-29')).toBe('must include a year with 4 numbers, for example 2027');
    expect(updateFieldMessage('actions.0.due', 'must be in the years 1900 to 2199')).toBe('must be in the years 1900 to 2199');
    expect(newRiskFieldMessage('nextReview', 'must have a year of 4 digits, e.g. 2021-01-29 or 2020-12')).toBe('must include a year with 4 numbers, for example 2027');
  });
});

describe('proposalBranch', () => {
  it('makes a safe ref name from any key', () => {
    expect(proposalBranch('ASC0004', 'kate-morrison', 'retry-1')).toBe('oversight/ASC0004/kate-morrison.retry-1');
    expect(proposalBranch('ASC0004', 'kate-morrison', '../../main lock')).toBe('oversight/ASC0004/kate-morrison.main-lock');
    expect(proposalBranch('../x', '', 'k.lock')).toBe('oversight/x/x.k-lock');
  });

  it('keeps every name within 255 characters, and one person\'s key apart from another\'s', () => {
    expect(proposalBranch('A'.repeat(300), 'p'.repeat(60), 'k'.repeat(100)).length).toBeLessThanOrEqual(255);
    expect(proposalBranch('ASC0004', 'kate-morrison', 'retry-1')).not.toBe(proposalBranch('ASC0004', 'david-okonjo', 'retry-1'));
  });
});
