import { existsSync, readdirSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { isoDay } from '../../core/dates.ts';
import { financialYearOfDay } from '../../core/history/audit.ts';
import { gitText } from '../git/git-process.ts';

const ROUTE_EXTENSIONS = new Set(['.astro', '.ts', '.js', '.md', '.mdx', '.html']);

/** Every file under `dir`, as paths relative to `dir` with forward slashes. */
function walk(dir: string, skip: (rel: string) => boolean = () => false): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter((rel) => !skip(rel));
}

/**
 * The pages (HTML and endpoint files) our build should write, worked out from
 * the route files in src/pages: a static route gives one page, a route with a
 * `[param]` gives `perParam[param]` pages (e.g. { risk: 5000, register: 10 }), and one with
 * several (`registers/[register]/as-at/[baseline]`) their product.
 */
export function expectedPageCount(pagesDir: string, perParam: Record<string, number>): number {
  let pages = 0;
  for (const rel of walk(pagesDir, (r) => r.split('/').some((part) => part.startsWith('_')))) {
    if (!ROUTE_EXTENSIONS.has(extname(rel))) continue;
    const params = [...rel.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1] ?? '');
    if (params.length === 0) pages += 1;
    else if (params.every((p) => perParam[p] !== undefined)) pages += params.reduce((n, p) => n * (perParam[p] ?? 0), 1);
    else throw new Error(`The bench cannot count the pages of the route src/pages/${rel}: teach expectedPageCount its parameters.`);
  }
  return pages;
}

/** The pages a build wrote into `distDir`: every file except bundled assets (_astro/) and copies of public/. */
export function countOutputPages(distDir: string, publicDir?: string): number {
  const fromPublic = new Set(publicDir === undefined ? [] : walk(publicDir));
  return walk(distDir, (rel) => rel.startsWith('_astro/') || fromPublic.has(rel)).length;
}

/**
 * The audit trail's pages for a data directory whose every commit changes its registers (as the
 * bench's generated ones do): /audit/ and one for each financial year a commit falls in.
 */
export async function auditPageCount(dataDir: string): Promise<number> {
  const times = (await gitText(dataDir, ['log', '--format=%ct'])).split('\n').filter((t) => t !== '');
  return 1 + new Set(times.map((t) => financialYearOfDay(isoDay(new Date(Number(t) * 1000))))).size;
}
