import type { BrowserContext, Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { collectPageErrors, useSiteInChromium } from '../helpers/browser.ts';
import { DIST } from '../helpers/paths.ts';

// The pages that show a person's own data (My risks, Proposals), with /api/me and /api/proposals
// answered by each test: the built site is served without its functions.
const site = useSiteInChromium(DIST);

const KATE = { person: { id: 'kate-morrison', name: 'Kate Morrison', email: 'kate.morrison@northmoor.example' }, roles: [], risks: ['ASC0001', 'ASC0002'], manages: [], csrfToken: 'token' };

type Answer = (route: Route) => Promise<void>;
const answerJson =
  (body: unknown, status = 200): Answer =>
  (route) =>
    route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });
const fail: Answer = (route) => route.abort('connectionfailed');

/** A browser that has signed in (the hint cookie), with /api/me and /api/proposals answered as given. */
async function signedInContext(answers: { me: Answer; proposals?: Answer }): Promise<BrowserContext> {
  const context = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([{ name: 'oversight-signed-in', value: '1', url: site.url }]);
  await context.route('**/api/me', answers.me);
  await context.route('**/api/proposals', answers.proposals ?? answerJson([]));
  return context;
}

/** Opens `path` in `context`, expecting no script errors. */
async function openIn(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(site.url + path);
  await page.evaluate(() => customElements.whenDefined('oversight-account'));
  expect(errors).toEqual([]);
  return page;
}

/** The element's text once it has stopped loading. */
async function settledText(page: Page, element: string): Promise<string> {
  await expect.poll(async () => (await page.locator(element).textContent()) ?? '').not.toMatch(/Loading/);
  return ((await page.locator(element).textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

describe('My risks and Proposals when something fails', () => {
  it('My risks says it could not load, with the plain list, when the review schedule cannot be had', async () => {
    const context = await signedInContext({ me: answerJson(KATE) });
    await context.route('**/api/review-schedule.json', fail);
    const page = await openIn(context, '/my-risks/');
    expect(await settledText(page, 'my-risks')).toBe('Your risks could not be loaded. Try again in a few minutes, or see your risks as a plain list.');
    expect(await page.locator('my-risks').getByRole('link', { name: 'see your risks as a plain list' }).getAttribute('href')).toBe('/my-risks/all');
    await context.close();
  });

  it('My risks and Proposals do not ask a signed-in person to sign in when /api/me fails, and do when it answers 401', async () => {
    for (const me of [answerJson({ error: { code: 'internal', message: 'Something went wrong' } }, 500), fail]) {
      const context = await signedInContext({ me });
      const page = await openIn(context, '/my-risks/');
      expect(await settledText(page, 'my-risks')).toBe('Your risks could not be loaded. Try again in a few minutes, or see your risks as a plain list.');
      await page.goto(`${site.url}/proposals/`);
      expect(await settledText(page, 'proposal-list')).toBe('The proposals could not be loaded. Try again in a few minutes, or see the proposals as a plain list.');
      expect(await page.locator('proposal-list').getByRole('link').getAttribute('href')).toBe('/proposals/all');
      await context.close();
    }
    const context = await signedInContext({ me: answerJson({ error: { code: 'unauthenticated', message: 'Sign in' } }, 401) });
    const page = await openIn(context, '/my-risks/');
    expect(await settledText(page, 'my-risks')).toBe('You need to sign in to see the risks you own.');
    await context.close();
  });

  it('Proposals says it could not load, with the plain list, when /api/proposals fails', async () => {
    for (const proposals of [answerJson({ error: { code: 'git-host-unavailable', message: 'GitHub is not answering' } }, 503), fail]) {
      const context = await signedInContext({ me: answerJson(KATE), proposals });
      const page = await openIn(context, '/proposals/');
      expect(await settledText(page, 'proposal-list')).toBe('The proposals could not be loaded. Try again in a few minutes, or see the proposals as a plain list.');
      await context.close();
    }
  });
});

describe('the risk update form when /api/me fails', () => {
  it('says the update could not be sent, not that a signed-in person must sign in', async () => {
    const context = await signedInContext({ me: answerJson({ error: { code: 'internal', message: 'Something went wrong' } }, 500) });
    const page = await openIn(context, '/risks/ASC0002/');
    await page.locator('risk-update-form [data-feedback]').waitFor({ state: 'attached' });
    await page.getByText('Propose an update to this risk').click();
    await page.getByLabel('Why are you proposing this?').fill('Monthly review.');
    await page.getByRole('button', { name: 'Submit for review' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    expect(await summary.getByRole('listitem').allTextContents()).toEqual(['Your update could not be sent. Try again in a few minutes.']);
    await context.close();
  });
});

/** Proposals as /api/proposals lists them, newest first. */
function proposals(count: number): { id: string; title: string; author: string; createdAt: string; url: string; state: string }[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `a1b2c${String(i).padStart(3, '0')}`,
    title: `ASC0002: review ${i + 1}`,
    author: 'Kate Morrison',
    createdAt: new Date(Date.UTC(2026, 10, 23, 12) - i * 3_600_000).toISOString(),
    url: `/proposals/a1b2c${String(i).padStart(3, '0')}`,
    state: 'open',
  }));
}

describe('the Proposals page', () => {
  it('scrolls to and focuses the proposal the address points to, once the list has loaded', async () => {
    const list = proposals(40);
    const target = list[35]!.id;
    const context = await signedInContext({ me: answerJson(KATE), proposals: answerJson(list) });
    const page = await openIn(context, `/proposals/?submitted=${target}#proposal-${target}`);
    const row = page.locator(`#proposal-${target}`);
    await row.waitFor();
    await expect.poll(() => row.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await row.getAttribute('tabindex')).toBe('-1');
    const inView = await row.evaluate((el) => {
      const box = el.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= innerHeight;
    });
    expect(inView).toBe(true);
    await context.close();
  });

  it('shows the success banner once, the same banner while the list loads and after, so it is announced once', async () => {
    const list = proposals(3);
    const target = list[0]!.id;
    let answer: (() => void) | undefined;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const context = await signedInContext({
      me: answerJson(KATE),
      proposals: async (route) => {
        await answered;
        await answerJson(list)(route);
      },
    });
    const page = await openIn(context, `/proposals/?submitted=${target}#proposal-${target}`);
    const banner = page.getByRole('alert');
    await page.getByText('Loading proposals…').waitFor();
    expect(await banner.count()).toBe(1);
    const shownWhileLoading = await banner.elementHandle();
    answer!();
    await page.locator(`#proposal-${target}`).waitFor();
    expect(await banner.count()).toBe(1);
    expect(await banner.locator('.govuk-notification-banner__heading').textContent()).toBe(`Your update was submitted for review as proposal ${target}.`);
    expect(await shownWhileLoading.evaluate((el) => el.isConnected)).toBe(true);
    await context.close();
  });

  it('says there are no proposals, as the plain list does, rather than showing an empty table', async () => {
    const context = await signedInContext({ me: answerJson(KATE), proposals: answerJson([]) });
    const page = await openIn(context, '/proposals/');
    expect(await settledText(page, 'proposal-list')).toBe('There are no proposals.');
    expect(await page.locator('proposal-list table').count()).toBe(0);
    await context.close();
  });
});
