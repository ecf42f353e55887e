import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes a minimal Astro project into `root`: a static config and one dynamic
 * page, `src/pages/[n].astro`, that getStaticPaths expands into `pages` pages
 * with a title and a paragraph each. The baseline our build is compared with.
 *
 * `root` must be inside the project (e.g. .oversight/bench/) so that `astro`
 * resolves from the project's node_modules.
 */
export function writeTrivialSite(root: string, pages: number): void {
  mkdirSync(join(root, 'src', 'pages'), { recursive: true });
  writeFileSync(join(root, 'astro.config.mjs'), "export default { output: 'static', devToolbar: { enabled: false } };\n");
  writeFileSync(
    join(root, 'src', 'pages', '[n].astro'),
    `---
export function getStaticPaths() {
  return Array.from({ length: ${pages} }, (_, i) => ({ params: { n: String(i + 1) } }));
}
const { n } = Astro.params;
---
<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Page {n}</title></head>
  <body><p>This is trivial page {n}.</p></body>
</html>
`,
  );
}
