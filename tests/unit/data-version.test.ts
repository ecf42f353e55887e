import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { readDataDir } from '../../src/core/data/read-dir.ts';
import { dataVersion, rebuildReason } from '../../src/node/site-rebuilds.ts';
import { makeTestRepo, type TestRepo } from '../helpers/git-repo.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/workspaces/small', import.meta.url));
const repos: TestRepo[] = [];
const dirs: string[] = [];
afterEach(() => {
  repos.splice(0).forEach((repo) => repo.cleanup());
  dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

function repoOfFixture(): TestRepo {
  const repo = makeTestRepo({ files: Object.fromEntries(readDataDir(FIXTURE)) });
  repos.push(repo);
  return repo;
}

describe('dataVersion (what npm start rebuilds on)', () => {
  it('stays the same while nothing changes', async () => {
    const repo = repoOfFixture();
    expect(await dataVersion(repo.dataDir)).toBe(await dataVersion(repo.dataDir));
  });

  it('changes when a data file is edited, even before it is committed', async () => {
    const repo = repoOfFixture();
    const before = await dataVersion(repo.dataDir);
    writeFileSync(join(repo.dataDir, 'people.json'), `${JSON.stringify({ people: [] })}\n`);
    expect(await dataVersion(repo.dataDir)).not.toBe(before);
  });

  it('changes with a new commit that leaves the files as they were, as the history pages show commits', async () => {
    const repo = repoOfFixture();
    const before = await dataVersion(repo.dataDir);
    repo.commit('Record the quarterly review');
    expect(await dataVersion(repo.dataDir)).not.toBe(before);
  });

  it('changes when a new day starts, on which overdue reviews and actions are judged, and only then', async () => {
    const repo = repoOfFixture();
    const on = (day: string) => dataVersion(repo.dataDir, { OVERSIGHT_TODAY: day });
    expect(await on('2026-12-07')).toBe(await on('2026-12-07'));
    expect(await on('2026-12-08')).not.toBe(await on('2026-12-07'));
    // npm start says which it is rebuilding for.
    expect(rebuildReason(await on('2026-12-07'), await on('2026-12-08'))).toBe(
      'It is now 8 December 2026: rebuilding the site, so that overdue reviews and actions are judged on the new day …',
    );
    const before = await on('2026-12-07');
    repo.commit('Record the quarterly review');
    expect(rebuildReason(before, await on('2026-12-08'))).toBe('The data has changed: rebuilding the site …');
  });

  it('works for a data directory outside git, and for one that has gone, without throwing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oversight-data-version-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'people.json'), '{"people":[]}\n');
    const present = await dataVersion(dir);
    rmSync(dir, { recursive: true });
    const gone = await dataVersion(dir);
    expect(gone).not.toBe(present);
    expect(gone).toContain('does not exist');
  });
});
