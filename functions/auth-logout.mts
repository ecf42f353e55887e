import type { Config } from '@netlify/functions';
import { signOutCookies } from '../src/http/auth/sign-in.ts';
import { jsonError, redirect } from '../src/http/responses.ts';
import { serverConfigFromEnv } from '../src/http/server-config.ts';

/**
 * POST /auth/logout (a form button): ends the session and returns to the home page.
 * It works with an expired session too; only a post from another site is refused.
 */
export default (req: Request): Response => {
  const { auth } = serverConfigFromEnv(process.env);
  if ('missing' in auth) return redirect('/', 303);
  const origin = req.headers.get('origin');
  if (origin !== null && origin !== auth.publicUrl.origin) return jsonError(403, 'cross-site', 'This request did not come from this site, so it was refused.');
  return redirect('/', 303, signOutCookies(auth).map((cookie): [string, string] => ['set-cookie', cookie]));
};

export const config: Config = { path: '/auth/logout', method: 'POST' };
