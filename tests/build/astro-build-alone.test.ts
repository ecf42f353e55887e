import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copySite } from '../../src/node/bench/site-copy.ts';
import { ROOT, TEST_TODAY } from '../helpers/paths.ts';

/**
 * `astro build` run by hand, without the build CLI: no OVERSIGHT_DATA_DIR, so the pages find
 * ./data from where Astro runs. A copy of the site, so its .astro/, .netlify/ and dist/ are its
 * own and no other build test races it.
 */
describe('astro build on its own', () => {
  const work = join(ROOT, '.oversight', 'tests');
  mkdirSync(work, { recursive: true });
  const site = copySite(mkdtempSync(join(work, 'astro-alone-')));
  afterAll(() => rmSync(site, { recursive: true, force: true }));

  it('builds every page from ./data, measures included', () => {
    cpSync(join(ROOT, 'data'), join(site, 'data'), { recursive: true });
    const env: NodeJS.ProcessEnv = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', OVERSIGHT_TODAY: TEST_TODAY };
    delete env['OVERSIGHT_DATA_DIR'];
    const built = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'astro', 'astro.js'), 'build'], { cwd: site, env, encoding: 'utf8', timeout: 300_000 });
    expect(built.status, built.stderr).toBe(0);
    const page = (path: string): string => readFileSync(join(site, 'dist', path), 'utf8');
    expect(page('registers/adult-social-care/index.html')).toContain('data-risk="ASC0003"');
    expect(page('measures/index.html')).toContain('/measures/DOLS-APP/');
    expect(page('measures/DOLS-APP/index.html')).toContain('Deprivation of Liberty Safeguards applications received');
  }, 300_000);
});
