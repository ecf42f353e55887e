import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, normaliseName, ownerLabel } from '../../src/core/csv/columns.ts';
import { registerToCsv } from '../../src/core/csv/export.ts';
import { planImport } from '../../src/core/csv/import.ts';
import { loadWorkspace, type DataFiles } from '../../src/core/data/load.ts';
import { readDataDir } from '../../src/core/data/read-dir.ts';
import { toJsonFile } from '../../src/core/data/serialize.ts';
import { findRegister, type Workspace } from '../../src/core/data/workspace.ts';
import { formatProblem } from '../../src/core/problems.ts';
import type { Person } from '../../src/core/schemas/person.ts';
import { RiskSchema, type Risk } from '../../src/core/schemas/risk.ts';
import { PRODUCIBLE_RATINGS } from '../../src/core/schemas/scoring-scheme.ts';
import { writeFilesAtomically } from '../../src/node/write-files.ts';
import { snapshotTree } from '../helpers/snapshot.ts';
import { tempFolders } from '../helpers/temp-folders.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = join(ROOT, 'tests/fixtures/workspaces/small');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const NOW = new Date(2021, 1, 15);

const fixtureWorkspace = (): Workspace => loadWorkspace(readDataDir(FIXTURE)).workspace;

/** The fields the CSV carries; everything else is kept by import but not exported. */
function csvFields(risk: Risk): Partial<Risk> {
  const { id, title, owners, current, target, previousRating, lastReview, nextReview, status, description, causes, event, consequences, category, cabinetMembers } = risk;
  return { id, title, owners, current, target, previousRating, lastReview, nextReview, status, description, causes, event, consequences, category, cabinetMembers };
}

describe('registerToCsv', () => {
  it('writes every column in order, one row per risk by id, with CRLF line ends', () => {
    expect(registerToCsv(fixtureWorkspace(), 'corporate')).toBe(
      [
        'id,title,owner,current_likelihood,current_impact,target_likelihood,target_impact,last_review,next_review,status,description,cause,event,consequence,category,cabinet_member,previous_rating',
        'CRR0001,Financial sustainability,David Chen,4,5,3,4,2021-01-29,2021-04,open,The council cannot set a balanced budget.,Rising demand; falling grant,A budget gap that reserves cannot close,Section 114 notice; cuts to services,Finance,Cllr Jane Doe;Cllr Ravi Shah,',
        // Two people are called Sam Patel, so their ids stand in for the name; text with commas, quotes and a line break is quoted.
        'CRR0002,Contract failure,sam-patel;Amina Okafor,3,4,,,2020-12,,open,"A key supplier, ""Acme"", fails,\nleaving services uncovered.",,,,Commercial,,',
        'CRR0003,Legacy IT systems,sam-patel-2,2,3,1,3,2021-01-15,2021-07-15,closed,,,,,,,',
        '',
      ].join('\r\n'),
    );
  });

  it('orders risks as the register pages do, numbers by value: CRR2 before CRR10', () => {
    const ws = fixtureWorkspace();
    const entry = findRegister(ws, 'corporate');
    const template = entry?.risks[0];
    if (!entry || !template) throw new Error('the fixture has no corporate risks');
    entry.risks = ['CRR10', 'CRR9', 'CRR2', 'CRR1'].map((id) => ({ ...template, risk: { ...template.risk, id } }));
    const rows = Papa.parse<string[]>(registerToCsv(ws, 'corporate'), { skipEmptyLines: true }).data;
    expect(rows.slice(1).map((r) => r[0])).toEqual(['CRR1', 'CRR2', 'CRR9', 'CRR10']);
  });

  it('has a header of the 17 columns even for an empty register', () => {
    const ws = fixtureWorkspace();
    const entry = findRegister(ws, 'corporate');
    if (entry) entry.risks = [];
    expect(registerToCsv(ws, 'corporate')).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
    expect(CSV_COLUMNS).toHaveLength(17);
  });

  it('writes a previous rating as a number in the last column, and import reads it back', () => {
    const ws = fixtureWorkspace();
    const entry = findRegister(ws, 'corporate');
    const crr3 = entry?.risks.find((r) => r.risk.id === 'CRR0003');
    if (!crr3) throw new Error('the fixture has no CRR0003');
    crr3.risk = { ...crr3.risk, previousRating: 16 };
    const csv = registerToCsv(ws, 'corporate');
    const rows = Papa.parse<string[]>(csv, { skipEmptyLines: true }).data;
    const column = CSV_COLUMNS.indexOf('previous_rating');
    expect(rows.map((r) => r[column])).toEqual(['previous_rating', '', '', '16']);
    const result = planImport(readDataDir(FIXTURE), csv, { csvFile: 'corporate.csv', registerId: 'corporate', now: NOW });
    expect(result.problems.map((p) => formatProblem(p))).toEqual([]);
    expect([...result.writes.keys()]).toEqual(['registers/corporate/risks/CRR0003.json']);
    expect(JSON.parse(result.writes.get('registers/corporate/risks/CRR0003.json') ?? '{}')).toEqual({ ...crr3.risk, previousRating: 16 });
  });

  it('throws for a register the workspace does not have', () => {
    expect(() => registerToCsv(fixtureWorkspace(), 'nowhere')).toThrow('no register has the id "nowhere"');
  });
});

describe('ownerLabel', () => {
  const people: Person[] = [
    { id: 'amina-okafor', name: 'Amina Okafor' },
    { id: 'sam-patel', name: 'Sam Patel' },
    { id: 'sam-patel-2', name: 'Sam Patel' },
    { id: 'odd', name: 'Smith; Jones' },
    { id: 'bob', name: 'Robert' },
    { id: 'robert', name: 'Bob' },
  ];
  it.each([
    ['amina-okafor', 'Amina Okafor'],
    ['sam-patel', 'sam-patel'],
    ['sam-patel-2', 'sam-patel-2'],
    ['odd', 'odd'],
    // "Robert" as a name would be read back as the person whose id is robert.
    ['bob', 'bob'],
    ['robert', 'robert'],
    ['nobody', 'nobody'],
  ])('writes %s as %s', (id, label) => {
    expect(ownerLabel(people, id)).toBe(label);
  });
});

describe('round trip: export → import → export', () => {
  const folder = tempFolders('export');
  function copyFixture(): string {
    const dir = folder();
    cpSync(FIXTURE, dir, { recursive: true });
    return dir;
  }

  it('into a fresh copy of the data: nothing changes and the CSV is identical', async () => {
    const csv = registerToCsv(fixtureWorkspace(), 'corporate');
    const dir = copyFixture();
    const result = planImport(readDataDir(dir), csv, { csvFile: 'corporate.csv', registerId: 'corporate', now: NOW });
    expect(result.problems.map((p) => formatProblem(p))).toEqual([]);
    expect(result.writes.size).toBe(0);
    expect(result.summary).toMatchObject({ risks: 3, created: 0, updated: 0, unchanged: 3 });
    await writeFilesAtomically(dir, result.writes);
    expect(readDataDir(dir)).toEqual(readDataDir(FIXTURE));
    expect(registerToCsv(loadWorkspace(readDataDir(dir)).workspace, 'corporate')).toBe(csv);
  });

  it('into a copy without the register: it is recreated with the same risks as far as the CSV goes', async () => {
    const original = fixtureWorkspace();
    const csv = registerToCsv(original, 'corporate');
    const dir = copyFixture();
    rmSync(join(dir, 'registers/corporate'), { recursive: true });
    const result = planImport(readDataDir(dir), csv, { csvFile: 'corporate.csv', registerId: 'corporate', now: NOW });
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.summary).toMatchObject({ registerCreated: true, risks: 3, created: 3, newPeople: [] });
    await writeFilesAtomically(dir, result.writes);
    const reloaded = loadWorkspace(readDataDir(dir)).workspace;
    expect(registerToCsv(reloaded, 'corporate')).toBe(csv);
    const risks = (ws: Workspace): Partial<Risk>[] => (findRegister(ws, 'corporate')?.risks ?? []).map((r) => csvFields(r.risk));
    expect(risks(reloaded)).toEqual(risks(original));
  });

  it('holds for any text, owners, ratings and dates the columns can carry', () => {
    const people = fixtureWorkspace().people;
    const text = fc
      .string({ unit: fc.constantFrom('a', 'Z', '0', ' ', ',', '"', ';', '\n', 'é', '–', '=', '+', '-', '@', "'", '\t'), minLength: 1, maxLength: 12 })
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const name = text.map((s) => s.replaceAll(';', '').trim()).filter((s) => s !== '');
    const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });
    const score = fc.integer({ min: 1, max: 5 });
    const rating = fc.record({ likelihood: score, impact: score });
    const day = (year: number): fc.Arbitrary<string> =>
      fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([m, d]) => `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    const date = (year: number): fc.Arbitrary<string> => fc.oneof(day(year), day(year).map((d) => d.slice(0, 7)));
    const risk = fc.record({
      title: text,
      description: optional(text),
      causes: optional(text),
      event: optional(text),
      consequences: optional(text),
      category: optional(text),
      // Import names each member once ("Cllr A; cllr a" is one person), so a list is generated without repeats.
      cabinetMembers: optional(fc.uniqueArray(name, { minLength: 1, maxLength: 3, selector: normaliseName })),
      owners: fc.subarray(people.map((p) => p.id), { minLength: 1 }),
      current: rating,
      target: optional(rating),
      previousRating: optional(fc.constantFrom(...PRODUCIBLE_RATINGS)),
      status: fc.constantFrom('open', 'closed', 'withdrawn'),
      lastReview: optional(date(2020)),
      nextReview: optional(date(2021)),
    });
    fc.assert(
      fc.property(fc.array(risk, { maxLength: 5 }), (generated) => {
        const files = new Map<string, string>([
          ['people.json', toJsonFile({ people })],
          ['registers/r/register.json', toJsonFile({ id: 'r', name: 'R', level: 'project', reviewCycleMonths: 3, classification: 'unrestricted' })],
        ]);
        generated.forEach((fields, i) => {
          const id = `R${String(i + 1).padStart(3, '0')}`;
          const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
          files.set(`registers/r/risks/${id}.json`, toJsonFile(RiskSchema.parse({ id, ...defined })));
        });
        const before = loadWorkspace(files);
        expect(before.problems).toEqual([]);
        const csv = registerToCsv(before.workspace, 'r');
        expect(Papa.parse<string[]>(csv, { skipEmptyLines: true }).data).toHaveLength(generated.length + 1);

        // Into the same data, nothing changes; into a copy without the risks, they come back the same.
        const same = planImport(files, csv, { csvFile: 'r.csv', registerId: 'r', now: new Date(2030, 0, 1) });
        expect(same.problems.filter((p) => p.severity === 'error')).toEqual([]);
        expect(same.writes.size).toBe(0);
        const empty: DataFiles = new Map([...files].filter(([path]) => !path.includes('/risks/')));
        const fresh = planImport(empty, csv, { csvFile: 'r.csv', registerId: 'r', now: new Date(2030, 0, 1) });
        expect(fresh.problems.filter((p) => p.severity === 'error')).toEqual([]);
        const after = loadWorkspace(new Map([...empty, ...fresh.writes])).workspace;
        expect(registerToCsv(after, 'r')).toBe(csv);
        const fieldsOf = (ws: Workspace): Partial<Risk>[] => (findRegister(ws, 'r')?.risks ?? []).map((r) => csvFields(r.risk));
        expect(fieldsOf(after)).toEqual(fieldsOf(before.workspace));
      }),
      { numRuns: 60 },
    );
  });
});

describe('npm run export (CLI)', () => {
  const folder = tempFolders('export-out');
  const run = (args: string[]) => {
    const r = spawnSync(TSX, ['src/cli/export.ts', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, OVERSIGHT_DATA_DIR: FIXTURE } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('prints the CSV to standard output, with the byte-order mark Excel needs to show accents', () => {
    const result = run(['--register', 'corporate']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`\uFEFF${registerToCsv(fixtureWorkspace(), 'corporate')}`);
  }, 30_000);

  it('writes the CSV to --out', () => {
    const dir = folder();
    const out = join(dir, 'corporate.csv');
    const result = run(['--register', 'corporate', '--data-dir', FIXTURE, '--out', out]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`Exported 3 risks from register corporate to ${out}.\n`);
    expect(readFileSync(out, 'utf8')).toBe(`\uFEFF${registerToCsv(fixtureWorkspace(), 'corporate')}`);
  }, 30_000);

  it('keeps the permissions of a file it writes over with --out', () => {
    const dir = folder();
    const out = join(dir, 'corporate.csv');
    writeFileSync(out, 'last month\n', { mode: 0o600 });
    chmodSync(out, 0o600);
    const result = run(['--register', 'corporate', '--data-dir', FIXTURE, '--out', out]);
    expect(result.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(`\uFEFF${registerToCsv(fixtureWorkspace(), 'corporate')}`);
    expect(statSync(out).mode & 0o7777).toBe(0o600);
  }, 30_000);

  it('refuses --out in a folder that does not exist, or under a file, creating nothing (exit 1)', () => {
    const dir = folder();
    const typo = join(dir, 'exprots', 'corporate.csv');
    const missing = run(['--register', 'corporate', '--data-dir', FIXTURE, '--out', typo]);
    expect(missing.stderr).toBe(`error: cannot write ${typo}: the folder ${join(dir, 'exprots')} does not exist: create it first, or correct the path\n`);
    expect(missing.status).toBe(1);
    writeFileSync(join(dir, 'notes.txt'), 'mine\n');
    const underFile = run(['--register', 'corporate', '--data-dir', FIXTURE, '--out', join(dir, 'notes.txt', 'corporate.csv')]);
    expect(underFile.stderr).toBe(`error: cannot write ${join(dir, 'notes.txt', 'corporate.csv')}: ${join(dir, 'notes.txt')} is a file, not a folder: correct the path\n`);
    expect(underFile.status).toBe(1);
    expect(snapshotTree(dir)).toEqual({ 'notes.txt': 'mine\n' });
  }, 30_000);

  it('exits 1 for an unknown register or missing --register', () => {
    const unknown = run(['--register', 'nowhere']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('error: no register has the id "nowhere"');
    expect(unknown.stderr).toContain('(the registers are corporate)');
    const missing = run([]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('error: --register is required');
    expect(missing.stderr).toContain('Usage: npm run export -- --register ID');
  }, 30_000);
});

describe('cells a spreadsheet would run as formulas', () => {
  it('are written with a leading apostrophe, and imported back exactly as they were', () => {
    const ws = fixtureWorkspace();
    const entry = findRegister(ws, 'corporate')!;
    const risk = entry.risks[0]!;
    const fields = {
      title: '=HYPERLINK("https://evil.example","Click")',
      description: '+44 1632 960000',
      causes: '-5% on budget',
      event: '@SUM(A1:A2)',
      consequences: "'=already quoted",
      category: "Don't panic",
    };
    risk.risk = { ...risk.risk, ...fields };
    const csv = registerToCsv(ws, 'corporate');
    for (const cell of [`"'=HYPERLINK(""https://evil.example"",""Click"")"`, `"'+44 1632 960000"`, `"'-5% on budget"`, `"'@SUM(A1:A2)"`, `"''=already quoted"`, ",Don't panic,"]) {
      expect(csv).toContain(cell);
    }
    const result = planImport(readDataDir(FIXTURE), csv, { csvFile: 'corporate.csv', registerId: 'corporate', now: NOW });
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const written = [...result.writes].find(([path]) => path.endsWith(`${risk.risk.id}.json`));
    expect(JSON.parse(written![1]) as Record<string, unknown>).toMatchObject(fields);
  });
});
