import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

describe('the built site holds no secrets', () => {
  it('scans every file of both builds for every secret in the environment', () => {
    const all = secrets();
    expect(all.length).toBeGreaterThanOrEqual(3);
    const files = [...filesUnder(DIST), ...filesUnder(DIST_WITH_RESTRICTED)];
    expect(files.length).toBeGreaterThan(20);
    const leaks = files.flatMap((file) => {
      const text = readFileSync(file, 'latin1');
      return all.filter((secret) => text.includes(secret)).map((secret) => `${file}: ${secret.slice(0, 6)}…`);
    });
    expect(leaks).toEqual([]);
  });

  it('would notice a secret if one were there', () => {
    // Guards the scan itself: the same check on text that does contain a secret.
    const text = `const key = "${BUILD_SECRETS.OVERSIGHT_OIDC_CLIENT_SECRET}";`;
    expect(secrets().some((s) => text.includes(s))).toBe(true);
  });
});
