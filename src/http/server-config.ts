import { base64url } from 'jose';

/** Sign-in settings, from environment variables only (never from files in the site). */
export interface AuthConfig {
  /** The identity provider's issuer URL, e.g. https://login.microsoftonline.com/<tenant>/v2.0 */
  issuer: URL;
  clientId: string;
  clientSecret: string;
  /** 32-byte key that encrypts and authenticates the session cookie. */
  sessionKey: Uint8Array;
  /** Expected `aud` of bearer access tokens; without it, bearer tokens are refused. */
  audience: string | undefined;
  /** Where the site is served, e.g. https://risks.council.example; redirect URIs and the Origin check use it. */
  publicUrl: URL;
  /** How long a sign-in lasts, in seconds. */
  sessionSeconds: number;
}

/** A per-person limit, or what is wrong with its setting (the server then refuses every signed-in request). */
export type PerMinuteLimit = { perMinute: number } | { problem: string };

export interface ServerConfig {
  auth: AuthConfig | { missing: string[] };
  /** State-changing requests per person per minute. */
  rateLimit: PerMinuteLimit;
  /** Reads of the git host (GitHub's API allowance is shared by everyone) per person per minute. */
  readRateLimit: PerMinuteLimit;
}

export const DEFAULT_RATE_LIMIT = 30;

/**
 * A read of the git host costs GitHub API requests (a risk: the branch and its tree; proposals: a
 * page per 100 pull requests) from an allowance of 5,000 an hour that every submission shares.
 * 20 a minute is far more than a person browsing needs, yet at two requests a read one person
 * reading flat out for an hour spends under half of it.
 */
export const DEFAULT_READ_RATE_LIMIT = 20;

export const ENV = {
  issuer: 'OVERSIGHT_OIDC_ISSUER',
  clientId: 'OVERSIGHT_OIDC_CLIENT_ID',
  clientSecret: 'OVERSIGHT_OIDC_CLIENT_SECRET',
  sessionKey: 'OVERSIGHT_SESSION_KEY',
  audience: 'OVERSIGHT_API_AUDIENCE',
  publicUrl: 'OVERSIGHT_PUBLIC_URL',
  sessionHours: 'OVERSIGHT_SESSION_HOURS',
  rateLimit: 'OVERSIGHT_RATE_LIMIT',
  readRateLimit: 'OVERSIGHT_READ_RATE_LIMIT',
} as const;

export function serverConfigFromEnv(env: Record<string, string | undefined>): ServerConfig {
  return {
    auth: authConfigFromEnv(env),
    rateLimit: perMinuteFromEnv(env, ENV.rateLimit, DEFAULT_RATE_LIMIT, 'make a change'),
    readRateLimit: perMinuteFromEnv(env, ENV.readRateLimit, DEFAULT_READ_RATE_LIMIT, 'read from the git host'),
  };
}

/**
 * Unset or empty means the default; anything but a whole number above 0 is refused, naming the
 * variable, not echoing it: a mistyped limit silently replaced would protect less than it says.
 */
function perMinuteFromEnv(env: Record<string, string | undefined>, name: string, fallback: number, what: string): PerMinuteLimit {
  const text = (env[name] ?? '').trim();
  if (text === '') return { perMinute: fallback };
  const perMinute = /^[0-9]+$/.test(text) ? Number(text) : 0;
  if (perMinute > 0 && Number.isSafeInteger(perMinute)) return { perMinute };
  return {
    problem: `${name} must be a whole number above 0: how many times a minute each person may ${what}, such as ${fallback}. Correct it in the server's environment variables, or remove it to use ${fallback}.`,
  };
}

function authConfigFromEnv(env: Record<string, string | undefined>): AuthConfig | { missing: string[] } {
  // Netlify sets URL to the site's primary address.
  const publicUrl = env[ENV.publicUrl] || env['URL'];
  const required = { [ENV.issuer]: env[ENV.issuer], [ENV.clientId]: env[ENV.clientId], [ENV.clientSecret]: env[ENV.clientSecret], [ENV.sessionKey]: env[ENV.sessionKey], [ENV.publicUrl]: publicUrl };
  const missing = Object.entries(required).filter(([, v]) => v === undefined || v === '').map(([k]) => k);
  if (missing.length > 0) return { missing };
  const sessionKey = decodeKey(env[ENV.sessionKey]!);
  if (sessionKey?.length !== 32) return { missing: [`${ENV.sessionKey} (must be 32 random bytes, base64url-encoded)`] };
  const issuer = parseUrl(env[ENV.issuer]!);
  const site = parseUrl(publicUrl!);
  if (issuer === null) return { missing: [`${ENV.issuer} (must be a URL)`] };
  if (site === null) return { missing: [`${ENV.publicUrl} (must be a URL)`] };
  const hours = Number(env[ENV.sessionHours] ?? 8);
  return {
    issuer,
    clientId: env[ENV.clientId]!,
    clientSecret: env[ENV.clientSecret]!,
    sessionKey,
    audience: env[ENV.audience] || undefined,
    publicUrl: site,
    sessionSeconds: Math.round((Number.isFinite(hours) && hours > 0 ? hours : 8) * 3600),
  };
}

function decodeKey(text: string): Uint8Array | null {
  try {
    return base64url.decode(text);
  } catch {
    return null;
  }
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
