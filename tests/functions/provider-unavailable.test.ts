import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startHarness, type Harness } from '../helpers/functions-harness.ts';

/*
 * A council's identity provider that cannot be reached, or cannot give its keys: a script's
 * access token cannot be checked, which is not the same as a bad token (a script that took
 * 401 for one would throw a good token away). Through /api/me's real handler and the guard.
 */

/** A provider whose discovery document answers and whose key set fails with a 500. */
async function startKeylessIssuer(): Promise<{ issuer: string; close: () => Promise<void> }> {
  let issuer = '';
  const server = createServer((req, res) => {
    if (req.url !== '/.well-known/openid-configuration') return void res.writeHead(500).end();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks`, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, response_types_supported: ['code'], subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['RS256'] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { issuer, close: () => closeServer(server) };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** An address on this machine where nothing listens. */
async function deadAddress(): Promise<{ issuer: string; close: () => Promise<void> }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await closeServer(server);
  return { issuer: `http://127.0.0.1:${port}`, close: () => Promise.resolve() };
}

describe.each([
  ['does not answer', deadAddress],
  ['answers, but not with its keys', startKeylessIssuer],
])('when the identity provider %s', (_how, startIssuer) => {
  let h: Harness;
  let provider: { issuer: string; close: () => Promise<void> };

  beforeAll(async () => {
    provider = await startIssuer();
    h = await startHarness({ env: { OVERSIGHT_OIDC_ISSUER: provider.issuer } });
  });

  afterAll(async () => {
    await h?.close();
    await provider?.close();
  });

  it('answers a bearer token 503 identity-provider-unavailable, to try again later, not 401', async () => {
    const res = await h.send(request('GET', '/api/me', { authorization: `Bearer ${await h.token('viewer')}` }));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('60');
    expect(await res.json()).toEqual({ error: { code: 'identity-provider-unavailable', message: 'The sign-in service cannot be reached just now, so your access token cannot be checked. Try again in a few minutes.' } });
  });

  it('still answers a malformed Authorization header 401, and a session cookie as usual', async () => {
    expect((await h.send(request('GET', '/api/me', { authorization: 'Basic abc' }))).status).toBe(401);
    const me = await h.send(request('GET', '/api/me', { cookie: (await h.session('viewer')).cookie }));
    expect(me.status).toBe(200);
  });
});
