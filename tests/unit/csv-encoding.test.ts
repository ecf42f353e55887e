import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeCsv, UTF8_BOM } from '../../src/core/csv/encoding.ts';
import { formatProblem } from '../../src/core/problems.ts';
import { ROOT } from '../helpers/paths.ts';
import { runCliAsync } from '../helpers/run-cli.ts';

const FIXTURE = join(ROOT, 'tests/fixtures/workspaces/small');
const HEADER = 'id,title,owner,current_likelihood,current_impact';
const ENV = { OVERSIGHT_DATA_DIR: '', OVERSIGHT_TODAY: '2021-02-15' };

/** "Café closures" as Excel's "CSV (Comma delimited)" saves it in the UK: é is the Windows-1252 byte E9. */
const WINDOWS_1252 = Buffer.concat([Buffer.from(`${HEADER}\nCRR0009,Caf`), Buffer.from([0xe9]), Buffer.from(' closures,David Chen,2,2\n')]);
/** The same as "CSV UTF-8 (Comma delimited)" saves it: a byte-order mark, and é as C3 A9. */
const UTF8_WITH_BOM = Buffer.from(`${UTF8_BOM}${HEADER}\nCRR0009,Café closures,David Chen,2,2\n`, 'utf8');

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

describe('the import commands and encodings', () => {
  const temps: string[] = [];
  afterEach(() => {
    for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
  });

  function tempDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'oversight-encoding-'));
    temps.push(dir);
    return dir;
  }

  function dataDir(): string {
    const dir = join(tempDir(), 'data');
    cpSync(FIXTURE, dir, { recursive: true });
    return dir;
  }

  function snapshot(dir: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      const abs = join(entry.parentPath, entry.name);
      out[relative(dir, abs)] = entry.isFile() ? readFileSync(abs, 'utf8') : '<dir>';
    }
    return out;
  }

  it('npm run import refuses a Windows-1252 file and writes nothing, exit 1', async () => {
    const data = dataDir();
    const csv = join(tempDir(), 'risks.csv');
    writeFileSync(csv, WINDOWS_1252);
    const before = snapshot(data);
    const result = await runCliAsync('import', [csv, '--register', 'corporate', '--data-dir', data], ENV);
    expect(result.stderr).toBe(`${notUtf8(csv, 2)}\nNothing was written.\n`);
    expect(result.status).toBe(1);
    expect(snapshot(data)).toEqual(before);
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
    const before = snapshot(data);
    const result = await runCliAsync('import-measures', [values, '--definitions', definitions, '--data-dir', data], { ...ENV, OVERSIGHT_TODAY: '2026-11-23' });
    expect(result.stderr).toBe(`${notUtf8(definitions, 2)}\nNothing was written.\n`);
    expect(result.status).toBe(1);
    expect(snapshot(data)).toEqual(before);
  }, 30_000);
});
