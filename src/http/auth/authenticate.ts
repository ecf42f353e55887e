import { errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from '../server-config.ts';
import { cookieName, readCookie } from './cookies.ts';
import { providerKeys } from './provider.ts';
import { emailClaim, sessionFromPayload, unseal, type Identity, type Session } from './session.ts';

export const SESSION_COOKIE = 'oversight-session';

export type Authentication =
  | { ok: true; identity: Identity; via: 'session'; session: Session }
  | { ok: true; identity: Identity; via: 'bearer' }
  | { ok: false; code: 'unauthenticated' | 'invalid-token' | 'invalid-session'; message: string }
  /** The identity provider could not be reached to check a token: the token may be good. */
  | { ok: false; code: 'identity-provider-unavailable'; message: string };

const PROVIDER_UNAVAILABLE = {
  ok: false,
  code: 'identity-provider-unavailable',
  message: 'The sign-in service cannot be reached just now, so your access token cannot be checked. Try again in a few minutes.',
} as const;

/**
 * Who is calling: a bearer access token from the configured provider (for scripts),
 * else the session cookie. Checked before anything else, so bad credentials get 401.
 */
export async function authenticate(req: Request, config: AuthConfig): Promise<Authentication> {
  const authorization = bearerHeader(req);
  if (authorization !== undefined) return bearer(authorization, config);
  const sealed = readCookie(req, cookieName(SESSION_COOKIE, config.publicUrl));
  if (sealed === undefined) return { ok: false, code: 'unauthenticated', message: 'Sign in to continue.' };
  const session = sessionFromPayload(await unseal(sealed, config.sessionKey));
  if (session === null) return { ok: false, code: 'invalid-session', message: 'Your sign-in has expired or is not valid. Sign in again.' };
  return { ok: true, identity: session.identity, via: 'session', session };
}

/**
 * The Authorization header when it uses the Bearer scheme (named in any case, as HTTP allows).
 * Another scheme is not ours to judge: a browser sends a proxy's or a staging site's Basic
 * sign-in with every request, and it must not hide the person's session.
 */
export function bearerHeader(req: Request): string | undefined {
  const header = req.headers.get('authorization');
  return header !== null && /^\s*bearer(?:\s|$)/i.test(header) ? header : undefined;
}

async function bearer(header: string, config: AuthConfig): Promise<Authentication> {
  const match = /^Bearer +([A-Za-z0-9_.~+/=-]+)$/i.exec(header.trim());
  if (match === null) return { ok: false, code: 'invalid-token', message: 'The Authorization header must be "Bearer <access token>".' };
  if (config.audience === undefined) return { ok: false, code: 'invalid-token', message: 'This service does not accept access tokens.' };
  let keys: JWTVerifyGetKey;
  try {
    keys = await providerKeys(config);
  } catch {
    return PROVIDER_UNAVAILABLE;
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(match[1]!, keys, {
      issuer: config.issuer.href.replace(/\/$/, '') === config.issuer.href ? config.issuer.href : [config.issuer.href, config.issuer.href.replace(/\/$/, '')],
      audience: config.audience,
      algorithms: ['RS256', 'PS256', 'ES256'],
      requiredClaims: ['sub', 'exp'],
    }));
  } catch (err) {
    if (keysUnreadable(err)) return PROVIDER_UNAVAILABLE;
    return { ok: false, code: 'invalid-token', message: 'The access token is not valid: it may have expired, or come from another issuer or audience.' };
  }
  // An ID token (it carries the sign-in's nonce) tells our own server who signed in; it is not a grant to call the API.
  if (payload['nonce'] !== undefined) return { ok: false, code: 'invalid-token', message: 'This is an ID token, not an access token: ask the sign-in service for an access token for this service.' };
  return { ok: true, via: 'bearer', identity: { subject: payload.sub!, email: emailClaim(payload), name: typeof payload['name'] === 'string' ? payload['name'] : undefined } };
}

/**
 * The provider's keys could not be fetched: no answer (a network error, not jose's), too slow,
 * or not a key set. jose's generic JOSEError is thrown only for a key set that is not 200 OK
 * JSON; every fault of the token itself has its own subclass.
 */
function keysUnreadable(err: unknown): boolean {
  if (!(err instanceof errors.JOSEError)) return true;
  return err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid || err.code === errors.JOSEError.code;
}
