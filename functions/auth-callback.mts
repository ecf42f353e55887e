import type { Config } from '@netlify/functions';
import { completeSignIn } from '../src/http/auth/sign-in.ts';
import { htmlPage } from '../src/http/html.ts';
import { redirect } from '../src/http/responses.ts';
import { serverConfigFromEnv } from '../src/http/server-config.ts';

/** GET /auth/callback: the identity provider returns here; on success the session cookie is set. */
export default async (req: Request): Promise<Response> => {
  const { auth } = serverConfigFromEnv(process.env);
  if ('missing' in auth) return htmlPage(503, 'Sign-in is not available', ['Sign-in has not been set up on this site yet.'], { href: '/', text: 'Go to the registers' });
  const result = await completeSignIn(req, auth);
  if (result.ok) return redirect(result.returnTo, 303, result.cookies.map((c) => ['set-cookie', c]));
  const message =
    result.reason === 'no-sign-in-in-progress'
      ? 'Your sign-in took too long, or was started in another window.'
      : 'The council’s sign-in service did not confirm who you are.';
  return htmlPage(400, 'You are not signed in', [message, 'Nothing has changed.'], { href: '/auth/login', text: 'Sign in again' });
};

export const config: Config = { path: '/auth/callback', method: 'GET' };
