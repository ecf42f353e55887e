import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditCsv, auditRows } from '../../src/core/history/audit.ts';
import type { History } from '../../src/core/history/history.ts';
import { publishedHistory } from '../../src/core/history/published.ts';
import { risksAt } from '../../src/core/history/register-travel.ts';
import { riskTimeline } from '../../src/core/report/risk-history.ts';
import { DEFAULT_SCORING_SCHEME } from '../../src/core/schemas/scoring-scheme.ts';
import { readHistory } from '../../src/node/history/read-history.ts';
import { makeTestRepo, type TestRepo } from '../helpers/git-repo.ts';

/*
 * A real repository: S0001 starts in the restricted register "secret", is renamed there to
 * S0002 (a title a council would not publish), and moves to the published corporate register;
 * P0001 starts in corporate and moves to "secret", where it is re-rated. The site publishes
 * corporate only.
 */

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
const register = (id: string, classification: string): string => json({ id, name: `Register ${id}`, level: 'directorate', owner: 'amina-okafor', classification });
const risk = (id: string, title: string, l: number, i: number): string => json({ id, title, owners: ['amina-okafor'], current: { likelihood: l, impact: i } });
const SECRET_TITLE = 'Negotiating position: we will accept a 60/40 risk share';

let repo: TestRepo;
let full: History;
let published: History;

beforeAll(async () => {
  repo = makeTestRepo({
    files: {
      'people.json': json({ people: [{ id: 'amina-okafor', name: 'Amina Okafor' }] }),
      'registers/corporate/register.json': register('corporate', 'unrestricted'),
      'registers/secret/register.json': register('secret', 'restricted'),
      'registers/secret/risks/S0001.json': risk('S0001', SECRET_TITLE, 5, 5),
      'registers/corporate/risks/P0001.json': risk('P0001', 'Pooled budget overspend', 3, 4),
    },
  });
  repo.commit('Renumber S0001', { 'registers/secret/risks/S0001.json': null, 'registers/secret/risks/S0002.json': risk('S0002', SECRET_TITLE, 4, 5) });
  repo.commit('Move S0002 to corporate and P0001 to secret', {
    'registers/secret/risks/S0002.json': null,
    'registers/corporate/risks/S0002.json': risk('S0002', 'Pooled budget risk share', 4, 4),
    'registers/corporate/risks/P0001.json': null,
    'registers/secret/risks/P0001.json': risk('P0001', 'Pooled budget overspend', 3, 4),
  });
  repo.commit('Re-rate P0001 in secret', { 'registers/secret/risks/P0001.json': risk('P0001', 'Pooled budget overspend: exit clause', 4, 5) });
  full = (await readHistory({ dataDir: repo.dataDir })).history;
  published = publishedHistory(full, new Set(['corporate']));
});

afterAll(() => repo.cleanup());

describe('publishedHistory: the history a site publishing only some registers may show', () => {
  it('keeps every revision whose registers are all published, as it is', () => {
    const created = published.risks.get('P0001')!.revisions[0]!;
    expect(created).toBe(full.risks.get('P0001')!.revisions[0]);
    expect(created.changes).toEqual([{ kind: 'created' }]);
  });

  it('shows a risk that moved in from a restricted register only from the move, without the register or what it held there', () => {
    const subject = published.risks.get('S0002')!;
    expect(full.risks.get('S0002')!.revisions).toHaveLength(3);
    expect(subject.revisions).toHaveLength(1);
    expect(subject.formerIds).toEqual([]);
    const timeline = riskTimeline(subject, DEFAULT_SCORING_SCHEME);
    expect(timeline).toHaveLength(1);
    expect(timeline[0]!.changes).toEqual([{ what: 'Moved to another register', before: 'A register that is not published', after: 'corporate' }]);
    expect(JSON.stringify(timeline)).not.toMatch(/secret|S0001|Negotiating|60\/40/);
  });

  it('shows a risk that moved out to a restricted register as leaving, with nothing after it', () => {
    const subject = published.risks.get('P0001')!;
    expect(full.risks.get('P0001')!.revisions).toHaveLength(3);
    expect(subject.revisions.map((r) => r.changes.map((c) => c.kind))).toEqual([['created'], ['moved']]);
    expect(subject.revisions[1]!.after).toBeNull();
    expect(riskTimeline(subject, DEFAULT_SCORING_SCHEME)[0]!.changes).toEqual([{ what: 'Moved to another register', before: 'corporate', after: 'A register that is not published' }]);
  });

  it('leaves the restricted register out of the audit trail, its CSV and the past views of a published register', () => {
    const rows = auditRows(published);
    expect(rows.map((r) => [r.register, r.risk, r.change.join(';'), r.before, r.after])).toEqual([
      ['corporate', '', 'created', null, null],
      ['corporate', 'P0001', 'created', null, 12],
      ['corporate', 'S0002', 'moved', null, 16],
      ['corporate', 'P0001', 'moved', 12, null],
    ]);
    expect(auditCsv(rows)).not.toMatch(/secret|S0001|,25,|,20,/);
    expect(published.registers.has('secret')).toBe(false);
    expect([...published.risks.keys()].sort()).toEqual(['P0001', 'S0002']);
    const afterMove = full.commits.length - 2;
    expect(risksAt(published, 'corporate', { index: afterMove }).map((r) => r.id)).toEqual(['S0002']);
  });
});
