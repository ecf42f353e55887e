import type { Authentication } from './authenticate.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

export type CsrfCheck = { ok: true } | { ok: false; code: 'cross-site' | 'csrf-token'; message: string };

/**
 * Cross-site request forgery checks for state-changing requests that rely on the
 * session cookie (bearer requests need none: a browser never adds that header itself).
 * Every such request must come from our own origin; a script's request must also echo
 * the session's token, which only our own pages can read from /api/me.
 */
export function checkCsrf(req: Request, auth: Authentication & { ok: true }, publicUrl: URL): CsrfCheck {
  if (auth.via !== 'session' || SAFE_METHODS.has(req.method)) return { ok: true };
  const origin = req.headers.get('origin');
  const sameOrigin = origin !== null ? origin === publicUrl.origin : req.headers.get('sec-fetch-site') === 'same-origin';
  if (!sameOrigin) return { ok: false, code: 'cross-site', message: 'This request did not come from this site, so it was refused.' };
  const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (FORM_TYPES.includes(type)) return { ok: true };
  if (req.headers.get('x-csrf-token') !== auth.session.csrf) {
    return { ok: false, code: 'csrf-token', message: 'The X-CSRF-Token header is missing or wrong: read csrfToken from /api/me and send it with the request.' };
  }
  return { ok: true };
}
