import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCsv, UTF8_BOM } from '../../src/core/csv/encoding.ts';
import { planImport } from '../../src/core/csv/import.ts';
import { readDataDir } from '../../src/core/data/read-dir.ts';
import { planMeasuresImport } from '../../src/core/measures/import.ts';
import { formatProblem } from '../../src/core/problems.ts';
import { ROOT } from '../helpers/paths.ts';
import { runCliAsync } from '../helpers/run-cli.ts';
import { snapshotTree } from '../helpers/snapshot.ts';
import { tempFolders } from '../helpers/temp-folders.ts';

const FIXTURE = join(ROOT, 'tests/fixtures/workspaces/small');
const HEADER = 'id,title,owner,current_likelihood,current_impact';
const ENV = { OVERSIGHT_DATA_DIR: '', OVERSIGHT_TODAY: '2021-02-15' };

/** "Café closures" as Excel's "CSV (Comma delimited)" saves it in the UK: é is the Windows-1252 byte E9. */
const WINDOWS_1252 = Buffer.concat([Buffer.from(`${HEADER}\nCRR0009,Caf`), Buffer.from([0xe9]), Buffer.from(' closures,David Chen,2,2\n')]);
/** The same as "CSV UTF-8 (Comma delimited)" saves it: a byte-order mark, and é as C3 A9. */
const UTF8_WITH_BOM = Buffer.from(`${UTF8_BOM}${HEADER}\nCRR0009,Café closures,David Chen,2,2\n`, 'utf8');

const RESAVE = 'in Excel, Save As › "CSV UTF-8 (Comma delimited)" and import that file';
const utf16 = (file: string): string => `error: ${file}: is saved as UTF-16 (as Excel's "Unicode Text" saves it), not UTF-8; ${RESAVE}`;

/** The header and a row as UTF-16 little-endian, with or without the byte-order mark FF FE. */
const utf16le = (text: string, bom: boolean): Buffer => Buffer.concat([Buffer.from(bom ? [0xff, 0xfe] : []), Buffer.from(text, 'utf16le')]);

const notUtf8 = (file: string, line: number): string =>
  `error: ${file}: is not UTF-8 text: line ${line} has a character in another encoding, as Excel's "CSV (Comma delimited)" saves it, and importing it would garble letters such as é; in Excel, Save As › "CSV UTF-8 (Comma delimited)" and import that file`;

describe('decodeCsv', () => {
  it('reads UTF-8, without its byte-order mark', () => {
    expect(decodeCsv(UTF8_WITH_BOM, 'risks.csv')).toEqual({ ok: true, text: `${HEADER}\nCRR0009,Café closures,David Chen,2,2\n` });
  });

  it('refuses Windows-1252, naming the file and the first line in another encoding', () => {
    const decoded = decodeCsv(WINDOWS_1252, 'risks.csv');
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(formatProblem(decoded.problem)).toBe(notUtf8('risks.csv', 2));
  });

  it('counts lines from 1 whatever the line ends', () => {
    const bytes = Buffer.concat([Buffer.from(`${HEADER}\r\nCRR0001,Fine,David Chen,1,1\r\nCRR0002,Na`), Buffer.from([0xef]), Buffer.from('ve,David Chen,1,1\r\n')]);
    const decoded = decodeCsv(bytes, 'risks.csv');
    expect(decoded.ok ? undefined : decoded.problem.message).toContain('line 3 has a character');
  });
});

describe('decodeCsv and UTF-16', () => {
  it.each([
    ['little-endian with its byte-order mark', utf16le(`${HEADER}\r\n`, true)],
    ['little-endian without one', utf16le(`${HEADER}\r\n`, false)],
    ['big-endian with its byte-order mark', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(`${HEADER}\r\n`, 'utf16le').swap16()])],
  ])('refuses UTF-16 %s, saying so', (_, bytes) => {
    const decoded = decodeCsv(bytes, 'risks.csv');
    expect(decoded.ok ? 'read' : formatProblem(decoded.problem)).toBe(utf16('risks.csv'));
  });

  it('does not take a stray NUL in a cell for UTF-16', () => {
    expect(decodeCsv(Buffer.from(`${HEADER}\nCRR0009,With a NUL\u0000 here,David Chen,2,2\n`), 'risks.csv').ok).toBe(true);
  });
});

describe('columns not separated by commas', () => {
  const files = readDataDir(FIXTURE);
  const NOW = new Date(2021, 1, 15);
  const errors = (csv: string): string[] =>
    planImport(files, csv, { csvFile: 'risks.csv', registerId: 'corporate', now: NOW })
      .problems.filter((p) => p.severity === 'error')
      .map((p) => formatProblem(p));

  it('are one error saying so, not five missing columns: semicolons', () => {
    expect(errors(`${HEADER.replaceAll(',', ';')}\nCRR0009;Café closures;David Chen;2;2\n`)).toEqual([
      `error: risks.csv row 1: has its columns separated by semicolons, not commas; ${RESAVE}`,
    ]);
  });

  it('are one error saying so, not five missing columns: tabs', () => {
    expect(errors(`${HEADER.replaceAll(',', '\t')}\nCRR0009\tCafé closures\tDavid Chen\t2\t2\n`)).toEqual([
      `error: risks.csv row 1: has its columns separated by tabs, not commas; ${RESAVE}`,
    ]);
  });

  it('are reported for measure values too', () => {
    const plan = planMeasuresImport(readDataDir(join(ROOT, 'data')), { values: { file: 'values.csv', text: 'measure;period;value\nDOLS-APP;2026-27 Q3;1850\n' } }, { now: new Date(2026, 10, 23) });
    expect(plan.problems.map((p) => formatProblem(p))).toEqual([`error: values.csv row 1: has its columns separated by semicolons, not commas; ${RESAVE}`]);
  });

  it('leave a one-column file to the missing-column errors', () => {
    expect(errors('id\nCRR0009\n')).toContain('error: risks.csv row 1: the required column title is missing: add it to the header row');
  });

  it('include UTF-16 text that reached the reader undecoded, as a request body can', () => {
    expect(errors(utf16le(`${HEADER}\n`, false).toString('utf8'))).toEqual([utf16('risks.csv')]);
  });
});

describe('the import commands and encodings', () => {
  const tempDir = tempFolders('encoding');

  function dataDir(): string {
    const dir = join(tempDir(), 'data');
    cpSync(FIXTURE, dir, { recursive: true });
    return dir;
  }


  it('npm run import refuses a Windows-1252 file and writes nothing, exit 1', async () => {
    const data = dataDir();
    const csv = join(tempDir(), 'risks.csv');
    writeFileSync(csv, WINDOWS_1252);
    const before = snapshotTree(data);
    const result = await runCliAsync('import', [csv, '--register', 'corporate', '--data-dir', data], ENV);
    expect(result.stderr).toBe(`${notUtf8(csv, 2)}\nNothing was written.\n`);
    expect(result.status).toBe(1);
    expect(snapshotTree(data)).toEqual(before);
  }, 30_000);

  it('npm run import refuses UTF-16 and semicolons with one error each, exit 1', async () => {
    const data = dataDir();
    const folder = tempDir();
    const unicode = join(folder, 'unicode.csv');
    writeFileSync(unicode, utf16le(`${HEADER.replaceAll(',', '\t')}\r\nCRR0009\tCafé closures\tDavid Chen\t2\t2\r\n`, true));
    const semicolons = join(folder, 'semicolons.csv');
    writeFileSync(semicolons, `${UTF8_BOM}${HEADER.replaceAll(',', ';')}\r\nCRR0009;Café closures;David Chen;2;2\r\n`);
    const before = snapshotTree(data);
    const first = await runCliAsync('import', [unicode, '--register', 'corporate', '--data-dir', data], ENV);
    expect(first.stderr).toBe(`${utf16(unicode)}\nNothing was written.\n`);
    expect(first.status).toBe(1);
    const second = await runCliAsync('import', [semicolons, '--register', 'corporate', '--data-dir', data], ENV);
    expect(second.stderr).toBe(`error: ${semicolons} row 1: has its columns separated by semicolons, not commas; ${RESAVE}\n1 error, 0 warnings\nNothing was written.\n`);
    expect(second.status).toBe(1);
    expect(snapshotTree(data)).toEqual(before);
  }, 30_000);

  it('npm run import reads UTF-8 with a byte-order mark, accents intact', async () => {
    const data = dataDir();
    const csv = join(tempDir(), 'risks.csv');
    writeFileSync(csv, UTF8_WITH_BOM);
    const result = await runCliAsync('import', [csv, '--register', 'corporate', '--data-dir', data], ENV);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(readFileSync(join(data, 'registers/corporate/risks/CRR0009.json'), 'utf8'))).toMatchObject({ title: 'Café closures' });
  }, 30_000);

  it('npm run import-measures refuses a Windows-1252 definitions file, naming it, and writes nothing', async () => {
    const data = join(tempDir(), 'data');
    cpSync(join(ROOT, 'data'), data, { recursive: true });
    const folder = tempDir();
    const values = join(folder, 'values.csv');
    const definitions = join(folder, 'definitions.csv');
    writeFileSync(values, 'measure,period,value,numerator,denominator,note\nDOLS-APP,2026-27 Q3,1850,,,\n');
    writeFileSync(definitions, Buffer.concat([Buffer.from('id,name,kind,unit,polarity,target,floor,frequency,disclosure,part_of,notes\nASC9,R'), Buffer.from([0xe9]), Buffer.from('ablement,activity,count,higher,,,quarter,none,,\n')]));
    const before = snapshotTree(data);
    const result = await runCliAsync('import-measures', [values, '--definitions', definitions, '--data-dir', data], { ...ENV, OVERSIGHT_TODAY: '2026-11-23' });
    expect(result.stderr).toBe(`${notUtf8(definitions, 2)}\nNothing was written.\n`);
    expect(result.status).toBe(1);
    expect(snapshotTree(data)).toEqual(before);
  }, 30_000);
});
