import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILD_SECRETS, DIST, DIST_WITH_RESTRICTED, ROOT } from '../helpers/paths.ts';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** Every secret the test environment holds: the build's, and the local server's generated ones. */
function secrets(): string[] {
  const found: string[] = Object.values(BUILD_SECRETS);
  const local = join(ROOT, '.oversight/local-secrets.json');
  if (existsSync(local)) {
    const parsed = JSON.parse(readFileSync(local, 'utf8')) as { clientSecret?: string; sessionKey?: string; jwks?: { keys?: { d?: string; p?: string; q?: string }[] } };
    found.push(...[parsed.clientSecret, parsed.sessionKey].filter((s): s is string => typeof s === 'string'));
    for (const key of parsed.jwks?.keys ?? []) found.push(...[key.d, key.p, key.q].filter((s): s is string => typeof s === 'string'));
  }
  return found;
}

/** Every file under the folders, each named with the start of every secret it holds. */
function scan(dirs: readonly string[], secrets: readonly string[]): { files: number; leaks: string[] } {
  const files = dirs.flatMap(filesUnder);
  const leaks = files.flatMap((file) => {
    const text = readFileSync(file, 'latin1');
    return secrets.filter((secret) => text.includes(secret)).map((secret) => `${file}: ${secret.slice(0, 6)}…`);
  });
  return { files: files.length, leaks };
}

describe('the built site holds no secrets', () => {
  it('scans every file of both builds for every secret in the environment', () => {
    const all = secrets();
    expect(all.length).toBeGreaterThanOrEqual(3);
    const { files, leaks } = scan([DIST, DIST_WITH_RESTRICTED], all);
    expect(files).toBeGreaterThan(20);
    expect(leaks).toEqual([]);
  });

  it('would notice a secret if one were there', () => {
    // Guards the scan itself: the same scan of a folder with a secret planted deep in one file.
    const dir = mkdtempSync(join(tmpdir(), 'oversight-secret-scan-'));
    try {
      const planted = join(dir, '_astro', 'chunk.js');
      mkdirSync(join(dir, '_astro'));
      writeFileSync(join(dir, 'index.html'), '<p>Nothing to see</p>\n');
      writeFileSync(planted, `export const config = { clientSecret: "${BUILD_SECRETS.OVERSIGHT_OIDC_CLIENT_SECRET}" };\n`);
      expect(scan([dir], secrets())).toEqual({ files: 2, leaks: [`${planted}: ${BUILD_SECRETS.OVERSIGHT_OIDC_CLIENT_SECRET.slice(0, 6)}…`] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
