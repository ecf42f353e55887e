import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { pinnedHistoryCopy } from './pinned-history.ts';
import { runCli } from './run-cli.ts';
import { BUILD_SECRETS, DIST, DIST_WITH_RESTRICTED, ROOT, TEST_TODAY } from './paths.ts';

/**
 * Vitest global setup: builds the sample data twice (with and without restricted registers).
 * The data is ROOT/data as it is, but its history is a copy with no commit after TEST_TODAY,
 * so committing to data/ on a later day changes no audit trail, baseline or direction of travel.
 * Returns the teardown, which removes the copy.
 */
export default async function setup(): Promise<() => void> {
  const copy = await pinnedHistoryCopy(ROOT, 'data', TEST_TODAY);
  try {
    // The secrets are there so the secret scan can prove the build never copies them into the site.
    const env = { OVERSIGHT_DATA_DIR: copy.dataDir, OVERSIGHT_TODAY: TEST_TODAY, OVERSIGHT_INCLUDE_RESTRICTED: '', ...BUILD_SECRETS };
    const withRestricted = runCli('build', ['--include-restricted'], env);
    if (withRestricted.status !== 0) throw new Error(`build --include-restricted failed:\n${withRestricted.stdout}\n${withRestricted.stderr}`);
    rmSync(DIST_WITH_RESTRICTED, { recursive: true, force: true });
    mkdirSync(dirname(DIST_WITH_RESTRICTED), { recursive: true });
    cpSync(DIST, DIST_WITH_RESTRICTED, { recursive: true });
    const published = runCli('build', [], env);
    if (published.status !== 0) throw new Error(`build failed:\n${published.stdout}\n${published.stderr}`);
  } catch (err) {
    copy.cleanup();
    throw err;
  }
  return () => copy.cleanup();
}
