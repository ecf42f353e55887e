import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proposalLabel } from '../../src/core/git/labels.ts';
import { postJson, type ErrorAnswer, type Harness, type Persona } from '../helpers/functions-harness.ts';
import type { GitHubEmulator } from '../helpers/github-emulator.ts';
import { listedProposals, startGitHubHarness } from '../helpers/github-harness.ts';

/*
 * A register whose id is longer than GitHub allows a label to be (50 characters), as a
 * directorate's name can make it: the new-risk function through its real handler, against the
 * GitHub backend and the GitHub emulator holding data/ and that register.
 */

const LONG = 'childrens-services-education-and-skills-directorate';
const REGISTER = {
  id: LONG,
  name: "Children's Services, Education and Skills directorate risk register",
  level: 'directorate',
  owner: 'helen-ashworth',
  reviewCycleMonths: 3,
  classification: 'restricted',
};
const NEW_RISK = { id: 'CSE0001', title: 'School place sufficiency', owners: ['helen-ashworth'], current: { likelihood: 3, impact: 4 } };
const path = `/api/registers/${LONG}/risks`;

let emulator: GitHubEmulator;
let h: Harness;

beforeAll(async () => {
  ({ emulator, h } = await startGitHubHarness({ [`registers/${LONG}/register.json`]: `${JSON.stringify(REGISTER, null, 2)}\n` }));
});

afterAll(async () => {
  await h?.close();
  await emulator?.close();
});

const listed = (persona: Persona): Promise<string[]> => listedProposals(h, persona);

describe(`a new risk in a register whose id is ${LONG.length} characters long`, () => {
  beforeAll(async () => {
    const res = await h.send(postJson(path, { ...(await h.auth('administrator')), 'idempotency-key': 'long-register-0001' }, NEW_RISK));
    expect(res.status, await res.text()).toBe(201);
  });

  it('is proposed with its labels, the register\'s shortened to what GitHub takes', () => {
    expect(emulator.pulls()).toHaveLength(1);
    expect(emulator.pulls()[0]?.labels).toEqual([proposalLabel(LONG), 'CSE0001', 'new-risk']);
    expect(proposalLabel(LONG)).toMatch(/^childrens-services-education-and-skills-d~[0-9a-f]{8}$/);
    expect(emulator.shapeProblems).toEqual([]);
  });

  it('takes its id from another new risk while it is open, as the labels say', async () => {
    const res = await h.send(postJson(path, { ...(await h.auth('administrator')), 'idempotency-key': 'long-register-0002' }, { ...NEW_RISK, title: 'Another' }));
    expect(res.status).toBe(422);
    const body = (await res.json()) as ErrorAnswer;
    expect(body.error.fields).toEqual([{ path: 'id', message: 'CSE0001 is the id of a risk someone has already proposed, not yet merged: give the new risk another id' }]);
    expect(emulator.pulls()).toHaveLength(1);
  });

  it('is as restricted as its register', async () => {
    expect(await listed('auditor')).toEqual([expect.stringContaining('CSE0001')]);
    expect(await listed('administrator')).toEqual([expect.stringContaining('CSE0001')]);
    expect(await listed('viewer')).toEqual([]);
    expect(await listed('manager')).toEqual([]);
  });
});
