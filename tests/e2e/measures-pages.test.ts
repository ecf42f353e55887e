import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, useSiteInChromium } from '../helpers/browser.ts';
import { DIST } from '../helpers/paths.ts';

const site = useSiteInChromium(DIST);
const { open } = site;

interface PublishedMeasure {
  id: string;
  target: number | null;
  values: { period: string; value: number | null; suppressed: boolean }[];
}

/** How many pixels of the canvas have been painted (any non-transparent pixel). */
function paintedPixels(page: Page): Promise<number> {
  return page.$eval('measure-trend-chart canvas', (canvas) => {
    const c = canvas as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted += 1;
    return painted;
  });
}

describe('measures pages in Chromium', () => {
  it('the dashboard has every measure, and no axe-core violations', async () => {
    const page = await open('/measures/');
    const api = (await (await fetch(`${site.url}/api/measures.json`)).json()) as { id: string; value: number | null }[];
    const rows = await page.$$eval('tr[data-measure]', (trs) => trs.map((tr) => ({ id: (tr as HTMLElement).dataset['measure'], value: tr.querySelector<HTMLElement>('[data-value]')?.dataset['value'] })));
    const byId = (a: { id?: string | undefined }, b: { id?: string | undefined }) => (a.id ?? '').localeCompare(b.id ?? '');
    expect(rows.sort(byId)).toEqual(api.map((m) => ({ id: m.id, value: m.value === null ? '' : String(m.value) })).sort(byId));
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('a measure page draws its trend chart from the same figures as its table and the JSON', async () => {
    const page = await open('/measures/ASC1/');
    const api = (await (await fetch(`${site.url}/api/measures/ASC1.json`)).json()) as PublishedMeasure;
    await page.waitForSelector('measure-trend-chart canvas');
    expect(await paintedPixels(page)).toBeGreaterThan(1000);
    // What chart.js was given: the series and the dashed target line.
    const chart = await page.$eval('measure-trend-chart', (el) => {
      const c = (el as unknown as { chart: { data: { labels: string[]; datasets: { label: string; data: (number | null)[]; borderDash?: number[] }[] } } }).chart;
      return { labels: c.data.labels, datasets: c.data.datasets.map((d) => ({ label: d.label, data: d.data, borderDash: d.borderDash ?? [] })) };
    });
    expect(chart.labels).toEqual(api.values.map((v) => v.period));
    expect(chart.datasets[0]!.data).toEqual(api.values.map((v) => v.value));
    expect(chart.datasets[1]).toEqual({ label: 'Target', data: api.values.map(() => 90), borderDash: [8, 6] });
    // The table, as a reader sees it.
    const table = await page.$$eval('table[data-measure-trend="ASC1"] tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent?.trim() ?? '')));
    expect(table.map((cells) => cells[0])).toEqual(api.values.map((v) => v.period));
    expect(table.map((cells) => cells[1])).toEqual(api.values.map((v) => (v.value === null ? '*' : `${v.value}%`)));
    expect(await page.locator('measure-trend-chart canvas[role="img"]').getAttribute('aria-label')).toBe(
      'Trend chart of People asked about the outcomes they wanted from their enquiry, with the target as a dashed line. The same figures are in the table below.',
    );
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('a measure with suppressed figures leaves gaps in the chart where the table shows *', async () => {
    const page = await open('/measures/SAR-MET/');
    const api = (await (await fetch(`${site.url}/api/measures/SAR-MET.json`)).json()) as PublishedMeasure;
    expect(api.values.some((v) => v.suppressed)).toBe(true);
    await page.waitForSelector('measure-trend-chart canvas');
    const data = await page.$eval('measure-trend-chart', (el) => (el as unknown as { chart: { data: { datasets: { data: (number | null)[] }[] } } }).chart.data.datasets[0]!.data);
    expect(data).toEqual(api.values.map((v) => v.value));
    const cells = await page.$$eval('table[data-measure-trend] tbody td:first-of-type', (tds) => tds.map((td) => td.textContent?.trim()));
    expect(cells).toEqual(api.values.map((v) => (v.suppressed ? '* (suppressed to protect small numbers)' : String(v.value))));
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('without JavaScript, the measure page still has every figure in its table', async () => {
    const page = await open('/measures/ASC1/', { javaScriptEnabled: false });
    const api = (await (await fetch(`${site.url}/api/measures/ASC1.json`)).json()) as PublishedMeasure;
    expect(await page.locator('measure-trend-chart canvas').count()).toBe(0);
    expect(await page.locator('table[data-measure-trend="ASC1"] tbody tr').count()).toBe(api.values.length);
    await page.context().close();
  });

  it('the safeguarding dashboard and the home page list of risks to review have no axe-core violations', async () => {
    for (const path of ['/safeguarding/', '/', '/risks/ASC0003/']) {
      const page = await open(path);
      expect(await axeViolations(page), path).toEqual([]);
      await page.context().close();
    }
  });
});
