import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, heatmapTextOutsideCells, useSiteInChromium } from '../helpers/browser.ts';
import { DIST } from '../helpers/paths.ts';

const { open } = useSiteInChromium(DIST);

/** 320 CSS pixels: a small phone, and a 1280-pixel screen zoomed to 400% (WCAG 1.4.10 Reflow). */
const PHONE = { viewport: { width: 320, height: 640 } };

/** One page of each kind, with its widest tables: a risk with controls and actions, a register, a measure, the audit trail. */
const PAGES = ['/risks/ASC0001/', '/registers/adult-social-care/', '/measures/ASC1/', '/audit/', '/', '/safeguarding/', '/risks/ASC0001/history/', '/registers/adult-social-care/as-at/2026-11-cabinet/'];

/** How far the page itself scrolls sideways (0 when it reflows). */
function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Each table's scrolling region as assistive technology meets it: role, tab stop and the name its caption gives it; and whether its table is wider than it. */
function tableRegions(page: Page): Promise<{ table: string; role: string | null; tabindex: string | null; name: string; caption: string; scrolls: boolean }[]> {
  return page.locator('main table').evaluateAll((tables) =>
    tables.map((table) => {
      const region = table.closest('.app-table-wrap');
      const text = (el: Element | null | undefined): string => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
      const labelledBy = region?.getAttribute('aria-labelledby') ?? '';
      return {
        table: table.getAttributeNames().find((name) => name.startsWith('data-')) ?? table.getAttribute('class') ?? '',
        role: region?.getAttribute('role') ?? null,
        tabindex: region?.getAttribute('tabindex') ?? null,
        name: text(labelledBy === '' ? null : document.getElementById(labelledBy)),
        caption: text(table.querySelector('caption')),
        scrolls: region !== null && region !== undefined && region.scrollWidth > region.clientWidth,
      };
    }),
  );
}

/**
 * Where the Tab key goes, from the top of the page until focus leaves it or comes back round:
 * a table's region as `region <its caption's id>`, anything else as its tag.
 */
async function tabStops(page: Page): Promise<string[]> {
  type Seen = { tabStopsSeen: WeakSet<Element> };
  const stops: string[] = [];
  await page.evaluate(() => {
    (window as unknown as Seen).tabStopsSeen = new WeakSet();
    (document.activeElement as HTMLElement | null)?.blur();
  });
  for (let i = 0; i < 300; i += 1) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const seen = (window as unknown as Seen).tabStopsSeen;
      const el = document.activeElement;
      if (el === null || el === document.body || seen.has(el)) return null;
      seen.add(el);
      return el.matches('.app-table-wrap') ? `region ${el.getAttribute('aria-labelledby') ?? ''}` : el.tagName.toLowerCase();
    });
    if (stop === null) return stops;
    stops.push(stop);
  }
  throw new Error(`more than 300 tab stops: ${stops.join(', ')}`);
}

/** The tables' regions among the tab stops, after checking the walk got past the header's links. */
async function regionTabStops(page: Page): Promise<string[]> {
  const stops = await tabStops(page);
  expect(stops.filter((stop) => stop === 'a').length).toBeGreaterThan(3);
  return stops.filter((stop) => stop.startsWith('region'));
}

describe('heatmaps on phones', () => {
  for (const width of [320, 375, 414]) {
    it(`at ${width} px every label and band stays inside its cell, and the caption inside the screen`, async () => {
      for (const path of ['/registers/adult-social-care/', '/registers/adult-social-care/as-at/2026-11-cabinet/']) {
        const page = await open(path, { viewport: { width, height: 800 } });
        expect(await heatmapTextOutsideCells(page), path).toEqual([]);
        expect(await sidewaysScroll(page), path).toBe(0);
        const captions = await page.locator('table.app-heatmap caption').evaluateAll((cs) => cs.map((c) => c.getBoundingClientRect().right));
        for (const right of captions) expect(right, path).toBeLessThanOrEqual(width);
        await page.context().close();
      }
    });
  }
});

describe('on a 320-pixel screen', () => {
  for (const path of PAGES) {
    it(`${path} reflows: the page does not scroll sideways, and axe-core finds no violations`, async () => {
      const page = await open(path, PHONE);
      expect(await sidewaysScroll(page)).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
      await page.context().close();
    });
  }

  it('a risk page puts its key risk indicators, controls and actions in scrolling regions a keyboard can reach, named by their captions', async () => {
    const page = await open('/risks/ASC0001/', PHONE);
    // Both are wider than the screen here: they scroll, and the page does not.
    await expect.poll(async () => (await tableRegions(page)).filter((r) => r.table === 'data-controls' || r.table === 'data-actions')).toEqual([
      { table: 'data-controls', role: 'region', tabindex: '0', name: 'Controls', caption: 'Controls', scrolls: true },
      { table: 'data-actions', role: 'region', tabindex: '0', name: 'Actions', caption: 'Actions', scrolls: true },
    ]);
    expect(await regionTabStops(page)).toEqual(['region caption-key-risk-indicators', 'region caption-controls', 'region caption-actions']);
    // Reached by the keyboard, the arrow keys scroll it.
    const actions = page.getByRole('region', { name: 'Actions' });
    await actions.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => actions.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    await page.context().close();
  });

  it('every table on these pages is in a region named by its caption, a tab stop exactly when the table is wider than it', async () => {
    let scrolling = 0;
    for (const path of PAGES) {
      const page = await open(path, PHONE);
      // The history timeline's small before-and-after tables wrap their text instead.
      const regions = async () => (await tableRegions(page)).filter((r) => r.table !== 'govuk-table');
      expect((await regions()).length, path).toBeGreaterThan(0);
      await expect
        .poll(async () => (await regions()).filter((r) => r.tabindex !== (r.scrolls ? '0' : null)), { message: path })
        .toEqual([]);
      for (const r of await regions()) expect({ path, ...r }).toEqual({ path, ...r, role: 'region', name: r.caption });
      scrolling += (await regions()).filter((r) => r.scrolls).length;
      await page.context().close();
    }
    // Most do not fit 320 pixels: a keyboard must be able to reach them.
    expect(scrolling).toBeGreaterThan(PAGES.length);
  });
});

describe('tables that fit the screen', () => {
  const RISK = '/risks/ASC0001/';
  const regionsOf = async (page: Page) => (await tableRegions(page)).filter((r) => r.role === 'region').map((r) => ({ name: r.name, tabindex: r.tabindex }));

  it('are not tab stops at 1280 pixels, and become tab stops when the window narrows until they scroll', async () => {
    const page = await open(RISK);
    await expect.poll(() => regionsOf(page)).toEqual([
      { name: 'Key risk indicators', tabindex: null },
      { name: 'Controls', tabindex: null },
      { name: 'Actions', tabindex: null },
    ]);
    expect(await regionTabStops(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);

    await page.setViewportSize(PHONE.viewport);
    await expect.poll(() => regionsOf(page)).toEqual([
      { name: 'Key risk indicators', tabindex: '0' },
      { name: 'Controls', tabindex: '0' },
      { name: 'Actions', tabindex: '0' },
    ]);
    expect(await regionTabStops(page)).toEqual(['region caption-key-risk-indicators', 'region caption-controls', 'region caption-actions']);
    await page.context().close();
  });

  it('are not tab stops on a register page at 1280 pixels: neither the heatmaps nor the risk tables', async () => {
    const page = await open('/registers/adult-social-care/');
    await expect.poll(async () => (await tableRegions(page)).filter((r) => r.tabindex !== null)).toEqual([]);
    expect((await tableRegions(page)).length).toBe(5);
    expect(await regionTabStops(page)).toEqual([]);
    await page.context().close();
  });

  it('a region with focus stays a tab stop when its table comes to fit, until focus moves on', async () => {
    const page = await open(RISK, PHONE);
    const actions = page.getByRole('region', { name: 'Actions' });
    await expect.poll(() => actions.getAttribute('tabindex')).toBe('0');
    await actions.focus();
    await page.setViewportSize({ width: 1280, height: 900 });
    // Controls, without focus, stops being a tab stop; Actions keeps focus, so stays one.
    await expect.poll(() => page.getByRole('region', { name: 'Controls' }).getAttribute('tabindex')).toBeNull();
    expect(await actions.getAttribute('tabindex')).toBe('0');
    expect(await actions.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Tab');
    await expect.poll(() => actions.getAttribute('tabindex')).toBeNull();
    await page.context().close();
  });

  it('stay tab stops without JavaScript, where nothing can tell whether they fit', async () => {
    for (const path of [RISK, '/registers/adult-social-care/']) {
      const page = await open(path, { javaScriptEnabled: false });
      const regions = await tableRegions(page);
      expect(regions.length, path).toBeGreaterThan(0);
      for (const r of regions) expect({ path, name: r.name, role: r.role, tabindex: r.tabindex, scrolls: r.scrolls }).toEqual({ path, name: r.caption, role: 'region', tabindex: '0', scrolls: false });
      await page.context().close();
    }
  });
});
