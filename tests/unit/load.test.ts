import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadWorkspace } from '../../src/core/data/load.ts';
import { DataDirNotFoundError, readDataDir } from '../../src/core/data/read-dir.ts';
import { describeJsonError, toJsonFile } from '../../src/core/data/serialize.ts';
import { findRegister, findRisk, peopleById } from '../../src/core/data/workspace.ts';
import { formatPath, formatReport, hasErrors, parseWithProblems } from '../../src/core/problems.ts';
import { DEFAULT_SETTINGS, RiskSchema } from '../../src/core/schemas/index.ts';

const PEOPLE = { people: [{ id: 'amina-okafor', name: 'Amina Okafor' }] };
const CORPORATE = { id: 'corporate', name: 'Corporate risk register', level: 'corporate' };
const RISK = { id: 'CRR0001', title: 'Failure to balance the budget', owners: ['amina-okafor'], current: { likelihood: 4, impact: 5 } };

/** Data files from plain values (written as JSON) or raw text. */
function files(entries: Record<string, unknown>): Map<string, string> {
  return new Map(Object.entries(entries).map(([path, value]) => [path, typeof value === 'string' ? value : toJsonFile(value)]));
}

const base = {
  'people.json': PEOPLE,
  'registers/corporate/register.json': CORPORATE,
  'registers/corporate/risks/CRR0001.json': RISK,
};

describe('loadWorkspace', () => {
  it('loads a good data directory with no problems', () => {
    const { workspace, problems } = loadWorkspace(files(base));
    expect(problems).toEqual([]);
    expect(workspace.people).toEqual(PEOPLE.people);
    expect(workspace.registers).toHaveLength(1);
    const entry = findRegister(workspace, 'corporate');
    expect(entry?.file).toBe('registers/corporate/register.json');
    expect(entry?.risks.map((r) => r.file)).toEqual(['registers/corporate/risks/CRR0001.json']);
    expect(findRisk(workspace, 'CRR0001')?.registerId).toBe('corporate');
    expect(peopleById(workspace).get('amina-okafor')?.name).toBe('Amina Okafor');
  });

  it('fills in defaults for a bare risk and a bare register', () => {
    const { workspace, problems } = loadWorkspace(files(base));
    expect(problems).toEqual([]);
    const register = workspace.registers[0]?.register;
    expect(register?.reviewCycleMonths).toBe(3);
    expect(register?.classification).toBe('unrestricted');
    expect(findRisk(workspace, 'CRR0001')?.risk).toEqual({ ...RISK, status: 'open' });
  });

  it('falls back to the default settings when oversight.json is missing', () => {
    const { workspace, problems } = loadWorkspace(files(base));
    expect(problems).toEqual([]);
    expect(workspace.settings).toEqual(DEFAULT_SETTINGS);
  });

  it('gives an empty workspace for no files', () => {
    const { workspace, problems } = loadWorkspace(new Map());
    expect(problems).toEqual([]);
    expect(workspace).toEqual({ settings: DEFAULT_SETTINGS, people: [], roles: [], registers: [], measures: { definitions: [], values: [] } });
  });

  it('reports invalid JSON with its line and column', () => {
    const text = '{\n  "id": "CRR0001"\n  "title": "Missing comma above"\n}\n';
    const { workspace, problems } = loadWorkspace(files({ ...base, 'registers/corporate/risks/CRR0001.json': text }));
    expect(problems).toEqual([
      {
        severity: 'error',
        file: 'registers/corporate/risks/CRR0001.json',
        message: 'is not valid JSON at line 3, column 3: check for a missing comma, quote or bracket there',
      },
    ]);
    // A file that cannot be read is left out of the workspace.
    expect(workspace.registers[0]?.risks).toEqual([]);
  });

  it('reads files saved with a UTF-8 byte-order mark, as Windows editors save them', () => {
    const withMark = Object.fromEntries(Object.entries(base).map(([path, value]) => [path, `\uFEFF${toJsonFile(value)}`]));
    const { workspace, problems } = loadWorkspace(files({ ...withMark, 'oversight.json': `\uFEFF${toJsonFile(DEFAULT_SETTINGS)}` }));
    expect(problems).toEqual([]);
    expect(findRisk(workspace, 'CRR0001')?.risk.title).toBe(RISK.title);
    expect(workspace.people).toEqual(PEOPLE.people);
  });

  it('places a JSON error after a byte-order mark where an editor shows it', () => {
    const { problems } = loadWorkspace(files({ ...base, 'people.json': '\uFEFF{"people": [] "x": 1}' }));
    expect(problems.map((p) => p.message)).toEqual(['is not valid JSON at line 1, column 15: check for a missing comma, quote or bracket there']);
  });

  it('reports a truncated file even though the parser gives no position', () => {
    const { problems } = loadWorkspace(files({ ...base, 'people.json': '{"people": [' }));
    expect(formatReport(problems)).toBe(
      ['error: people.json: is not valid JSON (Unexpected end of JSON input): check for a missing comma, quote or bracket', '1 error, 0 warnings'].join('\n'),
    );
  });

  it('names an unknown field in a risk, and a required field it then lacks', () => {
    const { current, ...rest } = RISK;
    const withTypo = { ...rest, curent: current };
    const { problems } = loadWorkspace(files({ ...base, 'registers/corporate/risks/CRR0001.json': withTypo }));
    expect(formatReport(problems)).toBe(
      [
        'error: registers/corporate/risks/CRR0001.json current: is required: add it',
        'error: registers/corporate/risks/CRR0001.json: unknown field "curent": correct the name or remove it',
        '2 errors, 0 warnings',
      ].join('\n'),
    );
  });

  it('names several unknown fields at once, and nested ones with their path', () => {
    const risk = { ...RISK, colour: 'red', rag: 'R', controls: [{ id: 'C1', description: 'Budget monitoring', ownr: 'amina-okafor' }] };
    const { problems } = loadWorkspace(files({ ...base, 'registers/corporate/risks/CRR0001.json': risk }));
    expect(formatReport(problems)).toBe(
      [
        'error: registers/corporate/risks/CRR0001.json controls[0]: unknown field "ownr": correct the name or remove it',
        'error: registers/corporate/risks/CRR0001.json: unknown fields "colour", "rag": correct the name or remove them',
        '2 errors, 0 warnings',
      ].join('\n'),
    );
  });

  it('says which required fields are missing', () => {
    const { problems } = loadWorkspace(files({ ...base, 'registers/corporate/risks/CRR0001.json': { id: 'CRR0001' } }));
    expect(formatReport(problems)).toBe(
      [
        'error: registers/corporate/risks/CRR0001.json title: is required: add it (it must be text)',
        'error: registers/corporate/risks/CRR0001.json owners: is required: add it (it must be a list of person ids, e.g. ["amina-okafor"])',
        'error: registers/corporate/risks/CRR0001.json current: is required: add it',
        '3 errors, 0 warnings',
      ].join('\n'),
    );
  });

  it('tells a field of the wrong type from a missing one', () => {
    const risk = { ...RISK, title: 42, owners: 'amina-okafor', current: { likelihood: '4', impact: 5 } };
    const { problems } = loadWorkspace(files({ ...base, 'registers/corporate/risks/CRR0001.json': risk }));
    expect(formatReport(problems)).toBe(
      [
        'error: registers/corporate/risks/CRR0001.json title: must be text',
        'error: registers/corporate/risks/CRR0001.json owners: must be a list of person ids, e.g. ["amina-okafor"]',
        'error: registers/corporate/risks/CRR0001.json current.likelihood: must be a whole number from 1 to 5',
        '3 errors, 0 warnings',
      ].join('\n'),
    );
  });

  it('reports null for a required field as the wrong type, not as missing', () => {
    const { problems } = parseWithProblems(RiskSchema, { ...RISK, title: null }, 'CRR0001.json');
    expect(problems).toEqual([{ severity: 'error', file: 'CRR0001.json', path: 'title', message: 'must be text' }]);
  });

  it('lists the allowed values for a bad enum value', () => {
    const risk = {
      ...RISK,
      status: 'opened',
      controls: [{ id: 'C1', description: 'Budget monitoring', status: 'done' }],
      actions: [{ id: 'A1', description: 'Savings plan', status: 'done' }],
    };
    const { problems } = loadWorkspace(
      files({ ...base, 'registers/corporate/register.json': { ...CORPORATE, level: 'council', classification: 'secret' }, 'registers/corporate/risks/CRR0001.json': risk }),
    );
    expect(formatReport(problems)).toBe(
      [
        'error: registers/corporate/register.json level: must be one of corporate, directorate, partnership, project, operational',
        'error: registers/corporate/register.json classification: must be unrestricted or restricted',
        'error: registers/corporate/risks/CRR0001.json status: must be one of: open, closed, withdrawn, moved',
        'error: registers/corporate/risks/CRR0001.json controls[0].status: must be one of: in place, proposed, accepted',
        'error: registers/corporate/risks/CRR0001.json actions[0].status: must be one of: not started, in progress, on hold, complete',
        '5 errors, 0 warnings',
      ].join('\n'),
    );
  });

  it('refuses scores outside 1 to 5 and ids of the wrong shape', () => {
    const risk = { ...RISK, id: 'crr-1', owners: ['Amina Okafor'], current: { likelihood: 6, impact: 0 }, target: { likelihood: 2.5, impact: 1 } };
    const { problems } = loadWorkspace(files({ ...base, 'registers/corporate/risks/CRR0001.json': risk }));
    expect(formatReport(problems)).toBe(
      [
        'error: registers/corporate/risks/CRR0001.json id: must be a risk id of capital letters followed by digits, e.g. CRR0002 or AH0005',
        'error: registers/corporate/risks/CRR0001.json owners[0]: must be a person id in lowercase letters, digits and hyphens, e.g. amina-okafor',
        'error: registers/corporate/risks/CRR0001.json current.likelihood: must be a whole number from 1 to 5',
        'error: registers/corporate/risks/CRR0001.json current.impact: must be a whole number from 1 to 5',
        'error: registers/corporate/risks/CRR0001.json target.likelihood: must be a whole number from 1 to 5',
        '5 errors, 0 warnings',
      ].join('\n'),
    );
  });

  it('refuses an invalid calendar date and accepts a month-only review date', () => {
    const bad = { ...RISK, lastReview: '2021-02-30', actions: [{ id: 'A1', description: 'Savings plan', due: '2021-02-30' }] };
    const { problems } = loadWorkspace(files({ ...base, 'registers/corporate/risks/CRR0001.json': bad }));
    expect(formatReport(problems)).toBe(
      [
        'error: registers/corporate/risks/CRR0001.json lastReview: must be a real date written as YYYY-MM-DD, or a month written as YYYY-MM, e.g. 2020-12',
        'error: registers/corporate/risks/CRR0001.json actions[0].due: must be a real date written as YYYY-MM-DD, e.g. 2021-01-29',
        '2 errors, 0 warnings',
      ].join('\n'),
    );

    const monthOnly = { ...RISK, lastReview: '2020-12', nextReview: '2021-03' };
    const loaded = loadWorkspace(files({ ...base, 'registers/corporate/risks/CRR0001.json': monthOnly }));
    expect(loaded.problems).toEqual([]);
    expect(findRisk(loaded.workspace, 'CRR0001')?.risk.lastReview).toBe('2020-12');
  });

  it('refuses a month-only date where a day is needed', () => {
    const risk = { ...RISK, actions: [{ id: 'A1', description: 'Savings plan', due: '2021-03' }] };
    const { problems } = loadWorkspace(files({ ...base, 'registers/corporate/risks/CRR0001.json': risk }));
    expect(problems).toEqual([
      {
        severity: 'error',
        file: 'registers/corporate/risks/CRR0001.json',
        path: 'actions[0].due',
        message: 'must be a real date written as YYYY-MM-DD, e.g. 2021-01-29',
      },
    ]);
  });

  it('reports every problem in every file in one run', () => {
    const { workspace, problems } = loadWorkspace(
      files({
        'oversight.json': '{ "organisation": { "name": "Northmoor" }, }',
        'people.json': { people: [{ id: 'amina-okafor', name: 'Amina Okafor', email: 'not-an-email' }] },
        'registers/corporate/register.json': { ...CORPORATE, reviewCycleMonths: 0 },
        'registers/corporate/risks/CRR0001.json': { ...RISK, curent: {} },
        'registers/corporate/risks/CRR0002.json': { ...RISK, id: 'CRR0002', status: 'live' },
        'registers/corporate/notes.txt': 'minutes',
        'README.md': '# data',
      }),
    );
    expect(hasErrors(problems)).toBe(true);
    expect(formatReport(problems)).toBe(
      [
        'error: oversight.json: is not valid JSON at line 1, column 44: check for a missing comma, quote or bracket there',
        'error: people.json people[0].email: must be an email address, e.g. name@council.example',
        'error: registers/corporate/register.json reviewCycleMonths: must be a whole number of months from 1 to 24',
        'error: registers/corporate/risks/CRR0001.json: unknown field "curent": correct the name or remove it',
        'error: registers/corporate/risks/CRR0002.json status: must be one of: open, closed, withdrawn, moved',
        'warning: README.md: is not a file Oversight reads: move or remove it',
        'warning: registers/corporate/notes.txt: is not a file Oversight reads: registers hold register.json and risks/<RISK-ID>.json only',
        '5 errors, 2 warnings',
      ].join('\n'),
    );
    expect(workspace.settings).toEqual(DEFAULT_SETTINGS);
  });

  it('says when a register has risks but no register.json', () => {
    const { workspace, problems } = loadWorkspace(
      files({ 'people.json': PEOPLE, 'registers/housing/risks/HR0001.json': { ...RISK, id: 'HR0001' }, 'registers/housing/risks/HR0002.json': { ...RISK, id: 'HR0002' } }),
    );
    expect(problems).toEqual([
      {
        severity: 'error',
        file: 'registers/housing/register.json',
        message: 'is missing: register "housing" has risks but no register.json; create it with an id, name and level',
      },
    ]);
    expect(workspace.registers).toEqual([]);
  });

  it('does not also call register.json missing when it exists but is broken', () => {
    const { problems } = loadWorkspace(files({ ...base, 'registers/corporate/register.json': '{' }));
    expect(problems.map((p) => p.file)).toEqual(['registers/corporate/register.json']);
    expect(problems[0]?.message).toMatch(/^is not valid JSON/);
  });

  it('warns about files that are not data files', () => {
    const { problems } = loadWorkspace(
      files({
        ...base,
        'registers/corporate/risks/CRR0001.md': 'notes',
        'registers/corporate/risks/archive/CRR0009.json': RISK,
        'registers/index.json': {},
      }),
    );
    expect(problems.map((p) => [p.severity, p.file])).toEqual([
      ['warning', 'registers/corporate/risks/CRR0001.md'],
      ['warning', 'registers/corporate/risks/archive/CRR0009.json'],
      ['warning', 'registers/index.json'],
    ]);
  });
});

describe('describeJsonError', () => {
  it('counts lines and columns from 1', () => {
    const text = '{"a": 1 "b": 2}';
    let err: unknown;
    try {
      JSON.parse(text);
    } catch (e) {
      err = e;
    }
    expect(describeJsonError(text, err)).toBe('is not valid JSON at line 1, column 9: check for a missing comma, quote or bracket there');
  });

  it('falls back to the parser message when it gives no position', () => {
    expect(describeJsonError('', new SyntaxError('Unexpected end of JSON input'))).toBe(
      'is not valid JSON (Unexpected end of JSON input): check for a missing comma, quote or bracket',
    );
  });
});

describe('formatPath and toJsonFile', () => {
  it('formats zod paths as field paths', () => {
    expect(formatPath(['controls', 0, 'status'])).toBe('controls[0].status');
    expect(formatPath([0, 'id'])).toBe('[0].id');
    expect(formatPath([])).toBe('');
  });

  it('writes two-space JSON with a trailing newline', () => {
    expect(toJsonFile({ id: 'CRR0001', owners: ['amina-okafor'] })).toBe('{\n  "id": "CRR0001",\n  "owners": [\n    "amina-okafor"\n  ]\n}\n');
  });
});

describe('readDataDir', () => {
  const temps: string[] = [];
  afterEach(() => {
    for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
  });
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'oversight-read-dir-'));
    temps.push(dir);
    return dir;
  };

  it('reads an empty folder as no files', () => {
    expect(readDataDir(tempDir())).toEqual(new Map());
  });

  it('refuses a folder that does not exist, rather than reading it as empty', () => {
    const missing = join(tempDir(), 'dat');
    expect(() => readDataDir(missing)).toThrow(DataDirNotFoundError);
    expect(() => readDataDir(missing)).toThrow(`the data directory ${missing} does not exist`);
  });

  it('reads a data file saved with a byte-order mark as it reads any other', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'people.json'), `\uFEFF${toJsonFile(PEOPLE)}`, 'utf8');
    expect(loadWorkspace(readDataDir(dir))).toMatchObject({ problems: [], workspace: { people: PEOPLE.people } });
  });

  it('refuses a file given as the data directory', () => {
    const file = join(tempDir(), 'people.json');
    writeFileSync(file, '{}');
    expect(() => readDataDir(file)).toThrow(`the data directory ${file} is a file, not a folder`);
  });
});
