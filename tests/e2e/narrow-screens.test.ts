import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, useSiteInChromium } from '../helpers/browser.ts';
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

/** Each table's scrolling region as assistive technology meets it: role, tab stop and the name its caption gives it. */
function tableRegions(page: Page): Promise<{ table: string; role: string | null; tabindex: string | null; name: string; caption: string }[]> {
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
      };
    }),
  );
}

/** Text in a heatmap that runs outside its cell (visually hidden text aside), e.g. "Significant (3)" over its neighbour. */
function heatmapTextOutsideCells(page: Page): Promise<string[]> {
  return page.locator('table.app-heatmap').evaluateAll((tables) =>
    tables.flatMap((table) =>
      [...table.querySelectorAll('th, td')].flatMap((cell) => {
        const box = cell.getBoundingClientRect();
        const outside: string[] = [];
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
          if (node.parentElement?.closest('.govuk-visually-hidden') || node.textContent?.trim() === '') continue;
          const range = document.createRange();
          range.selectNodeContents(node);
          if ([...range.getClientRects()].some((r) => r.left < box.left - 0.5 || r.right > box.right + 0.5)) outside.push(node.textContent?.trim() ?? '');
        }
        return outside;
      }),
    ),
  );
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

  it('a risk page puts its controls and actions in scrolling regions a keyboard can reach, named by their captions', async () => {
    const page = await open('/risks/ASC0001/', PHONE);
    expect((await tableRegions(page)).filter((r) => r.table === 'data-controls' || r.table === 'data-actions')).toEqual([
      { table: 'data-controls', role: 'region', tabindex: '0', name: 'Controls', caption: 'Controls' },
      { table: 'data-actions', role: 'region', tabindex: '0', name: 'Actions', caption: 'Actions' },
    ]);
    // The Actions table is wider than the screen: it scrolls, and the page does not.
    const actions = page.locator('table[data-actions]').locator('xpath=..');
    expect(await actions.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await page.context().close();
  });

  it('every wide table on these pages scrolls in a region that is a tab stop named by its caption', async () => {
    for (const path of PAGES) {
      const page = await open(path, PHONE);
      // The history timeline's small before-and-after tables wrap their text instead.
      const regions = (await tableRegions(page)).filter((r) => r.table !== 'govuk-table');
      expect(regions.length, path).toBeGreaterThan(0);
      for (const r of regions) expect({ path, ...r }).toEqual({ path, table: r.table, role: 'region', tabindex: '0', name: r.caption, caption: r.caption });
      await page.context().close();
    }
  });
});
