import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FUNCTIONS, matchPath } from '../../src/server/functions.ts';

const ORIGIN = 'http://oversight.test';

/** Every link, script, stylesheet and form target on a page: built by Astro or read back with Playwright's page.content(), both of which double-quote every attribute. */
function urlsOf(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src|action)="([^"]*)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
}

function idsOf(html: string): Set<string> {
  return new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
}

/** The built file a site path is served from, as Netlify serves `directory` format. */
function builtFile(dist: string, pathname: string): string | null {
  const file = join(dist, decodeURIComponent(pathname));
  if (existsSync(file) && statSync(file).isFile()) return file;
  const index = join(file, 'index.html');
  return existsSync(index) ? index : null;
}

/** What is wrong with each same-site URL on a page: no built file or function answers it, or no element has its #fragment. */
export function brokenLinks(dist: string, pagePath: string, html: string): string[] {
  return urlsOf(html).flatMap((raw) => {
    const url = new URL(raw, ORIGIN + pagePath);
    if (url.origin !== ORIGIN) return [];
    const file = builtFile(dist, url.pathname);
    if (file === null) {
      return FUNCTIONS.some((f) => matchPath(f.path, url.pathname) !== null) ? [] : [`${pagePath}: ${raw} is neither a built file nor a function`];
    }
    const fragment = decodeURIComponent(url.hash.slice(1));
    if (fragment === '' || !file.endsWith('.html')) return [];
    const target = url.pathname === pagePath ? html : readFileSync(file, 'utf8');
    return idsOf(target).has(fragment) ? [] : [`${pagePath}: ${raw} names no element on ${url.pathname}`];
  });
}
