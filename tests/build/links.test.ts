import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { brokenLinks } from '../helpers/links.ts';
import { DIST, DIST_WITH_RESTRICTED } from '../helpers/paths.ts';

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
