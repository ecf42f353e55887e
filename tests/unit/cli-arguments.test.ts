import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.ts';
import { runCliAsync } from '../helpers/run-cli.ts';
import { tempFolders } from '../helpers/temp-folders.ts';

const FIXTURE = join(ROOT, 'tests/fixtures/workspaces/small');
/** Neither the machine's data directory nor its pinned day may leak into these runs, nor a port another npm start holds. */
const ENV = { OVERSIGHT_DATA_DIR: '', OVERSIGHT_TODAY: '2021-02-15', PORT: '0' };

const folder = tempFolders('args');

/** A copy of the small fixture whose one risk names an owner nobody has. */
function brokenDataDir(): string {
  const dir = folder();
  cpSync(FIXTURE, dir, { recursive: true });
  const risk = { id: 'CRR0001', title: 'Broken on purpose', owners: ['nobody-at-all'], current: { likelihood: 2, impact: 2 } };
  writeFileSync(join(dir, 'registers/corporate/risks/CRR0001.json'), `${JSON.stringify(risk, null, 2)}\n`);
  return dir;
}

describe('npm run validate: its arguments', () => {
  it('checks the folder --data-dir names, not ./data', async () => {
    const dir = brokenDataDir();
    const result = await runCliAsync('validate', ['--data-dir', dir], ENV);
    expect(result.stdout).toContain('registers/corporate/risks/CRR0001.json owners[0]: no person has the id "nobody-at-all"');
    expect(result.stdout).toContain(`risks in ${dir} (`);
    expect(result.status).toBe(1);
  }, 30_000);

  it('prints its usage for --help, exit 0', async () => {
    const result = await runCliAsync('validate', ['--help'], ENV);
    expect(result.stdout).toContain('Usage: npm run validate -- [--data-dir DIR]');
    expect(result.stdout).not.toContain('Checked');
    expect(result.status).toBe(0);
  }, 30_000);

  it('refuses an unknown option or an argument it does not take, with the usage, exit 1', async () => {
    for (const args of [['--bogus'], ['data']]) {
      const result = await runCliAsync('validate', args, ENV);
      expect(result.stderr).toMatch(/^error: (Unknown option '--bogus'|Unexpected argument 'data')/);
      expect(result.stderr).toContain('Usage: npm run validate -- [--data-dir DIR]');
      expect(result.stdout).toBe('');
      expect(result.status).toBe(1);
    }
  }, 30_000);
});

describe('npm start: its arguments', () => {
  it('prints its usage for --help without building or serving, exit 0', async () => {
    const result = await runCliAsync('start', ['--help'], ENV);
    expect(result.stdout).toContain('Usage: npm start -- [--data-dir DIR]');
    expect(result.stdout).not.toContain('Building');
    expect(result.status).toBe(0);
  }, 30_000);

  it('refuses an unknown option with the usage, exit 1, without building', async () => {
    const result = await runCliAsync('start', ['--bogus'], ENV);
    expect(result.stderr).toContain("error: Unknown option '--bogus'");
    expect(result.stderr).toContain('Usage: npm start -- [--data-dir DIR]');
    expect(result.stdout).toBe('');
    expect(result.status).toBe(1);
  }, 30_000);

  it('builds from the folder --data-dir names, and stops at its errors', async () => {
    const dir = brokenDataDir();
    const result = await runCliAsync('start', ['--data-dir', dir], ENV);
    expect(result.stdout).toContain(`Building the site from ${dir}`);
    expect(result.stderr).toContain('no person has the id "nobody-at-all"');
    expect(result.stderr).toContain('Not started');
    expect(result.status).toBe(1);
  }, 30_000);
});

describe('npm run build: its arguments', () => {
  it('prints its usage for --help, exit 0', async () => {
    const result = await runCliAsync('build', ['--help'], ENV);
    expect(result.stdout).toContain('Usage: npm run build -- [--include-restricted] [--data-dir DIR]');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 30_000);

  it('refuses a mistyped option with the usage instead of a stack trace, exit 1', async () => {
    const result = await runCliAsync('build', ['--include-restriced'], ENV);
    expect(result.stderr).toMatch(/^error: Unknown option '--include-restriced'/);
    expect(result.stderr).toContain('\n\nUsage: npm run build -- [--include-restricted] [--data-dir DIR]\n');
    expect(result.stderr).not.toContain('    at ');
    expect(result.status).toBe(1);
  }, 30_000);

  it('validates the folder --data-dir names before building', async () => {
    const dir = brokenDataDir();
    const result = await runCliAsync('build', ['--data-dir', dir], ENV);
    expect(result.stderr).toContain('no person has the id "nobody-at-all"');
    expect(result.stderr).toContain(`The site was not built: fix the errors above in ${dir} and build again.`);
    expect(result.status).toBe(1);
  }, 30_000);
});

describe('npm run bench: its arguments, by the same rules as every command', () => {
  it('prints its usage for --help, exit 0, and runs nothing', async () => {
    const result = await runCliAsync('bench', ['--help'], ENV);
    expect(result.stdout).toContain('Usage: npm run bench -- [--sizes 100,1000,5000]');
    expect(result.stdout).not.toContain('| Risks');
    expect(result.status).toBe(0);
  }, 30_000);

  it('refuses an unknown option or a bad size with the error, then the usage, exit 1', async () => {
    const unknown = await runCliAsync('bench', ['--bogus'], ENV);
    expect(unknown.stderr).toMatch(/^error: Unknown option '--bogus'\n\nUsage: npm run bench/);
    expect(unknown.status).toBe(1);
    const size = await runCliAsync('bench', ['--sizes', '100,lots'], ENV);
    expect(size.stderr).toMatch(/^error: --sizes takes whole numbers of risks separated by commas, such as 100,1000; not "100,lots"\n\nUsage: npm run bench/);
    expect(size.status).toBe(1);
  }, 30_000);
});
