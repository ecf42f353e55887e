import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { createApp } from '../../src/server/app.ts';

/** Debian's Chromium, never a downloaded browser. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * `backForwardCache`: Playwright launches Chromium with its back/forward cache off; a test of
 * what a page does when Back shows it again from that cache turns it back on.
 */
export function launchChromium(options: { backForwardCache?: boolean } = {}): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, ...(options.backForwardCache ? { ignoreDefaultArgs: ['--disable-back-forward-cache'] } : {}) });
}

/** Serves a built site on a free loopback port with the local server `npm start` uses. */
export async function serveSite(root: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(createApp({ distDir: root }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export interface SiteInChromium {
  /** The served site's address, e.g. for fetching its JSON beside the page. */
  readonly url: string;
  readonly browser: Browser;
  /** Opens a page in a new context, expecting 200 and no script errors while it loads. */
  open: (path: string, options?: BrowserContextOptions) => Promise<Page>;
}

/** A built site served locally and headless Chromium for one test file: call at its top level. */
export function useSiteInChromium(root: string): SiteInChromium {
  let site: Awaited<ReturnType<typeof serveSite>> | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    site = await serveSite(root);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the site and browser start in beforeAll: use them inside tests');
    return value;
  };
  return {
    get url() {
      return started(site).url;
    },
    get browser() {
      return started(browser);
    },
    open: async (path, options = {}) => {
      // The pages run under the site's own Content Security Policy, as deployed: a script it blocks fails the test.
      const context = await started(browser).newContext({ viewport: { width: 1280, height: 900 }, ...options });
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      const response = await page.goto(started(site).url + path);
      expect(response?.status()).toBe(200);
      expect(errors).toEqual([]);
      return page;
    },
  };
}

/**
 * Script errors, Content Security Policy refusals and console warnings in a page, as they
 * happen. Chromium reports a refused script only on the console, so a page whose script the
 * policy blocks would otherwise pass while doing nothing; a warning is what a package's
 * development build, bundled by mistake, prints on every page.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (message) => {
    if (message.type() === 'warning') errors.push(`warning: ${message.text()}`);
    else if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) errors.push(message.text());
  });
  return errors;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page against the WCAG 2.0, 2.1 and 2.2 A and AA rules. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, which the page's Content Security Policy does not govern.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'] },
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}

/** Text in a heatmap that runs outside its cell (visually hidden text aside), e.g. "Significant (3)" over its neighbour. */
export function heatmapTextOutsideCells(page: Page): Promise<string[]> {
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
