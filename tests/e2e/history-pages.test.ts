import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { axeViolations, useSiteInChromium } from '../helpers/browser.ts';
import { DIST } from '../helpers/paths.ts';

const site = useSiteInChromium(DIST);
const { open } = site;

describe('history pages in Chromium', () => {
  it('risk history page: draws the rating chart beside its table, with no axe-core violations', async () => {
    const page = await open('/risks/ASC0001/history/');
    await page.locator('history-rating-chart canvas[role="img"]').waitFor();
    expect(await page.locator('history-rating-chart table[data-rating-history] tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('history-rating-chart p.govuk-body-s').textContent()).toContain('current rating');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('"as at" view: labelled as a past view, with no axe-core violations', async () => {
    const page = await open('/registers/adult-social-care/as-at/2026-11-cabinet/');
    expect(await page.locator('[data-past-view="2026-11-cabinet"]').textContent()).toContain('not as it is now');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('audit view: filters by register and offers the rows shown as CSV, with no axe-core violations', async () => {
    const page = await open('/audit/');
    const form = page.locator('form[data-audit-form]');
    await form.waitFor({ state: 'visible' });
    const total = await page.locator('table[data-audit-table] tbody tr').count();
    expect(total).toBeGreaterThan(0);
    expect(await page.locator('[data-audit-count]').textContent()).toBe(`Showing ${total} of ${total} changes.`);

    await page.selectOption('#audit-register', 'corporate');
    const corporate = await page.locator('table[data-audit-table] tbody tr[data-register="corporate"]').count();
    expect(corporate).toBeGreaterThan(0);
    expect(corporate).toBeLessThan(total);
    expect(await page.locator('[data-audit-count]').textContent()).toBe(`Showing ${corporate} of ${total} changes.`);
    expect(await page.locator('table[data-audit-table] tbody tr:not([hidden])').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-register')))).toEqual(
      Array.from({ length: corporate }, () => 'corporate'),
    );

    // Downloaded as a person would, by the link: the page's policy lets no script fetch a blob: URL.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a[data-audit-filtered-download]').click()]);
    const bytes = readFileSync(await download.path());
    // The byte-order mark, as every CSV Oversight writes, or Excel garbles accented names.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.subarray(3).toString('utf8');
    const lines = csv.split('\r\n').filter((l) => l !== '');
    expect(lines[0]).toBe('date,commit,register,risk,change,before,after,author,submitter,proposal,merged_by,flags');
    expect(lines.slice(1)).toHaveLength(corporate);
    for (const line of lines.slice(1)) expect(line.split(',')[2]).toBe('corporate');

    expect(await axeViolations(page)).toEqual([]);
  });

  it('audit view: at 1280 px every column, Flags included, shows without scrolling the table', async () => {
    const page = await open('/audit/');
    const table = page.locator('table[data-audit-table]');
    const fit = await table.evaluate((t) => {
      const region = t.parentElement!;
      const flags = [...t.querySelectorAll('thead th')].find((th) => th.textContent?.trim() === 'Flags');
      return { scrolls: region.scrollWidth > region.clientWidth, flagsInside: flags !== undefined && flags.getBoundingClientRect().right <= region.getBoundingClientRect().right };
    });
    expect(fit).toEqual({ scrolls: false, flagsInside: true });
    await page.context().close();
  });

  it('audit view: filters by type of change and by date range', async () => {
    const page = await open('/audit/');
    await page.locator('form[data-audit-form]').waitFor({ state: 'visible' });
    const total = await page.locator('table[data-audit-table] tbody tr').count();
    const visibleChanges = (): Promise<string[]> =>
      page.locator('table[data-audit-table] tbody tr:not([hidden])').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-change') ?? ''));

    await page.selectOption('#audit-change', 'created');
    const created = await visibleChanges();
    expect(created.length).toBeGreaterThan(0);
    expect(created.length).toBeLessThan(total);
    for (const change of created) expect(change.split(' ')).toContain('created');

    await page.selectOption('#audit-change', '');
    // Every sample commit was made on 23 November 2026 (the day the tests treat as today).
    await page.fill('#audit-from', '2026-11-24');
    expect(await visibleChanges()).toEqual([]);
    expect(await page.locator('[data-audit-count]').textContent()).toBe(`Showing 0 of ${total} changes.`);
    await page.fill('#audit-from', '2026-11-23');
    await page.fill('#audit-to', '2026-11-23');
    expect(await visibleChanges()).toHaveLength(total);
  });
});
