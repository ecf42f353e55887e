import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows } from '../../src/core/history/audit.ts';
import type { History } from '../../src/core/history/history.ts';
import { publishedHistory } from '../../src/core/history/published.ts';
import { risksAt } from '../../src/core/history/register-travel.ts';
import { readHistory } from '../../src/node/history/read-history.ts';
import { makeTestRepo, type TestRepo } from '../helpers/git-repo.ts';

/*
 * Risk files written from one template: git's rename detection (-M, 50% alike) pairs a risk
 * deleted with an unrelated one added in the same commit. Only a renumbering is one risk.
 */

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
const REG = 'registers/adult-social-care';
const template = (id: string, title: string, description: string, l: number): string =>
  json({
    id,
    title,
    description,
    owners: ['amina-okafor'],
    category: 'Safeguarding',
    current: { likelihood: l, impact: 4 },
    target: { likelihood: 2, impact: 4 },
    controls: [
      { id: 'C1', description: 'Multi-agency safeguarding hub triage', owner: 'amina-okafor', status: 'in place' },
      { id: 'C2', description: 'Quarterly audit of case files', owner: 'amina-okafor', status: 'in place' },
    ],
  });

let repo: TestRepo;
let history: History;
let gitSawRenames: string;

beforeAll(async () => {
  repo = makeTestRepo({
    files: {
      'people.json': json({ people: [{ id: 'amina-okafor', name: 'Amina Okafor' }] }),
      [`${REG}/register.json`]: json({ id: 'adult-social-care', name: 'Adult social care', level: 'directorate', owner: 'amina-okafor' }),
      [`${REG}/risks/ASC0001.json`]: template('ASC0001', 'Delays in Section 42 enquiries', 'Enquiries wait for allocation.', 4),
      [`${REG}/risks/ASC0002.json`]: template('ASC0002', 'Home care capacity', 'Providers hand back packages.', 3),
      [`${REG}/risks/ASC0005.json`]: template('ASC0005', 'Deprivation of Liberty backlog', 'Applications wait for assessment.', 4),
    },
  });
  // Unrelated: ASC0001 is closed down as ASC0003, a new risk, is added.
  repo.commit('Remove ASC0001, add ASC0003', {
    [`${REG}/risks/ASC0001.json`]: null,
    [`${REG}/risks/ASC0003.json`]: template('ASC0003', 'Cyber attack on the case system', 'Ransomware stops case recording.', 2),
  });
  // Renumbered, title kept; renumbered with a new title, description kept.
  repo.commit('Renumber ASC0002 and ASC0005', {
    [`${REG}/risks/ASC0002.json`]: null,
    [`${REG}/risks/ASC0012.json`]: template('ASC0012', 'Home care capacity', 'Providers hand back packages.', 3),
    [`${REG}/risks/ASC0005.json`]: null,
    [`${REG}/risks/ASC0015.json`]: template('ASC0015', 'DoLS backlog', 'Applications wait for assessment.', 4),
  });
  gitSawRenames = repo.git(['log', '-M', '--raw', '--format=', '--no-abbrev']);
  history = (await readHistory({ dataDir: repo.dataDir })).history;
});

afterAll(() => repo.cleanup());

describe('risk files git sees as renamed', () => {
  it('git itself pairs all three (the case this guards against)', () => {
    expect(gitSawRenames).toMatch(/ R\d+\tdata\/registers\/adult-social-care\/risks\/ASC0001\.json\tdata\/registers\/adult-social-care\/risks\/ASC0003\.json\n/);
  });

  it('are a deletion and a new risk when neither title nor description is the same', () => {
    expect(history.risks.get('ASC0001')?.revisions.map((r) => r.changes.map((c) => c.kind))).toEqual([['created'], ['deleted']]);
    const added = history.risks.get('ASC0003');
    expect(added?.formerIds).toEqual([]);
    expect(added?.revisions.map((r) => r.changes.map((c) => c.kind))).toEqual([['created']]);
  });

  it('are one risk renumbered when the title, or else the description, is the same', () => {
    expect(history.risks.get('ASC0012')?.formerIds).toEqual(['ASC0002']);
    expect(history.risks.get('ASC0012')?.revisions.at(-1)?.changes).toEqual([{ kind: 'renamed', from: 'ASC0002', to: 'ASC0012' }]);
    expect(history.risks.get('ASC0015')?.formerIds).toEqual(['ASC0005']);
    expect(history.risks.get('ASC0015')?.revisions.at(-1)?.changes.map((c) => c.kind)).toEqual(['renamed', 'details']);
    expect(history.risks.has('ASC0002')).toBe(false);
  });
});

describe('a register whose folder is renamed', () => {
  let renamed: TestRepo;
  let full: History;
  beforeAll(async () => {
    renamed = makeTestRepo({
      files: {
        'people.json': json({ people: [{ id: 'amina-okafor', name: 'Amina Okafor' }] }),
        'registers/asc/register.json': json({ id: 'asc', name: 'Adult social care', level: 'directorate', owner: 'amina-okafor' }),
        'registers/asc/risks/ASC0001.json': template('ASC0001', 'Delays in Section 42 enquiries', 'Enquiries wait for allocation.', 4),
      },
    });
    renamed.commit('Re-rate ASC0001', { 'registers/asc/risks/ASC0001.json': template('ASC0001', 'Delays in Section 42 enquiries', 'Enquiries wait for allocation.', 3) });
    renamed.git(['mv', 'data/registers/asc', 'data/registers/adult-social-care']);
    renamed.commit('Rename the register folder', { 'registers/adult-social-care/register.json': json({ id: 'adult-social-care', name: 'Adult social care', level: 'directorate', owner: 'amina-okafor' }) });
    full = (await readHistory({ dataDir: renamed.dataDir })).history;
  });
  afterAll(() => renamed.cleanup());

  it('keeps its changes from before the rename in its audit trail, published or not', () => {
    expect(full.registers.get('adult-social-care')?.formerIds).toEqual(['asc']);
    const changes = (h: History): string[] => auditRows(h, { registers: new Set(['adult-social-care']) }).map((r) => `${r.risk || 'register'} ${r.change.join(';')}`);
    const expected = ['register created', 'ASC0001 created', 'ASC0001 rating', 'register renamed', 'ASC0001 moved'];
    expect(changes(full)).toEqual(expected);
    expect(changes(publishedHistory(full, new Set(['adult-social-care'])))).toEqual(expected);
  });

  it('held its risks before the rename, in the "as at" view', () => {
    expect(risksAt(full, 'adult-social-care', { index: 0 }).map((r) => [r.id, r.current.likelihood])).toEqual([['ASC0001', 4]]);
    expect(risksAt(publishedHistory(full, new Set(['adult-social-care'])), 'adult-social-care', { index: 1 }).map((r) => [r.id, r.current.likelihood])).toEqual([['ASC0001', 3]]);
  });
});
