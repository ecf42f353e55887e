import { describe, expect, it } from 'vitest';
import { error, type Problem } from '../../src/core/problems.ts';
import { newRiskPaths, updatePaths } from '../../src/core/proposals/request-paths.ts';
import { RiskUpdateRequestSchema } from '../../src/core/proposals/update-request.ts';
import type { Risk } from '../../src/core/schemas/risk.ts';

const FILE = 'registers/adult-social-care/risks/ASC0002.json';
const before = {
  id: 'ASC0002',
  title: 'Home care capacity',
  owners: ['david-okonjo'],
  current: { likelihood: 4, impact: 4 },
  status: 'open',
  actions: [{ id: 'A1', description: 'Tender', owner: 'david-okonjo', status: 'in progress' }, { id: 'A2', description: 'Rates review', owner: 'david-okonjo', status: 'not started' }],
  controls: [{ id: 'C1', description: 'Brokerage team', owner: 'david-okonjo', status: 'in place' }],
} as Risk;
const request = RiskUpdateRequestSchema.parse({
  baseVersion: 'a'.repeat(40),
  reason: 'Review.',
  actions: [{ id: 'A2', progress: 'Started.' }, { id: 'A1' }],
  controls: [{ description: 'Huddle', owner: 'x', status: 'proposed' }, { id: 'C1' }, { description: 'Audit', owner: 'y', status: 'proposed' }],
});
const at = (path: string): Problem => error(FILE, 'wrong', { path });

describe('updatePaths: a problem in the risk file named by the request field it came from', () => {
  it('finds an action by its id, wherever the request lists it', () => {
    expect(updatePaths([at('actions[1].owner'), at('actions[0].due')], FILE, before, request).map((e) => e.path)).toEqual(['actions[0].owner', 'actions[1].due']);
  });

  it('finds a new control among the entries without an id, in order', () => {
    expect(updatePaths([at('controls[1].owner'), at('controls[2].owner'), at('controls[0].status')], FILE, before, request).map((e) => e.path)).toEqual(['controls[0].owner', 'controls[2].owner', 'controls[1].status']);
  });

  it('leaves the file\'s path where the request has no such field, or the problem is in another file', () => {
    const other = error('people.json', 'wrong', { path: 'people[3].email' });
    expect(updatePaths([at('owners[0]'), other], FILE, before, { ...request, actions: [] }).map((e) => e.path)).toEqual([`${FILE} owners[0]`, 'people.json people[3].email']);
    expect(updatePaths([at('actions[0].owner')], FILE, before, { ...request, actions: [] })[0]?.path).toBe(`${FILE} actions[0].owner`);
  });
});

describe('newRiskPaths: a new risk\'s request is the risk', () => {
  it('names a problem in its own file by the path in it, and others by file', () => {
    expect(newRiskPaths([at('owners[0]'), error('people.json', 'x')], FILE).map((e) => e.path)).toEqual(['owners[0]', 'people.json']);
  });
});
