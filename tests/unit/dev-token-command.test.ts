import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../../src/core/schemas/person.ts';
import { createEmbeddedProvider, type EmbeddedProvider } from '../../src/server/oidc/embedded-provider.ts';
import { DEFAULT_API_AUDIENCE, LOCAL_CLIENT_ID } from '../../src/server/oidc/local-defaults.ts';
import { loadLocalSecrets } from '../../src/server/oidc/local-secrets.ts';
import { runCliAsync } from '../helpers/run-cli.ts';

/*
 * `npm run dev-token` as a person runs it, against a real embedded provider holding this
 * checkout's local secrets (as npm start does), mounted under /oidc on a random port.
 */

const PEOPLE: Person[] = [
  { id: 'kate-morrison', name: 'Kate Morrison', email: 'kate.morrison@northmoor.example' },
  { id: 'sam-no-email', name: 'Sam Noemail' },
];

let server: Server;
let site: string;
let embedded: EmbeddedProvider;

beforeAll(async () => {
  server = createServer((req, res) => {
    if ((req.url ?? '/').startsWith('/oidc/')) embedded.handle(req, res);
    else res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Page not found</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  embedded = createEmbeddedProvider({
    issuer: `${site}/oidc`,
    people: () => PEOPLE,
    secrets: await loadLocalSecrets(),
    client: { clientId: LOCAL_CLIENT_ID, redirectUris: [`${site}/auth/callback`], postLogoutRedirectUris: [`${site}/`] },
    apiAudience: DEFAULT_API_AUDIENCE,
    env: {},
  });
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const devToken = (args: string[], env: Record<string, string> = {}): ReturnType<typeof runCliAsync> => runCliAsync('dev-token', args, env);

describe('npm run dev-token', () => {
  it('prints a token for the person alone on the last line of stdout', async () => {
    const { status, stdout, stderr } = await devToken(['--as', 'kate-morrison', '--url', site]);
    expect(status).toBe(0);
    expect(stderr).toContain('Access token for kate-morrison');
    const token = stdout.trim().split('\n').at(-1)!;
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(`${site}/oidc/jwks`)), { issuer: `${site}/oidc`, audience: DEFAULT_API_AUDIENCE });
    expect(payload.sub).toBe('kate-morrison');
  });

  it("says the provider's own reason for refusing someone: what to add to people.json", async () => {
    const { status, stdout, stderr } = await devToken(['--as', 'sam-no-email', '--url', site]);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe('error: Sam Noemail (sam-no-email) has no email address in people.json, so the site could not tell it is them: add their email address there');
  });

  it('names an unknown person as the provider does', async () => {
    const { status, stderr } = await devToken(['--as', 'nobody@elsewhere.example', '--url', site]);
    expect(status).toBe(1);
    expect(stderr.trim()).toBe('error: there is no demonstration account for "nobody@elsewhere.example": use the id or email of someone in people.json');
  });

  it('reports a bad PORT as a mistake to correct, without a stack trace', async () => {
    const { status, stderr } = await devToken(['--as', 'kate-morrison'], { PORT: 'abc' });
    expect(status).toBe(1);
    expect(stderr.trim()).toBe('error: PORT must be a whole number from 0 to 65535, not "abc": correct it, or unset it to use 4321');
  });

  it('prints its usage on stdout for --help, as every command does, and the usage after a mistake', async () => {
    const help = await devToken(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run dev-token -- --as PERSON/);
    const missing = await devToken([]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^error: say whose token you want with --as\n\nUsage: npm run dev-token/);
  });

  it('says when what answers at --url is not the local server', async () => {
    const { status, stderr } = await devToken(['--as', 'kate-morrison', '--url', `${site}/elsewhere`]);
    expect(status).toBe(1);
    expect(stderr).toContain('did not answer as the embedded identity provider does (HTTP 404)');
  });
});
