import { parse, serialize } from 'cookie';

export { cookieName } from './cookie-name.ts';

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
