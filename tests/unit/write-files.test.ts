import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeFilesAtomically } from '../../src/node/write-files.ts';

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
