import { runCommand, UsageError } from './args.ts';
import { assertNotDeployed } from '../server/oidc/deployment.ts';
import { DEV_TOKEN_GRANT_TYPE, LOCAL_CLIENT_ID, localApiAudience, localIssuer, localSiteUrl } from '../server/oidc/local-defaults.ts';
import { DEFAULT_LOCAL_SECRETS_FILE, loadLocalSecrets } from '../server/oidc/local-secrets.ts';

/**
 * `npm run dev-token -- --as PERSON [--url http://localhost:4321]`: an access token (a JWT) for
 * a person in the sample data, from the identity provider embedded in `npm start`, for scripts
 * and tests. The token alone is printed on the last line of stdout; everything else goes to stderr.
 */

const USAGE = `Usage: npm run dev-token -- --as PERSON [--url URL]

  --as PERSON   a person's id or email address from people.json, e.g. kate-morrison
  --url URL     where npm start is serving (default: http://localhost:$PORT, else 4321)

Prints an access token for that person on the last line of stdout, e.g.
  curl -H "Authorization: Bearer $(npm run --silent dev-token -- --as kate-morrison)" http://localhost:4321/api/me`;

interface TokenResponse {
  access_token?: unknown;
  expires_in?: unknown;
  error?: unknown;
  error_description?: unknown;
}

/** `npm run dev-token`: every failure is thrown and printed by runCommand as `error: …`, exit 1. */
await runCommand({ usage: USAGE, options: { as: { type: 'string' }, url: { type: 'string' } } }, async ({ values }) => {
  assertNotDeployed(process.env, 'npm run dev-token');
  const person = values.as?.trim();
  if (person === undefined || person === '') throw new UsageError('say whose token you want with --as');
  const site = (values.url ?? localSiteUrl()).replace(/\/+$/, '');
  if (!URL.canParse(`${localIssuer(site)}/token`)) throw new UsageError(`--url must be the local site's address, e.g. http://localhost:4321, not "${site}"`);
  const tokenUrl = new URL(`${localIssuer(site)}/token`);
  const response = await askForToken(tokenUrl, site, person);
  const body = await tokenResponse(response);
  if (response.ok && typeof body.access_token === 'string') {
    const minutes = typeof body.expires_in === 'number' ? Math.round(body.expires_in / 60) : undefined;
    console.error(`Access token for ${person}${minutes === undefined ? '' : `, valid for ${minutes} minutes`}:`);
    process.stdout.write(`${body.access_token}\n`);
    return 0;
  }
  throw new Error(refusal(body, response.status, tokenUrl, site));
});

async function askForToken(tokenUrl: URL, site: string, person: string): Promise<Response> {
  const secrets = await loadLocalSecrets();
  const basic = Buffer.from(`${encodeURIComponent(LOCAL_CLIENT_ID)}:${encodeURIComponent(secrets.clientSecret)}`).toString('base64');
  try {
    return await fetch(tokenUrl, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ grant_type: DEV_TOKEN_GRANT_TYPE, person, resource: localApiAudience() }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    throw new Error(`nothing answered at ${site}: the local server is not running. Start it with npm start (in another terminal), then run this again.`);
  }
}

async function tokenResponse(response: Response): Promise<TokenResponse> {
  try {
    return JSON.parse(await response.text()) as TokenResponse;
  } catch {
    return {}; // Not the provider (e.g. the site's 404 page): see refusal.
  }
}

/** Why no token came: the provider's own description (it says what to change in people.json) where it gives one. */
function refusal(body: TokenResponse, status: number, tokenUrl: URL, site: string): string {
  const description = typeof body.error_description === 'string' ? body.error_description : undefined;
  if (body.error === 'invalid_client') {
    return `the server at ${site} did not accept this checkout's client secret (${DEFAULT_LOCAL_SECRETS_FILE}). Is it npm start from this checkout? Restart it and try again.`;
  }
  if (body.error === 'invalid_grant') return description ?? 'no demonstration account for that person: use the id or email address of someone in people.json.';
  if (typeof body.error === 'string') return `the identity provider at ${site} refused the request: ${description ?? body.error}.`;
  return `${tokenUrl.href} did not answer as the embedded identity provider does (HTTP ${status}). Is ${site} the Oversight local server? Start it with npm start.`;
}
