import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, proposalChecks, request, startHarness, type Harness } from '../helpers/functions-harness.ts';

/*
 * The base branch's data already has an error a proposer did not make and may not see: the
 * restricted BCF0001 names an owner no longer in people.json (someone left and was removed).
 * Proposals that leave it as it is go through; ones that add an error of their own do not.
 */

const BROKEN = 'registers/better-care-fund/risks/BCF0001.json';
let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    tweak: (files) => {
      const risk = JSON.parse(files[BROKEN]!) as { owners: string[] };
      files[BROKEN] = `${JSON.stringify({ ...risk, owners: ['departed-person'] }, null, 2)}\n`;
    },
  });
});

afterAll(async () => {
  await h.close();
});

const { expectCreated, expectRefused } = proposalChecks(() => h);

async function version(id: string): Promise<string> {
  const answer = await h.send(request('GET', `/api/risks/${id}`, { authorization: `Bearer ${await h.token('owner')}` }));
  return ((await answer.json()) as { version: string }).version;
}

const NEW_RISK = { id: 'ASC0031', title: 'Winter pressures on hospital discharge', owners: ['kate-morrison'], current: { likelihood: 4, impact: 3 } };

describe('proposals while the data already has an error elsewhere', () => {
  it('the data on main really has that error', () => {
    expect(h.repo.git(['show', `main:data/${BROKEN}`])).toContain('departed-person');
  });

  it('accept a risk owner\'s update, a new risk and an import, none of them naming the restricted risk', async () => {
    const update = postJson('/api/risks/ASC0002/updates', await h.auth('owner'), { baseVersion: await version('ASC0002'), reason: 'Quarterly review.', reviewComment: 'Reviewed.' });
    await expectCreated(update);
    await expectCreated(postJson('/api/registers/adult-social-care/risks', await h.auth('manager'), NEW_RISK));
    const csv = 'id,title,owner,current_likelihood,current_impact\nASC0032,Imported while BCF0001 is broken,kate-morrison,3,3\n';
    await expectCreated(request('POST', '/api/registers/adult-social-care/import', { ...(await h.auth('manager')), 'content-type': 'text/csv; charset=utf-8' }, csv));
  });

  it('still refuse an error of the proposal\'s own, naming only that one', async () => {
    const body = await expectRefused(postJson('/api/registers/adult-social-care/risks', await h.auth('manager'), { ...NEW_RISK, id: 'ASC0033', owners: ['no-such-person'] }), 422, 'invalid');
    expect(body.error.fields!.map((f) => f.path)).toEqual(['owners[0]']);
    expect(JSON.stringify(body)).not.toContain('BCF0001');
  });
});
