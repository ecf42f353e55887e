import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readDataDir } from '../../src/core/data/read-dir.ts';
import { dataVersion, watchAndRebuild, type SiteRebuilds } from '../../src/node/site-rebuilds.ts';
import { startLocalServer, type LocalServer } from '../../src/server/local-server.ts';
import { axeViolations, collectPageErrors, launchChromium } from '../helpers/browser.ts';
import { gitEnvWithoutSettings, makeTestRepo, type TestRepo } from '../helpers/git-repo.ts';
import { brokenLinks } from '../helpers/links.ts';
import { DIST, ROOT, TEST_TODAY } from '../helpers/paths.ts';

// Kate Morrison owns ASC0001 (rated 4 × 4 = 16, High) and ASC0002 in the sample data.
const OWNER_EMAIL = 'kate.morrison@northmoor.example';
const REVIEWER = { name: 'Rachel Reviewer', email: 'rachel.reviewer@northmoor.example' };

let browser: Browser;
let server: LocalServer;
let repo: TestRepo;
let scratch: string;
let rebuilds: SiteRebuilds;
const rebuildLog: string[] = [];

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'oversight-proposal-flow-'));
  // The sample data, committed to a fresh repository: proposals become branches there, never in this project.
  repo = makeTestRepo({ files: Object.fromEntries(readDataDir(join(ROOT, 'data'))) });
  // The reviewer the proposals CLI records when it merges (git config user.name and user.email).
  repo.git(['config', 'user.name', REVIEWER.name]);
  repo.git(['config', 'user.email', REVIEWER.email]);
  // The local server exactly as npm start runs it, with the embedded identity provider, over the
  // site the global setup built from the same data. The functions read process.env, as on Netlify;
  // each test file runs in its own process.
  for (const name of Object.keys(process.env)) if (name.startsWith('OVERSIGHT_OIDC_')) delete process.env[name];
  process.env['OVERSIGHT_DATA_DIR'] = repo.dataDir;
  process.env['OVERSIGHT_TODAY'] = TEST_TODAY;
  const builtFrom = await dataVersion(repo.dataDir);
  server = await startLocalServer({ distDir: DIST, dataDir: repo.dataDir, port: 0, env: process.env, secretsFile: join(scratch, 'secrets.json') });
  // And its rebuilds, into this test's own folder (dist/ is the other tests'), judging dates by the
  // real clock, as the merge below does.
  rebuilds = watchAndRebuild({
    dataDir: repo.dataDir,
    workDir: join(scratch, 'rebuilds'),
    builtFrom,
    env: gitEnvWithoutSettings(),
    serve: (distDir) => server.serveSite(distDir),
    log: (message) => rebuildLog.push(message),
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await rebuilds?.close();
  await server?.close();
  repo?.cleanup();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Every branch in the data repository, so a test can tell whether a proposal was opened. */
function branches(): string[] {
  return repo.git(['for-each-ref', '--format=%(refname)', 'refs/heads/']).split('\n').filter(Boolean).sort();
}

const CHANGED_ELSEWHERE = 'Re-rate ASC0003 (accepted elsewhere)';

/**
 * Someone else's accepted change to ASC0003, which Kate owns (Very likely (5) × Significant (3)),
 * reaches main after her page was built, and the site has not been rebuilt: its likelihood is 4
 * and action A1 on hold. Committed once, by whichever test needing a 409 runs first. Returns the file.
 */
function changeAsc3Elsewhere(): string {
  const file = 'registers/adult-social-care/risks/ASC0003.json';
  if (repo.git(['log', '--format=%s', 'main']).split('\n').includes(CHANGED_ELSEWHERE)) return file;
  type Risk = { current: { likelihood: number; impact: number }; actions: { id: string; status: string }[] };
  const risk = JSON.parse(repo.git(['show', `main:data/${file}`])) as Risk;
  const actions = risk.actions.map((a) => (a.id === 'A1' ? { ...a, status: 'on hold' } : a));
  repo.git(['checkout', '--quiet', 'main']);
  repo.commit(CHANGED_ELSEWHERE, { [file]: `${JSON.stringify({ ...risk, current: { ...risk.current, likelihood: 4 }, actions }, null, 2)}\n` });
  return file;
}

/** A new browser, signed in as the risk owner through the embedded provider, on their risk's page. */
async function signedInOn(path: string, options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  // Under the site's own Content Security Policy, as deployed.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${server.url}${path}`);
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Email address or person id').fill(OWNER_EMAIL);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL(`${server.url}${path}`);
  if (options.javaScriptEnabled !== false) await expect.poll(() => page.locator('[data-signed-in-as]').textContent()).toBe('Kate Morrison');
  expect(errors).toEqual([]);
  return page;
}

/** Opens "Propose an update to this risk" once the element has enhanced the form. */
async function openUpdateForm(page: Page): Promise<void> {
  await page.locator('risk-update-form [data-feedback]').waitFor({ state: 'attached' });
  await page.getByText('Propose an update to this risk').click();
  await page.getByLabel('Why are you proposing this?').waitFor();
}

/** A new browser, signed out, on a risk's page: types a review comment, then signs in as the owner from the header, back on the same page. */
async function typeThenSignInFromHeader(path: string, comment: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.url}${path}`);
  await openUpdateForm(page);
  await page.getByLabel('Review comment (optional)').fill(comment);
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Email address or person id').fill(OWNER_EMAIL);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL(`${server.url}${path}`);
  return page;
}

/** Once the form is enhanced (a draft is put back as it is), the form is closed and empty. */
async function expectNoDraftPutBack(page: Page): Promise<void> {
  await page.locator('risk-update-form [data-feedback]').waitFor({ state: 'attached' });
  expect(await page.locator('details#update').evaluate((details) => (details as HTMLDetailsElement).open)).toBe(false);
  expect(await page.getByLabel('Review comment (optional)').inputValue()).toBe('');
}

/** The rating beside the risk's title, e.g. "High 16". */
async function headlineRating(page: Page): Promise<string> {
  return ((await page.locator('main h1 + p .app-band').textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** Runs a project command as a person would, in a child process; the environment points it at the test repository. */
function run(command: string, args: string[], cwd: string, env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd, env: { ...gitEnvWithoutSettings(), ...env }, encoding: 'utf8', timeout: 300_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('a risk owner proposes an update and a reviewer merges it', () => {
  it('checks the form in the browser, shows every problem and keeps what was typed, without sending anything', async () => {
    const before = branches();
    const page = await signedInOn('/risks/ASC0002/');
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') sent.push(request.url());
    });
    await openUpdateForm(page);
    // A new likelihood alone is a whole re-rating (the impact stays as it is): not a problem.
    await page.getByLabel('Likelihood', { exact: true }).selectOption('2');
    const comment = 'Checked with the hub manager. '.repeat(140);
    await page.getByLabel('Review comment (optional)').fill(comment);
    await page.getByRole('button', { name: 'Submit for review' }).click();

    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    expect(await summary.getByRole('alert').getByRole('heading').textContent()).toBe('There is a problem');
    expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
    const links = await summary.getByRole('link').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
    expect(links).toEqual([
      ['Review comment: must be at most 4000 characters', '#review-comment'],
      ['Enter why you are proposing this', '#reason'],
    ]);
    expect(await page.locator('#review-comment-error').textContent()).toBe('Error: Review comment: must be at most 4000 characters');
    expect(await page.locator('#reason-error').textContent()).toBe('Error: Enter why you are proposing this');
    expect(await page.getByLabel('Why are you proposing this?').getAttribute('aria-describedby')).toBe('reason-hint reason-error');
    expect(await page.title()).toMatch(/^Error: ASC0002/);

    // Everything typed is still there.
    expect(await page.getByLabel('Likelihood', { exact: true }).inputValue()).toBe('2');
    expect(await page.getByLabel('Review comment (optional)').inputValue()).toBe(comment);

    // A summary link takes the person to the field.
    await summary.getByRole('link', { name: 'Enter why you are proposing this' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('reason');

    expect(await axeViolations(page)).toEqual([]);
    expect(sent).toEqual([]);
    expect(branches()).toEqual(before);
    await page.context().close();
  });

  it('submits a new rating and a review comment, lists the proposal, merges it with the CLI and publishes the new rating', async () => {
    const page = await signedInOn('/risks/ASC0001/');
    expect(await headlineRating(page)).toBe('High 16');
    await openUpdateForm(page);
    expect(await axeViolations(page)).toEqual([]);

    const posts: { url: string; key: string | undefined; csrf: string | undefined; type: string | undefined }[] = [];
    page.on('request', (request) => {
      if (request.method() !== 'POST') return;
      const headers = request.headers();
      posts.push({ url: request.url(), key: headers['idempotency-key'], csrf: headers['x-csrf-token'], type: headers['content-type'] });
    });
    await page.getByLabel('Likelihood', { exact: true }).selectOption('3');
    await page.getByLabel('Impact', { exact: true }).selectOption('4');
    await page.getByLabel('Review comment (optional)').fill('Triage backlog cleared after two new hub posts were filled.');
    await page.getByLabel('Why are you proposing this?').fill('Concerns are now triaged within one working day.');
    // A double click opens one proposal, not two.
    await page.getByRole('button', { name: 'Submit for review' }).dblclick();

    const banner = page.locator('.govuk-notification-banner');
    await banner.waitFor();
    const heading = (await banner.locator('.govuk-notification-banner__heading').textContent()) ?? '';
    const id = /as proposal (\S+)\.$/.exec(heading)?.[1];
    expect(id, heading).toBeDefined();
    expect(await banner.evaluate((el) => el === document.activeElement)).toBe(true);
    const proposalBranches = branches().filter((b) => b.startsWith('refs/heads/oversight/'));
    expect(proposalBranches).toHaveLength(1);
    expect(posts.length).toBeGreaterThan(0);
    expect(posts.every((p) => p.url === `${server.url}/api/risks/ASC0001/updates` && p.type === 'application/json' && p.csrf && p.key === posts[0]!.key)).toBe(true);

    // The banner links to the proposal on /proposals/, where it waits for review.
    await banner.getByRole('link').click();
    await page.waitForURL((url) => url.pathname === '/proposals/');
    const row = page.locator(`[data-proposal="${id}"]`);
    await row.waitFor();
    expect(await row.locator('.govuk-tag').textContent()).toBe('Waiting for review');
    expect(await row.locator('th').textContent()).toContain('ASC0001');
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();

    // The reviewer merges it with the real CLI, run against the test repository. The function dated
    // the review comment by the real clock, so the merge and the rebuild judge dates by it too (no
    // OVERSIGHT_TODAY): on a day pinned before it, the comment would rightly be refused as in the future.
    const merged = run('npm', ['run', '--silent', 'proposals', '--', 'merge', id!], ROOT, { OVERSIGHT_DATA_DIR: repo.dataDir });
    expect(merged.stderr).not.toMatch(/error/i);
    expect(merged.stdout).toContain(`Merged proposal ${id} into main`);
    expect(merged.status).toBe(0);

    // npm start's rebuilds see the merge, build the site again and serve it: the risk page shows the
    // approved rating and comment at the same address, with no restart.
    await vi.waitFor(
      async () => {
        const html = await (await fetch(`${server.url}/risks/ASC0001/`)).text();
        expect(html).toContain('Triage backlog cleared after two new hub posts were filled.');
      },
      { timeout: 240_000, interval: 500 },
    );
    expect(rebuildLog.at(-1)).toMatch(/^Rebuilt in [\d.]+ s: serving the new site\.$/);
    const reader = await browser.newPage();
    await reader.goto(`${server.url}/risks/ASC0001/`);
    expect(await headlineRating(reader)).toBe('Medium 12');
    expect(await reader.locator('.govuk-inset-text').allTextContents()).toContainEqual(expect.stringContaining('Triage backlog cleared after two new hub posts were filled.'));
    await reader.close();
  }, 300_000);

  it('sends an edited form under a new Idempotency-Key after an answer was lost, so the edit is proposed, not dropped', async () => {
    const before = branches();
    const page = await signedInOn('/risks/ASC0002/');
    await openUpdateForm(page);
    const keys: string[] = [];
    let loseTheAnswer = true;
    // The first submission reaches the server and opens a proposal, but its answer never reaches the page.
    await page.route('**/api/risks/ASC0002/updates', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (!loseTheAnswer) return route.continue();
      loseTheAnswer = false;
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.getByLabel('Review comment (optional)').fill('First wording.');
    await page.getByLabel('Why are you proposing this?').fill('Monthly review.');
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.getByText('Your update could not be sent. Check your connection and submit again.').first().waitFor();

    await page.getByLabel('Review comment (optional)').fill('Second, corrected wording.');
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.locator('.govuk-notification-banner').waitFor();
    const added = branches().filter((b) => !before.includes(b));
    expect(added).toHaveLength(2);
    expect(new Set(keys).size).toBe(2);
    const comments = added.map((b) => repo.git(['show', `${b}:data/registers/adult-social-care/risks/ASC0002.json`]));
    expect(comments.some((c) => c.includes('Second, corrected wording.'))).toBe(true);
    await page.context().close();
  });

  it('keeps what a signed-out owner typed while they sign in, puts it back, and proposes it', async () => {
    const before = branches();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/risks/ASC0002/`);
    await openUpdateForm(page);
    await page.getByLabel('Likelihood', { exact: true }).selectOption('3');
    await page.getByLabel('Review comment (optional)').fill('Typed before signing in.');
    await page.getByLabel('Why are you proposing this?').fill('Budget monitoring at month 7.');
    await page.getByRole('button', { name: 'Submit for review' }).click();
    const signIn = page.locator('.govuk-error-summary').getByRole('link', { name: /^You need to sign in to propose an update\. What you have typed will be back in this form when you return\.$/ });
    await signIn.click();
    await page.getByLabel('Email address or person id').fill(OWNER_EMAIL);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(`${server.url}/risks/ASC0002/`);

    const restored = page.locator('risk-update-form .govuk-notification-banner');
    await restored.waitFor();
    expect(await restored.locator('.govuk-notification-banner__heading').textContent()).toBe('What you typed before is back in the form. Check it, then submit it for review.');
    expect(await restored.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.getByLabel('Likelihood', { exact: true }).inputValue()).toBe('3');
    expect(await page.getByLabel('Review comment (optional)').inputValue()).toBe('Typed before signing in.');
    expect(await page.getByLabel('Why are you proposing this?').inputValue()).toBe('Budget monitoring at month 7.');
    expect(await axeViolations(page)).toEqual([]);

    await expect.poll(() => page.locator('[data-signed-in-as]').textContent()).toBe('Kate Morrison');
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.locator('.govuk-notification-banner--success').waitFor();
    const added = branches().filter((b) => !before.includes(b));
    expect(added).toHaveLength(1);
    expect(repo.git(['show', `${added[0]}:data/registers/adult-social-care/risks/ASC0002.json`])).toContain('Typed before signing in.');

    // Once proposed, the draft is gone: the form opens empty.
    await page.reload();
    await openUpdateForm(page);
    expect(await page.locator('risk-update-form .govuk-notification-banner').count()).toBe(0);
    expect(await page.getByLabel('Review comment (optional)').inputValue()).toBe('');
    await context.close();
  });

  it('keeps what was typed when the owner signs in from the header instead', async () => {
    const page = await typeThenSignInFromHeader('/risks/ASC0002/', 'Typed, then signed in from the header.');
    await page.locator('risk-update-form .govuk-notification-banner').waitFor();
    expect(await page.getByLabel('Review comment (optional)').inputValue()).toBe('Typed, then signed in from the header.');
    await page.context().close();
  });

  it('does not put back a draft older than an hour, nor one left when the person signed out', async () => {
    // An hour at the provider's page: on a shared computer, the next person must not find the text.
    const late = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await late.newPage();
    await page.clock.install();
    await page.goto(`${server.url}/risks/ASC0002/`);
    await openUpdateForm(page);
    await page.getByLabel('Review comment (optional)').fill('Left at the sign-in page.');
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Email address or person id').waitFor();
    await page.clock.fastForward('01:00:01');
    await page.getByLabel('Email address or person id').fill(OWNER_EMAIL);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(`${server.url}/risks/ASC0002/`);
    await expectNoDraftPutBack(page);
    await late.close();

    // A session that ran out keeps the text for signing in again; signing out instead forgets it.
    const owner = await signedInOn('/risks/ASC0002/');
    await openUpdateForm(owner);
    await owner.getByLabel('Review comment (optional)').fill('Typed as the session ran out.');
    await owner.getByLabel('Why are you proposing this?').fill('Monthly review.');
    await owner.context().clearCookies({ name: 'oversight-session' });
    await owner.getByRole('button', { name: 'Submit for review' }).click();
    await owner.getByText(/^Your sign-in has expired\. Sign in again, then submit your update\. What you have typed will be back in this form when you return\.$/).waitFor();
    await owner.getByRole('button', { name: 'Sign out' }).click();
    await owner.waitForURL(`${server.url}/`);
    await owner.goto(`${server.url}/risks/ASC0002/`);
    await expectNoDraftPutBack(owner);
    await owner.context().close();
  });

  it('shows the plain list of proposals accessibly, on a wide screen and a narrow one', async () => {
    const page = await signedInOn('/risks/ASC0002/');
    await openUpdateForm(page);
    await page.getByLabel('Review comment (optional)').fill('Reviewed with the team.');
    await page.getByLabel('Why are you proposing this?').fill('A proposal to list.');
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.locator('.govuk-notification-banner--success').waitFor();
    await page.goto(`${server.url}/proposals/all`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Proposals');
    expect(await page.getByRole('table').getByRole('row').count()).toBeGreaterThan(1);
    expect(brokenLinks(DIST, '/proposals/all', await page.content())).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('still proposes an update with a plain form post when JavaScript is off', async () => {
    const before = branches();
    const page = await signedInOn('/risks/ASC0002/', { javaScriptEnabled: false });
    await page.getByText('Propose an update to this risk').click();
    await page.getByLabel('Review comment (optional)').fill('Reviewed at the directorate meeting.');
    await page.getByLabel('Why are you proposing this?').fill('Quarterly review.');
    await page.getByRole('button', { name: 'Submit for review' }).click();
    // The result page is answered by a function, so it needs no JavaScript either.
    await page.waitForURL((url) => /^\/proposals\/[0-9a-f]{8}$/.test(url.pathname));
    const id = new URL(page.url()).pathname.split('/')[2]!;
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(new RegExp(`^Proposal ${id}: ASC0002: `));
    expect(await page.locator('main').textContent()).toContain('It is waiting for review by a risk manager.');
    const added = branches().filter((b) => !before.includes(b));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/^refs\/heads\/oversight\/ASC0002\//);
    expect(id).toMatch(/^[0-9a-f]{8}$/);

    // The Proposals page, which builds its table with JavaScript, links to a plain list that needs none.
    await page.goto(`${server.url}/proposals/`);
    await page.getByRole('link', { name: 'See the proposals' }).click();
    await page.waitForURL(`${server.url}/proposals/all`);
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: /^ASC0002: / }) }).filter({ hasText: `Proposal ${id}` });
    expect(await row.getByRole('cell').last().textContent()).toBe('Waiting for review');
    await row.getByRole('link').click();
    await page.waitForURL(`${server.url}/proposals/${id}`);
    expect(brokenLinks(DIST, `/proposals/${id}`, await page.content())).toEqual([]);
    await page.context().close();
  });
  it('with JavaScript off and not signed in, keeps what was typed while the person signs in in a new tab, then sends it', async () => {
    const before = branches();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/risks/ASC0002/`);
    await page.getByText('Propose an update to this risk').click();
    await page.getByLabel('Review comment (optional)').fill('Typed while signed out, no JavaScript.');
    await page.getByLabel('Why are you proposing this?').fill('Quarterly review.');
    await page.getByRole('button', { name: 'Submit for review' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in to send this');
    expect(branches()).toEqual(before);
    // Checked with axe, which needs JavaScript: the same answer, served at the same address to a browser that runs it.
    const checker = await browser.newContext();
    const checked = await checker.newPage();
    const html = await page.content();
    await checked.route(`${server.url}/sign-in-to-send`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await checked.goto(`${server.url}/sign-in-to-send`);
    expect(await axeViolations(checked)).toEqual([]);
    expect((await checked.getByRole('button', { name: 'Send what I entered' }).boundingBox())?.height).toBeGreaterThanOrEqual(24);
    await checker.close();

    const [tab] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: 'Sign in (opens in a new tab)' }).click()]);
    await tab.getByLabel('Email address or person id').fill(OWNER_EMAIL);
    await tab.getByRole('button', { name: /sign in/i }).click();
    await tab.waitForURL(`${server.url}/risks/ASC0002/`);
    await tab.close();

    await page.getByRole('button', { name: 'Send what I entered' }).click();
    await page.waitForURL((url) => /^\/proposals\/[0-9a-f]{8}$/.test(url.pathname));
    const added = branches().filter((b) => !before.includes(b));
    expect(added).toHaveLength(1);
    expect(repo.git(['show', `${added[0]}:data/registers/adult-social-care/risks/ASC0002.json`])).toContain('Typed while signed out, no JavaScript.');
    await context.close();
  });

  it('after a 409, moves the form onto the risk as it is now, keeping what was typed, and proposes on the next submit', async () => {
    const file = changeAsc3Elsewhere();
    type Risk = { current: { likelihood: number; impact: number }; actions: { id: string; status: string }[] };
    const page = await signedInOn('/risks/ASC0003/');
    await openUpdateForm(page);
    const likelihood = page.getByLabel('Likelihood', { exact: true });
    await likelihood.selectOption('3');
    const actionA1 = page.locator('#action-A1-status');
    await actionA1.selectOption('complete');
    await page.getByLabel('Why are you proposing this?').fill('Waiting list halved.');
    const before = branches();
    await page.getByRole('button', { name: 'Submit for review' }).click();
    const summary = page.locator('.govuk-error-summary');
    const changed = summary.getByRole('link', { name: 'Current rating is now Likely (4) × Significant (3)' });
    await changed.waitFor();
    expect(await summary.getByRole('listitem').allTextContents()).toEqual([
      'Someone else changed this risk after this page was published, and their change has been accepted. This page will show it once the site is next published.',
      'Current rating is now Likely (4) × Significant (3)',
      'Action A1 is now on hold',
      'Your answers are still in the form. Check them against the risk as it is now, then submit again.',
    ]);
    expect(branches()).toEqual(before);
    // Nothing typed is lost, and "No change" now names the rating as it is.
    expect(await likelihood.inputValue()).toBe('3');
    expect(await page.getByLabel('Why are you proposing this?').inputValue()).toBe('Waiting list halved.');
    expect(await likelihood.locator('option[value=""]').textContent()).toBe('No change (4)');
    expect(await actionA1.inputValue()).toBe('complete');
    expect(await actionA1.locator('option[value=""]').textContent()).toBe('No change (on hold)');
    await changed.click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('current-likelihood');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.locator('risk-update-form .govuk-notification-banner--success').waitFor();
    const [added] = branches().filter((b) => !before.includes(b));
    expect(added).toBeDefined();
    expect(repo.git(['rev-parse', `${added}^`])).toBe(repo.git(['rev-parse', 'main']));
    const proposed = JSON.parse(repo.git(['show', `${added}:data/${file}`])) as Risk;
    expect(proposed.current).toEqual({ likelihood: 3, impact: 3 });
    expect(proposed.actions.find((a) => a.id === 'A1')?.status).toBe('complete');
    await page.context().close();
  });

  it('after a 409 when the risk as it is now cannot be read, sends the owner to reload and puts back what was typed', async () => {
    changeAsc3Elsewhere();
    const page = await signedInOn('/risks/ASC0003/');
    await page.route('**/api/risks/ASC0003', (route) => route.abort('connectionfailed'));
    await openUpdateForm(page);
    await page.getByLabel('Likelihood', { exact: true }).selectOption('2');
    await page.getByLabel('Why are you proposing this?').fill('Waiting list gone.');
    await page.getByRole('button', { name: 'Submit for review' }).click();
    const reload = page.locator('.govuk-error-summary').getByRole('link', { name: /^Reload this page to see the risk as it is now, then check your update and submit it again\. What you have typed will be back in the form\.$/ });
    await reload.click();
    await page.waitForURL((url) => url.pathname === '/risks/ASC0003/' && url.searchParams.has('reload'));
    await page.locator('risk-update-form .govuk-notification-banner').waitFor();
    expect(await page.getByLabel('Likelihood', { exact: true }).inputValue()).toBe('2');
    expect(await page.getByLabel('Why are you proposing this?').inputValue()).toBe('Waiting list gone.');
    await page.context().close();
  });

  it('after a 409 with JavaScript off, says what changed and proposes the same answers against the risk as it is now', async () => {
    const file = changeAsc3Elsewhere();
    const page = await signedInOn('/risks/ASC0003/', { javaScriptEnabled: false });
    await page.getByText('Propose an update to this risk').click();
    await page.getByLabel('Likelihood', { exact: true }).selectOption('1');
    await page.getByLabel('Why are you proposing this?').fill('Waiting list cleared.');
    const before = branches();
    await page.getByRole('button', { name: 'Submit for review' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Someone else has changed this risk');
    expect(await page.getByRole('listitem').allTextContents()).toEqual(['Current rating is now Likely (4) × Significant (3)']);
    expect(branches()).toEqual(before);
    // Checked with axe, which needs JavaScript: the same answer, served at the same address to a browser that runs it.
    const html = await page.content();
    const checker = await browser.newContext();
    const checked = await checker.newPage();
    await checked.route(`${server.url}/conflict-page`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await checked.goto(`${server.url}/conflict-page`);
    expect(await axeViolations(checked)).toEqual([]);
    // A button styled as the site's, at least the 24 pixels high that WCAG 2.2 asks of a target (2.5.8).
    expect((await checked.getByRole('button', { name: 'Submit my update as it is' }).boundingBox())?.height).toBeGreaterThanOrEqual(24);
    await checker.close();

    await page.getByRole('button', { name: 'Submit my update as it is' }).click();
    await page.waitForURL((url) => /^\/proposals\/[0-9a-f]{8}$/.test(url.pathname));
    const [added] = branches().filter((b) => !before.includes(b));
    expect(repo.git(['rev-parse', `${added}^`])).toBe(repo.git(['rev-parse', 'main']));
    expect((JSON.parse(repo.git(['show', `${added}:data/${file}`])) as { current: unknown }).current).toEqual({ likelihood: 1, impact: 3 });
    await page.context().close();
  });
  it('adds a control, records progress on an action and proposes a new target rating, telling a half-filled new control what it lacks', async () => {
    const file = 'registers/adult-social-care/risks/ASC0005.json';
    const page = await signedInOn('/risks/ASC0005/');
    await openUpdateForm(page);
    const description = 'Overseas recruitment of social workers, with a settling-in programme.';
    await page.getByLabel('What the control is').fill(description);
    await page.getByLabel('Why are you proposing this?').fill('Workforce board, November.');
    const before = branches();
    await page.getByRole('button', { name: 'Submit for review' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    expect(await summary.getByRole('listitem').allTextContents()).toEqual(["Select the new control's owner", "Select the new control's status"]);
    expect(branches()).toEqual(before);
    await summary.getByRole('link', { name: "Select the new control's owner" }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('new-control-owner');
    expect(await axeViolations(page)).toEqual([]);

    await page.selectOption('#new-control-owner', 'kate-morrison');
    await page.selectOption('#new-control-status', 'proposed');
    await page.getByLabel('Target impact').selectOption('2');
    await page.locator('#action-A2-progress').fill('Two of six posts filled from the autumn campaign.');
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.locator('risk-update-form .govuk-notification-banner--success').waitFor();
    expect(await page.locator('risk-update-form .govuk-notification-banner--success').textContent()).toContain('ASC0005: target 9 → 6, 1 action updated, 1 control added');
    const [added] = branches().filter((b) => !before.includes(b));
    type Risk = { target: unknown; controls: unknown[]; actions: { id: string; progress?: string }[] };
    const proposed = JSON.parse(repo.git(['show', `${added}:data/${file}`])) as Risk;
    expect(proposed.target).toEqual({ likelihood: 3, impact: 2 });
    expect(proposed.controls.at(-1)).toEqual({ id: 'C5', description, owner: 'kate-morrison', status: 'proposed' });
    expect(proposed.actions.find((a) => a.id === 'A2')?.progress).toBe('Two of six posts filled from the autumn campaign.');
    await page.context().close();
  });
  it("moves an action's due date with GOV.UK's date input, asking for a real date and for the reason", async () => {
    const file = 'registers/adult-social-care/risks/ASC0005.json';
    const page = await signedInOn('/risks/ASC0005/');
    await openUpdateForm(page);
    await page.fill('#action-A3-due-day', '31');
    await page.fill('#action-A3-due-month', '2');
    await page.fill('#action-A3-due-year', '2027');
    await page.getByLabel('Why are you proposing this?').fill('Recruitment campaign extended.');
    const before = branches();
    const submit = (): Promise<void> => page.getByRole('button', { name: 'Submit for review' }).click();
    const summary = page.locator('.govuk-error-summary');
    await submit();
    await expect.poll(() => summary.getByRole('listitem').allTextContents()).toEqual(['The new due date for A3 must be a real date, for example 30 6 2027']);
    // The message stands above the three boxes, in the group around them.
    expect(await page.locator('#action-A3-due-day-error').evaluate((m) => m.nextElementSibling?.classList.contains('govuk-date-input'))).toBe(true);
    // The whole date is wrong: all three boxes are marked, and the date's fieldset is described by the message.
    const marked = (): Promise<string[]> => page.locator('.govuk-date-input .govuk-input--error').evaluateAll((boxes) => boxes.map((b) => b.id));
    expect(await marked()).toEqual(['action-A3-due-day', 'action-A3-due-month', 'action-A3-due-year']);
    expect(await page.locator('#action-A3-due-day').evaluate((day) => day.closest('fieldset')?.getAttribute('aria-describedby'))).toBe('action-A3-due-hint action-A3-due-day-error');
    expect(await axeViolations(page)).toEqual([]);

    // Only the year is wrong: GOV.UK's date input marks the year box alone, and the summary links to it.
    await page.fill('#action-A3-due-day', '28');
    await page.fill('#action-A3-due-year', '27');
    await submit();
    await expect.poll(() => summary.getByRole('listitem').allTextContents()).toEqual(['The new due date for A3 must include a year with 4 numbers, for example 2027']);
    expect(await marked()).toEqual(['action-A3-due-year']);
    expect(await page.locator('#action-A3-due-year-error').evaluate((m) => m.nextElementSibling?.classList.contains('govuk-date-input'))).toBe(true);
    expect(await page.locator('#action-A3-due-day').evaluate((day) => day.closest('fieldset')?.getAttribute('aria-describedby'))).toBe('action-A3-due-hint action-A3-due-year-error');
    await summary.getByRole('link').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('action-A3-due-year');

    await page.fill('#action-A3-due-year', '2027');
    await submit();
    // The reason is asked for by the function, which alone knows the date has moved.
    await expect.poll(() => summary.getByRole('listitem').allTextContents()).toEqual(['Enter why the due date of A3 is changing']);
    expect(await marked()).toEqual([]);
    expect(await page.locator('#action-A3-due-day').evaluate((day) => day.closest('fieldset')?.getAttribute('aria-describedby'))).toBe('action-A3-due-hint');
    expect(branches()).toEqual(before);

    await page.fill('#action-A3-due-reason', 'Campaign extended to February.');
    await submit();
    await page.locator('risk-update-form .govuk-notification-banner--success').waitFor();
    const [added] = branches().filter((b) => !before.includes(b));
    const proposed = JSON.parse(repo.git(['show', `${added}:data/${file}`])) as { actions: { id: string; due?: string; progress?: string }[] };
    expect(proposed.actions.find((a) => a.id === 'A3')).toMatchObject({ due: '2027-02-28', progress: 'Due date moved: Campaign extended to February.' });
    await page.context().close();
  });
});

describe('a risk manager proposes from the register page', () => {
  it('a new risk, told what to correct first: on the form by the page, then by the function\'s page, in the form\'s own words', async () => {
    const before = branches();
    const page = await signedInOn('/registers/adult-social-care/');
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(request.url());
    });
    await page.locator('new-risk-form [data-feedback]').waitFor({ state: 'attached' });
    await page.getByText('Propose a new risk for this register').click();
    expect(await page.getByLabel('Risk number').inputValue()).toBe('ASC0011');
    expect(await axeViolations(page)).toEqual([]);
    const fill = async (title: string): Promise<void> => {
      await page.getByLabel('Title', { exact: true }).fill(title);
      await page.getByLabel('Risk event (optional)').fill('Providers hand back contracts at short notice.');
      await page.getByLabel('Risk owner').selectOption({ label: 'Kate Morrison, Assistant Director, Adult Social Care Operations' });
      await page.getByLabel('Current likelihood').selectOption({ label: 'Likely (4)' });
      await page.getByLabel('Category (optional)').fill('Service delivery');
    };
    // Nothing filled in: a current rating with neither select chosen is one problem, shown on both.
    await page.getByRole('button', { name: 'Propose this risk' }).click();
    const summary = page.locator('new-risk-form .govuk-error-summary');
    await summary.waitFor();
    expect(await summary.getByRole('listitem').allTextContents()).toEqual(['Enter title', 'Select risk owner', 'Select current likelihood and current impact']);
    expect(await page.locator('#new-risk-current-likelihood-error').textContent()).toBe('Error: Select current likelihood and current impact');
    const marked = page.locator('.govuk-select--error');
    expect(await marked.evaluateAll((selects) => selects.map((s) => s.id))).toEqual(['new-risk-owner', 'new-risk-current-likelihood', 'new-risk-current-impact']);
    expect(await page.getByLabel('Current impact').getAttribute('aria-describedby')).toBeNull();
    expect(await page.getByRole('group', { name: 'Current rating' }).getAttribute('aria-describedby')).toBe('new-risk-current-likelihood-error');
    expect(await axeViolations(page)).toEqual([]);

    // No current impact and a next review date that is not a date: the page says so, on the form,
    // before anything is sent, and keeps what was typed.
    await fill('Home care provider failure');
    await page.getByLabel('Day').fill('31');
    await page.getByLabel('Month').fill('2');
    await page.getByLabel('Year').fill('2027');
    await page.getByRole('button', { name: 'Propose this risk' }).click();
    await expect.poll(() => summary.getByRole('listitem').first().textContent()).toBe('Select current impact');
    expect(await summary.getByRole('listitem').allTextContents()).toEqual(['Select current impact', 'Next review date must be a real date, for example 30 6 2027']);
    expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.locator('#new-risk-current-impact-error').textContent()).toBe('Error: Select current impact');
    expect(await page.title()).toMatch(/^Error: /);
    expect(await page.getByLabel('Title', { exact: true }).inputValue()).toBe('Home care provider failure');
    expect(await axeViolations(page)).toEqual([]);
    expect(posts).toEqual([]);
    await summary.getByRole('link', { name: 'Select current impact' }).click();
    expect(await page.getByLabel('Current impact').evaluate((el) => el === document.activeElement)).toBe(true);

    // A number another register's risk has: only the function knows, and its page says so in the form's words.
    await page.getByLabel('Current impact').selectOption({ label: 'Major (5)' });
    await page.getByLabel('Day').fill('28');
    await page.getByLabel('Risk number').fill('COR0001');
    await page.getByRole('button', { name: 'Propose this risk' }).click();
    await page.waitForURL(`${server.url}/api/registers/adult-social-care/risks`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your new risk could not be submitted');
    expect(await page.getByRole('listitem').allTextContents()).toEqual([
      'Risk number: COR0001 is already used by a risk in the corporate register: give the new risk an id no other risk has',
    ]);
    expect(branches()).toEqual(before);

    await page.getByRole('link', { name: 'Open the form again' }).click();
    await page.waitForURL(`${server.url}/registers/adult-social-care/#new-risk`);
    // The link opens the form it points to.
    await expect.poll(() => page.locator('details#new-risk').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    await fill('Home care provider failure');
    await page.getByLabel('Current impact').selectOption({ label: 'Major (5)' });
    await page.getByRole('button', { name: 'Propose this risk' }).click();
    await page.waitForURL((url) => /^\/proposals\/[0-9a-f]{8}$/.test(url.pathname));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Proposal [0-9a-f]{8}: ASC0011: /);
    const [added] = branches().filter((b) => !before.includes(b));
    expect(JSON.parse(repo.git(['show', `${added}:data/registers/adult-social-care/risks/ASC0011.json`]))).toEqual({
      id: 'ASC0011',
      title: 'Home care provider failure',
      event: 'Providers hand back contracts at short notice.',
      owners: ['kate-morrison'],
      category: 'Service delivery',
      current: { likelihood: 4, impact: 5 },
      status: 'open',
    });
    await page.context().close();
  });

  it('an import of a spreadsheet uploaded there, as one proposal, after listing the rows to correct', async () => {
    const before = branches();
    const page = await signedInOn('/registers/adult-social-care/');
    const isOpen = (): Promise<boolean> => page.locator('details#import').evaluate((d) => (d as HTMLDetailsElement).open);
    const upload = async (csv: string): Promise<void> => {
      if (!(await isOpen())) await page.getByText('Import a spreadsheet into this register').click();
      await page.getByLabel('Upload a CSV file').setInputFiles({ name: 'register.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByRole('button', { name: 'Propose this import' }).click();
    };
    const header = 'id,title,owner,current_likelihood,current_impact';
    await page.getByText('Import a spreadsheet into this register').click();
    expect(await axeViolations(page)).toEqual([]);
    await upload(`${header}\nASC0004,Care market sustainability,fiona-blackwood,6,4\n`);
    await page.waitForURL(`${server.url}/api/registers/adult-social-care/import`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your spreadsheet could not be imported');
    expect(await page.getByRole('listitem').allTextContents()).toEqual(['Row 2, column current_likelihood: must be a whole number from 1 to 5']);
    expect(branches()).toEqual(before);

    await page.getByRole('link', { name: 'upload it again' }).click();
    await page.waitForURL(`${server.url}/registers/adult-social-care/#import`);
    // The link opens the upload it points to.
    await expect.poll(isOpen).toBe(true);
    await upload(`${header}\nASC0004,Care market sustainability,fiona-blackwood,2,4\n`);
    await page.waitForURL((url) => /^\/proposals\/[0-9a-f]{8}$/.test(url.pathname));
    const [added] = branches().filter((b) => !before.includes(b));
    expect(JSON.parse(repo.git(['show', `${added}:data/registers/adult-social-care/risks/ASC0004.json`]))).toMatchObject({ title: 'Care market sustainability', current: { likelihood: 2, impact: 4 } });
    await page.context().close();
  });
});

describe('forms a signed-in person may not use', () => {
  // Kate Morrison manages the adult social care register only, owns ASC0001 and ASC0002, and has
  // no performance role; COR0001 is Priya Raman's, in the corporate register.
  const refusal = (page: Page) => page.locator('[data-proposal-refused]');
  const decided = (page: Page) => page.locator('[data-may-propose]').getAttribute('data-may-propose');

  it('are replaced by who may use them, on a risk, a register and the measures page, and kept where she may', async () => {
    const page = await signedInOn('/risks/COR0001/');
    await expect.poll(() => decided(page)).toBe('false');
    expect(await refusal(page).isVisible()).toBe(true);
    expect(await refusal(page).textContent()).toBe(
      'You cannot propose an update to COR0001: only its owners, their delegates and the risk managers of the Corporate risk register can. Tell one of them what has changed.',
    );
    expect(await page.getByText('Propose an update to this risk').isVisible()).toBe(false);
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${server.url}/registers/corporate/`);
    await expect.poll(() => decided(page)).toBe('false');
    expect(await refusal(page).textContent()).toBe('You cannot propose new risks or imports for this register: only its risk managers can.');
    expect(await page.getByText('Propose a new risk for this register').isVisible()).toBe(false);
    expect(await page.getByText('Import a spreadsheet into this register').isVisible()).toBe(false);

    await page.goto(`${server.url}/measures/`);
    await expect.poll(() => decided(page)).toBe('false');
    expect(await refusal(page).textContent()).toBe('You cannot propose figures: only people with the performance role, and administrators, can.');
    expect(await page.getByText('Import figures from a spreadsheet').isVisible()).toBe(false);

    for (const [path, summary] of [
      ['/risks/ASC0001/', 'Propose an update to this risk'],
      ['/registers/adult-social-care/', 'Propose a new risk for this register'],
    ] as const) {
      await page.goto(`${server.url}${path}`);
      await expect.poll(() => decided(page)).toBe('true');
      expect(await refusal(page).isVisible()).toBe(false);
      expect(await page.getByText(summary).isVisible()).toBe(true);
    }
    await page.context().close();
  });

  it('are all offered to someone signed out, whose post asks them to sign in', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/risks/COR0001/`);
    await page.locator('risk-update-form [data-feedback]').waitFor({ state: 'attached' });
    expect(await page.getByText('Propose an update to this risk').isVisible()).toBe(true);
    expect(await refusal(page).isVisible()).toBe(false);
    expect(await page.locator('[data-may-propose]').count()).toBe(0);
    await context.close();
  });

  it('stay open, below who may use them, when what was typed before signing in is put back', async () => {
    const page = await typeThenSignInFromHeader('/risks/COR0001/', 'Typed before signing in as someone else.');
    await expect.poll(() => decided(page)).toBe('false');
    expect(await refusal(page).isVisible()).toBe(true);
    expect(await page.getByLabel('Review comment (optional)').isVisible()).toBe(true);
    expect(await page.getByLabel('Review comment (optional)').inputValue()).toBe('Typed before signing in as someone else.');
    await page.context().close();
  });
});
