import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, useSiteInChromium } from '../helpers/browser.ts';
import { DIST } from '../helpers/paths.ts';

const SCREENSHOT = fileURLToPath(new URL('./screenshots/register-page.png', import.meta.url));

const site = useSiteInChromium(DIST);
const { open } = site;

/** The heatmap as the page shows it: counts read from the cells' text, in table order. */
async function heatmapFromPage(page: Page, kind: 'current' | 'target'): Promise<number[][]> {
  return page.$$eval(`table[data-heatmap="${kind}"] tbody tr`, (rows) =>
    rows.map((row) => [...row.querySelectorAll('td')].map((cell) => parseInt(cell.querySelector('.app-heatmap__count')?.textContent?.trim() ?? '', 10))),
  );
}

describe('register page in Chromium', () => {
  it('shows the same heatmap counts as the JSON API', async () => {
    const page = await open('/registers/adult-social-care/');
    const api = (await (await fetch(`${site.url}/api/registers/adult-social-care.json`)).json()) as { heatmap: { current: number[][]; target: number[][] } };
    expect(await heatmapFromPage(page, 'current')).toEqual(api.heatmap.current);
    expect(await heatmapFromPage(page, 'target')).toEqual(api.heatmap.target);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await page.context().close();
  });

  it('shows the heatmap and every risk with JavaScript turned off', async () => {
    const page = await open('/registers/adult-social-care/', { javaScriptEnabled: false });
    expect((await heatmapFromPage(page, 'current')).flat().reduce((a, b) => a + b, 0)).toBe(9);
    expect(await page.locator('#open-risks tbody tr:visible').count()).toBe(9);
    expect(await page.locator('risk-table-filter select').count()).toBe(0);
    expect(await page.locator('#open-risks caption').textContent()).toBe('Open risks (9)');
    await page.context().close();
  });

  it('filters the summary table by owner, band and category', async () => {
    const page = await open('/registers/adult-social-care/');
    const visibleRisks = () => page.locator('#open-risks tbody tr:visible').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset['risk']));
    expect(await visibleRisks()).toHaveLength(9);

    await page.getByLabel('Owner', { exact: true }).selectOption('Kate Morrison');
    expect(await visibleRisks()).toEqual(['ASC0001', 'ASC0003', 'ASC0005']);
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Showing 3 of 10 risks');

    await page.getByLabel('Band', { exact: true }).selectOption('High');
    expect(await visibleRisks()).toEqual(['ASC0001']);
    expect(page.url()).toContain('owner=Kate+Morrison');

    await page.getByLabel('Owner', { exact: true }).selectOption('');
    await page.getByLabel('Band', { exact: true }).selectOption('');
    await page.getByLabel('Category', { exact: true }).selectOption('Partnership');
    expect(await visibleRisks()).toEqual(['ASC0006']);
    await page.context().close();
  });

  it('prints for a committee: chrome and forms left out, heatmaps side by side on one page, bands in colour', async () => {
    const page = await open('/registers/adult-social-care/');
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 1032, height: 730 }); // A4 landscape inside 12 mm margins, at 96 px per inch
    for (const hidden of ['header.govuk-header', 'nav.govuk-breadcrumbs', 'footer.govuk-footer', '.app-filter', '.app-heatmap-cells', '#new-risk', '#import']) {
      expect(await page.locator(hidden).first().isVisible(), hidden).toBe(false);
    }
    const current = await page.locator('table[data-heatmap="current"]').boundingBox();
    const target = await page.locator('table[data-heatmap="target"]').boundingBox();
    expect(current && target && Math.abs(current.y - target.y) < 1 && current.x + current.width <= target.x).toBe(true);
    const adjust = await page.locator('#open-risks .app-band').first().evaluate((el) => getComputedStyle(el).printColorAdjust);
    expect(adjust).toBe('exact');
    // Summary, heatmaps, then the nine open risks and the closed one.
    const pdf = await page.pdf({ preferCSSPageSize: true });
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(pages).toBeLessThanOrEqual(4);
    await page.context().close();
  });

  it('opens the form a link points to, which a closed details would hide: #new-risk, #import, and a risk\'s #update', async () => {
    const isOpen = (page: Page, id: string): Promise<boolean> => page.locator(`details#${id}`).evaluate((d) => (d as HTMLDetailsElement).open);
    const register = await open('/registers/adult-social-care/#new-risk');
    await expect.poll(() => isOpen(register, 'new-risk')).toBe(true);
    expect(await isOpen(register, 'import')).toBe(false);
    // Following a link on the page itself opens its target too.
    await register.evaluate(() => {
      location.hash = '#import';
    });
    await expect.poll(() => isOpen(register, 'import')).toBe(true);
    await register.context().close();
    const risk = await open('/risks/ASC0003/#update');
    await expect.poll(() => isOpen(risk, 'update')).toBe(true);
    await risk.context().close();
    const plain = await open('/risks/ASC0003/#update', { javaScriptEnabled: false });
    expect(await isOpen(plain, 'update')).toBe(false);
    await plain.context().close();
  });

  it('prints a risk without its update form', async () => {
    const page = await open('/risks/ASC0003/');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('risk-update-form').isVisible()).toBe(false);
    expect(await page.locator('[data-proposal]').isVisible()).toBe(false);
    expect(await page.locator('table[data-controls]').isVisible()).toBe(true);
    await page.context().close();
  });

  it('prints a filtered register as filtered: each caption says what the filter leaves out, and the closed risks are filtered too', async () => {
    const page = await open('/registers/adult-social-care/?band=High');
    await expect.poll(() => page.locator('#open-risks caption').textContent()).toBe('Open risks in band High (2 of 9)');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#open-risks tbody tr:visible').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset['risk']))).toEqual(['ASC0001', 'ASC0002']);
    expect(await page.locator('#open-risks caption').isVisible()).toBe(true);
    // ASC0010, the closed risk, is Low: nothing of its table is left to print.
    expect(await page.locator('#closed-risks').isVisible()).toBe(false);
    await page.context().close();

    const low = await open('/registers/adult-social-care/?band=Low&owner=Fiona+Blackwood');
    await expect.poll(() => low.locator('#closed-risks caption').textContent()).toBe('Closed, withdrawn and moved risks owned by Fiona Blackwood, in band Low (1 of 1)');
    expect(await low.locator('#open-risks caption').textContent()).toBe('Open risks owned by Fiona Blackwood, in band Low (0 of 9)');
    expect(await low.locator('#open-risks').isVisible()).toBe(false);
    expect(await low.locator('#closed-risks tbody tr:visible').count()).toBe(1);
    await low.getByLabel('Band', { exact: true }).selectOption('');
    await low.getByLabel('Owner', { exact: true }).selectOption('');
    expect(await low.locator('#closed-risks caption').textContent()).toBe('Closed, withdrawn and moved risks (1)');
    expect(await low.locator('#open-risks caption').textContent()).toBe('Open risks (9)');
    await low.context().close();
  });

  it('applies a filter given in the address, so a filtered view can be shared', async () => {
    const page = await open('/registers/adult-social-care/?band=Low');
    await expect.poll(async () => page.locator('#open-risks tbody tr:visible').count()).toBe(1);
    await page.context().close();
  });
});

describe('accessibility (axe-core, WCAG 2.2 AA rules)', () => {
  for (const path of ['/', '/registers/adult-social-care/', '/registers/corporate/', '/risks/ASC0006/', '/risks/ASC0001/', '/risks/COR0003/', '/accessibility/']) {
    it(`${path} has no violations`, async () => {
      const page = await open(path);
      expect(await axeViolations(page)).toEqual([]);
      await page.context().close();
    });
  }
});

describe('content security policy', () => {
  it('the register page runs its filter under the strict policy, with nothing refused', async () => {
    const context = await site.browser.newContext();
    const page = await context.newPage();
    const refused: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) refused.push(message.text());
    });
    const response = await page.goto(`${site.url}/registers/adult-social-care/`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByLabel('Band', { exact: true }).selectOption('High');
    await expect.poll(() => page.locator('#open-risks tbody tr:visible').count()).toBe(2);
    expect(refused).toEqual([]);
    await context.close();
  });
});
