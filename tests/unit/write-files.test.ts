import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeFilesAtomically } from '../../src/node/write-files.ts';
import { ROOT } from '../helpers/paths.ts';
import { snapshotTree } from '../helpers/snapshot.ts';
import { tempFolders } from '../helpers/temp-folders.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'oversight-write-'));
  mkdirSync(join(dir, 'registers/corporate/risks'), { recursive: true });
  writeFileSync(join(dir, 'people.json'), 'old people\n');
  writeFileSync(join(dir, 'registers/corporate/risks/CRR0001.json'), 'old risk\n');
  // A regular file where a folder would need to be.
  writeFileSync(join(dir, 'registers/blocked'), 'not a folder\n');
});
afterEach(() => {
  vi.doUnmock('node:fs/promises');
  vi.resetModules();
  rmSync(dir, { recursive: true, force: true });
});

/** Every path under dir, dotfiles included, with file contents. */
function snapshot(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const abs = join(entry.parentPath, entry.name);
    out[relative(dir, abs)] = entry.isFile() ? readFileSync(abs, 'utf8') : '<dir>';
  }
  return out;
}

describe('writeFilesAtomically', () => {
  it('writes new files, makes their folders, replaces existing files and leaves no temporary files', async () => {
    await writeFilesAtomically(
      dir,
      new Map([
        ['people.json', 'new people\n'],
        ['registers/asc/register.json', '{}\n'],
        ['registers/asc/risks/ASC0001.json', 'new risk\n'],
      ]),
    );
    expect(snapshot()).toEqual({
      'people.json': 'new people\n',
      registers: '<dir>',
      'registers/blocked': 'not a folder\n',
      'registers/asc': '<dir>',
      'registers/asc/register.json': '{}\n',
      'registers/asc/risks': '<dir>',
      'registers/asc/risks/ASC0001.json': 'new risk\n',
      'registers/corporate': '<dir>',
      'registers/corporate/risks': '<dir>',
      'registers/corporate/risks/CRR0001.json': 'old risk\n',
    });
  });

  it('keeps the permissions of each file it replaces, and gives new files the usual ones', async () => {
    const mode = (path: string): number => statSync(join(dir, path)).mode & 0o7777;
    chmodSync(join(dir, 'people.json'), 0o600);
    chmodSync(join(dir, 'registers/corporate/risks/CRR0001.json'), 0o640);
    writeFileSync(join(dir, 'usual.json'), '');
    await writeFilesAtomically(
      dir,
      new Map([
        ['people.json', 'new people\n'],
        ['registers/corporate/risks/CRR0001.json', 'new risk\n'],
        ['registers/corporate/risks/CRR0002.json', 'another risk\n'],
      ]),
    );
    expect(readFileSync(join(dir, 'people.json'), 'utf8')).toBe('new people\n');
    expect(mode('people.json')).toBe(0o600);
    expect(mode('registers/corporate/risks/CRR0001.json')).toBe(0o640);
    expect(mode('registers/corporate/risks/CRR0002.json')).toBe(mode('usual.json'));
  });

  it('changes nothing when one target cannot be written because its parent is a file', async () => {
    const before = snapshot();
    const write = writeFilesAtomically(
      dir,
      new Map([
        ['people.json', 'new people\n'],
        ['registers/asc/risks/ASC0001.json', 'new risk\n'],
        ['registers/corporate/risks/CRR0001.json', 'new risk\n'],
        ['registers/blocked/risks/BLK0001.json', 'cannot be written\n'],
      ]),
    );
    await expect(write).rejects.toThrow(/ENOTDIR|EEXIST/);
    // No temporary files, and the folders made for registers/asc removed again.
    expect(snapshot()).toEqual(before);
  });

  it('changes nothing when a target is a folder', async () => {
    const before = snapshot();
    const write = writeFilesAtomically(
      dir,
      new Map([
        ['people.json', 'new people\n'],
        ['registers/corporate/risks', 'not a file\n'],
      ]),
    );
    await expect(write).rejects.toThrow('cannot write registers/corporate/risks: it exists and is not a file');
    expect(snapshot()).toEqual(before);
  });

  it('refuses paths outside the folder before writing anything', async () => {
    const before = snapshot();
    await expect(writeFilesAtomically(dir, new Map([['people.json', 'x'], ['../escape.json', 'x']]))).rejects.toThrow(
      'cannot write ../escape.json: the path must be inside the folder',
    );
    await expect(writeFilesAtomically(dir, new Map([['/etc/passwd', 'x']]))).rejects.toThrow('the path must be inside the folder');
    expect(snapshot()).toEqual(before);
  });

  it('puts back the files already replaced if a later rename fails', async () => {
    vi.resetModules();
    vi.doMock('node:fs/promises', async (importOriginal) => {
      const actual = await importOriginal<typeof import('node:fs/promises')>();
      let renames = 0;
      return {
        ...actual,
        rename: async (from: string, to: string): Promise<void> => {
          renames += 1;
          if (renames === 3) throw Object.assign(new Error('EIO: simulated failure'), { code: 'EIO' });
          return actual.rename(from, to);
        },
      };
    });
    const { writeFilesAtomically: write } = await import('../../src/node/write-files.ts');
    chmodSync(join(dir, 'people.json'), 0o600);
    const before = snapshot();
    await expect(
      write(
        dir,
        new Map([
          ['people.json', 'new people\n'],
          ['registers/asc/risks/ASC0001.json', 'new risk\n'],
          ['registers/corporate/risks/CRR0001.json', 'new risk\n'],
        ]),
      ),
    ).rejects.toThrow('EIO: simulated failure');
    expect(snapshot()).toEqual(before);
    expect(statSync(join(dir, 'people.json')).mode & 0o7777).toBe(0o600);
  });
});

describe('npm run import, interrupted by a signal while it writes (a real child process)', () => {
  const FIXTURE = join(ROOT, 'tests/fixtures/workspaces/small');
  const ROWS = 1000;
  const folder = tempFolders('interrupt');

  /** A copy of the small fixture, and a CSV adding ROWS new risks to its corporate register. */
  function bigImport(): { data: string; csv: string } {
    const top = folder();
    const data = join(top, 'data');
    cpSync(FIXTURE, data, { recursive: true });
    const rows = Array.from({ length: ROWS }, (_, i) => `CRR${1000 + i},Risk ${i},David Chen,2,3`);
    const csv = join(top, 'big.csv');
    writeFileSync(csv, `id,title,owner,current_likelihood,current_impact\n${rows.join('\n')}\n`);
    return { data, csv };
  }

  /**
   * Starts the import and, the moment a file whose name matches `at` appears among the risks,
   * freezes it (SIGSTOP, so it cannot run on meanwhile), sends `signal` and lets it go on.
   */
  async function interrupt(data: string, csv: string, at: RegExp, signal: NodeJS.Signals): Promise<{ code: number | null; stderr: string; sent: boolean }> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/import.ts', csv, '--register', 'corporate', '--data-dir', data], {
      cwd: ROOT,
      env: { ...process.env, OVERSIGHT_DATA_DIR: '', OVERSIGHT_TODAY: '2021-02-15' },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    let sent = false;
    const watcher = watch(join(data, 'registers/corporate/risks'), (_event, name) => {
      if (sent || name === null || !at.test(name)) return;
      sent = true;
      child.kill('SIGSTOP');
      child.kill(signal);
      child.kill('SIGCONT');
    });
    const [code] = (await once(child, 'close')) as [number | null];
    watcher.close();
    return { code, stderr, sent };
  }

  it.each([
    { when: 'while it writes the temporary files', at: /^\.CRR\d+\.json\.[0-9a-f]+\.tmp$/, signal: 'SIGTERM', exitCode: 143 },
    { when: 'once it renames files into place', at: /^CRR1\d{3}\.json$/, signal: 'SIGINT', exitCode: 130 },
  ] as const)('$signal $when: everything is put back, no temporary file is left, and it exits $exitCode', async ({ at, signal, exitCode }) => {
    const { data, csv } = bigImport();
    const before = snapshotTree(data);
    const result = await interrupt(data, csv, at, signal);
    expect(result.sent).toBe(true);
    expect(snapshotTree(data)).toEqual(before);
    expect(result.stderr).toBe(`error: could not write to ${data}: interrupted (${signal}) while writing; every file was left as it was\nNothing was written.\n`);
    expect(result.code).toBe(exitCode);
  }, 120_000);
});
