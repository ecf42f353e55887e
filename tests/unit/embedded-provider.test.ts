import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { base64url, createRemoteJWKSet, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { Person } from '../../src/core/schemas/person.ts';
import { assertNotDeployed, isDeployed } from '../../src/server/oidc/deployment.ts';
import { createEmbeddedProvider, type EmbeddedProvider } from '../../src/server/oidc/embedded-provider.ts';
import { DEFAULT_API_AUDIENCE, DEV_TOKEN_GRANT_TYPE, LOCAL_CLIENT_ID } from '../../src/server/oidc/local-defaults.ts';
import { loadLocalSecrets, type LocalSecrets } from '../../src/server/oidc/local-secrets.ts';

/*
 * The embedded OpenID provider, for real: mounted under /oidc on a node:http server on a
 * random port, signed into with openid-client exactly as the site does (discovery, PKCE,
 * state, nonce, the login form, the code exchange), and asked for development tokens.
 */

const PEOPLE: Person[] = [
  { id: 'kate-morrison', name: 'Kate Morrison', email: 'kate.morrison@northmoor.example' },
  { id: 'bethan-rees', name: 'Bethan Rees', email: 'bethan.rees@northmoor.example' },
  { id: 'sam-no-email', name: 'Sam Noemail' },
  { id: 'sid-subject', name: 'Sid Subject', subject: 'entra-oid-5d2c' },
];
const KATE = PEOPLE[0]!;
/** Who the provider is given now: a test may replace the list, as a merged change to people.json does. */
let people: readonly Person[] = PEOPLE;

let dir: string;
let server: Server;
let site: string;
let issuer: string;
let secrets: LocalSecrets;
let embedded: EmbeddedProvider;
let console_: MockInstance[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oversight-oidc-'));
  secrets = await loadLocalSecrets(join(dir, 'local-secrets.json'));
  server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/oidc' || path.startsWith('/oidc/')) {
      embedded.handle(req, res);
      return;
    }
    res.writeHead(path === '/auth/callback' ? 200 : 404, { 'content-type': 'text/plain' }).end('the site');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer = `${site}/oidc`;
  embedded = createEmbeddedProvider({
    issuer,
    people: () => people,
    secrets,
    client: { clientId: LOCAL_CLIENT_ID, redirectUris: [`${site}/auth/callback`], postLogoutRedirectUris: [`${site}/`] },
    apiAudience: DEFAULT_API_AUDIENCE,
    env: {},
  });
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

// The provider is quiet: nothing on the console unless it fails.
beforeEach(() => {
  console_ = (['log', 'info', 'warn', 'error'] as const).map((level) => vi.spyOn(console, level));
});
afterEach(() => {
  for (const spy of console_) {
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  }
});

/** A browser, as far as sign-in needs one: cookies kept by name and path, redirects followed by hand. */
class Browser {
  /** Keyed by `${path} ${name}`. */
  readonly cookies = new Map<string, { name: string; value: string; path: string }>();

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url, site);
    const headers = new Headers(init.headers);
    const sent = [...this.cookies.values()]
      .filter((c) => target.pathname === c.path || target.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .sort((a, b) => b.path.length - a.path.length);
    if (sent.length > 0) headers.set('cookie', sent.map((c) => `${c.name}=${c.value}`).join('; '));
    const response = await fetch(target, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      const attribute = (key: string): string | undefined =>
        attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
      const path = attribute('path') ?? '/';
      const expires = attribute('expires');
      const expired = value === '' || (expires !== undefined && new Date(expires).getTime() < Date.now()) || attribute('max-age') === '0';
      if (expired) this.cookies.delete(`${path} ${name}`);
      else this.cookies.set(`${path} ${name}`, { name, value, path });
    }
    return response;
  }

  /** Follows redirects until one leaves the provider (the site's callback) or a page is shown. */
  async follow(url: string, init?: RequestInit): Promise<{ response: Response; url: string }> {
    let response = await this.request(url, init);
    let current = new URL(url, site).href;
    for (let hops = 0; hops < 10 && response.status >= 300 && response.status < 400; hops++) {
      current = new URL(response.headers.get('location')!, current).href;
      if (!current.startsWith(issuer)) return { response, url: current };
      response = await this.request(current);
    }
    return { response, url: current };
  }
}

async function relyingParty(): Promise<client.Configuration> {
  return client.discovery(new URL(issuer), LOCAL_CLIENT_ID, secrets.clientSecret, undefined, { execute: [client.allowInsecureRequests] });
}

async function startSignIn(browser: Browser, extra: Record<string, string> = {}): Promise<{ config: client.Configuration; verifier: string; state: string; nonce: string; loginPage: string; html: string }> {
  const config = await relyingParty();
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const authorizationUrl = client.buildAuthorizationUrl(config, {
    redirect_uri: `${site}/auth/callback`,
    scope: 'openid email profile',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...extra,
  });
  const { response, url } = await browser.follow(authorizationUrl.href);
  expect(response.status).toBe(200);
  return { config, verifier, state, nonce, loginPage: url, html: await response.text() };
}

async function submitLogin(browser: Browser, page: string, html: string, login: string): Promise<{ response: Response; url: string }> {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  expect(action).toBeDefined();
  return browser.follow(new URL(action!.replace(/&#38;/g, '&'), page).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login }),
  });
}

describe('the embedded provider, mounted under /oidc', () => {
  it('publishes discovery at the issuer with every endpoint under /oidc', async () => {
    const metadata = (await relyingParty()).serverMetadata();
    expect(metadata.issuer).toBe(issuer);
    for (const endpoint of [metadata.authorization_endpoint, metadata.token_endpoint, metadata.jwks_uri, metadata.end_session_endpoint]) {
      expect(endpoint?.startsWith(`${issuer}/`)).toBe(true);
    }
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    expect(metadata.grant_types_supported).toContain(DEV_TOKEN_GRANT_TYPE);
  });

  it('signs a person in by email (any case) through the login form, with no consent screen', async () => {
    const browser = new Browser();
    const { config, verifier, state, nonce, loginPage, html } = await startSignIn(browser);
    expect(loginPage).toMatch(new RegExp(`^${issuer}/interaction/`));
    expect(html).toContain('<label for="login">');
    expect(html).toContain(KATE.email);

    const { response, url } = await submitLogin(browser, loginPage, html, 'Kate.Morrison@NORTHMOOR.example');
    expect(response.status).toBe(303);
    expect(url.startsWith(`${site}/auth/callback?`)).toBe(true);

    const tokens = await client.authorizationCodeGrant(config, new URL(url), {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    expect(tokens.claims()).toMatchObject({ iss: issuer, aud: LOCAL_CLIENT_ID, sub: KATE.id, email: KATE.email, email_verified: true, name: KATE.name, nonce });

    // The access token from sign-in is a JWT for the API, like Entra's.
    const { payload } = await jwtVerify(tokens.access_token, createRemoteJWKSet(new URL(`${issuer}/jwks`)), { issuer, audience: DEFAULT_API_AUDIENCE });
    expect(payload).toMatchObject({ sub: KATE.id, email: KATE.email, client_id: LOCAL_CLIENT_ID });
  });

  it('signs in by person id, and says so when nobody matches', async () => {
    const browser = new Browser();
    const { config, verifier, state, nonce, loginPage, html } = await startSignIn(browser);

    const refused = await submitLogin(browser, loginPage, html, 'nobody@elsewhere.example');
    expect(refused.response.status).toBe(400);
    const again = await refused.response.text();
    expect(again).toContain('There is a problem');
    expect(again).toContain('aria-invalid="true"');
    // Someone the functions could not recognise is refused here, with what to add, and is not offered.
    expect(html).not.toContain('sam-no-email');
    const noEmail = await submitLogin(browser, loginPage, again, 'sam-no-email');
    expect(noEmail.response.status).toBe(400);
    expect(await noEmail.response.text()).toContain('Sam Noemail (sam-no-email) has no email address in people.json, so the site could not tell it is them: add their email address there');

    const { url } = await submitLogin(browser, loginPage, again, 'bethan-rees');
    const tokens = await client.authorizationCodeGrant(config, new URL(url), { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
    expect(tokens.claims()).toMatchObject({ sub: 'bethan-rees', email: 'bethan.rees@northmoor.example', name: 'Bethan Rees' });
  });

  it('asks again at the next sign-in, pre-filled, so the same browser can switch person', async () => {
    const browser = new Browser();
    const first = await startSignIn(browser);
    await submitLogin(browser, first.loginPage, first.html, KATE.email!);

    const second = await startSignIn(browser);
    expect(second.html).toContain(`value="${KATE.email}"`);
    let landed = await submitLogin(browser, second.loginPage, second.html, 'bethan-rees');
    // oidc-provider ends Kate's session first, with a self-submitting form (a browser runs its script).
    expect(landed.response.status).toBe(200);
    {
      const html = await landed.response.text();
      const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
      const fields = [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g)].map((m) => [m[1]!, m[2]!]);
      expect(action).toBeDefined();
      landed = await browser.follow(action!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });
    }
    const tokens = await client.authorizationCodeGrant(second.config, new URL(landed.url), { pkceCodeVerifier: second.verifier, expectedState: second.state, expectedNonce: second.nonce });
    expect(tokens.claims()?.sub).toBe('bethan-rees');
  });

  it('passes straight through consent, even when the client asks for it', async () => {
    const browser = new Browser();
    const { config, verifier, state, nonce, loginPage, html } = await startSignIn(browser, { prompt: 'consent' });
    const { url } = await submitLogin(browser, loginPage, html, KATE.id);
    const tokens = await client.authorizationCodeGrant(config, new URL(url), { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
    expect(tokens.claims()?.sub).toBe(KATE.id);
  });

  it('returns access_denied to the site when sign-in is cancelled', async () => {
    const browser = new Browser();
    const { loginPage, html, state } = await startSignIn(browser);
    const cancel = /<a href="([^"]+\/abort)">Cancel signing in<\/a>/.exec(html)?.[1];
    expect(cancel).toBeDefined();
    const { url } = await browser.follow(new URL(cancel!, loginPage).href);
    const callback = new URL(url);
    expect(callback.pathname).toBe('/auth/callback');
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('state')).toBe(state);
  });

  it('refuses an authorization request without PKCE', async () => {
    const config = await relyingParty();
    const url = client.buildAuthorizationUrl(config, { redirect_uri: `${site}/auth/callback`, scope: 'openid', state: client.randomState() });
    const { url: landed } = await new Browser().follow(url.href);
    expect(new URL(landed).searchParams.get('error')).toBe('invalid_request');
  });
});

describe('the development token grant', () => {
  const keys = (): ReturnType<typeof createRemoteJWKSet> => createRemoteJWKSet(new URL(`${issuer}/jwks`));

  async function devToken(person: string, auth: 'basic' | 'post' = 'basic', secret = secrets.clientSecret): Promise<Response> {
    const body = new URLSearchParams({ grant_type: DEV_TOKEN_GRANT_TYPE, person, resource: DEFAULT_API_AUDIENCE });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (auth === 'basic') headers['authorization'] = `Basic ${Buffer.from(`${LOCAL_CLIENT_ID}:${secret}`).toString('base64')}`;
    else {
      body.set('client_id', LOCAL_CLIENT_ID);
      body.set('client_secret', secret);
    }
    return fetch(`${issuer}/token`, { method: 'POST', headers, body });
  }

  it('issues a JWT access token for a person named by email, verifiable against the JWKS', async () => {
    const response = await devToken('KATE.MORRISON@northmoor.example');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBe(3600);
    const { payload, protectedHeader } = await jwtVerify(body.access_token, keys(), { issuer, audience: DEFAULT_API_AUDIENCE });
    expect(protectedHeader.alg).toBe('RS256');
    expect(protectedHeader.kid).toBe(secrets.jwks.keys[0]!.kid);
    expect(payload).toMatchObject({ sub: KATE.id, email: KATE.email, name: KATE.name });
    expect(payload.exp! - payload.iat!).toBe(3600);
  });

  it('accepts a person id and client_secret_post; a person known by subject alone gets it as sub and no email claim', async () => {
    const response = await devToken('sid-subject', 'post');
    expect(response.status).toBe(200);
    const { payload } = await jwtVerify(((await response.json()) as { access_token: string }).access_token, keys(), { issuer, audience: DEFAULT_API_AUDIENCE });
    expect(payload.sub).toBe('entra-oid-5d2c');
    expect(payload.email).toBeUndefined();
  });

  it('refuses a person with neither email nor subject, whom every function would refuse as unknown, saying what to add', async () => {
    const response = await devToken('sam-no-email');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Sam Noemail (sam-no-email) has no email address in people.json, so the site could not tell it is them: add their email address there',
    });
  });

  it('refuses an unknown person with invalid_grant and a clear description', async () => {
    const response = await devToken('nobody@elsewhere.example');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; error_description: string };
    expect(body.error).toBe('invalid_grant');
    expect(body.error_description).toContain('no demonstration account for "nobody@elsewhere.example"');
  });

  it('follows the people it is given: someone added later gets a token, someone removed no longer does', async () => {
    const added: Person = { id: 'new-starter', name: 'New Starter', email: 'new.starter@northmoor.example' };
    expect((await devToken(added.email!)).status).toBe(400);
    people = [...PEOPLE.filter((p) => p.id !== 'bethan-rees'), added];
    try {
      const response = await devToken(added.email!);
      expect(response.status).toBe(200);
      const { payload } = await jwtVerify(((await response.json()) as { access_token: string }).access_token, keys(), { issuer, audience: DEFAULT_API_AUDIENCE });
      expect(payload.sub).toBe('new-starter');
      expect((await devToken('bethan-rees')).status).toBe(400);
    } finally {
      people = PEOPLE;
    }
  });

  it('refuses a wrong client secret', async () => {
    const response = await devToken(KATE.id, 'basic', 'not-the-secret');
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_client');
  });
});

describe('deployed environments', () => {
  it.each([
    [{ NETLIFY: 'true' }, 'NETLIFY'],
    [{ CONTEXT: 'production' }, 'CONTEXT'],
    [{ CONTEXT: 'deploy-preview' }, 'CONTEXT'],
    [{ OVERSIGHT_ENV: 'production' }, 'OVERSIGHT_ENV'],
  ])('refuse with %o', (env, variable) => {
    expect(isDeployed(env)).toBe(true);
    expect(() => assertNotDeployed(env, 'the test')).toThrow(variable);
    expect(() =>
      createEmbeddedProvider({
        issuer: 'http://localhost:4321/oidc',
        people: () => PEOPLE,
        secrets,
        client: { clientId: LOCAL_CLIENT_ID, redirectUris: ['http://localhost:4321/auth/callback'], postLogoutRedirectUris: [] },
        apiAudience: DEFAULT_API_AUDIENCE,
        env,
      }),
    ).toThrow(/embedded identity provider/);
  });

  it('are not recognised by NODE_ENV, or by empty variables', () => {
    expect(isDeployed({ NODE_ENV: 'production' })).toBe(false);
    expect(isDeployed({ NETLIFY: '', CONTEXT: '', OVERSIGHT_ENV: 'development' })).toBe(false);
    expect(() => assertNotDeployed({}, 'the test')).not.toThrow();
  });
});

describe('local secrets', () => {
  it('are made once, kept with mode 0600, and the same on the next load', async () => {
    const file = join(dir, 'nested', 'secrets.json');
    const first = await loadLocalSecrets(file);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await loadLocalSecrets(file)).toEqual(first);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(first);

    const [key] = first.jwks.keys;
    expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(typeof key?.kid).toBe('string');
    expect(typeof key?.d).toBe('string');
    expect(base64url.decode(first.sessionKey)).toHaveLength(32);
    expect(first.clientSecret.length).toBeGreaterThanOrEqual(32);
    expect(first.cookieKeys.length).toBeGreaterThan(0);
  });

  it('agree when two processes start at once', async () => {
    const file = join(dir, 'race.json');
    const [a, b] = await Promise.all([loadLocalSecrets(file), loadLocalSecrets(file)]);
    expect(a).toEqual(b);
  });

  it('differ between files', async () => {
    const other = await loadLocalSecrets(join(dir, 'other.json'));
    expect(other.clientSecret).not.toBe(secrets.clientSecret);
    expect(other.jwks.keys[0]?.kid).not.toBe(secrets.jwks.keys[0]?.kid);
  });
});
