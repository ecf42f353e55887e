import * as client from 'openid-client';
import type { AuthConfig } from '../server-config.ts';
import { clearCookie, cookieName, readCookie, setCookie } from './cookies.ts';
import { SIGNED_IN_HINT } from './signed-in-hint.ts';
import { oidcConfiguration } from './provider.ts';
import { emailClaim, seal, sessionPayload, unseal, type Session } from './session.ts';
import { SESSION_COOKIE } from './authenticate.ts';

const SIGN_IN_COOKIE = 'oversight-sign-in';
const SIGN_IN_SECONDS = 600;
const SCOPE = 'openid email profile';

export const callbackUrl = (config: AuthConfig): URL => new URL('/auth/callback', config.publicUrl);

/**
 * Only paths on this site, so a sign-in link cannot bounce someone elsewhere; characters
 * beyond ASCII are percent-encoded, as a Location header can hold nothing else.
 */
export function safeReturnPath(value: string | null | undefined): string {
  if (value === null || value === undefined || !/^\/(?![/\\])[^\s\p{Cc}]*$/u.test(value)) return '/';
  try {
    return value.replace(/[^\p{ASCII}]+/gu, (text) => encodeURIComponent(text));
  } catch {
    return '/'; // a lone surrogate, which no URL can hold
  }
}

/** Starts the authorization code flow with PKCE, state and nonce kept in a sealed, short-lived cookie. */
export async function beginSignIn(config: AuthConfig, returnTo: string): Promise<{ location: string; cookie: string }> {
  const oidc = await oidcConfiguration(config);
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const location = client.buildAuthorizationUrl(oidc, {
    redirect_uri: callbackUrl(config).href,
    scope: SCOPE,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const sealed = await seal({ verifier, state, nonce, returnTo }, config.sessionKey, SIGN_IN_SECONDS);
  return { location: location.href, cookie: setCookie(cookieName(SIGN_IN_COOKIE, config.publicUrl), sealed, config.publicUrl, SIGN_IN_SECONDS) };
}

export type SignInResult =
  | { ok: true; returnTo: string; cookies: string[] }
  | { ok: false; reason: 'no-sign-in-in-progress' | 'provider-refused' };

/** Completes sign-in: checks state, nonce and PKCE through openid-client, then seals the session cookie. */
export async function completeSignIn(req: Request, config: AuthConfig): Promise<SignInResult> {
  const pending = await unseal(readCookie(req, cookieName(SIGN_IN_COOKIE, config.publicUrl)), config.sessionKey);
  const { verifier, state, nonce, returnTo } = pending ?? {};
  if (typeof verifier !== 'string' || typeof state !== 'string' || typeof nonce !== 'string') return { ok: false, reason: 'no-sign-in-in-progress' };
  const current = new URL(callbackUrl(config));
  current.search = new URL(req.url).search;
  let claims: client.IDToken | undefined;
  try {
    const tokens = await client.authorizationCodeGrant(await oidcConfiguration(config), current, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
    claims = tokens.claims();
  } catch (err) {
    console.warn(JSON.stringify({ event: 'sign-in-failed', error: err instanceof Error ? err.name : 'unknown' }));
    return { ok: false, reason: 'provider-refused' };
  }
  if (claims === undefined) return { ok: false, reason: 'provider-refused' };
  const email = emailClaim(claims);
  const session: Session = {
    identity: { subject: claims.sub, email, name: typeof claims['name'] === 'string' ? claims['name'] : undefined },
    csrf: client.randomState(),
  };
  const sealed = await seal(sessionPayload(session), config.sessionKey, config.sessionSeconds);
  return {
    ok: true,
    returnTo: safeReturnPath(typeof returnTo === 'string' ? returnTo : '/'),
    cookies: [
      setCookie(cookieName(SESSION_COOKIE, config.publicUrl), sealed, config.publicUrl, config.sessionSeconds),
      setCookie(cookieName(SIGNED_IN_HINT, config.publicUrl), '1', config.publicUrl, config.sessionSeconds, false),
      clearCookie(cookieName(SIGN_IN_COOKIE, config.publicUrl), config.publicUrl),
    ],
  };
}

/** The cookies that end a session: the session itself and the page's hint that there is one. */
export function signOutCookies(config: AuthConfig): string[] {
  return [clearCookie(cookieName(SESSION_COOKIE, config.publicUrl), config.publicUrl), clearCookie(cookieName(SIGNED_IN_HINT, config.publicUrl), config.publicUrl)];
}
