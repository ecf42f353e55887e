import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { heatmapTextOutsideCells, useSiteInChromium } from '../helpers/browser.ts';
import { DIST } from '../helpers/paths.ts';

const { open } = useSiteInChromium(DIST);

/**
 * The contrast of an element's text against what is behind it (its own background, else the
 * nearest ancestor's that is not transparent), as WCAG 2.2 computes it.
 */
function textContrast(element: Locator): Promise<number> {
  return element.evaluate((el) => {
    const rgb = (colour: string): number[] => (colour.match(/[\d.]+/g) ?? []).map(Number);
    let behind: Element | null = el;
    while (behind !== null && (rgb(getComputedStyle(behind).backgroundColor)[3] ?? 1) === 0) behind = behind.parentElement;
    const luminance = (colour: string): number => {
      const [r = 0, g = 0, b = 0] = rgb(colour).map((c) => c / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const text = luminance(getComputedStyle(el).color);
    const back = luminance(behind === null ? 'rgb(255, 255, 255)' : getComputedStyle(behind).backgroundColor);
    return (Math.max(text, back) + 0.05) / (Math.min(text, back) + 0.05);
  });
}

/** Tabs until `element` has focus, as a keyboard user reaches it (so :focus-visible applies). */
async function tabTo(page: Page, element: Locator): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    await page.keyboard.press('Tab');
    if (await element.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error('never reached by the Tab key');
}

describe('links with keyboard focus', () => {
  it('the council’s name in the header stays readable: at least 4.5:1', async () => {
    const page = await open('/');
    const name = page.locator('.app-header__name');
    expect(await textContrast(name)).toBeGreaterThanOrEqual(4.5);
    await tabTo(page, name);
    expect(await textContrast(name)).toBeGreaterThanOrEqual(4.5);
    await page.context().close();
  });

  it('a heatmap count stays readable: at least 4.5:1, whatever its band’s colour', async () => {
    const page = await open('/registers/adult-social-care/');
    const counts = page.locator('.app-heatmap__count a');
    expect(await counts.count()).toBeGreaterThan(3);
    for (const count of await counts.all()) {
      await count.focus();
      expect(await textContrast(count), await count.innerText()).toBeGreaterThanOrEqual(4.5);
    }
    await page.context().close();
  });
});

/** WCAG 1.4.12's test: text spacing a reader may set in their own style sheet. */
const TEXT_SPACING = '* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }';

describe('with text spacing increased (WCAG 1.4.12)', () => {
  // A phone, a 1366-pixel laptop at 200% zoom, a 1280-pixel screen at 175%, a tablet, a desktop.
  for (const width of [320, 641, 683, 731, 768, 1024, 1280]) {
    it(`at ${width} px heatmap labels stay in their cells, and no page scrolls sideways`, async () => {
      for (const path of ['/registers/adult-social-care/', '/accessibility/', '/risks/ASC0002/']) {
        const page = await open(path, { viewport: { width, height: 900 }, bypassCSP: true });
        await page.addStyleTag({ content: TEXT_SPACING });
        expect(await heatmapTextOutsideCells(page), path).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), path).toBe(0);
        await page.context().close();
      }
    });
  }
});
