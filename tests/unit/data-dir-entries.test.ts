import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, cpSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDataDir, scanDataDir, UnreadDataError } from '../../src/core/data/read-dir.ts';
import { ROOT } from '../helpers/paths.ts';
import { runCliAsync, type CliResult } from '../helpers/run-cli.ts';
import { snapshotTree } from '../helpers/snapshot.ts';
import { tempFolders } from '../helpers/temp-folders.ts';

/**
 * What is in a data directory besides plain files and folders (symbolic links, named pipes),
 * and what cannot be read: each is reported by its path, never passed over, and an import
 * never writes through one.
 */

const FIXTURE = join(ROOT, 'tests/fixtures/workspaces/small');
const ENV = { OVERSIGHT_DATA_DIR: '', OVERSIGHT_TODAY: '2021-02-15' };
const LINK = 'is a symbolic link to';

const folder = tempFolders('entries');

/** A temporary folder holding a copy of the small fixture as `data`, and room beside it. */
function workspace(): { top: string; data: string } {
  const top = folder();
  const data = join(top, 'data');
  cpSync(FIXTURE, data, { recursive: true });
  return { top, data };
}

/** The fixture with its corporate register moved beside the data directory and linked back in. */
function linkedRegister(): { top: string; data: string; real: string } {
  const { top, data } = workspace();
  const real = join(top, 'corporate-elsewhere');
  renameSync(join(data, 'registers/corporate'), real);
  symlinkSync(real, join(data, 'registers/corporate'));
  return { top, data, real };
}

function csvFile(top: string, text: string): string {
  const file = join(top, 'import.csv');
  writeFileSync(file, text);
  return file;
}

describe('scanDataDir: what is not a plain file or folder', () => {
  it('reports a linked folder, a linked file, a dangling link and a named pipe by path, reading none of them', () => {
    const { top, data } = workspace();
    mkdirSync(join(top, 'other/risks'), { recursive: true });
    writeFileSync(join(top, 'other/register.json'), '{ "id": "other", "name": "Other", "level": "project" }\n');
    symlinkSync(join(top, 'other'), join(data, 'registers/other'));
    symlinkSync(join(data, 'registers/corporate/risks/CRR0001.json'), join(data, 'registers/corporate/risks/CRR0009.json'));
    symlinkSync(join(top, 'nowhere'), join(data, 'roles.json'));
    execFileSync('mkfifo', [join(data, 'registers/corporate/risks/CRR0010.json')]);

    const { files, unread } = scanDataDir(data);
    expect([...unread.keys()].sort()).toEqual(['registers/corporate/risks/CRR0009.json', 'registers/corporate/risks/CRR0010.json', 'registers/other', 'roles.json']);
    expect(unread.get('registers/other')).toBe(
      `${LINK} ${join(top, 'other')}, which Oversight does not follow (git keeps the link, not what it points to): put the folder or file itself here in place of the link`,
    );
    expect(unread.get('roles.json')).toMatch(new RegExp(`^${LINK} ${join(top, 'nowhere')},`));
    expect(unread.get('registers/corporate/risks/CRR0010.json')).toBe(
      'is not a file or folder (a named pipe, socket or device), so it is not read: remove it or move it out of the data directory',
    );
    expect([...files.keys()].filter((f) => f.includes('other') || f.endsWith('CRR0009.json') || f.endsWith('CRR0010.json') || f === 'roles.json')).toEqual([]);
    expect(() => readDataDir(data)).toThrow(UnreadDataError);
    expect(() => readDataDir(data)).toThrow(`registers/other: ${LINK}`);
  });
});

describe('a register folder that is a symbolic link', () => {
  it('is an error in validate, named by its path (exit 1)', async () => {
    const { data, real } = linkedRegister();
    const result = await runCliAsync('validate', ['--data-dir', data], ENV);
    expect(result.stdout).toContain(`error: ${join(data, 'registers/corporate')}: ${LINK} ${real}, which Oversight does not follow`);
    expect(result.status).toBe(1);
  }, 30_000);

  it('is not imported into as a new register: nothing is written, through the link or beside it (exit 1)', async () => {
    const { top, data, real } = linkedRegister();
    const csv = csvFile(top, 'id,title,owner,current_likelihood,current_impact\nCRR0001,Budget,David Chen,2,2\n');
    const before = { data: snapshotTree(data), real: snapshotTree(real) };
    const result = await runCliAsync('import', [csv, '--register', 'corporate', '--data-dir', data], ENV);
    expect(result.stderr).toContain(`error: ${join(data, 'registers/corporate')}: ${LINK} ${real}`);
    expect(result.stderr).toContain(`error: ${csv}: cannot be imported until registers/corporate is fixed`);
    expect(result.stderr).toContain('Nothing was written.');
    expect(result.status).toBe(1);
    expect({ data: snapshotTree(data), real: snapshotTree(real) }).toEqual(before);
  }, 30_000);

  it('is not exported as if it had no risks, nor reported as no register (exit 1)', async () => {
    const { data, real } = linkedRegister();
    const result = await runCliAsync('export', ['--register', 'corporate', '--data-dir', data], ENV);
    expect(result.stderr).toContain(`error: ${join(data, 'registers/corporate')}: ${LINK} ${real}`);
    expect(result.stderr).toContain('Nothing was exported');
    expect(result.stdout).toBe('');
    expect(result.status).toBe(1);
  }, 30_000);
});

describe('import into a register folder without a readable register.json', () => {
  it('refuses to start a new register over the risks already there, saying what to restore (exit 1)', async () => {
    const { top, data } = workspace();
    rmSync(join(data, 'registers/corporate/register.json'));
    const csv = csvFile(top, 'id,title,owner,current_likelihood,current_impact\nCRR0042,A new risk,David Chen,2,2\n');
    const before = snapshotTree(data);
    const result = await runCliAsync('import', [csv, '--register', 'corporate', '--data-dir', data], ENV);
    expect(result.stderr).toContain(
      `error: ${join(data, 'registers/corporate/register.json')}: is missing, but the folder registers/corporate already holds files, which an import would take over as a new register's: restore register.json (from git, if it was deleted) or create it with the register's id, name and level, or move the folder away if it is not this register`,
    );
    expect(result.stderr).toContain('Nothing was written.');
    expect(result.status).toBe(1);
    expect(snapshotTree(data)).toEqual(before);
    expect(readFileSync(join(data, 'registers/corporate/risks/CRR0001.json'), 'utf8')).toBe(readFileSync(join(FIXTURE, 'registers/corporate/risks/CRR0001.json'), 'utf8'));
  }, 30_000);
});

/**
 * Root reads a file whatever its permissions, so chmod 000 stops no test run as root (as in
 * CI containers): there the command runs as root without the capabilities that override file
 * permissions (util-linux's setpriv), whom chmod 000 does stop. Where setpriv cannot drop them,
 * the tests below are skipped, saying so.
 */
const asRoot = process.getuid?.() === 0;
const WITHOUT_OVERRIDE = ['setpriv', '--bounding-set', '-dac_override,-dac_read_search', '--'];
const unprivilegedCanRun = !asRoot || spawnSync(WITHOUT_OVERRIDE[0]!, [...WITHOUT_OVERRIDE.slice(1), 'true']).status === 0;
const skipReason = 'running as root, and setpriv cannot drop the capabilities that override file permissions, so no file can be made unreadable';

function runUnprivileged(name: string, args: string[]): Promise<CliResult> {
  const command = [...(asRoot ? WITHOUT_OVERRIDE : []), process.execPath, '--import', 'tsx', `src/cli/${name}.ts`, ...args];
  const child = spawn(command[0]!, command.slice(1), { cwd: ROOT, env: { ...process.env, ...ENV } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return once(child, 'close').then(([status]) => ({ status: status as number | null, stdout, stderr }));
}

/** The small fixture, open to everyone but for one file and one folder nobody may read. */
function unreadableWorkspace(): string {
  const { top, data } = workspace();
  chmodSync(top, 0o755);
  chmodSync(join(data, 'people.json'), 0o000);
  chmodSync(join(data, 'registers/corporate/risks'), 0o000);
  writeFileSync(join(data, 'roles.json'), '{ "roles": [ }\n');
  return data;
}

const DENIED = 'cannot be read (permission denied): check its permissions';

describe.skipIf(!unprivilegedCanRun)(`a file or folder that cannot be read${unprivilegedCanRun ? '' : ` (skipped: ${skipReason})`}`, () => {
  it('is an error in validate naming its path, reported with every other problem (exit 1)', async () => {
    const data = unreadableWorkspace();
    const result = await runUnprivileged('validate', ['--data-dir', data]);
    expect(result.stderr).toBe('');
    const errors = result.stdout.split('\n').filter((line) => line.startsWith('error: '));
    // Only these: people.json not read is not also every reference to someone in it.
    expect(errors).toEqual([
      `error: ${join(data, 'people.json')}: ${DENIED}`,
      `error: ${join(data, 'registers/corporate/risks')}: ${DENIED}`,
      expect.stringMatching(new RegExp(`^error: ${join(data, 'roles.json')}: is not valid JSON`)),
    ]);
    expect(result.status).toBe(1);
  }, 30_000);

  it('stops export, naming it, rather than a bare system error (exit 1)', async () => {
    const data = unreadableWorkspace();
    const result = await runUnprivileged('export', ['--register', 'corporate', '--data-dir', data]);
    expect(result.stderr).toContain(`error: ${join(data, 'people.json')}: ${DENIED}`);
    expect(result.stderr).toContain(`error: ${join(data, 'registers/corporate/risks')}: ${DENIED}`);
    expect(result.stderr).toContain('Nothing was exported');
    expect(result.stderr).not.toContain('EACCES');
    expect(result.stdout).toBe('');
    expect(result.status).toBe(1);
  }, 30_000);
});
