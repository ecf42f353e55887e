import { parse, serialize } from 'cookie';

/** Cookie names: the `__Host-` prefix pins a cookie to this host over https (unavailable on http://localhost). */
export function cookieName(base: string, publicUrl: URL): string {
  return publicUrl.protocol === 'https:' ? `__Host-${base}` : base;
}

export function readCookie(req: Request, name: string): string | undefined {
  return parse(req.headers.get('cookie') ?? '')[name];
}

/** HttpOnly (unless the page must read it), SameSite=Lax, path /, and Secure whenever the site is served over https. */
export function setCookie(name: string, value: string, publicUrl: URL, maxAgeSeconds: number, httpOnly = true): string {
  return serialize(name, value, { httpOnly, sameSite: 'lax', path: '/', secure: publicUrl.protocol === 'https:', maxAge: maxAgeSeconds });
}

export function clearCookie(name: string, publicUrl: URL): string {
  return setCookie(name, '', publicUrl, 0);
}
