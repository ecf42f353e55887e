import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDataDir } from '../../src/core/data/read-dir.ts';
import { toJsonFile } from '../../src/core/data/serialize.ts';
import { checkFiles, isActionOverdue, isReviewOverdue, reviewDue } from '../../src/core/data/validate.ts';
import { findRisk } from '../../src/core/data/workspace.ts';
import { formatReport, hasErrors, type Problem } from '../../src/core/problems.ts';
import { DEFAULT_SETTINGS, RiskSchema } from '../../src/core/schemas/index.ts';

/** Midday on Monday 23 November 2026, UK time: "today" is 2026-11-23. */
const NOW = new Date('2026-11-23T12:00:00Z');

type Json = Record<string, unknown>;

const PEOPLE = {
  people: [
    { id: 'amina-okafor', name: 'Amina Okafor' },
    { id: 'ben-hall', name: 'Ben Hall' },
  ],
};
const register = (id: string, extra: Json = {}): Json => ({ id, name: `${id} register`, level: 'directorate', ...extra });
const risk = (id: string, extra: Json = {}): Json => ({
  id,
  title: `Risk ${id}`,
  owners: ['amina-okafor'],
  current: { likelihood: 3, impact: 4 },
  ...extra,
});

/**
 * A data directory: oversight.json naming the organisation (with the default scheme), people.json,
 * one register "corporate" holding CRR0001, plus whatever is given (a value of undefined removes a file).
 */
function dataFiles(extra: Record<string, Json | string | undefined> = {}): Map<string, string> {
  const entries: Record<string, Json | string | undefined> = {
    'oversight.json': { organisation: { name: 'Northmoor County Council' } },
    'people.json': PEOPLE,
    'registers/corporate/register.json': register('corporate', { level: 'corporate' }),
    'registers/corporate/risks/CRR0001.json': risk('CRR0001'),
    ...extra,
  };
  const map = new Map<string, string>();
  for (const [path, value] of Object.entries(entries)) {
    if (value !== undefined) map.set(path, typeof value === 'string' ? value : toJsonFile(value));
  }
  return map;
}

/** CRR0001 with these fields, everything else as in dataFiles. */
function withRisk(extra: Json, registerExtra: Json = {}): Map<string, string> {
  return dataFiles({
    'registers/corporate/register.json': register('corporate', { level: 'corporate', ...registerExtra }),
    'registers/corporate/risks/CRR0001.json': risk('CRR0001', extra),
  });
}

function check(files: ReadonlyMap<string, string>, now: Date = NOW): Problem[] {
  return checkFiles(files, { now }).problems;
}

function report(files: ReadonlyMap<string, string>, now: Date = NOW): string {
  return formatReport(check(files, now));
}

const FILE = 'registers/corporate/risks/CRR0001.json';

describe('checkFiles: a clean data directory', () => {
  it('has no problems', () => {
    expect(check(dataFiles())).toEqual([]);
    expect(report(dataFiles())).toBe('0 errors, 0 warnings');
  });

  it('accepts a bare risk with only id, title, owners and current, defaulting its status to open', () => {
    const files = dataFiles({
      'registers/corporate/risks/CRR0001.json': { id: 'CRR0001', title: 'Bare', owners: ['amina-okafor'], current: { likelihood: 1, impact: 1 } },
    });
    const { workspace, problems } = checkFiles(files, { now: NOW });
    expect(problems).toEqual([]);
    expect(findRisk(workspace, 'CRR0001')?.risk.status).toBe('open');
  });

  it('falls back to the default scheme without an oversight.json, warning that the site will carry no organisation', () => {
    const { workspace, problems } = checkFiles(dataFiles({ 'oversight.json': undefined }), { now: NOW });
    expect(problems).toEqual([
      {
        severity: 'warning',
        file: 'oversight.json',
        message: `is missing, so the site is published as "Oversight" with the default scoring scheme: create it with your organisation's name, e.g. {"organisation": {"name": "Northmoor County Council"}}`,
      },
    ]);
    expect(workspace.settings).toEqual(DEFAULT_SETTINGS);
  });

  it('takes the scoring scheme from its default when oversight.json names only the organisation', () => {
    const { workspace, problems } = checkFiles(dataFiles(), { now: NOW });
    expect(problems).toEqual([]);
    expect(workspace.settings).toEqual({ ...DEFAULT_SETTINGS, organisation: { name: 'Northmoor County Council' } });
  });

  it('accepts a fully filled-in risk', () => {
    const full = risk('CRR0001', {
      description: 'The council cannot set a balanced budget.',
      causes: 'Rising demand',
      event: 'Overspend',
      consequences: 'Section 114 notice',
      owners: ['amina-okafor', 'ben-hall'],
      delegates: ['ben-hall'],
      cabinetMembers: ['Cllr Jo Smith'],
      category: 'Finance',
      linkedRisks: ['CRR0002'],
      inherent: { likelihood: 5, impact: 5 },
      current: { likelihood: 4, impact: 5 },
      target: { likelihood: 2, impact: 5 },
      lastReview: '2026-10-01',
      nextReview: '2027-01',
      reviewComments: [{ date: '2026-10-01', by: 'ben-hall', text: 'Reviewed at CLT.' }],
      controls: [{ id: 'C1', description: 'Monthly budget monitoring', owner: 'ben-hall' }],
      actions: [
        { id: 'A1', description: 'Savings plan', owner: 'ben-hall', due: '2026-12-31', status: 'in progress' },
        { id: 'A2', description: 'Reserves review', due: '2026-06-30', status: 'complete', completed: '2026-06-15' },
      ],
    });
    expect(check(dataFiles({ 'registers/corporate/risks/CRR0001.json': full, 'registers/corporate/risks/CRR0002.json': risk('CRR0002') }))).toEqual([]);
  });
});

describe('checkFiles: every problem at once', () => {
  it('reports problems from several files and several checks in one run', () => {
    const files = dataFiles({
      'people.json': { people: [...PEOPLE.people, { id: 'ben-hall', name: 'Ben Hall again' }] },
      'registers/corporate/risks/CRR0001.json': risk('CRR0001', { owners: ['nobody'], lastReview: '2027-01-01' }),
      'registers/corporate/risks/CRR0002.json': '{ "id": "CRR0002", }',
      'registers/corporate/risks/CRR0003.json': risk('CRR0003', { status: 'closed' }),
      'registers/housing/register.json': register('housing', { reviewCycleMonths: 'quarterly' }),
      'registers/housing/risks/HR0001.json': risk('HR0001', { linkedRisks: ['CRR0009'] }),
    });
    const problems = check(files);
    expect(hasErrors(problems)).toBe(true);
    expect(formatReport(problems)).toMatchInlineSnapshot(`
      "error: registers/corporate/risks/CRR0002.json: is not valid JSON at line 1, column 20: check for a missing comma, quote or bracket there
      error: registers/housing/register.json reviewCycleMonths: must be a whole number of months from 1 to 24
      error: people.json people[2].id: person id ben-hall appears more than once: give each person their own id
      error: registers/corporate/risks/CRR0001.json owners[0]: no person has the id "nobody": add them to people.json or correct the id
      error: registers/corporate/risks/CRR0001.json lastReview: the last review (2027-01-01) is in the future: correct the date
      warning: registers/corporate/risks/CRR0003.json statusReason: the risk is closed without a reason: add statusReason saying why
      5 errors, 1 warning"
    `);
  });
});

describe('checkFiles: encoding', () => {
  it('refuses a file saved in Windows-1252 (as Excel and Notepad save it) instead of reading its é and £ as �', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oversight-encoding-'));
    try {
      for (const [path, text] of dataFiles()) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      const titled = toJsonFile(risk('CRR0001', { title: 'Caf\u00e9 contract: \u00a35k' }));
      // The same text in Windows-1252: é is the single byte E9, £ is A3.
      writeFileSync(join(dir, FILE), Buffer.from(titled, 'latin1'));
      expect(report(readDataDir(dir))).toBe(
        [
          `error: ${FILE}: is not UTF-8 text: line 3 has a character that cannot be read (shown as �), as happens when a file is saved in another encoding such as Windows-1252; save it as UTF-8 (in Excel, "CSV UTF-8"; in an editor, the UTF-8 encoding) and check the letters on that line`,
          '1 error, 0 warnings',
        ].join('\n'),
      );
      writeFileSync(join(dir, FILE), titled);
      expect(check(readDataDir(dir))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('checkFiles: identity', () => {
  it('refuses a risk id used in two registers, naming the other file', () => {
    const files = dataFiles({
      'registers/adult-social-care/register.json': register('adult-social-care'),
      'registers/adult-social-care/risks/CRR0001.json': risk('CRR0001'),
    });
    expect(check(files)).toEqual([
      {
        severity: 'error',
        file: 'registers/corporate/risks/CRR0001.json',
        path: 'id',
        message: 'risk id CRR0001 is already used by registers/adult-social-care/risks/CRR0001.json: give one of them a new id',
      },
    ]);
  });

  it('refuses a file name that differs from the risk id', () => {
    const files = dataFiles({ 'registers/corporate/risks/CRR0001.json': undefined, 'registers/corporate/risks/CRR0002.json': risk('CRR0001') });
    expect(report(files)).toBe(
      [
        'error: registers/corporate/risks/CRR0002.json id: the file name does not match the risk id CRR0001: rename the file to CRR0001.json',
        '1 error, 0 warnings',
      ].join('\n'),
    );
  });

  it('refuses a register whose folder differs from its id, without blaming its correctly named risks', () => {
    const files = dataFiles({
      'registers/corporate/register.json': undefined,
      'registers/corporate/risks/CRR0001.json': undefined,
      'registers/corp/register.json': register('corporate'),
      'registers/corp/risks/CRR0001.json': risk('CRR0001'),
    });
    expect(report(files)).toBe(
      [
        'error: registers/corp/register.json id: register id "corporate" does not match its folder "corp": rename the folder or change the id so they match',
        '1 error, 0 warnings',
      ].join('\n'),
    );
  });

  it('refuses control and action ids used twice in one risk', () => {
    const files = withRisk({
      controls: [
        { id: 'C1', description: 'One' },
        { id: 'C1', description: 'Two' },
      ],
      actions: [
        { id: 'A1', description: 'One' },
        { id: 'A2', description: 'Two' },
        { id: 'A1', description: 'Three' },
      ],
    });
    expect(report(files)).toBe(
      [
        `error: ${FILE} controls[1].id: C1 is used by more than one of this risk's controls: give each its own id`,
        `error: ${FILE} actions[2].id: A1 is used by more than one of this risk's actions: give each its own id`,
        '2 errors, 0 warnings',
      ].join('\n'),
    );
  });
});

describe('checkFiles: references to people and risks', () => {
  it('refuses unknown owners, delegates, control and action owners, reviewers and register owners', () => {
    const files = dataFiles({
      'registers/corporate/register.json': register('corporate', { owner: 'carol-jones' }),
      'registers/corporate/risks/CRR0001.json': risk('CRR0001', {
        owners: ['amina-okafor', 'amina-okafour'],
        delegates: ['dan-evans'],
        controls: [{ id: 'C1', description: 'Monitoring', owner: 'erin-ford' }],
        actions: [
          { id: 'A1', description: 'Plan', owner: 'ben-hall' },
          { id: 'A2', description: 'Plan', owner: 'fay-green' },
        ],
        reviewComments: [{ date: '2026-10-01', by: 'gus-hill', text: 'Reviewed.' }],
      }),
    });
    expect(report(files)).toMatchInlineSnapshot(`
      "error: registers/corporate/register.json owner: no person has the id "carol-jones": add them to people.json or correct the id
      error: registers/corporate/risks/CRR0001.json owners[1]: no person has the id "amina-okafour": add them to people.json or correct the id
      error: registers/corporate/risks/CRR0001.json delegates[0]: no person has the id "dan-evans": add them to people.json or correct the id
      error: registers/corporate/risks/CRR0001.json controls[0].owner: no person has the id "erin-ford": add them to people.json or correct the id
      error: registers/corporate/risks/CRR0001.json actions[1].owner: no person has the id "fay-green": add them to people.json or correct the id
      error: registers/corporate/risks/CRR0001.json reviewComments[0].by: no person has the id "gus-hill": add them to people.json or correct the id
      6 errors, 0 warnings"
    `);
  });

  it('treats every owner as unknown when people.json is missing', () => {
    expect(report(dataFiles({ 'people.json': undefined }))).toBe(
      [`error: ${FILE} owners[0]: no person has the id "amina-okafor": add them to people.json or correct the id`, '1 error, 0 warnings'].join('\n'),
    );
  });

  it('reports one bad entry in people.json once, not again for every reference to everyone else', () => {
    const people = { people: [{ id: 'amina-okafor', name: 'Amina Okafor', email: 'amina@council' }, { id: 'ben-hall', name: 'Ben Hall' }, { id: 'Carol Jones', name: 'Carol Jones' }] };
    const files = dataFiles({
      'people.json': people,
      'registers/corporate/risks/CRR0001.json': risk('CRR0001', { owners: ['amina-okafor', 'ben-hall'], delegates: ['carol-jones'] }),
    });
    expect(report(files)).toBe(
      [
        'error: people.json people[0].email: must be an email address, e.g. name@council.example',
        'error: people.json people[2].id: must be a person id in lowercase letters, digits and hyphens, e.g. amina-okafor',
        // Carol's own entry is the one with the bad id: the reference to her is unknown too.
        `error: ${FILE} delegates[0]: no person has the id "carol-jones": add them to people.json or correct the id`,
        '3 errors, 0 warnings',
      ].join('\n'),
    );
  });

  it('reports a people.json that is not JSON once, not again as every reference to everyone in it', () => {
    const files = dataFiles({
      'people.json': '{ "people": [ { "id": "amina-okafor",, "name": "Amina Okafor" } ] }\n',
      'roles.json': { roles: [{ person: 'ben-hall', role: 'auditor' }] },
      'registers/corporate/register.json': register('corporate', { owner: 'ben-hall' }),
      'registers/corporate/risks/CRR0001.json': risk('CRR0001', { delegates: ['ben-hall'], actions: [{ id: 'A1', description: 'Plan', owner: 'ben-hall' }] }),
    });
    expect(report(files)).toBe(['error: people.json: is not valid JSON at line 1, column 38: check for a missing comma, quote or bracket there', '1 error, 0 warnings'].join('\n'));
  });

  it('reports a people.json with no list of people once, and one that was not read once', () => {
    expect(report(dataFiles({ 'people.json': { persons: PEOPLE.people } })).split('\n').filter((line) => line.includes('no person has the id'))).toEqual([]);
    const unread = checkFiles(dataFiles({ 'people.json': undefined }), { now: NOW, unread: new Map([['people.json', 'cannot be read (permission denied): check its permissions']]) });
    expect(formatReport(unread.problems)).toBe(['error: people.json: cannot be read (permission denied): check its permissions', '1 error, 0 warnings'].join('\n'));
  });

  it('reports a register.json that does not load once, not again as every movedTo and role naming its register', () => {
    const files = dataFiles({
      'roles.json': { roles: [{ person: 'ben-hall', role: 'risk-manager', registers: ['adult-social-care'] }] },
      'registers/corporate/risks/CRR0001.json': risk('CRR0001', { status: 'moved', movedTo: 'adult-social-care', statusReason: 'Moved.' }),
      'registers/adult-social-care/register.json': '{ "id": "adult-social-care", ',
    });
    const errors = check(files).filter((p) => p.severity === 'error');
    expect(errors.map((p) => p.file)).toEqual(['registers/adult-social-care/register.json']);
  });

  it('reports a measure definition that does not load once, not again as every key risk indicator naming it', () => {
    const files = dataFiles({
      'measures/definitions/SG-CONCERNS.json': '{ "id": "SG-CONCERNS" ',
      'registers/corporate/risks/CRR0001.json': risk('CRR0001', { keyRiskIndicators: [{ measure: 'SG-CONCERNS', threshold: 10, direction: 'above' }, { measure: 'NO-SUCH', threshold: 1, direction: 'above' }] }),
    });
    const errors = check(files).filter((p) => p.severity === 'error');
    expect(errors.map((p) => `${p.file} ${p.path ?? ''}`)).toEqual(['measures/definitions/SG-CONCERNS.json ', `${FILE} keyRiskIndicators[1].measure`]);
  });

  it('refuses a link to a risk that does not exist, or to itself', () => {
    const files = dataFiles({
      'registers/corporate/risks/CRR0001.json': risk('CRR0001', { linkedRisks: ['CRR0002', 'CRR0404', 'CRR0001'] }),
      'registers/corporate/risks/CRR0002.json': risk('CRR0002'),
    });
    expect(report(files)).toBe(
      [
        `error: ${FILE} linkedRisks[1]: no risk has the id CRR0404: correct the id or remove the link`,
        `error: ${FILE} linkedRisks[2]: a risk cannot be linked to itself: remove it from linkedRisks`,
        '2 errors, 0 warnings',
      ].join('\n'),
    );
  });

  it('reports a risk file that does not load once, not again as the target of every link to it', () => {
    const files = dataFiles({
      'registers/corporate/risks/CRR0001.json': risk('CRR0001', { linkedRisks: ['CRR0002', 'ASC0001', 'CRR0404'] }),
      'registers/corporate/risks/CRR0002.json': risk('CRR0002', { current: { likelihood: 7, impact: 4 } }),
      // A risk whose register.json does not load is left out with it.
      'registers/adult-social-care/register.json': '{ "id": "adult-social-care" }',
      'registers/adult-social-care/risks/ASC0001.json': risk('ASC0001'),
    });
    const lines = report(files).split('\n');
    expect(lines.filter((l) => l.includes('no risk has the id'))).toEqual([`error: ${FILE} linkedRisks[2]: no risk has the id CRR0404: correct the id or remove the link`]);
    expect(lines.some((l) => l.startsWith('error: registers/corporate/risks/CRR0002.json current.likelihood:'))).toBe(true);
    expect(lines.some((l) => l.startsWith('error: registers/adult-social-care/register.json'))).toBe(true);
  });

  it('accepts a link to a risk in another register', () => {
    const files = dataFiles({
      'registers/corporate/risks/CRR0001.json': risk('CRR0001', { linkedRisks: ['ASC0001'] }),
      'registers/adult-social-care/register.json': register('adult-social-care'),
      'registers/adult-social-care/risks/ASC0001.json': risk('ASC0001', { linkedRisks: ['CRR0001'] }),
    });
    expect(check(files)).toEqual([]);
  });
});

describe('checkFiles: names the register CSV lists in one cell', () => {
  it('refuses a cabinet member holding ;, which the CSV would split into two', () => {
    expect(report(withRisk({ cabinetMembers: ['Cllr Jane Doe', 'Cllr A; deputy leader'] }))).toBe(
      [
        `error: ${FILE} cabinetMembers[1]: must not contain ;: the register CSV separates several names with ;, so this one would come back as two; write it with a comma instead, e.g. "Cllr Jane Doe, Deputy Leader"`,
        '1 error, 0 warnings',
      ].join('\n'),
    );
  });

  it('accepts commas and other punctuation in a cabinet member', () => {
    expect(check(withRisk({ cabinetMembers: ['Cllr A, deputy leader (adults & health)'] }))).toEqual([]);
  });
});

describe('checkFiles: status', () => {
  const twoRegisters = (crr: Json): Map<string, string> =>
    dataFiles({ 'registers/corporate/risks/CRR0001.json': risk('CRR0001', crr), 'registers/housing/register.json': register('housing') });

  it('accepts a risk moved to another register', () => {
    expect(check(twoRegisters({ status: 'moved', movedTo: 'housing' }))).toEqual([]);
  });

  it('refuses a moved risk without movedTo', () => {
    expect(check(twoRegisters({ status: 'moved' }))).toEqual([
      { severity: 'error', file: FILE, path: 'movedTo', message: "a moved risk must say which register it moved to: add movedTo with that register's id" },
    ]);
  });

  it('refuses movedTo naming an unknown register', () => {
    expect(check(twoRegisters({ status: 'moved', movedTo: 'highways' }))).toEqual([
      { severity: 'error', file: FILE, path: 'movedTo', message: 'no register has the id "highways": correct movedTo' },
    ]);
  });

  it('refuses movedTo naming its own register', () => {
    expect(check(twoRegisters({ status: 'moved', movedTo: 'corporate' }))).toEqual([
      { severity: 'error', file: FILE, path: 'movedTo', message: 'movedTo names the register the risk is already in: name the register it moved to' },
    ]);
  });

  it('refuses movedTo on a risk that is not moved', () => {
    expect(check(twoRegisters({ status: 'open', movedTo: 'housing' }))).toEqual([
      { severity: 'error', file: FILE, path: 'movedTo', message: 'movedTo is only for moved risks, but the status is open: set status to moved or remove movedTo' },
    ]);
  });

  it('warns (not errors) about a closed or withdrawn risk without a reason', () => {
    const closed = check(withRisk({ status: 'closed' }));
    expect(closed).toEqual([
      { severity: 'warning', file: FILE, path: 'statusReason', message: 'the risk is closed without a reason: add statusReason saying why' },
    ]);
    expect(hasErrors(closed)).toBe(false);
    expect(check(withRisk({ status: 'withdrawn' }))).toEqual([
      { severity: 'warning', file: FILE, path: 'statusReason', message: 'the risk is withdrawn without a reason: add statusReason saying why' },
    ]);
    expect(check(withRisk({ status: 'closed', statusReason: 'Budget balanced for 2026/27.' }))).toEqual([]);
  });

  it('warns about an open risk that still gives a reason it was closed (reopened by hand)', () => {
    expect(check(withRisk({ status: 'open', statusReason: 'Closed by the board in May.' }))).toEqual([
      { severity: 'warning', file: FILE, path: 'statusReason', message: 'the risk is open, but statusReason says why it was closed, withdrawn or moved (the risk page shows it): remove statusReason' },
    ]);
    expect(check(withRisk({ status: 'moved', movedTo: 'corporate', statusReason: 'Escalated.' })).filter((p) => p.path === 'statusReason')).toEqual([]);
  });
});

describe('checkFiles: date sanity (errors)', () => {
  it('refuses a last review in the future', () => {
    expect(check(withRisk({ lastReview: '2026-11-24' }))).toEqual([
      { severity: 'error', file: FILE, path: 'lastReview', message: 'the last review (2026-11-24) is in the future: correct the date' },
    ]);
    expect(check(withRisk({ lastReview: '2026-12' }))).toEqual([
      { severity: 'error', file: FILE, path: 'lastReview', message: 'the last review (2026-12) is in the future: correct the date' },
    ]);
  });

  it('accepts a last review today, or in the current month', () => {
    expect(check(withRisk({ lastReview: '2026-11-23' }))).toEqual([]);
    expect(check(withRisk({ lastReview: '2026-11' }))).toEqual([]);
  });

  it('refuses a next review before the last review', () => {
    // The next review is then necessarily in the past too, so it is also overdue.
    expect(report(withRisk({ lastReview: '2026-10-15', nextReview: '2026-10-14' }))).toBe(
      [
        `error: ${FILE} nextReview: the next review (2026-10-14) is before the last review (2026-10-15): correct one of them`,
        `warning: ${FILE} nextReview: the review was due 2026-10-14 and is overdue: review the risk and record the new review dates`,
        '1 error, 1 warning',
      ].join('\n'),
    );
    expect(check(withRisk({ lastReview: '2026-10', nextReview: '2026-09' })).filter((p) => p.severity === 'error')).toEqual([
      { severity: 'error', file: FILE, path: 'nextReview', message: 'the next review (2026-09) is before the last review (2026-10): correct one of them' },
    ]);
  });

  it('accepts a next review in the same month as the last, in either form', () => {
    expect(check(withRisk({ lastReview: '2026-11-15', nextReview: '2026-11' }))).toEqual([]);
    expect(check(withRisk({ lastReview: '2026-11', nextReview: '2026-11-30' }))).toEqual([]);
  });

  it('refuses a completed date on an action that is not complete', () => {
    const files = withRisk({ actions: [{ id: 'A1', description: 'Plan', status: 'in progress', completed: '2026-11-01' }] });
    expect(check(files)).toEqual([
      {
        severity: 'error',
        file: FILE,
        path: 'actions[0].completed',
        message: 'A1 has a completed date but its status is in progress: set the status to complete or remove the date',
      },
    ]);
  });

  it('refuses a completion date in the future', () => {
    const files = withRisk({ actions: [{ id: 'A3', description: 'Plan', status: 'complete', completed: '2026-11-24' }] });
    expect(check(files)).toEqual([
      { severity: 'error', file: FILE, path: 'actions[0].completed', message: 'A3 is marked completed on 2026-11-24, which is in the future: correct the date' },
    ]);
    expect(check(withRisk({ actions: [{ id: 'A3', description: 'Plan', status: 'complete', completed: '2026-11-23' }] }))).toEqual([]);
  });

  it('reports both completion problems on one action', () => {
    const files = withRisk({ actions: [{ id: 'A1', description: 'Plan', completed: '2027-01-01' }] });
    expect(check(files).map((p) => p.message)).toEqual([
      'A1 has a completed date but its status is not started: set the status to complete or remove the date',
      'A1 is marked completed on 2027-01-01, which is in the future: correct the date',
    ]);
  });

  it('refuses a review comment dated in the future', () => {
    expect(check(withRisk({ reviewComments: [{ date: '2026-12-01', text: 'Early.' }] }))).toEqual([
      { severity: 'error', file: FILE, path: 'reviewComments[0].date', message: 'the review comment is dated 2026-12-01, in the future: correct the date' },
    ]);
  });

  it('refuses an invalid calendar date and accepts a month-only review date', () => {
    expect(report(withRisk({ lastReview: '2021-02-30' }))).toBe(
      [
        `error: ${FILE} lastReview: must be a real date written as YYYY-MM-DD, or a month written as YYYY-MM, e.g. 2020-12`,
        '1 error, 0 warnings',
      ].join('\n'),
    );
    expect(check(withRisk({ lastReview: '2026-09', nextReview: '2026-12' }))).toEqual([]);
    // A month-only date long past is accepted as a date; it is only the review that is overdue.
    expect(check(withRisk({ lastReview: '2020-12', nextReview: '2021-03' })).map((p) => p.severity)).toEqual(['warning']);
  });

  it('uses the UK calendar day for "today"', () => {
    // 23:30 UTC on 30 June 2026 is already 1 July in the UK (BST).
    const lateEvening = new Date('2026-06-30T23:30:00Z');
    expect(check(withRisk({ lastReview: '2026-07-01' }), lateEvening)).toEqual([]);
    expect(check(withRisk({ lastReview: '2026-07-02' }), lateEvening).map((p) => p.path)).toEqual(['lastReview']);
  });
});

describe('checkFiles: warnings', () => {
  it('warns when the target is above the current rating', () => {
    const problems = check(withRisk({ current: { likelihood: 2, impact: 3 }, target: { likelihood: 3, impact: 3 } }));
    expect(problems).toEqual([
      {
        severity: 'warning',
        file: FILE,
        path: 'target',
        message: "the target rating (9) is above the current rating (6): check the target, which should be no higher than today's rating",
      },
    ]);
    expect(hasErrors(problems)).toBe(false);
    // Equal is fine; so is a different shape with the same or lower product.
    expect(check(withRisk({ current: { likelihood: 2, impact: 3 }, target: { likelihood: 3, impact: 2 } }))).toEqual([]);
    expect(check(withRisk({ current: { likelihood: 2, impact: 3 }, target: { likelihood: 1, impact: 5 } }))).toEqual([]);
  });

  it('warns about an overdue review from nextReview', () => {
    expect(check(withRisk({ lastReview: '2026-08-01', nextReview: '2026-11-22' }))).toEqual([
      {
        severity: 'warning',
        file: FILE,
        path: 'nextReview',
        message: 'the review was due 2026-11-22 and is overdue: review the risk and record the new review dates',
      },
    ]);
    expect(check(withRisk({ lastReview: '2026-08-01', nextReview: '2026-11-23' }))).toEqual([]);
  });

  it('counts a month-only next review as due at the end of that month', () => {
    expect(check(withRisk({ nextReview: '2026-11' }))).toEqual([]);
    expect(check(withRisk({ nextReview: '2026-10' }))).toEqual([
      { severity: 'warning', file: FILE, path: 'nextReview', message: 'the review was due 2026-10 and is overdue: review the risk and record the new review dates' },
    ]);
  });

  it('works out the due date from lastReview and the register cycle when nextReview is absent', () => {
    // Default cycle of 3 months: 2026-08-22 + 3 months = 2026-11-22, yesterday.
    expect(check(withRisk({ lastReview: '2026-08-22' }))).toEqual([
      { severity: 'warning', file: FILE, path: 'lastReview', message: 'the review was due 2026-11-22 and is overdue: review the risk and record the new review dates' },
    ]);
    expect(check(withRisk({ lastReview: '2026-08-23' }))).toEqual([]);
    // A 6-month cycle on the register.
    expect(check(withRisk({ lastReview: '2026-05-22' }, { reviewCycleMonths: 6 })).map((p) => p.message)).toEqual([
      'the review was due 2026-11-22 and is overdue: review the risk and record the new review dates',
    ]);
    expect(check(withRisk({ lastReview: '2026-05-23' }, { reviewCycleMonths: 6 }))).toEqual([]);
    // A monthly cycle clamps the day: 31 October + 1 month is 30 November, not yet due.
    expect(check(withRisk({ lastReview: '2026-10-31' }, { reviewCycleMonths: 1 }))).toEqual([]);
  });

  it('counts a month-only last review plus the cycle to the end of the month it lands in', () => {
    expect(check(withRisk({ lastReview: '2026-08' }))).toEqual([]); // due 2026-11, runs to 30 November
    expect(check(withRisk({ lastReview: '2026-08' }, { reviewCycleMonths: 2 }))).toEqual([
      { severity: 'warning', file: FILE, path: 'lastReview', message: 'the review was due 2026-10 and is overdue: review the risk and record the new review dates' },
    ]);
  });

  it('gives no review warning for a risk never reviewed', () => {
    expect(check(withRisk({}))).toEqual([]);
  });

  it('warns about an overdue action that is not complete', () => {
    const files = withRisk({
      actions: [
        { id: 'A1', description: 'Overdue', due: '2026-11-22', status: 'in progress' },
        { id: 'A2', description: 'Due today', due: '2026-11-23' },
        { id: 'A3', description: 'Done late', due: '2026-10-01', status: 'complete', completed: '2026-10-05' },
        { id: 'A4', description: 'Parked', due: '2026-01-01', status: 'on hold' },
        { id: 'A5', description: 'No due date' },
      ],
    });
    expect(report(files)).toBe(
      [
        `warning: ${FILE} actions[0].due: A1 was due 2026-11-22 and is not complete: update its status or agree a new due date`,
        `warning: ${FILE} actions[3].due: A4 was due 2026-01-01 and is not complete: update its status or agree a new due date`,
        '0 errors, 2 warnings',
      ].join('\n'),
    );
  });

  it('gives closed, withdrawn and moved risks no overdue or target warnings', () => {
    const stale = {
      statusReason: 'No longer a risk.',
      lastReview: '2020-01-01',
      nextReview: '2020-04-01',
      current: { likelihood: 1, impact: 1 },
      target: { likelihood: 5, impact: 5 },
      actions: [{ id: 'A1', description: 'Abandoned', due: '2020-02-01', status: 'in progress' }],
    };
    expect(check(withRisk({ ...stale, status: 'closed' }))).toEqual([]);
    expect(check(withRisk({ ...stale, status: 'withdrawn' }))).toEqual([]);
    expect(
      check(dataFiles({ 'registers/corporate/risks/CRR0001.json': risk('CRR0001', { ...stale, status: 'moved', movedTo: 'housing' }), 'registers/housing/register.json': register('housing') })),
    ).toEqual([]);
  });

  it('still refuses impossible dates on a closed risk', () => {
    expect(check(withRisk({ status: 'closed', statusReason: 'Done.', lastReview: '2027-01-01' })).map((p) => [p.severity, p.path])).toEqual([
      ['error', 'lastReview'],
    ]);
  });
});

describe('exit semantics', () => {
  it('has no errors when there are only warnings, and lists errors before warnings', () => {
    const warningsOnly = check(withRisk({ status: 'closed' }));
    expect(warningsOnly).not.toEqual([]);
    expect(hasErrors(warningsOnly)).toBe(false);

    const mixed = check(
      dataFiles({
        'registers/corporate/risks/CRR0001.json': risk('CRR0001', { nextReview: '2026-01-01' }),
        'registers/corporate/risks/CRR0002.json': risk('CRR0002', { owners: ['nobody'] }),
      }),
    );
    expect(hasErrors(mixed)).toBe(true);
    expect(formatReport(mixed)).toBe(
      [
        'error: registers/corporate/risks/CRR0002.json owners[0]: no person has the id "nobody": add them to people.json or correct the id',
        `warning: ${FILE} nextReview: the review was due 2026-01-01 and is overdue: review the risk and record the new review dates`,
        '1 error, 1 warning',
      ].join('\n'),
    );
  });

  it('formats file names through displayFile', () => {
    const problems = check(withRisk({ status: 'closed' }));
    expect(formatReport(problems, (f) => `data/${f}`)).toBe(
      [`warning: data/${FILE} statusReason: the risk is closed without a reason: add statusReason saying why`, '0 errors, 1 warning'].join('\n'),
    );
  });
});

describe('reviewDue, isReviewOverdue and isActionOverdue', () => {
  const parse = (extra: Json) => RiskSchema.parse(risk('CRR0001', extra));

  it('prefers nextReview, else adds the cycle to lastReview', () => {
    expect(reviewDue(parse({ lastReview: '2026-01-31', nextReview: '2026-03' }), 3)).toBe('2026-03');
    expect(reviewDue(parse({ lastReview: '2026-01-31' }), 1)).toBe('2026-02-28');
    expect(reviewDue(parse({ lastReview: '2026-01' }), 3)).toBe('2026-04');
    expect(reviewDue(parse({}), 3)).toBeUndefined();
  });

  it('is overdue only for open risks past the last day the due date can mean', () => {
    expect(isReviewOverdue(parse({ nextReview: '2026-10' }), 3, '2026-10-31')).toBe(false);
    expect(isReviewOverdue(parse({ nextReview: '2026-10' }), 3, '2026-11-01')).toBe(true);
    expect(isReviewOverdue(parse({ nextReview: '2026-10', status: 'closed' }), 3, '2026-11-01')).toBe(false);
    expect(isReviewOverdue(parse({}), 3, '2099-01-01')).toBe(false);
  });

  it('is overdue only for an action past its due day and not complete', () => {
    const action = (extra: Json) => RiskSchema.parse(risk('CRR0001', { actions: [{ id: 'A1', description: 'Plan', ...extra }] })).actions?.[0];
    const a = (extra: Json) => {
      const parsed = action(extra);
      if (!parsed) throw new Error('no action');
      return parsed;
    };
    expect(isActionOverdue(a({ due: '2026-11-22' }), '2026-11-23')).toBe(true);
    expect(isActionOverdue(a({ due: '2026-11-23' }), '2026-11-23')).toBe(false);
    expect(isActionOverdue(a({ due: '2026-11-22', status: 'complete' }), '2026-11-23')).toBe(false);
    expect(isActionOverdue(a({}), '2026-11-23')).toBe(false);
  });
});
