import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { gitEnv } from '../helpers/git-repo.ts';
import { request, SAMPLE_DATA_DIR, startHarness, type Harness } from '../helpers/functions-harness.ts';

/*
 * A data directory that is not in git yet, as after `npm run import` into a new folder: the
 * site builds from it, but proposals need git. The functions say so plainly and log why, and
 * work as soon as the folder is put in git, without a restart.
 */

let h: Harness;
let dataDir: string;

beforeAll(async () => {
  dataDir = join(mkdtempSync(join(tmpdir(), 'oversight-not-in-git-')), 'data');
  cpSync(SAMPLE_DATA_DIR, dataDir, { recursive: true });
  h = await startHarness({ env: { OVERSIGHT_DATA_DIR: dataDir } });
});

afterAll(async () => {
  await h.close();
  rmSync(join(dataDir, '..'), { recursive: true, force: true });
});

it('answers 500 with a plain message and logs that the data directory is not in git, then answers once it is', async () => {
  const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const auth = { authorization: `Bearer ${await h.token('owner')}` };
    const refused = await h.send(request('GET', '/api/risks/ASC0002', auth));
    expect(refused.status).toBe(500);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('internal');
    expect(errors).toHaveBeenCalledTimes(1);
    expect(JSON.parse(String(errors.mock.calls[0]![0]))).toMatchObject({
      event: 'failed',
      path: '/api/risks/ASC0002',
      error: `Error: ${dataDir} is not inside a git working tree: proposals need the data directory in a git repository`,
    });

    const git = (...args: string[]) => execFileSync('git', args, { cwd: dataDir, env: { ...gitEnv(), GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.org', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.org' } });
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-q', '-m', 'The registers');
    const answered = await h.send(request('GET', '/api/risks/ASC0002', auth));
    expect(answered.status).toBe(200);
    expect(((await answered.json()) as { id: string }).id).toBe('ASC0002');
  } finally {
    errors.mockRestore();
  }
});
