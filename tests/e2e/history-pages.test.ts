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
    const corporate = await page.locator('table[data-audit-table] tbody tr[data-registers~="corporate"]').count();
    expect(corporate).toBeGreaterThan(0);
    expect(corporate).toBeLessThan(total);
    expect(await page.locator('[data-audit-count]').textContent()).toBe(`Showing ${corporate} of ${total} changes.`);
    // The caption, which names the table's region and is printed with it, counts the same rows.
    expect(await page.locator('table[data-audit-table] caption').textContent()).toMatch(new RegExp(`, newest first, in the Corporate risk register \\(${corporate} of ${total}\\)$`));
    expect(await page.getByRole('region', { name: new RegExp(`\\(${corporate} of ${total}\\)$`) }).count()).toBe(1);
    // A risk moved between registers is in both: each row shown names corporate before or after.
    const shown = await page.locator('table[data-audit-table] tbody tr:not([hidden])').evaluateAll((rows) => rows.map((r) => (r.getAttribute('data-registers') ?? '').split(' ')));
    expect(shown).toHaveLength(corporate);
    expect(shown.every((registers) => registers.includes('corporate'))).toBe(true);

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
    const count = page.locator('[data-audit-count]');
    const typeDate = async (bound: 'from' | 'to', day: string, month: string, year: string): Promise<void> => {
      await page.fill(`#audit-${bound}-day`, day);
      await page.fill(`#audit-${bound}-month`, month);
      await page.fill(`#audit-${bound}-year`, year);
    };
    // Every sample commit was made on 23 November 2026, the day the tests treat as today (the build dates none later).
    await typeDate('from', '24', '11', '2026');
    expect(await visibleChanges()).toEqual([]);
    expect(await count.textContent()).toBe(`Showing 0 of ${total} changes.`);
    // Nothing left: a message in place of a table of headings over no rows.
    expect(await page.getByText('No changes match these filters.').isVisible()).toBe(true);
    expect(await page.locator('table[data-audit-table]').isVisible()).toBe(false);
    expect(await page.locator('table[data-audit-table] caption').textContent()).toMatch(new RegExp(`, newest first, on or after 24 November 2026 \\(0 of ${total}\\)$`));
    expect(await axeViolations(page)).toEqual([]);
    await typeDate('from', '23', '11', '2026');
    await typeDate('to', '23', '11', '2026');
    expect(await visibleChanges()).toHaveLength(total);
    expect(await page.getByText('No changes match these filters.').isVisible()).toBe(false);
    expect(await page.locator('table[data-audit-table]').isVisible()).toBe(true);
    expect(await page.locator('form[data-audit-form] .govuk-error-message').count()).toBe(0);
  });

  it('audit view: a date that is not real is shown as an error and filters nothing until corrected, with no axe-core violations', async () => {
    const page = await open('/audit/');
    await page.locator('form[data-audit-form]').waitFor({ state: 'visible' });
    const total = await page.locator('table[data-audit-table] tbody tr').count();
    const count = page.locator('[data-audit-count]');
    const group = page.locator('[data-date-bound="from"]');
    const fieldset = page.locator('fieldset#audit-from');
    const error = page.locator('#audit-from-error');

    // Half-typed, it is not yet a mistake: the bound is simply off.
    await page.fill('#audit-from-day', '31');
    await page.fill('#audit-from-month', '2');
    expect(await error.count()).toBe(0);
    await page.fill('#audit-from-year', '2027');
    expect(await count.textContent()).toBe(`Showing ${total} of ${total} changes.`);

    // Moving on from it shows GOV.UK's inline error, and the bound still does not apply.
    await page.press('#audit-from-year', 'Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('audit-to-day');
    expect(await error.textContent()).toBe('Error: From must be a real date, for example 23 11 2026');
    expect(await group.getAttribute('class')).toContain('govuk-form-group--error');
    expect(await fieldset.getAttribute('aria-describedby')).toBe('audit-from-hint audit-from-error');
    expect(await page.locator('#audit-from-day').getAttribute('class')).toContain('govuk-input--error');
    expect(await page.locator('#audit-from-month').getAttribute('class')).not.toContain('govuk-input--error');
    expect(await count.textContent()).toBe(`Showing ${total} of ${total} changes. From must be a real date, for example 23 11 2026.`);
    expect(await page.locator('table[data-audit-table] tbody tr:not([hidden])').count()).toBe(total);
    expect(await axeViolations(page)).toEqual([]);

    // Corrected, the error goes as it is typed and the bound applies: no change is after 28 February 2027.
    await page.fill('#audit-from-day', '28');
    expect(await error.count()).toBe(0);
    expect(await group.getAttribute('class')).not.toContain('govuk-form-group--error');
    expect(await fieldset.getAttribute('aria-describedby')).toBe('audit-from-hint');
    expect(await page.locator('#audit-from-day').getAttribute('class')).not.toContain('govuk-input--error');
    expect(await count.textContent()).toBe(`Showing 0 of ${total} changes.`);

    // A two-digit year is refused, not read as 2026.
    await page.fill('#audit-from-day', '23');
    await page.fill('#audit-from-month', '11');
    await page.fill('#audit-from-year', '26');
    expect(await error.textContent()).toBe('Error: The year in From must include 4 numbers, for example 2026');
    expect(await count.textContent()).toBe(`Showing ${total} of ${total} changes. The year in From must include 4 numbers, for example 2026.`);
    await page.fill('#audit-from-year', '2026');
    expect(await count.textContent()).toBe(`Showing ${total} of ${total} changes.`);

    // To before From is a mistake on To; From still applies.
    await page.fill('#audit-to-day', '22');
    await page.fill('#audit-to-month', '11');
    await page.fill('#audit-to-year', '2026');
    await page.press('#audit-to-year', 'Enter');
    expect(await page.locator('#audit-to-error').textContent()).toBe('Error: To must be the same as or after From');
    expect(await page.locator('table[data-audit-table] tbody tr:not([hidden])').count()).toBe(total);
    expect(await axeViolations(page)).toEqual([]);
  });
});
