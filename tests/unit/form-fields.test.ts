import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RiskUpdateRequestSchema } from '../../src/core/proposals/update-request.ts';
import { formToObject, objectToForm } from '../../src/http/read-input.ts';

/**
 * Text a person could type in a form field: not blank (a blank field is no answer), any
 * characters, line breaks as LF (formToObject turns a browser's CRLF into LF, tested below).
 */
const text = fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }).filter((s) => s.trim() !== '' && !s.includes('\r'));
const score = fc.integer({ min: 1, max: 5 });
// An empty rating or list has no fields in a form: it means the same as none, so none is generated.
const rating = fc.oneof(fc.record({ likelihood: score }), fc.record({ impact: score }), fc.record({ likelihood: score, impact: score }));
const update = fc.record(
  {
    baseVersion: fc.stringMatching(/^[0-9a-f]{40}$/),
    reason: text,
    current: rating,
    target: rating,
    reviewComment: text,
    reviewCompleted: fc.constant(true),
    actions: fc.array(fc.record({ id: fc.constantFrom('A1', 'A2', 'A10'), status: fc.constantFrom('not started', 'in progress', 'on hold', 'complete'), progress: text, due: fc.constant('2026-12-31') }, { requiredKeys: ['id'] }), { minLength: 1, maxLength: 3 }),
    controls: fc.array(fc.oneof(fc.record({ id: fc.constantFrom('C1', 'C2'), status: fc.constantFrom('in place', 'proposed', 'accepted') }, { requiredKeys: ['id'] }), fc.record({ description: text, owner: fc.constant('kate-morrison'), status: fc.constant('proposed') })), { minLength: 1, maxLength: 3 }),
  },
  { requiredKeys: ['baseVersion', 'reason'] },
);

describe('objectToForm, the fields a function page posts again', () => {
  it('is read back by formToObject as the same submission, whatever was typed', () => {
    fc.assert(
      fc.property(update, (value) => {
        const params = new URLSearchParams(objectToForm(value));
        expect(formToObject(params)).toEqual(value);
      }),
    );
  });

  it('names fields as the risk page form does, and leaves out a box that is not ticked', () => {
    const fields = objectToForm({ baseVersion: 'abc', reason: 'Why', current: { likelihood: 4 }, reviewCompleted: false, actions: [{ id: 'A1', status: 'complete' }] });
    expect(fields).toEqual([
      ['baseVersion', 'abc'],
      ['reason', 'Why'],
      ['current.likelihood', '4'],
      ['actions.0.id', 'A1'],
      ['actions.0.status', 'complete'],
    ]);
    expect(RiskUpdateRequestSchema.safeParse(formToObject(new URLSearchParams(fields))).success).toBe(false); // 'abc' is no version
  });
});

describe('formToObject, a browser\'s textarea', () => {
  it('stores line breaks as LF, as the data files, import and export keep them, not as the CRLF browsers send', () => {
    const params = new URLSearchParams({ reason: 'First line\r\nSecond line\rThird', 'actions.0.id': 'A1', 'actions.0.progress': 'Done\r\n\r\nNext' });
    expect(formToObject(params)).toEqual({ reason: 'First line\nSecond line\nThird', actions: [{ id: 'A1', progress: 'Done\n\nNext' }] });
  });
});
