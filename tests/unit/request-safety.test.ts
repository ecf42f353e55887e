import { randomBytes } from 'node:crypto';
import { EncryptJWT, SignJWT, UnsecuredJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Authentication } from '../../src/http/auth/authenticate.ts';
import { checkCsrf } from '../../src/http/auth/csrf.ts';
import { seal, sessionFromPayload, sessionPayload, unseal } from '../../src/http/auth/session.ts';
import { safeReturnPath } from '../../src/http/auth/sign-in.ts';
import { readCsv, readCsvUpload } from '../../src/http/proposal-answers.ts';
import { readInput } from '../../src/http/read-input.ts';
import { checkRate, memoryRateLimitStore, type RateLimitStore, type WindowCount } from '../../src/http/rate-limit.ts';
import { blobsRateLimitStore, hasBlobsContext, rateLimitStore } from '../../src/http/rate-limit-store.ts';
import { startBlobsRuntime } from '../helpers/blobs-runtime.ts';

const PUBLIC_URL = new URL('https://risks.council.example');
const ORIGIN = PUBLIC_URL.origin;
const CSRF = 'csrf-token-of-this-session';

const identity = { subject: 'sub-1', email: 'kate.morrison@northmoor.example' };
const SESSION: Authentication & { ok: true } = { ok: true, via: 'session', identity, session: { identity, csrf: CSRF } };
const BEARER: Authentication & { ok: true } = { ok: true, via: 'bearer', identity };

function request(method: string, headers: Record<string, string>): Request {
  // Bytes, not a string: a string body would add "content-type: text/plain" by itself.
  const body = method === 'GET' || method === 'HEAD' ? null : new TextEncoder().encode('{}');
  return new Request(`${ORIGIN}/api/proposals`, { method, headers, body });
}

const JSON_TYPE = { 'content-type': 'application/json' };

describe('checkCsrf', () => {
  it('refuses a session POST of JSON from our origin without X-CSRF-Token', () => {
    expect(checkCsrf(request('POST', { ...JSON_TYPE, origin: ORIGIN }), SESSION, PUBLIC_URL)).toEqual({ ok: false, code: 'csrf-token', message: expect.stringContaining('X-CSRF-Token') as unknown });
  });

  it('refuses a session POST of JSON with the wrong X-CSRF-Token', () => {
    expect(checkCsrf(request('POST', { ...JSON_TYPE, origin: ORIGIN, 'x-csrf-token': 'guessed' }), SESSION, PUBLIC_URL)).toMatchObject({ ok: false, code: 'csrf-token' });
  });

  it('refuses a session POST with no content type and no token (a script, not a form)', () => {
    expect(request('POST', { origin: ORIGIN }).headers.get('content-type')).toBeNull();
    expect(checkCsrf(request('POST', { origin: ORIGIN }), SESSION, PUBLIC_URL)).toMatchObject({ ok: false, code: 'csrf-token' });
  });

  it('accepts a session POST of JSON from our origin with the session token', () => {
    expect(checkCsrf(request('POST', { ...JSON_TYPE, origin: ORIGIN, 'x-csrf-token': CSRF }), SESSION, PUBLIC_URL)).toEqual({ ok: true });
  });

  it.each([
    ['another site', 'https://evil.example'],
    ['a sibling subdomain', 'https://evil.council.example'],
    ['our host over http', 'http://risks.council.example'],
    ['our host on another port', 'https://risks.council.example:8443'],
    ['an opaque origin', 'null'],
  ])('refuses a session POST from %s as cross-site, even with the right token', (_label, origin) => {
    expect(checkCsrf(request('POST', { ...JSON_TYPE, origin, 'x-csrf-token': CSRF }), SESSION, PUBLIC_URL)).toEqual({ ok: false, code: 'cross-site', message: expect.any(String) as unknown });
  });

  it.each(['PUT', 'PATCH', 'DELETE'])('checks %s like POST', (method) => {
    expect(checkCsrf(request(method, { ...JSON_TYPE, origin: 'https://evil.example', 'x-csrf-token': CSRF }), SESSION, PUBLIC_URL)).toMatchObject({ ok: false, code: 'cross-site' });
    expect(checkCsrf(request(method, { ...JSON_TYPE, origin: ORIGIN }), SESSION, PUBLIC_URL)).toMatchObject({ ok: false, code: 'csrf-token' });
  });

  it('accepts a request with no Origin when Sec-Fetch-Site says same-origin', () => {
    expect(checkCsrf(request('POST', { ...JSON_TYPE, 'sec-fetch-site': 'same-origin', 'x-csrf-token': CSRF }), SESSION, PUBLIC_URL)).toEqual({ ok: true });
  });

  it.each([
    ['Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site same-site', { 'sec-fetch-site': 'same-site' }],
    ['Sec-Fetch-Site none', { 'sec-fetch-site': 'none' }],
    ['neither Origin nor Sec-Fetch-Site', {}],
  ])('refuses a request with no Origin and %s', (_label, headers: Record<string, string>) => {
    expect(checkCsrf(request('POST', { ...JSON_TYPE, ...headers, 'x-csrf-token': CSRF }), SESSION, PUBLIC_URL)).toMatchObject({ ok: false, code: 'cross-site' });
  });

  it.each(['application/x-www-form-urlencoded', 'multipart/form-data; boundary=----x', 'text/plain;charset=UTF-8', 'Application/X-WWW-Form-Urlencoded'])(
    'accepts a form post (%s) from our origin without a token',
    (type) => {
      expect(checkCsrf(request('POST', { 'content-type': type, origin: ORIGIN }), SESSION, PUBLIC_URL)).toEqual({ ok: true });
    },
  );

  it('refuses a form post from another site', () => {
    expect(checkCsrf(request('POST', { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' }), SESSION, PUBLIC_URL)).toMatchObject({ ok: false, code: 'cross-site' });
  });

  it('skips bearer requests: no Origin or token needed', () => {
    expect(checkCsrf(request('POST', { ...JSON_TYPE, origin: 'https://evil.example' }), BEARER, PUBLIC_URL)).toEqual({ ok: true });
    expect(checkCsrf(request('DELETE', {}), BEARER, PUBLIC_URL)).toEqual({ ok: true });
  });

  it.each(['GET', 'HEAD', 'OPTIONS'])('skips %s, even cross-site with no token', (method) => {
    expect(checkCsrf(request(method, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }), SESSION, PUBLIC_URL)).toEqual({ ok: true });
  });
});

describe.each([
  ['in memory', openMemory],
  ['in Netlify Blobs (its local server)', startBlobs],
] as const)('checkRate with counts %s', (_, open) => {
  // 12:00:15 into some minute: 45 seconds left in the window.
  const MINUTE = 60_000 * 29_000_000;
  const NOW = MINUTE + 15_000;
  let blobs: Awaited<ReturnType<typeof open>>;
  beforeEach(async () => {
    blobs = await open();
  });
  afterEach(() => blobs.close());

  it('allows the limit, then refuses with the seconds left in the minute', async () => {
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await checkRate(blobs.store, 'kate-morrison', 3, NOW + i * 1000));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[3]).toEqual({ allowed: false, retryAfterSeconds: 42 });
  });

  it('starts counting again in a new minute', async () => {
    for (let i = 0; i < 3; i++) await checkRate(blobs.store, 'kate-morrison', 3, NOW);
    expect((await checkRate(blobs.store, 'kate-morrison', 3, NOW + 44_000)).allowed).toBe(false);
    const next = await checkRate(blobs.store, 'kate-morrison', 3, MINUTE + 60_000);
    expect(next).toEqual({ allowed: true, retryAfterSeconds: 60 });
    expect((await checkRate(blobs.store, 'kate-morrison', 3, MINUTE + 60_000)).allowed).toBe(true);
  });

  it('counts each person separately, keeping one count a person however many minutes pass', async () => {
    for (let i = 0; i < 3; i++) await checkRate(blobs.store, 'kate-morrison', 3, NOW);
    expect((await checkRate(blobs.store, 'kate-morrison', 3, NOW)).allowed).toBe(false);
    expect((await checkRate(blobs.store, 'bethan-rees', 3, NOW)).allowed).toBe(true);
    for (let minute = 1; minute <= 5; minute++) await checkRate(blobs.store, 'kate-morrison', 3, NOW + minute * 60_000);
    // One count (in Netlify Blobs, one blob) a person, not one a person a minute.
    expect(await blobs.stored()).toEqual(['bethan-rees', 'kate-morrison']);
  });
});

describe('rateLimitStore', () => {
  it('counts in Netlify Blobs where Netlify gives a function its Blobs context (NETLIFY itself is only set in builds)', async () => {
    expect(hasBlobsContext({})).toBe(false);
    expect(hasBlobsContext({ NETLIFY: 'true' })).toBe(false);
    const blobs = await startBlobsRuntime();
    const { context } = blobs;
    process.env['NETLIFY_BLOBS_CONTEXT'] = context;
    try {
      expect(hasBlobsContext({ NETLIFY_BLOBS_CONTEXT: context })).toBe(true);
      await checkRate(rateLimitStore({ NETLIFY_BLOBS_CONTEXT: context }, 'changes'), 'kate-morrison', 3);
      const stored = blobs.store('oversight-rate-limits');
      expect((await stored.list()).blobs.map((b) => b.key)).toEqual(['kate-morrison']);
      // Reads of the git host are counted in a store of their own, so neither count uses up the other.
      for (let i = 0; i < 3; i++) await checkRate(rateLimitStore({ NETLIFY_BLOBS_CONTEXT: context }, 'reads'), 'kate-morrison', 3);
      const reads = blobs.store('oversight-read-rate-limits');
      expect((await reads.get('kate-morrison', { type: 'json' })) as unknown).toMatchObject({ count: 3 });
      expect((await stored.get('kate-morrison', { type: 'json' })) as unknown).toMatchObject({ count: 1 });
    } finally {
      delete process.env['NETLIFY_BLOBS_CONTEXT'];
      await blobs.close();
    }
  });
});

interface OpenStore {
  store: RateLimitStore;
  /** The keys stored, sorted. */
  stored: () => Promise<string[]>;
  close: () => Promise<void>;
}

/** A rate-limit store in memory, counting in a map the test can look into. */
function openMemory(): Promise<OpenStore> {
  const counts = new Map<string, WindowCount>();
  return Promise.resolve({ store: memoryRateLimitStore(counts), stored: () => Promise.resolve([...counts.keys()].sort()), close: () => Promise.resolve() });
}

/** A rate-limit store on a real Netlify Blobs server. */
async function startBlobs(): Promise<OpenStore> {
  const runtime = await startBlobsRuntime();
  const blobs = runtime.store('oversight-rate-limits');
  return {
    store: blobsRateLimitStore(blobs),
    stored: async () => (await blobs.list()).blobs.map((b) => b.key).sort(),
    close: () => runtime.close(),
  };
}

describe('seal and unseal', () => {
  const KEY = new Uint8Array(randomBytes(32));
  const OTHER_KEY = new Uint8Array(randomBytes(32));
  const PAYLOAD = { sub: 'sub-1', email: 'kate.morrison@northmoor.example', csrf: CSRF };

  it('round-trips a payload, with an expiry the given number of seconds away', async () => {
    const sealed = await seal(PAYLOAD, KEY, 3600);
    const opened = await unseal(sealed, KEY);
    expect(opened).toMatchObject(PAYLOAD);
    expect(typeof opened?.['iat']).toBe('number');
    expect(Number(opened?.['exp']) - Number(opened?.['iat'])).toBe(3600);
  });

  it('hides the payload from whoever holds the cookie', async () => {
    const sealed = await seal(PAYLOAD, KEY, 3600);
    expect(sealed.split('.')).toHaveLength(5);
    const readable = sealed
      .split('.')
      .map((part) => Buffer.from(part, 'base64url').toString('latin1'))
      .join(' ');
    expect(readable).not.toContain('kate.morrison');
    expect(readable).not.toContain(CSRF);
  });

  it('refuses a tampered token', async () => {
    const sealed = await seal(PAYLOAD, KEY, 3600);
    const parts = sealed.split('.');
    const ciphertext = parts[3]!;
    const middle = Math.floor(ciphertext.length / 2);
    parts[3] = ciphertext.slice(0, middle) + (ciphertext[middle] === 'A' ? 'B' : 'A') + ciphertext.slice(middle + 1);
    expect(parts.join('.')).not.toBe(sealed);
    expect(await unseal(parts.join('.'), KEY)).toBeNull();
  });

  it('refuses a token sealed with another key', async () => {
    expect(await unseal(await seal(PAYLOAD, OTHER_KEY, 3600), KEY)).toBeNull();
  });

  it('refuses an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await new EncryptJWT(PAYLOAD).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).setIssuedAt(now - 7200).setExpirationTime(now - 60).encrypt(KEY);
    expect(await unseal(expired, KEY)).toBeNull();
    // The same token, not yet expired, opens: the refusal above is the expiry.
    const live = await new EncryptJWT(PAYLOAD).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).setIssuedAt(now - 7200).setExpirationTime(now + 60).encrypt(KEY);
    expect(await unseal(live, KEY)).toMatchObject(PAYLOAD);
  });

  it('refuses signed or unsecured tokens that are not sealed', async () => {
    const signed = await new SignJWT(PAYLOAD).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(KEY);
    const unsecured = new UnsecuredJWT(PAYLOAD).setExpirationTime('1h').encode();
    expect(await unseal(signed, KEY)).toBeNull();
    expect(await unseal(unsecured, KEY)).toBeNull();
  });

  it.each([undefined, '', 'not-a-token', 'a.b.c.d.e'])('returns null for %j', async (token) => {
    expect(await unseal(token, KEY)).toBeNull();
  });

  it('turns a sealed session back into the session, and refuses payloads without sub or csrf', async () => {
    const session = { identity: { subject: 'sub-1', email: 'kate.morrison@northmoor.example', name: 'Kate Morrison' }, csrf: CSRF };
    expect(sessionFromPayload(await unseal(await seal(sessionPayload(session), KEY, 60), KEY))).toEqual(session);
    expect(sessionFromPayload({ sub: 'sub-1' })).toBeNull();
    expect(sessionFromPayload({ csrf: CSRF })).toBeNull();
    expect(sessionFromPayload(null)).toBeNull();
  });
});

describe('safeReturnPath', () => {
  it.each(['/x', '/', '/registers/corporate/', '/risks/COR0001?tab=history#actions'])('keeps the local path %j', (path) => {
    expect(safeReturnPath(path)).toBe(path);
  });

  it('percent-encodes what a Location header cannot hold, and refuses control characters', () => {
    expect(safeReturnPath('/risks/€?q=Sián')).toBe('/risks/%E2%82%AC?q=Si%C3%A1n');
    expect(() => new Headers({ location: safeReturnPath('/€') })).not.toThrow();
    expect(safeReturnPath('/x\u0001')).toBe('/');
    expect(safeReturnPath('/x\ud800')).toBe('/');
  });

  it.each([
    '//evil.example',
    '//evil.example/registers',
    'https://evil.example',
    'https://evil.example/x',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    'registers/corporate',
    '/\tevil',
    '/x\n//evil.example',
    ' /x',
    '',
    null,
    undefined,
  ])('turns %j into /', (value) => {
    expect(safeReturnPath(value)).toBe('/');
  });
});

describe('emailClaim', () => {
  it('takes email, then preferred_username or upn, and nothing the provider marks unverified', async () => {
    const { emailClaim } = await import('../../src/http/auth/session.ts');
    expect(emailClaim({ email: 'a@x.example' })).toBe('a@x.example');
    expect(emailClaim({ preferred_username: 'b@x.example' })).toBe('b@x.example');
    expect(emailClaim({ preferred_username: 'not-an-email', upn: 'c@x.example' })).toBe('c@x.example');
    expect(emailClaim({ email: 'a@x.example', email_verified: false })).toBeUndefined();
    expect(emailClaim({ email: 'a@x.example', email_verified: 'false' })).toBeUndefined();
    expect(emailClaim({ email: 'a@x.example', email_verified: 'true' })).toBe('a@x.example');
    expect(emailClaim({})).toBeUndefined();
  });
});

describe('serverConfigFromEnv', () => {
  it('reports a malformed session key or URL as not configured rather than failing every request', async () => {
    const { serverConfigFromEnv } = await import('../../src/http/server-config.ts');
    const base = { OVERSIGHT_OIDC_ISSUER: 'https://id.example', OVERSIGHT_OIDC_CLIENT_ID: 'c', OVERSIGHT_OIDC_CLIENT_SECRET: 's', OVERSIGHT_PUBLIC_URL: 'https://risks.example' };
    expect(serverConfigFromEnv({ ...base, OVERSIGHT_SESSION_KEY: '!!not base64!!' }).auth).toEqual({ missing: ['OVERSIGHT_SESSION_KEY (must be 32 random bytes, base64url-encoded)'] });
    expect(serverConfigFromEnv({ ...base, OVERSIGHT_SESSION_KEY: 'c2hvcnQ' }).auth).toEqual({ missing: ['OVERSIGHT_SESSION_KEY (must be 32 random bytes, base64url-encoded)'] });
    const key = Buffer.alloc(32, 7).toString('base64url');
    expect(serverConfigFromEnv({ ...base, OVERSIGHT_SESSION_KEY: key, OVERSIGHT_OIDC_ISSUER: 'not a url' }).auth).toEqual({ missing: ['OVERSIGHT_OIDC_ISSUER (must be a URL)'] });
    expect('issuer' in serverConfigFromEnv({ ...base, OVERSIGHT_SESSION_KEY: key }).auth).toBe(true);
  });

  it('reads OVERSIGHT_READ_RATE_LIMIT as a whole number above 0, defaulting to 20, and names what is wrong with any other value', async () => {
    const { serverConfigFromEnv } = await import('../../src/http/server-config.ts');
    const readLimit = (value: string | undefined): unknown => serverConfigFromEnv({ OVERSIGHT_READ_RATE_LIMIT: value }).readRateLimit;
    expect(readLimit(undefined)).toEqual({ perMinute: 20 });
    expect(readLimit('')).toEqual({ perMinute: 20 });
    expect(readLimit(' 120 ')).toEqual({ perMinute: 120 });
    for (const wrong of ['0', '-1', '1.5', '1e3', 'many', '99999999999999999999']) {
      expect(readLimit(wrong)).toEqual({ problem: expect.stringMatching(/^OVERSIGHT_READ_RATE_LIMIT must be a whole number above 0: .* Correct it in the server's environment variables, or remove it to use 20\.$/) as unknown });
    }
  });

  it('reads OVERSIGHT_RATE_LIMIT the same way, defaulting to 30, rather than quietly putting 30 in place of a mistyped value', async () => {
    const { serverConfigFromEnv } = await import('../../src/http/server-config.ts');
    const changeLimit = (value: string | undefined): unknown => serverConfigFromEnv({ OVERSIGHT_RATE_LIMIT: value }).rateLimit;
    expect(changeLimit(undefined)).toEqual({ perMinute: 30 });
    expect(changeLimit('1000000')).toEqual({ perMinute: 1_000_000 });
    for (const wrong of ['0', '-1', '2.5', '30 a minute', 'Infinity']) {
      expect(changeLimit(wrong)).toEqual({ problem: expect.stringMatching(/^OVERSIGHT_RATE_LIMIT must be a whole number above 0: how many times a minute each person may make a change, such as 30\. .* remove it to use 30\.$/) as unknown });
    }
  });
});

describe('request bodies sent in chunks, without Content-Length', () => {
  const CHUNK = 64 * 1024;
  /** A body of `chunks` chunks of 64 KB, counting how many the reader took. */
  function chunked(chunks: number, fill = 0x20): { body: ReadableStream<Uint8Array>; pulled: () => number } {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled === chunks) return controller.close();
        pulled += 1;
        controller.enqueue(new Uint8Array(CHUNK).fill(fill));
      },
    });
    return { body, pulled: () => pulled };
  }
  const post = (type: string, body: ReadableStream<Uint8Array>): Request =>
    new Request(`${ORIGIN}/api/registers/corporate/risks`, { method: 'POST', headers: { 'content-type': type }, body, duplex: 'half' } as RequestInit);

  it('stops reading a JSON or form body once it is over 256 KB: 413, without taking the rest', async () => {
    for (const type of ['application/json', 'application/x-www-form-urlencoded']) {
      const sent = chunked(100);
      expect(await readInput(post(type, sent.body))).toMatchObject({ ok: false, status: 413, code: 'too-large' });
      expect(sent.pulled()).toBeLessThanOrEqual(6);
    }
  });

  it('stops reading a CSV or an upload once it is over 256 KB', async () => {
    const csv = chunked(100, 0x2c);
    expect(await readCsv(post('text/csv', csv.body), 'the register')).toMatchObject({ ok: false, status: 413 });
    expect(csv.pulled()).toBeLessThanOrEqual(6);
    const upload = chunked(100);
    expect(await readCsvUpload(post('multipart/form-data; boundary=x', upload.body), 'the register')).toMatchObject({ ok: false, status: 413 });
    expect(upload.pulled()).toBeLessThanOrEqual(7);
  });

  it('reads a body within the limit whole, whatever its chunks', async () => {
    const text = JSON.stringify({ title: 'é'.repeat(3 * CHUNK) }); // 384 KB in characters, 768 KB in bytes: over
    expect(await readInput(new Request(`${ORIGIN}/x`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text }))).toMatchObject({ status: 413 });
    const parts = ['{"title": "', 'x'.repeat(200 * 1024), '"}'].map((part) => new TextEncoder().encode(part));
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = parts.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(next);
      },
    });
    const read = await readInput(post('application/json', body));
    expect(read.ok && (read.value as { title: string }).title.length).toBe(200 * 1024);
  });
});
