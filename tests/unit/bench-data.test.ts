import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDataDir } from '../../src/node/check-data-dir.ts';
import { generateHistoryRepo } from '../../src/node/bench/history-repo.ts';
import { loadBuildHistory } from '../../src/node/history/build-history.ts';

describe('the benchmark’s generated history', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oversight-bench-data-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is valid data at every commit, with every revision it was asked for', async () => {
    const repo = join(dir, 'repo');
    const made = await generateHistoryRepo(repo, { risks: 12, revisions: 4, registers: 2 });
    expect(made.commits).toBe(1 + 3 * 12);
    const check = checkDataDir(repo);
    expect(check.ok).toBe(true);
    const { history } = await loadBuildHistory(repo, check.files);
    expect(history.commits).toHaveLength(made.commits);
    // A review dated after its commit would make a commit invalid and the benchmark's history pages unlike real ones.
    expect(history.commits.flatMap((c) => c.problems.map((p) => `${c.day} ${p.file}: ${p.message}`))).toEqual([]);
    expect([...history.risks.values()].map((r) => r.revisions.length)).toEqual(Array.from({ length: 12 }, () => 4));
  });
});
