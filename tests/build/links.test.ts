import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS, matchPath } from '../../src/server/functions.ts';
import { DIST, DIST_WITH_RESTRICTED } from '../helpers/paths.ts';

const ORIGIN = 'http://oversight.test';

/** Every link, script, stylesheet and form target on a page. Astro writes every attribute double-quoted. */
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
function brokenLinks(dist: string, pagePath: string, html: string): string[] {
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

function pagesOf(dist: string): { path: string; html: string }[] {
  return readdirSync(dist, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => {
      const file = join(e.parentPath, e.name);
      const path = `/${relative(dist, file).split(sep).join('/')}`.replace(/index\.html$/, '');
      return { path, html: readFileSync(file, 'utf8') };
    });
}

describe('links on the built site', () => {
  it.each([
    ['the published build', DIST],
    ['the build with restricted registers', DIST_WITH_RESTRICTED],
  ])('every link, script, stylesheet and form on every page of %s leads somewhere', (_name, dist) => {
    const pages = pagesOf(dist);
    expect(pages.length).toBeGreaterThan(30);
    expect(pages.flatMap((p) => brokenLinks(dist, p.path, p.html))).toEqual([]);
  });

  it('finds a missing page, a missing #fragment and a path no function answers', () => {
    const html = [
      '<a href="/registers/no-such-register/">x</a>',
      '<a href="/accessibility/#no-such-heading">x</a>',
      '<a href="#here">x</a><h2 id="here">Here</h2>',
      '<a href="#not-here">x</a>',
      '<form action="/api/risks/ASC0001/updates" method="post"></form>',
      '<a href="/auth/nowhere">x</a>',
      '<a href="https://example.org/missing">x</a>',
    ].join('');
    expect(brokenLinks(DIST, '/', html)).toEqual([
      '/: /registers/no-such-register/ is neither a built file nor a function',
      '/: /accessibility/#no-such-heading names no element on /accessibility/',
      '/: #not-here names no element on /',
      '/: /auth/nowhere is neither a built file nor a function',
    ]);
  });
});
