import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readDataDir } from '../../src/core/data/read-dir.ts';
import { copyProjectForStart, runNpmStart, type RunningStart } from '../../src/node/bench/npm-start.ts';
import { DEFAULT_API_AUDIENCE, DEV_TOKEN_GRANT_TYPE, LOCAL_CLIENT_ID } from '../../src/server/oidc/local-defaults.ts';
import { gitEnvWithoutSettings, makeTestRepo, type TestRepo } from '../helpers/git-repo.ts';
import { ROOT, TEST_TODAY } from '../helpers/paths.ts';

/**
 * npm start as a person runs it, in a copy of the project (so the dist/ the other tests read is
 * left alone), over the sample data in a fresh repository: it serves the site, and when the data
 * changes it builds the site again and serves that, but never publishes data that does not
 * validate.
 */
const RISK = 'registers/corporate/risks/COR0001.json';
const WAIT = { timeout: 240_000, interval: 250 };

let project: string;
let repo: TestRepo;
let start: RunningStart | undefined;
let url = '';
const output = (): string => start?.output() ?? '';

beforeAll(async () => {
  mkdirSync(join(ROOT, '.oversight'), { recursive: true });
  project = copyProjectForStart(mkdtempSync(join(ROOT, '.oversight', 'test-start-')));
  repo = makeTestRepo({ files: Object.fromEntries(readDataDir(join(ROOT, 'data'))) });
  start = await runNpmStart(project, { ...gitEnvWithoutSettings(), PORT: '0', OVERSIGHT_DATA_DIR: repo.dataDir, OVERSIGHT_TODAY: TEST_TODAY });
  url = start.url;
}, 300_000);

afterAll(async () => {
  await start?.stop();
  repo?.cleanup();
  if (project) rmSync(project, { recursive: true, force: true });
});

async function riskHeading(): Promise<string> {
  const html = await (await fetch(`${url}/risks/COR0001/`)).text();
  return /<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1] ?? '';
}

function retitle(title: string, extra: Record<string, string> = {}): void {
  const risk = JSON.parse(readFileSync(join(repo.dataDir, RISK), 'utf8')) as Record<string, unknown>;
  repo.commit(`Retitle COR0001 "${title}"`, { [RISK]: `${JSON.stringify({ ...risk, title }, null, 2)}\n`, ...extra });
}

const NEW_STARTER = { id: 'new-starter', name: 'New Starter', email: 'new.starter@northmoor.example' };

/** people.json with one more person in it. */
function peopleWithNewStarter(): string {
  const { people } = JSON.parse(readFileSync(join(repo.dataDir, 'people.json'), 'utf8')) as { people: unknown[] };
  return `${JSON.stringify({ people: [...people, NEW_STARTER] }, null, 2)}\n`;
}

/** Asks npm start's identity provider for a development token, as npm run dev-token does. */
async function devTokenStatus(person: string): Promise<number> {
  const { clientSecret } = JSON.parse(readFileSync(join(project, '.oversight', 'local-secrets.json'), 'utf8')) as { clientSecret: string };
  const response = await fetch(`${url}/oidc/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${LOCAL_CLIENT_ID}:${clientSecret}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: DEV_TOKEN_GRANT_TYPE, person, resource: DEFAULT_API_AUDIENCE }),
  });
  return response.status;
}

describe('npm start', () => {
  it('serves the site as built, then keeps serving it while the data does not validate, saying why', async () => {
    expect(await riskHeading()).toBe('COR0001: Medium-term financial sustainability');
    const before = output().length;
    retitle('');
    await vi.waitFor(() => expect(output().slice(before)).toContain('The site was not rebuilt: still serving the previous one.'), WAIT);
    expect(output().slice(before)).toMatch(/COR0001\.json title: .+/);
    expect(await riskHeading()).toBe('COR0001: Medium-term financial sustainability');
  }, 300_000);

  it('rebuilds the site when the data changes again, and serves it at the same address; new people can sign in', async () => {
    expect(await devTokenStatus(NEW_STARTER.email)).toBe(400);
    const before = output().length;
    retitle('Medium-term financial resilience', { 'people.json': peopleWithNewStarter() });
    await vi.waitFor(() => expect(output().slice(before)).toMatch(/Rebuilt in [\d.]+ s: serving the new site\./), WAIT);
    // The sample data's warnings (overdue reviews and actions) are those of the first build: named once, not again.
    expect(output().slice(0, before)).toMatch(/^warning: /m);
    expect(output().slice(before)).toMatch(/^\d+ warnings, the same as the last build's\.$/m);
    expect(output().slice(before)).not.toMatch(/^warning: /m);
    expect(await riskHeading()).toBe('COR0001: Medium-term financial resilience');
    // The rebuilt site is npm start's own; dist/ stays as npm start first built it.
    expect(readFileSync(join(project, 'dist', 'risks', 'COR0001', 'index.html'), 'utf8')).toContain('Medium-term financial sustainability');
    expect(readdirSync(join(project, '.oversight', 'start'))).toEqual(['site-2']);
    expect(await devTokenStatus(NEW_STARTER.email)).toBe(200);
  }, 300_000);

  it('stops on SIGTERM with exit code 0, leaving the site it served', async () => {
    expect(await start!.stop()).toBe(0);
    expect(existsSync(join(project, '.oversight', 'start', 'site-2', 'index.html'))).toBe(true);
  });
});
