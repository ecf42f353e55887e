import { describe, expect, it } from 'vitest';
import { diffRegister, diffRisk, parseJsonObject, scoreOf } from '../../src/core/history/diff.ts';

const both = { before: false, after: false };

describe('diffRisk', () => {
  it('names a created and a deleted risk and nothing else', () => {
    expect(diffRisk(null, { id: 'A1' }, { before: true, after: false })).toEqual([{ kind: 'created' }]);
    expect(diffRisk({ id: 'A1' }, null, { before: false, after: true })).toEqual([{ kind: 'deleted' }]);
  });

  it('gives every rating before and after, with the rating as likelihood × impact', () => {
    const before = { current: { likelihood: 4, impact: 4 }, target: { likelihood: 2, impact: 2 } };
    const after = { current: { likelihood: 4, impact: 5 }, inherent: { likelihood: 5, impact: 5 } };
    expect(diffRisk(before, after, both)).toEqual([
      { kind: 'rating', before: { likelihood: 4, impact: 4, rating: 16 }, after: { likelihood: 4, impact: 5, rating: 20 } },
      { kind: 'target-rating', before: { likelihood: 2, impact: 2, rating: 4 }, after: null },
      { kind: 'inherent-rating', before: null, after: { likelihood: 5, impact: 5, rating: 25 } },
    ]);
  });

  it('lists controls and actions added, changed and removed by id, reading missing statuses as their defaults', () => {
    const before = {
      controls: [{ id: 'C1', description: 'Audit' }, { id: 'C2', description: 'Training' }],
      actions: [{ id: 'A1', description: 'Plan', status: 'not started' }],
    };
    const after = {
      controls: [{ id: 'C1', description: 'Audit', status: 'in place' }, { id: 'C3', description: 'Spot checks', status: 'proposed' }],
      actions: [{ id: 'A1', description: 'Plan', status: 'complete', completed: '2026-01-02' }],
    };
    expect(diffRisk(before, after, both)).toEqual([
      { kind: 'control-added', id: 'C3', item: { id: 'C3', description: 'Spot checks', status: 'proposed' } },
      { kind: 'control-removed', id: 'C2', item: { id: 'C2', description: 'Training', status: 'in place' } },
      {
        kind: 'action-changed',
        id: 'A1',
        before: { id: 'A1', description: 'Plan', status: 'not started' },
        after: { id: 'A1', description: 'Plan', status: 'complete', completed: '2026-01-02' },
        fields: ['completed', 'status'],
      },
    ]);
  });

  it('reads a missing status as open, and separates review fields from other details', () => {
    expect(diffRisk({ title: 'A', lastReview: '2026-01' }, { title: 'B', status: 'open', lastReview: '2026-02', owners: ['x'] }, both)).toEqual([
      { kind: 'review', fields: ['lastReview'], before: { lastReview: '2026-01' }, after: { lastReview: '2026-02' } },
      { kind: 'details', fields: ['owners', 'title'], before: { title: 'A' }, after: { owners: ['x'], title: 'B' } },
    ]);
    expect(diffRisk({ status: 'open' }, { status: 'withdrawn' }, both)).toEqual([{ kind: 'status', before: 'open', after: 'withdrawn' }]);
  });

  it('finds no change when only the layout of the file changed', () => {
    const a = parseJsonObject('{"id":"A1","current":{"likelihood":2,"impact":3}}');
    const b = parseJsonObject('{\n  "id": "A1",\n  "current": { "likelihood": 2, "impact": 3 }\n}\n');
    expect(diffRisk(a, b, both)).toEqual([]);
  });

  it('finds no change when a version was saved with a UTF-8 byte-order mark', () => {
    const a = parseJsonObject('{"id":"A1","current":{"likelihood":2,"impact":3}}');
    const b = parseJsonObject('\uFEFF{"id":"A1","current":{"likelihood":2,"impact":3}}');
    expect(diffRisk(a, b, both)).toEqual([]);
  });

  it('still says something changed when a version is not valid JSON', () => {
    expect(parseJsonObject('{ not json')).toBeNull();
    expect(diffRisk({ id: 'A1', current: { likelihood: 2, impact: 3 } }, null, both)).toEqual([
      { kind: 'rating', before: { likelihood: 2, impact: 3, rating: 6 }, after: null },
      { kind: 'details', fields: [], before: {}, after: {} },
    ]);
  });

  it('reads a rating only from whole scores from 1 to 5', () => {
    expect(scoreOf({ current: { likelihood: 6, impact: 1 } }, 'current')).toBeNull();
    expect(scoreOf({ current: { likelihood: '2', impact: 1 } }, 'current')).toBeNull();
    expect(scoreOf({ current: { likelihood: 2, impact: 1 } }, 'current')).toEqual({ likelihood: 2, impact: 1, rating: 2 });
  });
});

describe('diffRegister', () => {
  it('lists the fields that changed, not the id', () => {
    expect(diffRegister({ id: 'a', name: 'A', level: 'corporate' }, { id: 'b', name: 'B', level: 'corporate', owner: 'x' }, both)).toEqual([
      { kind: 'details', fields: ['name', 'owner'], before: { name: 'A' }, after: { name: 'B', owner: 'x' } },
    ]);
    expect(diffRegister({ id: 'a' }, { id: 'a' }, both)).toEqual([]);
  });
});
