import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface JsWeight {
  /** Script files and inline scripts counted. */
  scripts: number;
  gzipBytes: number;
}

const gzipSize = (text: string | Buffer): number => gzipSync(text, { level: 9 }).length;

// A <script> with JavaScript in it: no type, a JavaScript type or a module.
const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;
const isJavaScript = (attributes: string): boolean => {
  const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attributes)?.[1]?.toLowerCase();
  return type === undefined || type === 'module' || type === 'text/javascript' || type === 'application/javascript';
};
const srcOf = (attributes: string): string | undefined => /\bsrc\s*=\s*["']?([^"'\s>]+)/i.exec(attributes)?.[1];

// Static imports and re-exports at a statement boundary: `import{a}from"./x.js"`, `import"./y.js"`, `export*from"./z.js"`.
// Not dynamic import(): those chunks load only when the code asks for them.
const STATIC_IMPORT = /(?:^|[;\n}])\s*(?:import|export)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?(["'])([^"'\n]+)\1/g;

/** The static imports of a script, as site paths resolved against `from` (a site path, or the page URL for inline scripts). */
export function staticImports(code: string, from: string): string[] {
  return [...code.matchAll(STATIC_IMPORT)]
    .map((m) => m[2] ?? '')
    .filter((spec) => spec.startsWith('/') || spec.startsWith('./') || spec.startsWith('../'))
    .map((spec) => (spec.startsWith('/') ? spec : posix.join(posix.dirname(from), spec)));
}

/**
 * The JavaScript a built page ships, gzipped: its inline scripts plus every
 * script file it loads and, transitively, their static imports, each file once.
 * `pagePath` is the page's site path (e.g. /registers/corporate/).
 */
export function pageJsWeight(distDir: string, html: string, pagePath: string): JsWeight {
  const seen = new Set<string>();
  let scripts = 0;
  let gzipBytes = 0;
  const follow = (sitePath: string): void => {
    const clean = sitePath.split(/[?#]/)[0] ?? sitePath;
    if (seen.has(clean)) return;
    seen.add(clean);
    const file = join(distDir, clean);
    if (!existsSync(file)) throw new Error(`${pagePath} loads ${clean}, which is not in ${distDir}`);
    const code = readFileSync(file);
    scripts += 1;
    gzipBytes += gzipSize(code);
    for (const next of staticImports(code.toString('utf8'), clean)) follow(next);
  };
  const base = pagePath.endsWith('/') ? `${pagePath}index.html` : pagePath;
  for (const [, attributes = '', body = ''] of html.matchAll(SCRIPT)) {
    if (!isJavaScript(attributes)) continue;
    const src = srcOf(attributes);
    if (src !== undefined) {
      if (!/^https?:|^\/\//.test(src)) follow(src.startsWith('/') ? src : posix.join(posix.dirname(base), src));
      continue;
    }
    if (body.trim() === '') continue;
    scripts += 1;
    gzipBytes += gzipSize(body);
    for (const next of staticImports(body, base)) follow(next);
  }
  return { scripts, gzipBytes };
}
