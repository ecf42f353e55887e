import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readDataDir } from '../../src/core/data/read-dir.ts';
import { formatMeasuresImportSummary, planMeasuresImport } from '../../src/core/measures/import.ts';
import { checkMeasureFiles } from '../../src/core/measures/load.ts';
import { formatProblem } from '../../src/core/problems.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempFolders } from '../helpers/temp-folders.ts';

const DATA = fileURLToPath(new URL('../../data/', import.meta.url));
const VALUES_HEADER = 'measure,period,value,numerator,denominator,note';
const DEFINITIONS_HEADER = 'id,name,kind,unit,polarity,target,floor,frequency,disclosure,part_of,notes';

const sample = readDataDir(DATA);
const measureFiles = new Map([...sample].filter(([file]) => file.startsWith('measures/')));

/** 23 November 2026, as the test builds pin it. */
const NOW = new Date(2026, 10, 23);
const plan = (values: string, definitions?: string, files = measureFiles) =>
  planMeasuresImport(
    files,
    {
      values: { file: 'values.csv', text: values },
      ...(definitions !== undefined ? { definitions: { file: 'definitions.csv', text: definitions } } : {}),
    },
    { now: NOW },
  );
const errors = (p: ReturnType<typeof plan>): string[] => p.problems.filter((x) => x.severity === 'error').map((x) => formatProblem(x));

describe('planMeasuresImport', () => {
  it('skips rows with values only in a column it ignores (a RAG formula filled down), with one warning', () => {
    const result = plan(`${VALUES_HEADER},rag\nDOLS-APP,2026-27 Q3,1850,,,,Green\n,,,,,,#N/A\n,,,,,,#N/A\n`);
    expect(errors(result)).toEqual([]);
    expect(result.problems.map((x) => formatProblem(x))).toContain(
      'warning: values.csv: 2 rows (from row 3) have nothing in the columns Oversight reads, only in columns it ignores (such as a formula filled down below the last row), so they are skipped',
    );
    expect(result.summary).toMatchObject({ valuesAdded: 1 });
  });

  it('adds new figures to the file of their financial year and replaces a figure already held', () => {
    const result = plan(`${VALUES_HEADER}\nDOLS-APP,2026-27 Q3,1850,,,\nDOLS-APP,2026-27 Q2,1910,,,Corrected after late returns\n`);
    expect(errors(result)).toEqual([]);
    expect([...result.writes.keys()]).toEqual(['measures/values/2026-27.csv']);
    const csv = result.writes.get('measures/values/2026-27.csv')!;
    expect(csv.split('\n')).toContain('DOLS-APP,2026-27 Q2,1910,,,Corrected after late returns');
    expect(csv.split('\n')).toContain('DOLS-APP,2026-27 Q3,1850,,,');
    expect(csv.split('\n').filter((l) => l.startsWith('DOLS-APP,2026-27 Q2,'))).toHaveLength(1);
    expect(result.summary).toMatchObject({ valuesAdded: 1, valuesReplaced: 1, valuesUnchanged: 0 });
    expect(formatMeasuresImportSummary(result.summary)).toBe('Imported 2 figures (1 new, 1 replaced).');
    // The data directory as it would be still validates.
    const after = new Map([...measureFiles, ...result.writes]);
    expect(checkMeasureFiles(after).problems).toEqual([]);
  });

  it('adds and updates definitions, and takes figures for a new measure in the same import', () => {
    const definitions = `${DEFINITIONS_HEADER}\nASC5,Carers' assessments completed within 28 days,kpi,percent,higher,80,70,quarter,none,,A new measure.\nASC2,Average working days from concern to enquiry decision,kpi,days,lower,3,5,quarter,none,,Target relaxed to 3 days.\n`;
    const result = plan(`${VALUES_HEADER}\nASC5,2026-27 Q1,,41,50,\n`, definitions);
    expect(errors(result)).toEqual([]);
    expect([...result.writes.keys()].sort()).toEqual(['measures/definitions/ASC2.json', 'measures/definitions/ASC5.json', 'measures/values/2026-27.csv']);
    expect(JSON.parse(result.writes.get('measures/definitions/ASC2.json')!)).toMatchObject({ target: 3, floor: 5, notes: 'Target relaxed to 3 days.' });
    // A percentage left blank is worked out from its numerator and denominator.
    expect(result.writes.get('measures/values/2026-27.csv')!.split('\n')).toContain('ASC5,2026-27 Q1,82,41,50,');
    expect(formatMeasuresImportSummary(result.summary)).toBe('Imported 1 figure (1 new, 0 replaced) and 2 measure definitions (1 new, 1 updated).');
  });

  it('takes changed definitions with a values file of only its header, as when a new year\'s target is set', () => {
    const definitions = `${DEFINITIONS_HEADER}\nASC2,Average working days from concern to enquiry decision,kpi,days,lower,3,5,quarter,none,,Target relaxed to 3 days.\n`;
    const result = plan(`${VALUES_HEADER}\n`, definitions);
    expect(errors(result)).toEqual([]);
    expect([...result.writes.keys()]).toEqual(['measures/definitions/ASC2.json']);
    // The same definitions again, once held, change nothing: then there is nothing to import.
    expect(errors(plan(`${VALUES_HEADER}\n`, definitions, new Map([...measureFiles, ['measures/definitions/ASC2.json', result.writes.get('measures/definitions/ASC2.json')!]])))).toEqual([
      'error: values.csv row 2: has no figures under the header row, and the definitions change nothing: there is nothing to import',
    ]);
  });

  it('reports every bad row of both files with file, row and column, and plans no writes', () => {
    const definitions = [
      DEFINITIONS_HEADER,
      'ASC6,Reviews on time,kpi,percent,higher,,70,quarter,none,,',
      'ASC7,Something,activity,people,,,,quarter,sac,,',
      'ASC8,Other,activity,count,,,,fortnight,hide,,',
      'ASC9,Part,activity,count,,,,year,sac,NOPE,',
    ].join('\n');
    const values = [
      VALUES_HEADER,
      'ASC1,2026-27 Q2,95.0,38,40,',
      'ASC1,2026-27 Q5,90,,,',
      'NOPE,2026-27 Q1,3,,,',
      'SG-CONCERNS,2026-27,*,,,',
      'ASC1,2026-27 Q1,50,30,40,',
      'ASC1,2026-27 Q3,90,36,,',
      'SG-CONCERNS,2025-26 Q1,12,,,',
      'ASC1,2026-27 Q2,95,38,40,',
      'SG-S42,2026-27,ten,,,',
      'SAR-MET,2025-26,40,,,',
      'ASC4,2026-12,80,40,50,',
    ].join('\n');
    const result = plan(values, definitions);
    expect(result.writes.size).toBe(0);
    expect(errors(result)).toEqual([
      'error: definitions.csv row 2, column target: a kpi needs a target: give it, or make the measure an activity measure',
      'error: definitions.csv row 3, column unit: must be one of: percent, count, rate_per_100k, days',
      'error: definitions.csv row 4, column frequency: must be one of: month, quarter, year',
      'error: definitions.csv row 4, column disclosure: must be none, suppress-below:N (N a whole number, e.g. suppress-below:5) or sac',
      'error: definitions.csv row 5, column part_of: no measure has the id NOPE: correct it or remove it',
      'error: values.csv row 3, column period: "2026-27 Q5" is not a period: give a financial-year quarter written as YYYY-YY QN, e.g. 2020-21 Q3',
      'error: values.csv row 4, column measure: no measure has the id NOPE: correct it, or add the measure\'s definition (--definitions)',
      'error: values.csv row 5, column value: is * (a suppressed figure): give the actual figure; Oversight keeps it unrounded and suppresses small numbers only when it publishes',
      'error: values.csv row 6, column value: 50 does not match the numerator and denominator, which give 75: correct one of them',
      'error: values.csv row 7, column denominator: is blank but numerator is not: give both, or neither',
      'error: values.csv row 8, column period: "2025-26 Q1" is a quarter, but the measure is reported every year: give a financial year written as YYYY-YY, e.g. 2020-21',
      'error: values.csv row 9, column period: ASC1 already has a figure for 2026-27 Q2 on row 2: keep one of them',
      'error: values.csv row 10, column value: "ten" is not a number',
      "error: values.csv row 11, column value: 40 is more than SAR-REF's 13 for 2025-26, of which it is a part: correct one of them",
      'error: values.csv row 12, column period: 2026-12 (December 2026) has not begun yet: correct the period',
    ]);
  });

  it('reads a file saved by Excel: byte order mark, CRLF line endings, thousands separators and a % sign', () => {
    const result = plan(`\uFEFF${VALUES_HEADER}\r\nDOLS-APP,2026-27 Q3,"1,850",,,\r\nASC1,2026-27 Q3,90%,45,50,\r\n`);
    expect(errors(result)).toEqual([]);
    const lines = result.writes.get('measures/values/2026-27.csv')!.split('\n');
    expect(lines).toContain('DOLS-APP,2026-27 Q3,1850,,,');
    expect(lines).toContain('ASC1,2026-27 Q3,90,45,50,');
  });

  it('points a figure for a measure whose new definition is bad at that definition', () => {
    const result = plan(`${VALUES_HEADER}\nASC6,2026-27 Q1,80,40,50,\n`, `${DEFINITIONS_HEADER}\nASC6,Reviews on time,kpi,percent,upwards,80,70,quarter,none,,\n`);
    expect(errors(result)).toEqual([
      'error: definitions.csv row 2, column polarity: must be one of: higher, lower',
      'error: values.csv row 2, column measure: the definition of ASC6 on row 2 of definitions.csv has errors: correct it, then import again',
    ]);
  });

  it("reports a definition's every problem at once, a number that is not one beside the rest", () => {
    const result = plan(`${VALUES_HEADER}\n`, `${DEFINITIONS_HEADER}\nNEW1,New one,kpi,percent,up,abc,,weekly,suppress-below:x,,\n`);
    expect(errors(result)).toEqual([
      'error: definitions.csv row 2, column target: "abc" is not a number',
      'error: definitions.csv row 2, column polarity: must be one of: higher, lower',
      'error: definitions.csv row 2, column frequency: must be one of: month, quarter, year',
      'error: definitions.csv row 2, column disclosure: must be none, suppress-below:N (N a whole number, e.g. suppress-below:5) or sac',
    ]);
  });

  it('rejects a values file without the required columns, and one with no figures', () => {
    expect(errors(plan('measure,period,amount\nASC1,2026-27 Q1,4\n'))).toEqual(['error: values.csv row 1: the required column value is missing: add it to the header row']);
    expect(errors(plan(`${VALUES_HEADER}\n`))).toEqual(['error: values.csv row 2: has no figures under the header row: there is nothing to import']);
  });

  it('refuses to import into measures that are already broken', () => {
    const broken = new Map([...measureFiles, ['measures/definitions/ASC1.json', '{ "id": "ASC1", ']]);
    const result = plan(`${VALUES_HEADER}\nDOLS-APP,2026-27 Q3,1850,,,\n`, undefined, broken);
    expect(result.writes.size).toBe(0);
    expect(errors(result)).toEqual([
      'error: values.csv: cannot be imported until the measures already in measures/ are fixed: correct the errors listed, then import again',
      'error: measures/definitions/ASC1.json: is not valid JSON at line 1, column 17: check for a missing comma, quote or bracket there',
    ]);
  });
});

describe('npm run import-measures', () => {
  const folder = tempFolders('measures');

  /** A copy of the sample data, and a folder for the CSVs to import. */
  function workspace(): { data: string; csv: string } {
    const root = folder();
    cpSync(DATA, join(root, 'data'), { recursive: true });
    return { data: join(root, 'data'), csv: root };
  }

  /** Every file under a folder with its content and modification time. */
  function snapshot(dir: string): Record<string, string> {
    const out: Record<string, string> = {};
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else out[relative(dir, p)] = `${statSync(p).mtimeMs} ${readFileSync(p, 'utf8')}`;
      }
    };
    walk(dir);
    return out;
  }

  it('writes nothing and exits 1 when any row of either file is bad, naming file, row and column', () => {
    const { data, csv } = workspace();
    const values = join(csv, 'values.csv');
    const definitions = join(csv, 'definitions.csv');
    writeFileSync(values, `${VALUES_HEADER}\nDOLS-APP,2026-27 Q3,1850,,,\nASC5,2026-27 Q1,82,41,50,\n`);
    writeFileSync(definitions, `${DEFINITIONS_HEADER}\nASC5,Carers' assessments,kpi,percent,higher,80,70,quarter,none,,\nASC6,Bad,kpi,percent,sideways,80,70,quarter,none,,\n`);
    const before = snapshot(data);
    const result = runCli('import-measures', [values, '--definitions', definitions, '--data-dir', data], { OVERSIGHT_TODAY: '2026-11-23' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`error: ${definitions} row 3, column polarity: must be one of: higher, lower`);
    expect(result.stderr).toContain('Nothing was written.');
    expect(snapshot(data)).toEqual(before);
  });

  it('imports into OVERSIGHT_DATA_DIR, replacing a figure already held', () => {
    const { data, csv } = workspace();
    const values = join(csv, 'values.csv');
    writeFileSync(values, `${VALUES_HEADER}\nDOLS-APP,2026-27 Q2,1910,,,\n`);
    const result = runCli('import-measures', [values], { OVERSIGHT_DATA_DIR: data, OVERSIGHT_TODAY: '2026-11-23' });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('Imported 1 figure (0 new, 1 replaced).');
    expect(result.status).toBe(0);
    const lines = readFileSync(join(data, 'measures/values/2026-27.csv'), 'utf8').split('\n');
    expect(lines.filter((l) => l.startsWith('DOLS-APP,2026-27 Q2,'))).toEqual(['DOLS-APP,2026-27 Q2,1910,,,']);
    expect(checkMeasureFiles(readDataDir(data)).problems).toEqual([]);
  });

  it('explains how to use it when the file is missing', () => {
    const result = runCli('import-measures', []);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('error: give the values CSV file to import');
    expect(result.stderr).toContain('Usage: npm run import-measures -- VALUES.csv [--definitions DEFINITIONS.csv] [--data-dir DIR]');
  });
});
