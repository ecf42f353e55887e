import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fromWhereRun, PROJECT_ROOT } from '../../src/node/config.ts';
import { ROOT } from '../helpers/paths.ts';

const IMPORT = join(PROJECT_ROOT, 'src/cli/import.ts');

describe('fromWhereRun', () => {
  it('reads a path from the folder npm run was typed in, when npm runs this very command', () => {
    const env = { INIT_CWD: '/home/officer/risk-papers', npm_lifecycle_script: 'tsx src/cli/import.ts' };
    expect(fromWhereRun('march.csv', env, IMPORT)).toBe('/home/officer/risk-papers/march.csv');
    expect(fromWhereRun('/srv/data', env, IMPORT)).toBe('/srv/data');
  });

  it('reads it from the working directory when npm runs another command that started this one, or npm is not there', () => {
    expect(fromWhereRun('march.csv', { INIT_CWD: '/home/officer', npm_lifecycle_script: 'npm run lint && vitest run' }, IMPORT)).toBe(resolve('march.csv'));
    expect(fromWhereRun('march.csv', {}, IMPORT)).toBe(resolve('march.csv'));
  });
});

describe('a command typed in another folder, through npm run', () => {
  const here = mkdtempSync(join(tmpdir(), 'oversight-where-run-'));
  afterAll(() => rmSync(here, { recursive: true, force: true }));

  it('takes --data-dir and --out from that folder, as the person typed them', () => {
    cpSync(join(ROOT, 'data'), join(here, 'council-data'), { recursive: true });
    const riskFile = join(here, 'council-data/registers/corporate/risks/COR0001.json');
    writeFileSync(riskFile, readFileSync(riskFile, 'utf8').replace(/"title": "[^"]*"/, '"title": "Copied for this folder"'));
    const result = spawnSync('npm', ['--prefix', ROOT, 'run', '--silent', 'export', '--', '--register', 'corporate', '--data-dir', 'council-data', '--out', 'corporate.csv'], {
      cwd: here,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('to corporate.csv');
    expect(readFileSync(join(here, 'corporate.csv'), 'utf8')).toContain('Copied for this folder');
    expect(existsSync(join(ROOT, 'corporate.csv'))).toBe(false);
  });
});
