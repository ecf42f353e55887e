import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  Account,
  AccountClaims,
  Adapter,
  AdapterConstructor,
  AdapterPayload,
  ClientMetadata,
  Configuration,
  Grant,
  Interaction,
  KoaContextWithOIDC,
  Provider as OidcProvider,
  ResourceServerInfo,
} from 'oidc-provider';
import type { Person } from '../../core/schemas/person.ts';
import { assertNotDeployed } from './deployment.ts';
import { DEV_TOKEN_GRANT_TYPE } from './local-defaults.ts';
import type { LocalSecrets } from './local-secrets.ts';

/*
 * A real OpenID Connect provider (oidc-provider) for local use and tests, mounted on the
 * site's own port under the issuer's path (/oidc). Everyone in people.json has a
 * demonstration account: signing in asks only which person you are. Never deployed.
 */

/**
 * oidc-provider warns on import that it prefers Node.js 22; the project supports Node 20,
 * where it works, so that one line is kept off the console. Everything else passes through.
 */
async function importOidcProvider(): Promise<typeof import('oidc-provider')> {
  const warn = console.warn;
  console.warn = (...args: unknown[]): void => {
    if (typeof args[0] === 'string' && args[0].includes('oidc-provider WARNING: Unsupported runtime')) return;
    warn(...args);
  };
  try {
    return await import('oidc-provider');
  } finally {
    console.warn = warn;
  }
}

const { Provider, errors, interactionPolicy } = await importOidcProvider();

export interface EmbeddedProviderOptions {
  /** The issuer identifier, e.g. http://localhost:4321/oidc; its path is where the provider is mounted. */
  issuer: string;
  /** Everyone who gets a demonstration account: asked each time, so it can follow the data. */
  people: () => readonly Person[];
  secrets: LocalSecrets;
  /** The one (confidential, first-party) client: the local site. */
  client: { clientId: string; redirectUris: string[]; postLogoutRedirectUris: string[] };
  /** The resource indicator for the API, and the `aud` of its access tokens, e.g. urn:oversight:api. */
  apiAudience: string;
  env?: NodeJS.ProcessEnv;
}

export interface EmbeddedProvider {
  provider: OidcProvider;
  /** The provider's path prefix, e.g. /oidc: send it every request whose path is that or starts with it and a slash. */
  mountPath: string;
  /** A node:http handler for requests under `mountPath` (the full, unstripped URL). */
  handle: (req: IncomingMessage, res: ServerResponse) => void;
}

const OIDC_SCOPES = 'openid email profile';
const ACCESS_TOKEN_SECONDS = 60 * 60;
const SESSION_SECONDS = 8 * 60 * 60;
const INTERACTION_SECONDS = 10 * 60;

export function createEmbeddedProvider(options: EmbeddedProviderOptions): EmbeddedProvider {
  const env = options.env ?? process.env;
  assertNotDeployed(env, 'the embedded identity provider');

  const { issuer, apiAudience } = options;
  const mountPath = new URL(issuer).pathname.replace(/\/+$/, '');
  const people = peopleIndexOf(options.people);
  const resourceServer: ResourceServerInfo = {
    scope: `${OIDC_SCOPES} api`,
    audience: apiAudience,
    accessTokenTTL: ACCESS_TOKEN_SECONDS,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: 'RS256' } },
  };

  const client: ClientMetadata = {
    client_id: options.client.clientId,
    client_secret: options.secrets.clientSecret,
    client_name: 'Oversight (local)',
    redirect_uris: options.client.redirectUris,
    post_logout_redirect_uris: options.client.postLogoutRedirectUris,
    response_types: ['code'],
    grant_types: ['authorization_code', DEV_TOKEN_GRANT_TYPE],
    // client_secret_post is accepted too: oidc-provider treats the two secret methods alike.
    token_endpoint_auth_method: 'client_secret_basic',
  };

  const configuration: Configuration = {
    adapter: memoryAdapter(),
    clients: [client],
    jwks: { keys: options.secrets.jwks.keys },
    cookies: { keys: options.secrets.cookieKeys },
    findAccount: (_ctx, id) => people.account(id),
    claims: {
      acr: null,
      auth_time: null,
      iss: null,
      sid: null,
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    // Put email and name in the ID token itself, so the site needs no userinfo call.
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    pkce: { required: () => true },
    clientBasedCORS: () => false,
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: (_ctx, _client, oneOf) => oneOf ?? apiAudience,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== apiAudience) throw new errors.InvalidTarget(`this provider issues access tokens only for ${apiAudience}`);
          return resourceServer;
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.type = 'html';
          ctx.body = page(
            'Sign out',
            `<h1>Sign out?</h1>${form}
<p>You will be signed out of the local identity provider.</p>
<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>
<button type="submit" form="op.logoutForm" class="secondary">Stay signed in</button>`,
          );
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.type = 'html';
          ctx.body = page('Signed out', '<h1>You have signed out</h1><p>You can close this page.</p>');
        },
      },
    },
    // The site is the provider's own first-party client: no consent screen.
    loadExistingGrant: async (ctx) => grantFor(ctx),
    extraTokenClaims: (_ctx, token) => {
      if (token.kind !== 'AccessToken' || token.accountId === undefined) return undefined;
      const person = people.find(token.accountId);
      if (person === undefined) return undefined;
      return { name: person.name, ...(person.email === undefined ? {} : { email: person.email }) };
    },
    interactions: { policy: loginPolicy(), url: (_ctx, interaction) => `${mountPath}/interaction/${interaction.uid}` },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page(
        'Sign-in problem',
        `<h1>There is a problem with signing in</h1>
<p>${escapeHtml(out.error_description ?? out.error)}</p>
<p class="hint">Error code: <code>${escapeHtml(out.error)}</code>. Go back to the site and sign in again.</p>`,
      );
    },
    ttl: {
      AccessToken: ACCESS_TOKEN_SECONDS,
      AuthorizationCode: 60,
      ClientCredentials: ACCESS_TOKEN_SECONDS,
      IdToken: ACCESS_TOKEN_SECONDS,
      Interaction: INTERACTION_SECONDS,
      Session: SESSION_SECONDS,
      Grant: SESSION_SECONDS,
      RefreshToken: SESSION_SECONDS,
    },
  };

  const provider = new Provider(issuer, configuration);

  /** First-party: grant whatever OpenID scopes, claims and API scopes the site asks for. */
  async function grantFor(ctx: KoaContextWithOIDC): Promise<Grant | undefined> {
    const { oidc } = ctx;
    const clientId = oidc.client?.clientId;
    const accountId = oidc.session?.accountId;
    if (clientId === undefined || accountId === undefined) return undefined;
    const existingId = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(clientId);
    let grant = existingId === undefined ? undefined : await provider.Grant.find(existingId);
    if (grant !== undefined && grant.accountId !== accountId) grant = undefined;
    grant ??= new provider.Grant({ accountId, clientId });
    const scopes = [...oidc.requestParamOIDCScopes].join(' ');
    if (scopes !== '') grant.addOIDCScope(scopes);
    const claims = [...oidc.requestParamClaims];
    if (claims.length > 0) grant.addOIDCClaims(claims);
    for (const [indicator, server] of Object.entries(oidc.resourceServers)) {
      const resourceScopes = [...oidc.requestParamScopes].filter((s) => server.scopes.has(s)).join(' ');
      if (resourceScopes !== '') grant.addResourceScope(indicator, resourceScopes);
    }
    await grant.save();
    return grant;
  }

  /*
   * The development-only grant: the local client, authenticated with its secret, asks for an
   * access token for a named person (id or email). The token is exactly what sign-in would give
   * that person for the API: a JWT signed with the provider's key, aud = the API, sub = their account.
   */
  provider.registerGrantType(
    DEV_TOKEN_GRANT_TYPE,
    async (ctx) => {
      assertNotDeployed(env, 'the development token grant');
      const { oidc } = ctx;
      const requested = oidc.params?.['person'];
      if (typeof requested !== 'string' || requested.trim() === '') {
        throw new errors.InvalidRequest("missing required parameter 'person' (a person's id or email)");
      }
      const resource = oidc.params?.['resource'] ?? apiAudience;
      if (resource !== apiAudience) throw new errors.InvalidTarget(`this provider issues access tokens only for ${apiAudience}`);
      const person = people.lookup(requested);
      if (person === undefined) throw invalidGrant(`there is no demonstration account for "${requested.trim()}": use the id or email of someone in people.json`);
      const refusal = cannotSignIn(person);
      if (refusal !== undefined) throw invalidGrant(refusal);
      const client = oidc.client;
      if (client === undefined) throw new errors.InvalidRequest('the client is not authenticated');
      const accountId = accountIdOf(person);

      const grant = new provider.Grant({ accountId, clientId: client.clientId });
      grant.addOIDCScope(OIDC_SCOPES);
      grant.addResourceScope(apiAudience, resourceServer.scope);
      const grantId = await grant.save();

      const token = new provider.AccessToken({ accountId, client, grantId, gty: 'dev_token' });
      token.resourceServer = new provider.ResourceServer(apiAudience, resourceServer);
      token.scope = resourceServer.scope;
      oidc.entity('AccessToken', token);
      const accessToken = await token.save();
      ctx.body = { access_token: accessToken, token_type: token.tokenType, expires_in: token.expiration, scope: token.scope };
    },
    ['person', 'resource'],
  );

  // Quiet by default: only the provider's own failures reach stderr.
  provider.on('server_error', (_ctx: unknown, err: unknown) => {
    console.error('Embedded identity provider error:', err);
  });
  provider.on('error', (err: unknown) => {
    console.error('Embedded identity provider error:', err);
  });

  const callback = provider.callback();
  const interactionPath = new RegExp(`^${escapeRegExp(mountPath)}/interaction/([A-Za-z0-9_-]+)(/abort)?$`);

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const pathname = url.split('?')[0] ?? '/';
    const interaction = interactionPath.exec(pathname);
    if (interaction !== null) {
      interactionRoute(req, res, interaction[1]!, interaction[2] !== undefined).catch((err: unknown) => {
        console.error('Embedded identity provider error:', err);
        if (!res.headersSent) sendPage(res, 500, 'Sign-in problem', '<h1>Sign-in failed</h1><p>Something went wrong. Go back to the site and try again.</p>');
        else res.end();
      });
      return;
    }
    if (mountPath !== '' && pathname !== mountPath && !pathname.startsWith(`${mountPath}/`)) {
      res.statusCode = 404;
      res.end();
      return;
    }
    // As express and connect do when mounting: the provider routes on the path below the
    // prefix and finds the prefix again from originalUrl when it writes its own URLs.
    const mounted = req as IncomingMessage & { originalUrl?: string };
    mounted.originalUrl = url;
    const below = url.slice(mountPath.length);
    req.url = below === '' || below.startsWith('?') ? `/${below}` : below;
    void callback(req, res);
  }

  async function interactionRoute(req: IncomingMessage, res: ServerResponse, uid: string, abort: boolean): Promise<void> {
    const details: Interaction | undefined = await provider.interactionDetails(req, res).catch(() => undefined);
    if (details === undefined || details.uid !== uid) {
      sendPage(
        res,
        400,
        'Sign-in expired',
        '<h1>This sign-in has expired</h1><p>It took too long, or was already finished. Go back to the site and sign in again.</p>',
      );
      return;
    }
    if (abort) {
      await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The person cancelled signing in.' }, { mergeWithLastSubmission: false });
      return;
    }
    if (details.prompt.name !== 'login') {
      // Consent (only if asked for with prompt=consent): given, as the client is first-party;
      // loadExistingGrant grants the requested scopes when the authorization resumes.
      await provider.interactionFinished(req, res, { consent: {} }, { mergeWithLastSubmission: true });
      return;
    }
    const abortUrl = `${mountPath}/interaction/${uid}/abort`;
    if (req.method === 'POST') {
      const form = await readForm(req);
      const value = form.get('login')?.trim() ?? '';
      const person = value === '' ? undefined : people.lookup(value);
      if (person === undefined || cannotSignIn(person) !== undefined) {
        const problem =
          value === ''
            ? 'Enter an email address or person id'
            : person === undefined
              ? `There is no demonstration account for “${value}”: enter the email address or id of someone listed below`
              : cannotSignIn(person);
        sendPage(res, 400, 'Error: Sign in', loginBody(uid, abortUrl, value, problem));
        return;
      }
      await provider.interactionFinished(req, res, { login: { accountId: accountIdOf(person), remember: true } }, { mergeWithLastSubmission: false });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, POST' }).end();
      return;
    }
    const current = details.session?.accountId === undefined ? undefined : people.find(details.session.accountId);
    const hint = typeof details.params['login_hint'] === 'string' ? details.params['login_hint'] : (current?.email ?? current?.id ?? '');
    sendPage(res, 200, 'Sign in', loginBody(uid, abortUrl, hint, undefined));
  }

  function loginBody(uid: string, abortUrl: string, value: string, problem: string | undefined): string {
    // Once a page: each call reads the data directory's stamp (see local-server.ts).
    const everyone = options.people().filter((p) => cannotSignIn(p) === undefined);
    const accounts = everyone
      .map((p) => `<tr><td>${escapeHtml(p.name)}</td><td>${p.email === undefined ? '' : escapeHtml(p.email)}</td><td><code>${escapeHtml(p.id)}</code></td></tr>`)
      .join('\n');
    const errorSummary =
      problem === undefined
        ? ''
        : `<div class="error-summary" role="alert" aria-labelledby="error-title" tabindex="-1">
<h2 id="error-title">There is a problem</h2><p><a href="#login">${escapeHtml(problem)}</a></p></div>`;
    return `${errorSummary}
<h1>Sign in to Oversight</h1>
<p>This is the local identity provider, for development only. Sign in as anyone listed below, from people.json: no password is needed.</p>
<form method="post" action="${escapeHtml(`${mountPath}/interaction/${uid}`)}" autocomplete="off" novalidate>
<div class="field${problem === undefined ? '' : ' field-error'}">
<label for="login">Email address or person id</label>
<p class="hint" id="login-hint">For example, ${escapeHtml(everyone.find((p) => p.email !== undefined)?.email ?? everyone[0]?.id ?? 'a person id')}</p>
${problem === undefined ? '' : `<p class="error" id="login-error"><span class="visually-hidden">Error:</span> ${escapeHtml(problem)}</p>`}
<input id="login" name="login" type="text" spellcheck="false" autocapitalize="none" list="accounts" value="${escapeHtml(value)}" aria-describedby="login-hint${problem === undefined ? '' : ' login-error'}"${problem === undefined ? '' : ' aria-invalid="true"'} required autofocus>
<datalist id="accounts">${everyone.map((p) => `<option value="${escapeHtml(p.email ?? p.id)}">${escapeHtml(p.name)}</option>`).join('')}</datalist>
</div>
<button type="submit">Sign in</button>
</form>
<p><a href="${escapeHtml(abortUrl)}">Cancel signing in</a></p>
<h2>Demonstration accounts</h2>
<table>
<caption class="visually-hidden">Demonstration accounts</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Email address</th><th scope="col">Person id</th></tr></thead>
<tbody>
${accounts}
</tbody>
</table>`;
  }

  return { provider, mountPath, handle };
}

/**
 * oidc-provider's usual prompts, except that signing in always asks who you are (pre-filled
 * with whoever is signed in), so after signing out of the site you can sign in as someone
 * else. prompt=none still answers from the provider's session, as single sign-on would.
 */
function loginPolicy(): ReturnType<typeof interactionPolicy.base> {
  const policy = interactionPolicy.base();
  policy.get('login')?.checks.add(
    new interactionPolicy.Check('demonstration_account', 'the local provider asks whom to sign in as each time', (ctx) => ctx.oidc.result?.login === undefined && !ctx.oidc.prompts.has('none')),
  );
  return policy;
}

interface PeopleIndex {
  lookup(value: string): Person | undefined;
  find(accountId: string): Person | undefined;
  account(id: string): Account | undefined;
}

/** The index of whoever `people` gives now, made again only when it gives another list. */
function peopleIndexOf(people: () => readonly Person[]): PeopleIndex {
  let last: { list: readonly Person[]; index: PeopleIndex } | undefined;
  const current = (): PeopleIndex => {
    const list = people();
    if (last?.list !== list) last = { list, index: peopleIndex(list) };
    return last.index;
  };
  return {
    lookup: (value) => current().lookup(value),
    find: (accountId) => current().find(accountId),
    account: (id) => current().account(id),
  };
}

/** People by id, email and recorded subject, all case-insensitive. */
function peopleIndex(list: readonly Person[]): PeopleIndex {
  const byKey = new Map<string, Person>();
  for (const person of list) {
    for (const key of [person.id, person.email, person.subject]) {
      if (key !== undefined && !byKey.has(key.toLowerCase())) byKey.set(key.toLowerCase(), person);
    }
  }
  const lookup = (value: string): Person | undefined => byKey.get(value.trim().toLowerCase());
  return {
    lookup,
    find: lookup,
    account(id) {
      const person = lookup(id);
      if (person === undefined) return undefined;
      const accountId = accountIdOf(person);
      return {
        accountId,
        claims(): AccountClaims {
          return {
            sub: accountId,
            name: person.name,
            ...(person.email === undefined ? {} : { email: person.email, email_verified: true }),
          };
        },
      };
    },
  };
}

function invalidGrant(description: string): InstanceType<typeof errors.InvalidGrant> {
  const error = new errors.InvalidGrant();
  error.error_description = description;
  return error;
}

/**
 * Why a person cannot sign in here, or undefined: the site knows whoever signs in by the subject
 * or email address people.json records for them (personForIdentity), so someone with neither
 * would be signed in yet refused by every function as an unknown person.
 */
function cannotSignIn(person: Person): string | undefined {
  if (person.email !== undefined || person.subject !== undefined) return undefined;
  return `${person.name} (${person.id}) has no email address in people.json, so the site could not tell it is them: add their email address there`;
}

/** A person's `sub`: the identity provider subject recorded for them, else their id. */
function accountIdOf(person: Person): string {
  return person.subject ?? person.id;
}

/*
 * Storage for sessions, interactions, grants and codes: in memory, one store per provider.
 * (oidc-provider's own memory adapter is the same but announces itself on the console.)
 * Access tokens are JWTs checked against the published keys, so they outlive a restart.
 */
const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest', 'PreAuthorizedCode']);

function memoryAdapter(): AdapterConstructor {
  const store = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
  const read = (key: string): AdapterPayload | undefined => {
    const entry = store.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > Date.now()) return entry.payload;
    store.delete(key);
    return undefined;
  };
  const findBy = (model: string, field: 'uid' | 'userCode', value: string): AdapterPayload | undefined => {
    for (const key of store.keys()) {
      const payload = key.startsWith(`${model}:`) ? read(key) : undefined;
      if (payload !== undefined && payload[field] === value) return payload;
    }
    return undefined;
  };
  return class LocalMemoryAdapter implements Adapter {
    readonly #model: string;
    constructor(model: string) {
      this.#model = model;
    }
    upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      const now = Date.now();
      for (const [key, entry] of store) if (entry.expiresAt <= now) store.delete(key);
      store.set(`${this.#model}:${id}`, { payload, expiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? now + expiresIn * 1000 : Infinity });
      return Promise.resolve();
    }
    find(id: string): Promise<AdapterPayload | undefined> {
      return Promise.resolve(read(`${this.#model}:${id}`));
    }
    findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return Promise.resolve(findBy(this.#model, 'uid', uid));
    }
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return Promise.resolve(findBy(this.#model, 'userCode', userCode));
    }
    consume(id: string): Promise<void> {
      const payload = read(`${this.#model}:${id}`);
      if (payload !== undefined) payload.consumed = Math.floor(Date.now() / 1000);
      return Promise.resolve();
    }
    destroy(id: string): Promise<void> {
      store.delete(`${this.#model}:${id}`);
      return Promise.resolve();
    }
    revokeByGrantId(grantId: string): Promise<void> {
      // Only the grant's tokens and codes: an interaction also records its grantId, and lives on.
      for (const [key, entry] of store) {
        if (entry.payload.grantId === grantId && GRANTABLE.has(key.slice(0, key.indexOf(':')))) store.delete(key);
      }
      return Promise.resolve();
    }
  };
}

const MAX_FORM_BYTES = 16 * 1024;

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_FORM_BYTES) {
        reject(new Error('sign-in form too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const STYLE = `body{font-family:arial,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#0b0c0c}
label{display:block;font-weight:700}input{font:inherit;padding:.4rem;width:100%;max-width:26rem;border:2px solid #0b0c0c;box-sizing:border-box}
input:focus,button:focus,a:focus{outline:3px solid #fd0;outline-offset:0}.hint{color:#484949;margin:.2rem 0}
button{font:inherit;margin:1rem .5rem 1rem 0;padding:.5rem 1rem;background:#00703c;color:#fff;border:0;box-shadow:0 2px 0 #002d18;cursor:pointer}
button.secondary{background:#f3f2f1;color:#0b0c0c;box-shadow:0 2px 0 #929191}
.field-error{border-left:5px solid #d4351c;padding-left:1rem}.error{color:#d4351c;font-weight:700;margin:.2rem 0}
.error-summary{border:5px solid #d4351c;padding:1rem;margin-bottom:1.5rem}.error-summary a{color:#d4351c;font-weight:700}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .6rem .4rem 0;border-bottom:1px solid #b1b4b6;vertical-align:top}
code{font-size:.95em}a{color:#1d70b8}.visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);border:0;padding:0}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Oversight local identity provider</title><style>${STYLE}</style></head>
<body><main>
${body}
</main></body></html>`;
}

function sendPage(res: ServerResponse, status: number, title: string, body: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'same-origin',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
  });
  res.end(page(title, body));
}
