import { randomBytes, randomUUID } from 'node:crypto';
import { chmod, link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { base64url, exportJWK, generateKeyPair, type JWK } from 'jose';
import { PROJECT_ROOT } from '../../node/config.ts';

/**
 * Secrets for local development only: the embedded identity provider's signing key, the
 * local client's secret, the session cookie key and the provider's cookie keys. They are
 * made on first use and kept in a git-ignored file, so tokens and sessions survive a restart.
 */
export interface LocalSecrets {
  /** One private RS256 signing key (with kid, alg and use: 'sig'). */
  jwks: { keys: JWK[] };
  /** The `oversight-local` client's secret. */
  clientSecret: string;
  /** 32 random bytes, base64url-encoded: the site's session cookie key (OVERSIGHT_SESSION_KEY). */
  sessionKey: string;
  /** Keys that sign the identity provider's own cookies. */
  cookieKeys: string[];
}

export const DEFAULT_LOCAL_SECRETS_FILE = join(PROJECT_ROOT, '.oversight', 'local-secrets.json');

const random = (bytes: number): string => base64url.encode(randomBytes(bytes));

async function generateSecrets(): Promise<LocalSecrets> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return {
    jwks: { keys: [{ ...jwk, kid: `local-${random(9)}`, alg: 'RS256', use: 'sig' }] },
    clientSecret: random(32),
    sessionKey: random(32),
    cookieKeys: [random(32)],
  };
}

function parseSecrets(text: string, file: string): LocalSecrets {
  const problem = (what: string): Error =>
    new Error(`${file} is not a valid local secrets file (${what}). Delete it and it will be made again on the next start.`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw problem('not JSON');
  }
  if (typeof value !== 'object' || value === null) throw problem('not an object');
  const { jwks, clientSecret, sessionKey, cookieKeys } = value as Record<string, unknown>;
  const keys = typeof jwks === 'object' && jwks !== null ? (jwks as { keys?: unknown }).keys : undefined;
  if (!Array.isArray(keys) || keys.length === 0) throw problem('no signing keys');
  for (const key of keys as unknown[]) {
    if (typeof key !== 'object' || key === null) throw problem('a signing key is not an object');
    const { kty, d, kid } = key as Record<string, unknown>;
    if (kty !== 'RSA' || typeof d !== 'string' || typeof kid !== 'string') throw problem('a signing key is not a private RSA key with a kid');
  }
  if (typeof clientSecret !== 'string' || clientSecret.length < 16) throw problem('clientSecret');
  if (typeof sessionKey !== 'string' || base64url.decode(sessionKey).length !== 32) throw problem('sessionKey must be 32 bytes, base64url-encoded');
  if (!Array.isArray(cookieKeys) || cookieKeys.length === 0 || !cookieKeys.every((k) => typeof k === 'string' && k.length > 0)) {
    throw problem('cookieKeys');
  }
  return { jwks: { keys: keys as JWK[] }, clientSecret, sessionKey, cookieKeys: cookieKeys as string[] };
}

async function readSecrets(file: string): Promise<LocalSecrets | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return parseSecrets(text, file);
}

/**
 * The local secrets in `file` (by default .oversight/local-secrets.json in the project),
 * made with fresh random values on first use. The file is written whole to a temporary
 * name with mode 0600 and then linked into place, so a reader never sees half a file and,
 * when two processes start at once, the first one's secrets win and both use them.
 */
export async function loadLocalSecrets(file: string = DEFAULT_LOCAL_SECRETS_FILE): Promise<LocalSecrets> {
  const existing = await readSecrets(file);
  if (existing !== undefined) return existing;

  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const secrets = await generateSecrets();
  const temporary = `${file}.tmp-${process.pid}-${randomUUID()}`;
  await writeFile(temporary, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(temporary, 0o600); // in case the umask narrowed or widened it
  try {
    await link(temporary, file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      // Another process made the file first: use its secrets, not ours.
      await unlink(temporary);
      const theirs = await readSecrets(file);
      if (theirs !== undefined) return theirs;
      throw err;
    }
    // A file system without hard links: rename, which is still atomic.
    await rename(temporary, file);
    return secrets;
  }
  await unlink(temporary);
  return secrets;
}
