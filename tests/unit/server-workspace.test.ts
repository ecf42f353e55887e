import { cpSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadServerWorkspace } from '../../src/http/workspace-source.ts';
import { tempFolders } from '../helpers/temp-folders.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/workspaces/small', import.meta.url));
const folder = tempFolders('server-workspace');

function copyOfFixture(): string {
  const dir = folder();
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

const PEOPLE = 'people.json';
/** people.json with one person renamed: `rename` replaces the file as git and our writers do, else it is written in place. */
function renameFirstPerson(dir: string, name: string, how: 'rename' | 'in place'): void {
  const people = JSON.parse(readFileSync(join(dir, PEOPLE), 'utf8')) as { people: { name: string }[] };
  people.people[0]!.name = name;
  const text = `${JSON.stringify(people, null, 2)}\n`;
  if (how === 'in place') writeFileSync(join(dir, PEOPLE), text);
  else {
    writeFileSync(join(dir, `.${PEOPLE}.tmp`), text);
    renameSync(join(dir, `.${PEOPLE}.tmp`), join(dir, PEOPLE));
  }
}

describe('loadServerWorkspace', () => {
  it('reads the data directory once while its files stay the same', () => {
    const env = { OVERSIGHT_DATA_DIR: copyOfFixture() };
    expect(loadServerWorkspace(env)).toBe(loadServerWorkspace(env));
  });

  it.each(['rename', 'in place'] as const)('reads it again once a file is replaced (%s), so the change takes effect without a restart', (how) => {
    const dir = copyOfFixture();
    const before = loadServerWorkspace({ OVERSIGHT_DATA_DIR: dir });
    // A name of the same length: the file keeps its size, so only its inode or time tells.
    const name = 'Z'.repeat(before.people[0]!.name.length);
    renameFirstPerson(dir, name, how);
    const after = loadServerWorkspace({ OVERSIGHT_DATA_DIR: dir });
    expect(after.people[0]?.name).toBe(name);
    expect(before.people[0]?.name).not.toBe(name);
  });

  it('reads it again when a file is added or removed', () => {
    const dir = copyOfFixture();
    const before = loadServerWorkspace({ OVERSIGHT_DATA_DIR: dir });
    const file = join(dir, 'registers', 'corporate', 'risks', 'CRR0001.json');
    const risk = readFileSync(file, 'utf8');
    rmSync(file);
    const without = loadServerWorkspace({ OVERSIGHT_DATA_DIR: dir });
    expect(without.registers.flatMap((r) => r.risks.map((e) => e.risk.id))).not.toContain('CRR0001');
    writeFileSync(file, risk);
    const again = loadServerWorkspace({ OVERSIGHT_DATA_DIR: dir });
    expect(again.registers.flatMap((r) => r.risks.map((e) => e.risk.id))).toContain('CRR0001');
    expect(before).not.toBe(again);
  });

  it('reads another data directory as that one', () => {
    const [a, b] = [copyOfFixture(), copyOfFixture()];
    renameFirstPerson(b, 'Only In B', 'rename');
    expect(loadServerWorkspace({ OVERSIGHT_DATA_DIR: a }).people[0]?.name).not.toBe('Only In B');
    expect(loadServerWorkspace({ OVERSIGHT_DATA_DIR: b }).people[0]?.name).toBe('Only In B');
  });
});
