import { EncryptJWT, jwtDecrypt } from 'jose';

/** Who signed in, as the identity provider said; mapped to a person on every request. */
export interface Identity {
  subject: string;
  email?: string | undefined;
  name?: string | undefined;
}

export interface Session {
  identity: Identity;
  /** Per-session token a script must echo in X-CSRF-Token. */
  csrf: string;
}

/**
 * Seals a value as an encrypted, authenticated JWT (dir + A256GCM): the browser
 * can neither read nor alter it, and it expires by itself.
 */
export async function seal(payload: Record<string, unknown>, key: Uint8Array, seconds: number): Promise<string> {
  return new EncryptJWT(payload).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).setIssuedAt().setExpirationTime(`${seconds}s`).encrypt(key);
}

/** The sealed payload, or null when it is missing, altered, sealed with another key or expired. */
export async function unseal(token: string | undefined, key: Uint8Array): Promise<Record<string, unknown> | null> {
  if (token === undefined || token === '') return null;
  try {
    const { payload } = await jwtDecrypt(token, key, { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] });
    return payload;
  } catch {
    return null;
  }
}

export function sessionFromPayload(payload: Record<string, unknown> | null): Session | null {
  if (payload === null) return null;
  const { sub, email, name, csrf } = payload;
  if (typeof sub !== 'string' || typeof csrf !== 'string') return null;
  return { identity: { subject: sub, email: typeof email === 'string' ? email : undefined, name: typeof name === 'string' ? name : undefined }, csrf };
}

export function sessionPayload(session: Session): Record<string, unknown> {
  return { sub: session.identity.subject, email: session.identity.email, name: session.identity.name, csrf: session.csrf };
}

/**
 * The email address a token vouches for: `email`, or Entra's `preferred_username` /
 * `upn`. None when the provider says the address is unverified, since people are
 * matched by it (record `subject` in people.json to match by the immutable id instead).
 */
export function emailClaim(claims: Record<string, unknown>): string | undefined {
  // Some providers send the claim as a string ("false"); only a plain yes counts.
  const verified = claims['email_verified'];
  if (verified !== undefined && verified !== true && verified !== 'true') return undefined;
  return [claims['email'], claims['preferred_username'], claims['upn']].find((v): v is string => typeof v === 'string' && v.includes('@'));
}
