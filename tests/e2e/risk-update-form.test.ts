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

/**
 * ASC0005's page as the site would serve it once A2 is complete (it leaves the form, and A3
 * takes its place, actions.0) and a control C5 has been added (the new control moves to
 * controls.5): the same page, changed in Chromium as the build would change it.
 */
async function pageAfterAChange(context: BrowserContext, html: string): Promise<string> {
  const scratch = await context.newPage();
  const changed = await scratch.evaluate((source) => {
    const doc = new DOMParser().parseFromString(source, 'text/html');
    const form = doc.querySelector('risk-update-form form')!;
    form.querySelector<HTMLInputElement>('input[name="baseVersion"]')!.value = 'f'.repeat(40);
    form.querySelector('#action-A2-status')!.closest('.app-update-item')!.remove();
    for (const field of form.querySelectorAll('[name^="actions.1."]')) field.setAttribute('name', field.getAttribute('name')!.replace('actions.1.', 'actions.0.'));
    for (const field of form.querySelectorAll('[name^="controls.4."]')) field.setAttribute('name', field.getAttribute('name')!.replace('controls.4.', 'controls.5.'));
    const c4 = form.querySelector('#control-C4-status')!.closest('.govuk-form-group')!;
    const c5 = c4.cloneNode(true) as Element;
    c5.querySelector('input[type="hidden"]')!.setAttribute('name', 'controls.4.id');
    c5.querySelector('input[type="hidden"]')!.setAttribute('value', 'C5');
    c5.querySelector('label')!.setAttribute('for', 'control-C5-status');
    c5.querySelector('label')!.textContent = 'Control C5: Exit interviews for every social worker who leaves.';
    c5.querySelector('select')!.id = 'control-C5-status';
    c5.querySelector('select')!.setAttribute('name', 'controls.4.status');
    c4.after(c5);
    return `<!doctype html>\n${doc.documentElement.outerHTML}`;
  }, html);
  await scratch.close();
  return changed;
}

describe('what was typed before signing in, when the risk changed meanwhile', () => {
  it('goes back into the fields of the same action and control, and the page says the risk changed and what could not go back', async () => {
    const context = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await openRisk(context, 'ASC0005');
    await page.getByText('Propose an update to this risk').click();
    await page.locator('#action-A2-progress').fill('Apprenticeship places agreed with the university.');
    await page.locator('#action-A3-progress').fill('Agency numbers down to 31.');
    await page.getByLabel('What the control is').fill('Overseas recruitment with a settling-in programme.');
    await page.selectOption('#new-control-status', 'proposed');
    await page.getByLabel('Why are you proposing this?').fill('Workforce board, November.');
    // Signing in keeps what was typed; meanwhile the site is rebuilt with the risk changed.
    await page.route('**/auth/login*', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Sign in</title><h1>Sign in</h1>' }));
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/auth/login');
    await page.route('**/risks/ASC0005/', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: await pageAfterAChange(context, await response.text()) });
    });
    await page.goto(`${site.url}/risks/ASC0005/`);

    const banner = page.locator('risk-update-form .govuk-notification-banner');
    await banner.waitFor();
    expect((await banner.locator('.govuk-notification-banner__content').innerText()).split('\n').filter(Boolean)).toEqual([
      'This risk has changed since you started your update. What you typed is back in the form: check it against the risk as it is now, then submit it for review.',
      'What you typed about action A2 could not be put back: it is no longer in this form.',
    ]);
    // A3's progress is A3's, not A2's (whose place in the form A3 now has).
    expect(await page.locator('#action-A3-progress').inputValue()).toBe('Agency numbers down to 31.');
    expect(await page.locator('#action-A3-progress').getAttribute('name')).toBe('actions.0.progress');
    // The new control is still the new control, and the control added meanwhile is untouched.
    expect(await page.getByLabel('What the control is').inputValue()).toBe('Overseas recruitment with a settling-in programme.');
    expect(await page.locator('#new-control-status').inputValue()).toBe('proposed');
    expect(await page.locator('#control-C5-status').inputValue()).toBe('');
    expect(await page.getByLabel('Why are you proposing this?').inputValue()).toBe('Workforce board, November.');
    // The form goes with the risk's version as it is now, which the person has been told to check against.
    expect(await page.locator('input[name="baseVersion"]').inputValue()).toBe('f'.repeat(40));
    await context.close();
  });
});
