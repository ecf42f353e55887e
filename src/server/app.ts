import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import sirv from 'sirv';
import { jsonError } from '../http/responses.ts';
import { SECURITY_HEADERS } from '../http/security-headers.ts';
import { FUNCTIONS, matchPath, type FunctionRoute } from './functions.ts';

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface AppOptions {
  /** The built site. */
  distDir: string;
  /** Other services on the same port, by path prefix (the embedded identity provider at /oidc). */
  mounts?: { prefix: string; handle: NodeHandler }[];
  functions?: FunctionRoute[];
}

/**
 * The local server: the built site (sirv), the functions (the same handlers Netlify runs,
 * through @hono/node-server's Request/Response adapter) and any mounted services.
 */
export function createApp(options: AppOptions): NodeHandler {
  const routes = options.functions ?? FUNCTIONS;
  const files = sirv(options.distDir, { dev: true, etag: true, extensions: ['html'] });
  const functions = getRequestListener(async (req) => {
    const pathname = new URL(req.url).pathname;
    for (const route of routes) {
      const params = matchPath(route.path, pathname);
      if (params === null) continue;
      if (!allows(route, req.method)) return jsonError(405, 'method-not-allowed', `${req.method} is not allowed here.`);
      return route.handler(req, { params });
    }
    return jsonError(404, 'not-found', 'There is nothing at this address.');
  });
  return (req, res) => {
    const pathname = (req.url ?? '/').split('?')[0]!;
    const mount = options.mounts?.find((m) => pathname === m.prefix || pathname.startsWith(`${m.prefix}/`));
    if (mount) {
      mount.handle(req, res);
      return;
    }
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (routes.some((r) => matchPath(r.path, pathname) !== null)) {
      void functions(req, res);
      return;
    }
    files(req, res, () => notFound(options.distDir, res));
  };
}

function allows(route: FunctionRoute, method: string): boolean {
  if (route.method === undefined) return true;
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  return methods.includes(method) || (method === 'HEAD' && methods.includes('GET'));
}

/** The site's own 404 page, as Netlify serves it. */
function notFound(distDir: string, res: ServerResponse): void {
  res.statusCode = 404;
  res.setHeader('content-type', 'text/html; charset=utf-8');
  createReadStream(join(distDir, '404.html'))
    .on('error', () => res.end('Page not found'))
    .pipe(res);
}
