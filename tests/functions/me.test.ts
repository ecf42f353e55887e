import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { base64url, EncryptJWT, exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type GenerateKeyPairResult, type JWTPayload } from 'jose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import authLogout from '../../functions/auth-logout.mts';
import me from '../../functions/me.mts';
import myRisksPage from '../../functions/my-risks-page.mts';
import { loadWorkspace } from '../../src/core/data/load.ts';
import { readDataDir } from '../../src/core/data/read-dir.ts';
import { cookieName } from '../../src/http/auth/cookies.ts';
import { seal, sessionPayload, type Session } from '../../src/http/auth/session.ts';
import { GitHostUnavailableError } from '../../src/core/git/backend.ts';
import { protect, type Env } from '../../src/http/guard.ts';
import { json } from '../../src/http/responses.ts';
import { startJwksIssuer, type JwksIssuer } from '../../src/node/jwks-issuer.ts';

/*
 * /api/me and the request guard through the real handlers. The identity provider is a
 * tiny local server publishing the two documents authenticate.ts reads: OpenID discovery
 * and the JWKS. Sessions are sealed with the same helper and key the server uses.
 */

const DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));
const PUBLIC_URL = new URL('https://risks.northmoor.example');
const ORIGIN = PUBLIC_URL.origin;
const AUDIENCE = 'api://oversight-test';
const CLIENT_SECRET = 'client-secret-for-tests-9d2f7a1c';
const SESSION_KEY = new Uint8Array(randomBytes(32));
const SESSION_COOKIE = cookieName('oversight-session', PUBLIC_URL);
const KID = 'test-key-1';

const KATE = { id: 'kate-morrison', email: 'kate.morrison@northmoor.example' };
const BETHAN = { id: 'bethan-rees', email: 'bethan.rees@northmoor.example' };
const STRANGER_EMAIL = 'stranger@elsewhere.example';

let jwksIssuer: JwksIssuer;
let issuer: string;
let providerKey: GenerateKeyPairResult;
let otherKey: GenerateKeyPairResult;
let warn: MockInstance<typeof console.warn>;
const savedEnv: Env = {};

/** Every credential and email sent in this file; none may appear in a log line. */
const secrets = new Set<string>([CLIENT_SECRET, base64url.encode(SESSION_KEY)]);

beforeAll(async () => {
  providerKey = await generateKeyPair('RS256', { extractable: true });
  otherKey = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(providerKey.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
  jwksIssuer = await startJwksIssuer([jwk]);
  issuer = jwksIssuer.issuer;

  const env: Env = {
    OVERSIGHT_OIDC_ISSUER: issuer,
    OVERSIGHT_OIDC_CLIENT_ID: 'oversight-test',
    OVERSIGHT_OIDC_CLIENT_SECRET: CLIENT_SECRET,
    OVERSIGHT_SESSION_KEY: base64url.encode(SESSION_KEY),
    OVERSIGHT_API_AUDIENCE: AUDIENCE,
    OVERSIGHT_PUBLIC_URL: PUBLIC_URL.href,
    OVERSIGHT_DATA_DIR: DATA_DIR,
    OVERSIGHT_RATE_LIMIT: undefined,
    OVERSIGHT_READ_RATE_LIMIT: undefined,
    OVERSIGHT_SESSION_HOURS: undefined,
    NETLIFY: undefined,
    URL: undefined,
  };
  for (const [name, value] of Object.entries(env)) {
    savedEnv[name] = process.env[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

afterAll(async () => {
  warn.mockRestore();
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await jwksIssuer.close();
});

// ---------------------------------------------------------------------------------------------
// Credentials

async function sessionCookie(identity: Session['identity'], csrf = base64url.encode(randomBytes(16))): Promise<{ cookie: string; csrf: string }> {
  const sealed = await seal(sessionPayload({ identity, csrf }), SESSION_KEY, 3600);
  secrets.add(sealed).add(csrf);
  if (identity.email !== undefined) secrets.add(identity.email);
  return { cookie: `${SESSION_COOKIE}=${sealed}`, csrf };
}

interface TokenOptions {
  key?: GenerateKeyPairResult['privateKey'];
  kid?: string;
  iss?: string;
  aud?: string;
  exp?: number;
}

async function accessToken(claims: JWTPayload, options: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? KID, typ: 'at+jwt' })
    .setIssuer(options.iss ?? issuer)
    .setAudience(options.aud ?? AUDIENCE)
    .setIssuedAt(now - 60)
    .setExpirationTime(options.exp ?? now + 600);
  const token = await jwt.sign(options.key ?? providerKey.privateKey);
  secrets.add(token);
  if (typeof claims['email'] === 'string') secrets.add(claims['email']);
  return token;
}

const kateClaims = (): JWTPayload => ({ sub: 'idp-subject-kate', email: KATE.email, name: 'Kate Morrison' });

function get(headers: Record<string, string> = {}): Request {
  return new Request(new URL('/api/me', PUBLIC_URL), { headers });
}

function post(path: string, headers: Record<string, string>, body = '{}'): Request {
  return new Request(new URL(path, PUBLIC_URL), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

// ---------------------------------------------------------------------------------------------
// Answers and log lines

interface ErrorBody {
  error: { code: string; message: string };
}

interface MeBody {
  person: { id: string; name: string; email: string | null };
  roles: string[];
  risks: string[];
  manages: string[];
  csrfToken?: string;
}

async function expectError(res: Response, status: number, code: string): Promise<ErrorBody> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const body = (await res.json()) as ErrorBody;
  expect(body).toEqual({ error: { code, message: expect.any(String) as unknown } });
  expect(body.error.message.trim()).not.toBe('');
  return body;
}

interface Refusal {
  event: string;
  status: number;
  code: string;
  person: string | null;
  path: string;
}

function loggedLines(): string[] {
  return warn.mock.calls.map((args) => args.map(String).join(' '));
}

/** A line logged must be a refusal naming at most a person id, with no token, cookie or email in it. */
function expectCleanLogLine(line: string): void {
  const entry = JSON.parse(line) as Refusal;
  expect(Object.keys(entry).sort()).toEqual(['code', 'event', 'path', 'person', 'status']);
  expect(entry.person === null || entry.person === KATE.id || entry.person === BETHAN.id).toBe(true);
  for (const secret of secrets) expect(line).not.toContain(secret);
  expect(line).not.toMatch(/@|eyJ|Bearer|oversight-session/i);
}

// Every line a test logs is checked as the test ends, whichever tests ran before it.
let linesBefore = 0;
beforeEach(() => {
  linesBefore = warn.mock.calls.length;
});
afterEach(() => {
  for (const line of loggedLines().slice(linesBefore)) expectCleanLogLine(line);
});

/** Sends one request that must be refused: checks the answer, and the one line logged for it, which names the person by id or no one. */
async function expectRefusal(send: () => Promise<Response> | Response, status: number, code: string, person: string | null, path = '/api/me'): Promise<Response> {
  const before = warn.mock.calls.length;
  const res = await send();
  await expectError(res.clone(), status, code);
  const lines = loggedLines().slice(before);
  expect(lines).toHaveLength(1);
  expect(JSON.parse(lines[0]!)).toEqual({ event: 'refused', status, code, person, path });
  return res;
}

// ---------------------------------------------------------------------------------------------
// What the data says about Kate Morrison, read straight from the files

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

function kateFromData(): { person: MeBody['person']; grantedRoles: string[]; risks: string[]; manages: string[] } {
  const people = readJson<{ people: { id: string; name: string; email?: string }[] }>(`${DATA_DIR}people.json`).people;
  const kate = people.find((p) => p.id === KATE.id);
  if (kate === undefined) throw new Error('kate-morrison is missing from data/people.json');
  const grants = readJson<{ roles: { person: string; role: string; registers?: string[] }[] }>(`${DATA_DIR}roles.json`).roles;
  const risks: string[] = [];
  for (const register of readdirSync(`${DATA_DIR}registers`)) {
    const dir = `${DATA_DIR}registers/${register}/risks`;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const risk = readJson<{ id: string; owners: string[]; delegates?: string[] }>(`${dir}/${file}`);
      if (risk.owners.includes(KATE.id) || (risk.delegates ?? []).includes(KATE.id)) risks.push(risk.id);
    }
  }
  return {
    person: { id: kate.id, name: kate.name, email: kate.email ?? null },
    grantedRoles: grants.filter((g) => g.person === KATE.id).map((g) => g.role),
    risks,
    manages: grants.filter((g) => g.person === KATE.id && g.role === 'risk-manager').flatMap((g) => g.registers ?? []),
  };
}

function expectKate(body: MeBody): void {
  const expected = kateFromData();
  expect(expected.risks.length).toBeGreaterThan(0);
  expect(body.person).toEqual(expected.person);
  expect(body.roles).toEqual(expect.arrayContaining(['risk-owner', 'risk-manager']));
  expect([...body.roles].sort()).toEqual([...new Set([...expected.grantedRoles, 'risk-owner'])].sort());
  expect([...body.risks].sort()).toEqual([...expected.risks].sort());
  expect(expected.manages.length).toBeGreaterThan(0);
  expect([...body.manages].sort()).toEqual([...expected.manages].sort());
}

// ---------------------------------------------------------------------------------------------

describe('GET /api/me with a session cookie', () => {
  it('answers 401 unauthenticated with no credentials at all', async () => {
    const res = await expectRefusal(() => me(get()), 401, 'unauthenticated', null);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('answers 401 unauthenticated when only other cookies are sent, or the session cookie lacks its __Host- prefix', async () => {
    const { cookie } = await sessionCookie({ subject: 'idp-subject-kate', email: KATE.email });
    await expectRefusal(() => me(get({ cookie: 'theme=dark; oversight-sign-in=abc' })), 401, 'unauthenticated', null);
    await expectRefusal(() => me(get({ cookie: cookie.replace(/^__Host-/, '') })), 401, 'unauthenticated', null);
  });

  it('answers 200 with Kate Morrison, her roles, her risks, the registers she manages and the session CSRF token', async () => {
    const { cookie, csrf } = await sessionCookie({ subject: 'idp-subject-kate', email: KATE.email, name: 'Kate Morrison' });
    const res = await me(get({ cookie }));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as MeBody;
    expect(Object.keys(body).sort()).toEqual(['csrfToken', 'manages', 'person', 'risks', 'roles']);
    expectKate(body);
    expect(body.csrfToken).toBe(csrf);
  });

  it('answers 401 invalid-session for an expired session cookie', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await new EncryptJWT(sessionPayload({ identity: { subject: 'idp-subject-kate', email: KATE.email }, csrf: 'x' }))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt(now - 7200)
      .setExpirationTime(now - 60)
      .encrypt(SESSION_KEY);
    secrets.add(expired);
    await expectRefusal(() => me(get({ cookie: `${SESSION_COOKIE}=${expired}` })), 401, 'invalid-session', null);
  });

  it('answers 401 invalid-session for a tampered session cookie', async () => {
    const { cookie } = await sessionCookie({ subject: 'idp-subject-kate', email: KATE.email });
    const [name, sealed] = cookie.split('=') as [string, string];
    const parts = sealed.split('.');
    const ciphertext = parts[3]!;
    const i = Math.floor(ciphertext.length / 2);
    parts[3] = ciphertext.slice(0, i) + (ciphertext[i] === 'A' ? 'B' : 'A') + ciphertext.slice(i + 1);
    secrets.add(parts.join('.'));
    await expectRefusal(() => me(get({ cookie: `${name}=${parts.join('.')}` })), 401, 'invalid-session', null);
  });

  it('answers 401 invalid-session for a cookie sealed with another key, or without a CSRF token inside', async () => {
    const foreign = await seal(sessionPayload({ identity: { subject: 'idp-subject-kate', email: KATE.email }, csrf: 'x' }), new Uint8Array(randomBytes(32)), 3600);
    const noCsrf = await seal({ sub: 'idp-subject-kate', email: KATE.email }, SESSION_KEY, 3600);
    secrets.add(foreign).add(noCsrf);
    await expectRefusal(() => me(get({ cookie: `${SESSION_COOKIE}=${foreign}` })), 401, 'invalid-session', null);
    await expectRefusal(() => me(get({ cookie: `${SESSION_COOKIE}=${noCsrf}` })), 401, 'invalid-session', null);
  });

  it('answers 403 unknown-person for a signed-in identity whose email no one in the data has', async () => {
    const { cookie } = await sessionCookie({ subject: 'idp-subject-stranger', email: STRANGER_EMAIL });
    await expectRefusal(() => me(get({ cookie })), 403, 'unknown-person', null);
  });

  it("keeps the session when the browser also sends another scheme's Authorization (a staging site's Basic sign-in)", async () => {
    const { cookie } = await sessionCookie({ subject: 'idp-subject-kate', email: KATE.email });
    const res = await me(get({ cookie, authorization: 'Basic c3RhZ2luZzpwYXNzd29yZA==' }));
    expect(res.status).toBe(200);
    expect(((await res.json()) as MeBody).person.id).toBe(KATE.id);
    await expectRefusal(() => me(get({ authorization: 'Basic c3RhZ2luZzpwYXNzd29yZA==' })), 401, 'unauthenticated', null);
  });
});

describe('GET /api/me with a bearer access token', () => {
  it('answers 200 with Kate Morrison and no CSRF token', async () => {
    const token = await accessToken(kateClaims());
    const res = await me(get({ authorization: `Bearer ${token}` }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as MeBody;
    expect(body).not.toHaveProperty('csrfToken');
    expect(Object.keys(body).sort()).toEqual(['manages', 'person', 'risks', 'roles']);
    expectKate(body);
  });

  it('matches the email case-insensitively, also from preferred_username', async () => {
    const token = await accessToken({ sub: 'idp-subject-kate', preferred_username: 'Kate.Morrison@Northmoor.EXAMPLE' });
    const res = await me(get({ authorization: `Bearer ${token}` }));
    expect(res.status).toBe(200);
    expect(((await res.json()) as MeBody).person.id).toBe(KATE.id);
  });

  it('names the Bearer scheme in any case, as HTTP allows', async () => {
    const res = await me(get({ authorization: `bearer ${await accessToken(kateClaims())}` }));
    expect(res.status).toBe(200);
  });

  it('answers 401 invalid-token for an ID token, which carries the sign-in nonce, sent as an access token', async () => {
    const idToken = await accessToken({ ...kateClaims(), nonce: 'n-0S6_WzA2Mj', at_hash: 'HK6E_P6Dh8Y93mRNtsDB1Q' });
    await expectRefusal(() => me(get({ authorization: `Bearer ${idToken}` })), 401, 'invalid-token', null);
  });

  it('does not match by an email the provider says is unverified, as a boolean or as a string', async () => {
    for (const unverified of [false, 'false']) {
      const token = await accessToken({ sub: 'idp-subject-unverified', email: KATE.email, email_verified: unverified });
      await expectRefusal(() => me(get({ authorization: `Bearer ${token}` })), 403, 'unknown-person', null);
    }
    const verified = await accessToken({ sub: 'idp-subject-kate', email: KATE.email, email_verified: 'true' });
    expect((await me(get({ authorization: `Bearer ${verified}` }))).status).toBe(200);
  });

  it('accepts the issuer written with a trailing slash', async () => {
    const res = await me(get({ authorization: `Bearer ${await accessToken(kateClaims(), { iss: `${issuer}/` })}` }));
    expect(res.status).toBe(200);
  });

  it('answers 401 invalid-token for a token from another issuer', async () => {
    const token = await accessToken(kateClaims(), { iss: 'https://login.evil.example' });
    const res = await expectRefusal(() => me(get({ authorization: `Bearer ${token}` })), 401, 'invalid-token', null);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('answers 401 invalid-token for a token for another audience', async () => {
    const token = await accessToken(kateClaims(), { aud: 'api://someone-else' });
    await expectRefusal(() => me(get({ authorization: `Bearer ${token}` })), 401, 'invalid-token', null);
  });

  it('answers 401 invalid-token for a token signed by another key under the provider key id', async () => {
    const token = await accessToken(kateClaims(), { key: otherKey.privateKey });
    await expectRefusal(() => me(get({ authorization: `Bearer ${token}` })), 401, 'invalid-token', null);
  });

  it('answers 401 invalid-token for a token signed by a key the provider does not publish', async () => {
    const token = await accessToken(kateClaims(), { key: otherKey.privateKey, kid: 'unpublished' });
    await expectRefusal(() => me(get({ authorization: `Bearer ${token}` })), 401, 'invalid-token', null);
  });

  it('answers 401 invalid-token for an expired token', async () => {
    const expired = await accessToken(kateClaims(), { exp: Math.floor(Date.now() / 1000) - 60 });
    await expectRefusal(() => me(get({ authorization: `Bearer ${expired}` })), 401, 'invalid-token', null);
  });

  it('answers 401 invalid-token for an unsigned token and one signed with the client secret', async () => {
    const unsigned = new UnsecuredJWT(kateClaims()).setIssuer(issuer).setAudience(AUDIENCE).setExpirationTime('5m').encode();
    const hmac = await new SignJWT(kateClaims()).setProtectedHeader({ alg: 'HS256' }).setIssuer(issuer).setAudience(AUDIENCE).setExpirationTime('5m').sign(new TextEncoder().encode(CLIENT_SECRET));
    secrets.add(unsigned).add(hmac);
    await expectRefusal(() => me(get({ authorization: `Bearer ${unsigned}` })), 401, 'invalid-token', null);
    await expectRefusal(() => me(get({ authorization: `Bearer ${hmac}` })), 401, 'invalid-token', null);
  });

  it.each(['Bearer', 'Bearer ', 'Bearer two words', 'bearer', 'Bearer not-a-jwt', 'Bearer a.b.c'])(
    'answers 401 invalid-token for the malformed header %j',
    async (authorization) => {
      await expectRefusal(() => me(get({ authorization })), 401, 'invalid-token', null);
    },
  );

  it('answers 403 unknown-person for a valid token whose email no one in the data has', async () => {
    const token = await accessToken({ sub: 'idp-subject-stranger', email: STRANGER_EMAIL });
    await expectRefusal(() => me(get({ authorization: `Bearer ${token}` })), 403, 'unknown-person', null);
  });

  it('answers 403 unknown-person for a valid token with no email at all', async () => {
    const token = await accessToken({ sub: 'idp-subject-kate' });
    await expectRefusal(() => me(get({ authorization: `Bearer ${token}` })), 403, 'unknown-person', null);
  });
});

describe('without sign-in configured', () => {
  it('answers 503 not-configured, naming the missing settings and no values', async () => {
    const handler = protect({ changesState: false, readsGitHost: false }, () => json(200, {}), { OVERSIGHT_DATA_DIR: DATA_DIR, OVERSIGHT_OIDC_CLIENT_SECRET: CLIENT_SECRET });
    const body = await expectError(await handler(get()), 503, 'not-configured');
    expect(body.error.message).toContain('OVERSIGHT_OIDC_ISSUER');
    expect(body.error.message).toContain('OVERSIGHT_SESSION_KEY');
    expect(body.error.message).not.toContain('OVERSIGHT_OIDC_CLIENT_SECRET');
    expect(body.error.message).not.toContain(CLIENT_SECRET);
  });
});

describe('POST /auth/logout (the real handler)', () => {
  it('refuses a post from another site with 403 cross-site and clears nothing', async () => {
    const res = authLogout(post('/auth/logout', { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' }, ''));
    await expectError(res, 403, 'cross-site');
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('signs out a post from this site: 303 to / and the session cookie and the signed-in hint cleared', () => {
    const res = authLogout(post('/auth/logout', { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN }, ''));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const [session = '', hint = ''] = res.headers.getSetCookie();
    expect(session).toMatch(new RegExp(`^${SESSION_COOKIE}=;`));
    expect(session).toMatch(/Max-Age=0/i);
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/Secure/i);
    expect(hint).toMatch(/^__Host-oversight-signed-in=;/);
    expect(hint).toMatch(/Max-Age=0/i);
    expect(hint).toMatch(/Secure/i);
  });
});

describe('state-changing requests through protect()', () => {
  const PATH = '/api/proposals';
  const changes = (env: Env = process.env): ((req: Request) => Promise<Response>) => protect({ changesState: true }, () => json(200, { done: true }), env);

  it('refuses a session JSON POST without X-CSRF-Token: 403 csrf-token, logged with the person id', async () => {
    const { cookie } = await sessionCookie({ subject: 'idp-subject-kate', email: KATE.email });
    await expectRefusal(() => changes()(post(PATH, { cookie, origin: ORIGIN })), 403, 'csrf-token', KATE.id, PATH);
  });

  it('refuses a session JSON POST with a wrong X-CSRF-Token', async () => {
    const { cookie } = await sessionCookie({ subject: 'idp-subject-kate', email: KATE.email });
    await expectRefusal(() => changes()(post(PATH, { cookie, origin: ORIGIN, 'x-csrf-token': 'guessed' })), 403, 'csrf-token', KATE.id, PATH);
  });

  it('accepts a session JSON POST with the session X-CSRF-Token', async () => {
    const { cookie, csrf } = await sessionCookie({ subject: 'idp-subject-kate', email: KATE.email });
    const res = await changes()(post(PATH, { cookie, origin: ORIGIN, 'x-csrf-token': csrf }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
  });

  it('refuses a session POST from another site, token or not: 403 cross-site', async () => {
    const { cookie, csrf } = await sessionCookie({ subject: 'idp-subject-kate', email: KATE.email });
    await expectRefusal(() => changes()(post(PATH, { cookie, origin: 'https://evil.example', 'x-csrf-token': csrf })), 403, 'cross-site', KATE.id, PATH);
  });

  it('accepts a bearer POST without a CSRF token', async () => {
    const token = await accessToken(kateClaims());
    const res = await changes()(post(PATH, { authorization: `Bearer ${token}` }));
    expect(res.status).toBe(200);
  });

  it('answers 503 saying nothing was submitted when the git host stays unavailable', async () => {
    const token = await accessToken(kateClaims());
    const failing = (error: Error) => protect({ changesState: true }, () => Promise.reject(error));
    const res = await failing(new GitHostUnavailableError('GitHub did not answer; nothing was submitted'))(post(PATH, { authorization: `Bearer ${token}` }));
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: { code: 'git-host-unavailable', message: 'GitHub did not answer; nothing was submitted. Try again in a few minutes.' } });
  });

  it('answers any other failure with a plain 500, and logs what failed and where for whoever runs the server', async () => {
    const token = await accessToken(kateClaims());
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const res = await protect({ changesState: true }, () => Promise.reject(new TypeError('a bug')))(post(PATH, { authorization: `Bearer ${token}` }));
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({
        error: { code: 'internal', message: 'Something went wrong on the server, and it has been logged. Try again later; if it happens again, tell the people who run this site.' },
      });
      expect(errors).toHaveBeenCalledTimes(1);
      const logged = JSON.parse(String(errors.mock.calls[0]![0])) as Record<string, unknown>;
      expect(logged).toMatchObject({ event: 'failed', status: 500, person: 'kate-morrison', path: PATH, error: 'TypeError: a bug' });
      expect(logged['stack']).toContain('me.test.ts');
    } finally {
      errors.mockRestore();
    }
  });

  it('answers a page a person opened with a page when the git host stays unavailable', async () => {
    const token = await accessToken(kateClaims());
    const page = protect({ changesState: false, readsGitHost: true, page: true }, () => Promise.reject(new GitHostUnavailableError('GitHub did not answer')));
    const res = await page(get({ authorization: `Bearer ${token}` }));
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('retry-after')).toBe('60');
    expect(await res.text()).toContain('GitHub did not answer. Try again in a few minutes.');
  });

  it('authenticates before it checks CSRF: a POST with no credentials is 401, not 403', async () => {
    await expectRefusal(() => changes()(post(PATH, { origin: 'https://evil.example' })), 401, 'unauthenticated', null, PATH);
  });

  it('refuses the 4th state-changing request in a minute with OVERSIGHT_RATE_LIMIT=3: 429 with retry-after', async () => {
    // Freeze the clock one second into a fresh minute, so the window cannot roll over mid-test.
    const start = (Math.floor(Date.now() / 60_000) + 24 * 60) * 60_000 + 1000;
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(start);
      const limited = changes({ ...process.env, OVERSIGHT_RATE_LIMIT: '3' });
      const kate = await sessionCookie({ subject: 'idp-subject-kate', email: KATE.email });
      const send = (): Promise<Response> => limited(post(PATH, { cookie: kate.cookie, origin: ORIGIN, 'x-csrf-token': kate.csrf }));
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await send()).status);
      expect(statuses).toEqual([200, 200, 200]);
      const refused = await expectRefusal(send, 429, 'rate-limited', KATE.id, PATH);
      expect(refused.headers.get('retry-after')).toBe('59');
      // A refused CSRF check is not counted, and reads never use up the change limit.
      await expectRefusal(() => limited(post(PATH, { cookie: kate.cookie, origin: ORIGIN })), 403, 'csrf-token', KATE.id, PATH);
      expect((await me(get({ cookie: kate.cookie }))).status).toBe(200);
      // The limit is per person.
      const bethan = await sessionCookie({ subject: 'idp-subject-bethan', email: BETHAN.email });
      expect((await limited(post(PATH, { cookie: bethan.cookie, origin: ORIGIN, 'x-csrf-token': bethan.csrf }))).status).toBe(200);
      // A new minute starts a new count.
      vi.setSystemTime(start + 60_000);
      expect((await send()).status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('refusal logs', () => {
  it('every line is a refusal naming at most a person id, with no token, cookie or email in it', async () => {
    // Its own requests, with every kind of credential, so it does not depend on what earlier tests logged.
    const kate = await sessionCookie({ subject: 'idp-subject-kate', email: KATE.email });
    const stranger = await sessionCookie({ subject: 'idp-subject-stranger', email: STRANGER_EMAIL });
    const token = await accessToken(kateClaims());
    const foreignToken = await accessToken(kateClaims(), { iss: 'https://login.evil.example' });
    const strangerToken = await accessToken({ sub: 'idp-subject-stranger', email: STRANGER_EMAIL });
    const changes = protect({ changesState: true }, () => json(200, { done: true }));
    const before = warn.mock.calls.length;
    // Accepted requests log nothing; each refusal logs one line.
    expect((await me(get({ cookie: kate.cookie }))).status).toBe(200);
    expect((await me(get({ authorization: `Bearer ${token}` }))).status).toBe(200);
    const refused: [Request, number][] = [
      [get(), 401],
      [get({ cookie: kate.cookie.replace(/^__Host-/, '') }), 401],
      [get({ cookie: stranger.cookie }), 403],
      [get({ authorization: `Bearer ${foreignToken}` }), 401],
      [get({ authorization: `Bearer ${strangerToken}` }), 403],
      [get({ authorization: 'Bearer not-a-jwt' }), 401],
    ];
    for (const [req, status] of refused) expect((await me(req)).status).toBe(status);
    expect((await changes(post('/api/proposals', { cookie: kate.cookie, origin: ORIGIN }))).status).toBe(403);
    expect((await changes(post('/api/proposals', { cookie: kate.cookie, origin: 'https://evil.example', 'x-csrf-token': kate.csrf }))).status).toBe(403);
    const lines = loggedLines().slice(before);
    expect(lines.map((line) => (JSON.parse(line) as Refusal).person)).toEqual([null, null, null, null, null, null, KATE.id, KATE.id]);
    for (const line of lines) expectCleanLogLine(line);
  });
});

describe('GET /my-risks/all, My risks without JavaScript', () => {
  const page = (headers: Record<string, string> = {}): Request => new Request(new URL('/my-risks/all', PUBLIC_URL), { headers: { accept: 'text/html', ...headers } });

  /** Kate's open risks in unrestricted registers, as the static My risks page lists them. */
  function katesOpenPublishedRisks(): string[] {
    const { workspace } = loadWorkspace(readDataDir(DATA_DIR));
    return workspace.registers
      .filter((r) => r.register.classification === 'unrestricted')
      .flatMap((r) => r.risks.map((e) => e.risk))
      .filter((risk) => risk.status === 'open' && (risk.owners.includes(KATE.id) || (risk.delegates ?? []).includes(KATE.id)))
      .map((risk) => risk.id)
      .sort();
  }

  it('sends a signed-out person to sign in and back', async () => {
    const res = await myRisksPage(page());
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/auth/login?returnTo=${encodeURIComponent('/my-risks/all')}`);
  });

  it("lists the signed-in owner's open risks, with reviews overdue as of today", async () => {
    const { cookie } = await sessionCookie({ subject: 'idp-subject-kate', email: KATE.email, name: 'Kate Morrison' });
    const saved = process.env['OVERSIGHT_TODAY'];
    try {
      // Years after every review date in the sample data: each review is overdue.
      process.env['OVERSIGHT_TODAY'] = '2031-01-15';
      const res = await myRisksPage(page({ cookie }));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-store');
      const html = await res.text();
      const rows = [...html.matchAll(/<tr><th scope="row"><a href="\/risks\/([^/]+)\/">[^<]+<\/a><\/th>(.*?)<\/tr>/g)];
      expect(rows.map((r) => r[1]).sort()).toEqual(katesOpenPublishedRisks());
      for (const row of rows) expect(row[2]).toContain('<strong>Overdue</strong>');
      expect(html).toContain(`<caption>Risks owned by or delegated to Kate Morrison (${rows.length})</caption>`);
      // Titled and headed with the service's name as the site's pages are, with a way past the header.
      expect(html).toContain('<title>My risks – Northmoor County Council risk registers</title>');
      expect(html).toContain('<a href="#main-content" class="skip-link">Skip to main content</a>\n<header class="service-header"><a href="/">Northmoor County Council risk registers</a></header>\n<main id="main-content">');
    } finally {
      if (saved === undefined) delete process.env['OVERSIGHT_TODAY'];
      else process.env['OVERSIGHT_TODAY'] = saved;
    }
  });
});
