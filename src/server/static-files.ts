import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, normalize, sep } from 'node:path';
import { lookup } from 'mrmime';

/**
 * Serves the built site from a directory, as Netlify would: `/x/` and `/x` answer
 * `x/index.html`; anything outside the directory is refused.
 */
export function serveStatic(root: string) {
  const rootWithSep = root.endsWith(sep) ? root : root + sep;
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      res.writeHead(400).end('Bad request');
      return;
    }
    const file = resolveFile(rootWithSep, pathname);
    if (file === null) {
      const notFound = join(root, '404.html');
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      if (statSync(notFound, { throwIfNoEntry: false })?.isFile()) createReadStream(notFound).pipe(res);
      else res.end('<!doctype html><title>Page not found</title><h1>Page not found</h1>');
      return;
    }
    const type = lookup(file) ?? 'application/octet-stream';
    res.writeHead(200, {
      'content-type': /^(text\/|application\/(json|javascript))/.test(type) ? `${type}; charset=utf-8` : type,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  };
}

function resolveFile(rootWithSep: string, pathname: string): string | null {
  const candidate = normalize(join(rootWithSep, pathname));
  if (!candidate.startsWith(rootWithSep) && candidate + sep !== rootWithSep) return null;
  for (const option of [candidate, join(candidate, 'index.html'), `${candidate}.html`]) {
    if (statSync(option, { throwIfNoEntry: false })?.isFile()) return option;
  }
  return null;
}
