import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { collectPageErrors, useSiteInChromium } from '../helpers/browser.ts';
import { DIST } from '../helpers/paths.ts';

// The risk page's "Propose an update" form, on the built site served without its functions:
// /api/me, and the function the form posts to, are answered by each test.
const site = useSiteInChromium(DIST);

const KATE = { person: { id: 'kate-morrison', name: 'Kate Morrison', email: 'kate.morrison@northmoor.example' }, roles: [], risks: ['ASC0001', 'ASC0002', 'ASC0005'], manages: [], csrfToken: 'token' };

/** A browser signed in as Kate Morrison (the hint cookie, and /api/me's answer). */
async function signedInContext(): Promise<BrowserContext> {
  const context = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([{ name: 'oversight-signed-in', value: '1', url: site.url }]);
  await context.route('**/api/me', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(KATE) }));
  return context;
}

/** Opens a risk page in `context` once its form is enhanced, expecting no script errors. */
async function openRisk(context: BrowserContext, risk: string): Promise<Page> {
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${site.url}/risks/${risk}/`);
  await page.locator('risk-update-form [data-feedback]').waitFor({ state: 'attached' });
  expect(errors).toEqual([]);
  return page;
}

describe('the risk update form', () => {
  it('posts as a plain form when its check cannot be loaded, as on a page left open across a deploy', async () => {
    const context = await signedInContext();
    const page = await openRisk(context, 'ASC0002');
    // The deploy has replaced every script the page has not loaded yet.
    await page.route('**/_astro/**', (route) => route.fulfill({ status: 404, body: 'Not found' }));
    const posts: { type: string | undefined; body: string }[] = [];
    await page.route('**/api/risks/ASC0002/updates', async (route) => {
      posts.push({ type: route.request().headers()['content-type'], body: route.request().postData() ?? '' });
      await route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Answered</title><h1>Answered by the function</h1>' });
    });
    await page.getByText('Propose an update to this risk').click();
    await page.getByLabel('Review comment (optional)').fill('Reviewed after the deploy.');
    await page.getByLabel('Why are you proposing this?').fill('Monthly review.');
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.waitForURL(`${site.url}/api/risks/ASC0002/updates`, { timeout: 10_000 });
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Answered by the function');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.type).toBe('application/x-www-form-urlencoded');
    const sent = new URLSearchParams(posts[0]!.body);
    expect(sent.get('reviewComment')).toBe('Reviewed after the deploy.');
    expect(sent.get('reason')).toBe('Monthly review.');
    expect(sent.get('baseVersion')).toMatch(/^[0-9a-f]{40}$/);
    await context.close();
  });
});
