import type { Config } from '@netlify/functions';
import { beginSignIn, safeReturnPath } from '../src/http/auth/sign-in.ts';
import { htmlPage } from '../src/http/html.ts';
import { redirect } from '../src/http/responses.ts';
import { serverConfigFromEnv } from '../src/http/server-config.ts';

/** GET /auth/login?returnTo=/path: sends the browser to the council's identity provider. */
export default async (req: Request): Promise<Response> => {
  const { auth } = serverConfigFromEnv(process.env);
  if ('missing' in auth) return htmlPage(503, 'Sign-in is not available', ['Sign-in has not been set up on this site yet.'], { href: '/', text: 'Go to the registers' });
  try {
    const { location, cookie } = await beginSignIn(auth, safeReturnPath(new URL(req.url).searchParams.get('returnTo')));
    return redirect(location, 302, [['set-cookie', cookie]]);
  } catch {
    return htmlPage(502, 'Sign-in is not available', ['The council’s sign-in service did not answer. Nothing has changed. Try again in a few minutes.'], { href: '/', text: 'Go to the registers' });
  }
};

export const config: Config = { path: '/auth/login', method: 'GET' };
