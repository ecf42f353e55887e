import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SettingError, today } from '../../src/node/config.ts';
import { localPort } from '../../src/server/oidc/local-defaults.ts';
import { ROOT } from '../helpers/paths.ts';
import { runCliAsync } from '../helpers/run-cli.ts';

describe('OVERSIGHT_TODAY', () => {
  it('pins today to a real day, at midday', () => {
    expect(today({ OVERSIGHT_TODAY: '2024-02-29' })).toEqual(new Date('2024-02-29T12:00:00'));
  });

  it.each(['23/11/2026', '2026-02-30', '2026-13-01', 'tomorrow'])('refuses %j, naming the variable', (value) => {
    expect(() => today({ OVERSIGHT_TODAY: value })).toThrow(SettingError);
    expect(() => today({ OVERSIGHT_TODAY: value })).toThrow(`OVERSIGHT_TODAY must be a real day written as YYYY-MM-DD, e.g. 2026-11-23, not "${value}"`);
  });

  const message = (value: string): string => `error: OVERSIGHT_TODAY must be a real day written as YYYY-MM-DD, e.g. 2026-11-23, not "${value}": correct it, or unset it to use today's date\n`;

  it.each([
    ['validate', '23/11/2026'],
    ['validate', '2026-02-30'],
    ['build', '23/11/2026'],
    ['build', '2026-02-30'],
  ])('stops npm run %s with that message alone for %j, exit 1', async (command, value) => {
    const result = await runCliAsync(command, [], { OVERSIGHT_DATA_DIR: '', OVERSIGHT_TODAY: value });
    expect(result.stderr).toBe(message(value));
    expect(result.status).toBe(1);
  }, 30_000);

  it('stops npm start before it serves anything, exit 1', async () => {
    const result = await runCliAsync('start', [], { OVERSIGHT_DATA_DIR: '', OVERSIGHT_TODAY: '2026-02-30', PORT: '0' });
    expect(result.stderr).toBe(message('2026-02-30'));
    expect(result.stdout).not.toContain('ready');
    expect(result.status).toBe(1);
  }, 30_000);
});

describe('PORT', () => {
  it.each(['http', '-1', '65536', '4321.5'])('refuses %j, naming the variable', (value) => {
    expect(() => localPort({ PORT: value })).toThrow(SettingError);
    expect(() => localPort({ PORT: value })).toThrow(`PORT must be a whole number from 0 to 65535, not "${value}"`);
  });

  it('is 4321 unless set, and 0 asks for any free port', () => {
    expect(localPort({})).toBe(4321);
    expect(localPort({ PORT: '' })).toBe(4321);
    expect(localPort({ PORT: '8080' })).toBe(8080);
    expect(localPort({ PORT: '0' })).toBe(0);
  });

  it('in use stops npm start at once, before it builds, saying so, exit 1', async () => {
    const holder = createServer();
    const port = await new Promise<number>((resolve) => holder.listen(0, () => resolve((holder.address() as AddressInfo).port)));
    try {
      const result = await runCliAsync('start', [], { OVERSIGHT_DATA_DIR: '', OVERSIGHT_TODAY: '2026-11-23', PORT: String(port) });
      expect(result.stderr).toBe(`error: port ${port} is already in use, perhaps by another npm start: stop that, or choose another port (PORT=${port + 1} npm start)\n`);
      expect(result.stdout).toBe('');
      expect(result.status).toBe(1);
    } finally {
      holder.close();
    }
  }, 30_000);
});

describe('a data directory that is not there', () => {
  const parent = mkdtempSync(join(tmpdir(), 'oversight-no-data-'));
  afterAll(() => rmSync(parent, { recursive: true, force: true }));
  const missing = join(parent, 'dat');
  const hint = 'check OVERSIGHT_DATA_DIR or --data-dir (without either, it is data/ in the project)';

  it('fails npm run validate instead of passing with 0 errors, exit 1', async () => {
    const result = await runCliAsync('validate', [], { OVERSIGHT_DATA_DIR: missing });
    expect(result.stderr).toBe(`error: the data directory ${missing} does not exist: ${hint}\n`);
    expect(result.stdout).toBe('');
    expect(result.status).toBe(1);
  }, 30_000);

  it('fails npm run validate when it is a file', async () => {
    const file = join(ROOT, 'package.json');
    const result = await runCliAsync('validate', ['--data-dir', file], { OVERSIGHT_DATA_DIR: '' });
    expect(result.stderr).toBe(`error: the data directory ${file} is a file, not a folder: ${hint}\n`);
    expect(result.status).toBe(1);
  }, 30_000);

  it('fails npm run build before anything is published, exit 1', async () => {
    const result = await runCliAsync('build', [], { OVERSIGHT_DATA_DIR: missing });
    expect(result.stderr).toBe(`error: the data directory ${missing} does not exist: ${hint}\n`);
    expect(result.stdout).not.toContain('Built the site');
    expect(result.status).toBe(1);
  }, 30_000);

  it('is what npm run export says, not that no register has the id', async () => {
    const result = await runCliAsync('export', ['--data-dir', missing, '--register', 'corporate'], { OVERSIGHT_DATA_DIR: '' });
    expect(result.stderr).toBe(`error: the data directory ${missing} does not exist: ${hint}\n`);
    expect(result.status).toBe(1);
  }, 30_000);
});
