import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../config.ts';

/** What an Astro build of the site reads from the project (the data directory is passed in). */
const SITE_FILES = ['src', 'public', 'astro.config.mjs', 'package.json', 'tsconfig.json'];

/**
 * Copies the site's sources into `root` (inside the project, so that packages
 * resolve from its node_modules). A build there writes its own dist/, .astro/ and
 * .netlify/ under `root`, so the benchmark never touches the project's dist/ (which
 * tests use) and never races another build in the project for those folders.
 */
export function copySite(root: string): string {
  mkdirSync(root, { recursive: true });
  for (const name of SITE_FILES) {
    const from = join(PROJECT_ROOT, name);
    if (existsSync(from)) cpSync(from, join(root, name), { recursive: true });
  }
  return root;
}
