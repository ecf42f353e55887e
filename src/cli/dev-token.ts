import { parseArgs } from 'node:util';
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

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

interface TokenResponse {
  access_token?: unknown;
  expires_in?: unknown;
  error?: unknown;
  error_description?: unknown;
}

async function main(): Promise<void> {
  let values: { as?: string | undefined; url?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({ options: { as: { type: 'string' }, url: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (err) {
    fail(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
  }
  if (values.help === true) {
    console.error(USAGE);
    return;
  }
  try {
    assertNotDeployed(process.env, 'npm run dev-token');
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  const person = values.as?.trim();
  if (person === undefined || person === '') fail(`Say whose token you want with --as.\n\n${USAGE}`);

  const site = (values.url ?? localSiteUrl()).replace(/\/+$/, '');
  let tokenUrl: URL;
  try {
    tokenUrl = new URL(`${localIssuer(site)}/token`);
  } catch {
    fail(`--url must be the local site's address, e.g. http://localhost:4321, not "${site}".`);
  }

  const secrets = await loadLocalSecrets();
  const basic = Buffer.from(`${encodeURIComponent(LOCAL_CLIENT_ID)}:${encodeURIComponent(secrets.clientSecret)}`).toString('base64');
  let response: Response;
  try {
    response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ grant_type: DEV_TOKEN_GRANT_TYPE, person, resource: localApiAudience() }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    fail(`Nothing answered at ${site}: the local server is not running. Start it with npm start (in another terminal), then run this again.`);
  }

  const text = await response.text();
  let body: TokenResponse = {};
  try {
    body = JSON.parse(text) as TokenResponse;
  } catch {
    // Not the provider (e.g. the site's 404 page): reported below.
  }
  const description = typeof body.error_description === 'string' ? body.error_description : undefined;
  if (response.ok && typeof body.access_token === 'string') {
    const minutes = typeof body.expires_in === 'number' ? Math.round(body.expires_in / 60) : undefined;
    console.error(`Access token for ${person}${minutes === undefined ? '' : `, valid for ${minutes} minutes`}:`);
    process.stdout.write(`${body.access_token}\n`);
    return;
  }
  if (body.error === 'invalid_grant') {
    fail(`No demonstration account for "${person}": use the id or email address of someone in people.json.`);
  }
  if (body.error === 'invalid_client') {
    fail(`The server at ${site} did not accept this checkout's client secret (${DEFAULT_LOCAL_SECRETS_FILE}). Is it npm start from this checkout? Restart it and try again.`);
  }
  if (typeof body.error === 'string') {
    fail(`The identity provider at ${site} refused the request: ${description ?? body.error}.`);
  }
  fail(`${tokenUrl.href} did not answer as the embedded identity provider does (HTTP ${response.status}). Is ${site} the Oversight local server? Start it with npm start.`);
}

await main();
