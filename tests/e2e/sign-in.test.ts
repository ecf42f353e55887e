import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDataDir } from '../../src/core/data/read-dir.ts';
import { loadWorkspace } from '../../src/core/data/load.ts';
import { startLocalServer, type LocalServer } from '../../src/server/local-server.ts';
import { axeViolations, collectPageErrors, launchChromium } from '../helpers/browser.ts';
import { brokenLinks } from '../helpers/links.ts';
import { DIST, ROOT } from '../helpers/paths.ts';

const DATA = join(ROOT, 'data');
let browser: Browser;
let server: LocalServer;
let secretsDir: string;

beforeAll(async () => {
  secretsDir = mkdtempSync(join(tmpdir(), 'oversight-sign-in-'));
  // The local server exactly as npm start runs it, with the embedded identity provider.
  // The functions read process.env, as on Netlify; each test file runs in its own process.
  delete process.env['OVERSIGHT_OIDC_ISSUER'];
  server = await startLocalServer({ distDir: DIST, dataDir: DATA, port: 0, env: process.env, secretsFile: join(secretsDir, 'secrets.json') });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(secretsDir, { recursive: true, force: true });
});

/** Kate Morrison's risks as the data records them: owned or delegated, open, in published registers. */
function katesOpenRisks(): string[] {
  const { workspace } = loadWorkspace(readDataDir(DATA));
  return workspace.registers
    .filter((r) => r.register.classification === 'unrestricted')
    .flatMap((r) => r.risks.map((e) => e.risk))
    .filter((risk) => risk.status === 'open' && (risk.owners.includes('kate-morrison') || (risk.delegates ?? []).includes('kate-morrison')))
    .map((risk) => risk.id)
    .sort();
}

/**
 * A proposal for /api/proposals to list: the sample data has none, and an empty list is said in
 * words, with no table.
 */
async function listAProposal(context: BrowserContext): Promise<void> {
  const proposal = { id: 'a1b2c3d4', title: 'ASC0001: current 16 → 12', author: 'Kate Morrison', createdAt: '2026-11-23T12:00:00Z', url: '/proposals/a1b2c3d4', state: 'open' };
  await context.route('**/api/proposals', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify([proposal]) }));
}

describe('signing in through the embedded identity provider', () => {
  it('signs in as a risk owner, shows their name and My risks, then signs out', async () => {
    // Under the site's own Content Security Policy, as deployed.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await listAProposal(context);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/registers/adult-social-care/`);
    await page.getByRole('link', { name: 'Sign in' }).click();

    // The provider's own page, on the same port under /oidc, as a council's provider would be.
    expect(new URL(page.url()).pathname).toMatch(/^\/oidc\//);
    await page.getByLabel('Email address or person id').fill('kate.morrison@northmoor.example');
    await page.getByRole('button', { name: /sign in/i }).click();

    // Back where sign-in started, with the name in the header.
    await page.waitForURL(`${server.url}/registers/adult-social-care/`);
    await expect.poll(() => page.locator('[data-signed-in-as]').textContent()).toBe('Kate Morrison');

    await page.getByRole('link', { name: 'My risks' }).click();
    await page.waitForURL(`${server.url}/my-risks/`);
    await expect.poll(async () => (await page.locator('[data-my-risks] tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset['risk']))).sort()).toEqual(katesOpenRisks());

    await page.screenshot({ path: fileURLToPath(new URL('./screenshots/my-risks.png', import.meta.url)), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    // The table, rendered in the browser, is in a region named by its caption. It fits 1280 pixels,
    // so it is no tab stop; on a 320-pixel screen it scrolls in the region, which a keyboard can
    // then reach, and the page does not scroll.
    const region = page.getByRole('region', { name: 'Risks owned by or delegated to Kate Morrison' });
    expect(await region.locator('table[data-my-risks]').count()).toBe(1);
    await expect.poll(() => region.getAttribute('tabindex')).toBeNull();
    await page.setViewportSize({ width: 320, height: 640 });
    await expect.poll(() => region.getAttribute('tabindex')).toBe('0');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    // Loaded on a narrow screen, the proposals table is a tab stop from the start, and stops being one when the window widens.
    await page.goto(`${server.url}/proposals/`);
    await page.locator('table[data-proposals]').waitFor();
    const proposals = page.getByRole('region', { name: /^Proposals \(\d+\)$/ });
    await expect.poll(() => proposals.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    expect(await proposals.getAttribute('tabindex')).toBe('0');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    await page.setViewportSize({ width: 1280, height: 900 });
    await expect.poll(() => proposals.getAttribute('tabindex')).toBeNull();

    const me = await page.evaluate(async () => (await fetch('/api/me')).json() as Promise<{ person: { id: string } }>);
    expect(me.person.id).toBe('kate-morrison');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${server.url}/`);
    await expect.poll(() => page.getByRole('link', { name: 'Sign in' }).count()).toBe(1);
    expect(await page.locator('[data-signed-in-as]').count()).toBe(0);
    expect((await context.cookies()).map((c) => c.name)).not.toContain('oversight-signed-in');
    const after = await page.evaluate(async () => (await fetch('/api/me')).status);
    expect(after).toBe(401);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('after signing out, Back shows neither the name nor the risks and proposals, though the browser keeps the page as it was', async () => {
    const cached = await launchChromium({ backForwardCache: true });
    const context = await cached.newContext({ viewport: { width: 1280, height: 900 } });
    await listAProposal(context);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    const signIn = async (): Promise<void> => {
      await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Sign in' }).click();
      await page.getByLabel('Email address or person id').fill('kate.morrison@northmoor.example');
      await page.getByRole('button', { name: /sign in/i }).click();
      await page.waitForURL(`${server.url}/proposals/`);
    };
    await page.goto(`${server.url}/proposals/`);
    await signIn();
    for (const [path, list, signedOut] of [
      ['/proposals/', 'proposal-list', 'You need to sign in to see proposals.'],
      ['/my-risks/', 'my-risks', 'You need to sign in to see the risks you own.'],
    ] as const) {
      await page.goto(`${server.url}${path}`);
      await expect.poll(() => page.locator('[data-signed-in-as]').textContent()).toBe('Kate Morrison');
      await page.locator(`${list} table`).waitFor();
      // Marks this page, to tell a page shown again from the cache from one loaded afresh.
      await page.evaluate(() => addEventListener('pageshow', (event) => (document.body.dataset['shownAgain'] = String(event.persisted))));
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${server.url}/`);
      await page.goBack({ waitUntil: 'commit' });
      await expect.poll(() => page.locator('body').getAttribute('data-shown-again')).toBe('true');
      await expect.poll(async () => ((await page.locator(list).textContent()) ?? '').trim()).toBe(signedOut);
      expect(await page.locator('[data-signed-in-as]').count()).toBe(0);
      expect(await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Sign in' }).count()).toBe(1);
      // Signed in again, for My risks.
      if (path === '/proposals/') await signIn();
    }
    expect(errors).toEqual([]);
    await cached.close();
  });

  it('shows My risks without JavaScript: the page links to a plain list, which asks the owner to sign in first', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/my-risks/`);
    await page.getByRole('link', { name: 'See your risks' }).click();
    expect(new URL(page.url()).pathname).toMatch(/^\/oidc\//);
    await page.getByLabel('Email address or person id').fill('kate.morrison@northmoor.example');
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(`${server.url}/my-risks/all`);
    const table = page.getByRole('table', { name: /^Risks owned by or delegated to Kate Morrison \(\d+\)$/ });
    const risks = await table.locator('tbody th a').evaluateAll((links) => links.map((a) => (a.textContent ?? '').split(':')[0]));
    expect(risks.sort()).toEqual(katesOpenRisks());
    await table.getByRole('link', { name: /^ASC0001: / }).waitFor();
    // axe runs as a script: the same page, signed in with the same cookies, in a browser with JavaScript.
    const checker = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await checker.addCookies(await context.cookies());
    const checked = await checker.newPage();
    await checked.goto(`${server.url}/my-risks/all`);
    expect(await checked.getByRole('heading', { level: 1 }).textContent()).toBe('My risks');
    expect(brokenLinks(DIST, '/my-risks/all', await checked.content())).toEqual([]);
    expect(await axeViolations(checked)).toEqual([]);
    await checked.setViewportSize({ width: 320, height: 640 });
    expect(await checked.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    expect(await axeViolations(checked)).toEqual([]);
    await checker.close();
    await context.close();
  });

  it('asks /api/me only in a browser that has signed in, and stops asking once the session has ended', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const asked: string[] = [];
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === '/api/me' || url.pathname === '/fence') asked.push(url.pathname);
      return url.pathname === '/fence' ? route.fulfill({ status: 204 }) : route.continue();
    });
    /** Opens a page and returns the /api/me requests its header made: a later request fences them off. */
    const meRequestsOn = async (path: string): Promise<number> => {
      asked.length = 0;
      await page.goto(`${server.url}${path}`);
      await page.evaluate(() => customElements.whenDefined('oversight-account'));
      await page.evaluate(() => fetch('/fence'));
      await expect.poll(() => asked.includes('/fence')).toBe(true);
      return asked.filter((p) => p === '/api/me').length;
    };
    // Ours, not the embedded provider's own.
    const cookies = async (): Promise<Map<string, boolean>> => new Map((await context.cookies()).filter((c) => c.name.startsWith('oversight-')).map((c) => [c.name, c.httpOnly]));

    // A reader who never signs in: no function call, no 401 in the log or the console.
    expect(await meRequestsOn('/registers/adult-social-care/')).toBe(0);
    expect(await meRequestsOn('/risks/ASC0001/')).toBe(0);

    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Email address or person id').fill('kate.morrison@northmoor.example');
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(`${server.url}/risks/ASC0001/`);
    await expect.poll(() => page.locator('[data-signed-in-as]').textContent()).toBe('Kate Morrison');
    // The hint is readable by the page and holds nothing; the session stays HttpOnly.
    expect(await cookies()).toEqual(new Map([['oversight-session', true], ['oversight-signed-in', false]]));
    expect((await context.cookies()).find((c) => c.name === 'oversight-signed-in')?.value).toBe('1');
    expect(await meRequestsOn('/')).toBe(1);

    // The session ends without a sign-out (it ran out): the next page asks once, then no page asks again.
    await context.clearCookies({ name: 'oversight-session' });
    expect(await meRequestsOn('/registers/corporate/')).toBe(1);
    await expect.poll(async () => (await cookies()).has('oversight-signed-in')).toBe(false);
    expect(await meRequestsOn('/')).toBe(0);
    await context.close();
  });
});
