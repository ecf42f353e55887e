import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditPageCount, expectedPageCount } from '../../src/node/bench/page-count.ts';
import { gitEnv } from '../helpers/git-repo.ts';
import { ROOT } from '../helpers/paths.ts';

const scratch = mkdtempSync(join(tmpdir(), 'oversight-page-count-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const PAGES = join(ROOT, 'src', 'pages');
const params = { register: 2, risk: 3, measure: 1, baseline: 1, '...year': 2 };

describe("the bench's page count", () => {
  it('knows every route parameter in src/pages, with two pages a risk and one a financial year of the audit trail', () => {
    const pages = expectedPageCount(PAGES, params);
    expect(expectedPageCount(PAGES, { ...params, risk: 4 }) - pages).toBe(2);
    expect(expectedPageCount(PAGES, { ...params, '...year': 3 }) - pages).toBe(1);
  });

  it('refuses a route whose parameter it is not told', () => {
    const dir = join(scratch, 'pages');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '[team].astro'), '');
    expect(() => expectedPageCount(dir, params)).toThrow('src/pages/[team].astro');
  });

  it('counts /audit/ and a page for each financial year the commits fall in, by the UK date', async () => {
    const repo = join(scratch, 'repo');
    mkdirSync(repo, { recursive: true });
    const git = (args: string[], when?: string): void => {
      const env = { ...gitEnv(), GIT_AUTHOR_NAME: 'Dana', GIT_AUTHOR_EMAIL: 'dana@example.org', GIT_COMMITTER_NAME: 'Dana', GIT_COMMITTER_EMAIL: 'dana@example.org' };
      execFileSync('git', ['-c', 'commit.gpgsign=false', ...args], { cwd: repo, env: when === undefined ? env : { ...env, GIT_AUTHOR_DATE: when, GIT_COMMITTER_DATE: when } });
    };
    git(['init', '--quiet', '-b', 'main']);
    // 31 March 2026 at 23:30 UTC is already 1 April in the UK (British Summer Time): the 2026-27 year.
    for (const when of ['2025-06-01T12:00:00Z', '2026-03-31T23:30:00Z']) git(['commit', '--quiet', '--allow-empty', '-m', when], when);
    await expect(auditPageCount(repo)).resolves.toBe(3);
  });
});
