import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { base64url, EncryptJWT, exportJWK, generateKeyPair, SignJWT, type GenerateKeyPairResult, type JWTPayload } from 'jose';
import { expect, vi, type MockInstance } from 'vitest';
import { cookieName } from '../../src/http/auth/cookies.ts';
import { seal, sessionPayload } from '../../src/http/auth/session.ts';
import { jsonError } from '../../src/http/responses.ts';
import { FUNCTIONS, matchPath } from '../../src/server/functions.ts';
import { makeTestRepo, type TestRepo } from './git-repo.ts';
import { startJwksIssuer } from '../../src/node/jwks-issuer.ts';

/*
 * The functions' real handlers against a real temporary git repository holding a copy of
 * the sample data/, and a tiny local identity provider publishing OpenID discovery and a
 * JWKS (as tests/functions/me.test.ts does). Requests are routed by the same registry the
 * local server mounts (src/server/functions.ts).
 */

export const SAMPLE_DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));
export const PUBLIC_URL = new URL('https://risks.northmoor.example');
export const ORIGIN = PUBLIC_URL.origin;
export const AUDIENCE = 'api://oversight-test';
const CLIENT_SECRET = 'client-secret-for-tests-5be1c0d2';
const KID = 'test-key-1';

/** The people the tests act as, by what they are to the adult-social-care register and its risk ASC0002. */
export const PEOPLE = {
  /** In people.json with no grant; owns and is delegated nothing. */
  viewer: { id: 'lucy-fenwick', email: 'lucy.fenwick@northmoor.example' },
  /** Signed in, but no one in people.json. */
  stranger: { id: null, email: 'stranger@elsewhere.example' },
  /** Owner of ASC0002. */
  owner: { id: 'david-okonjo', email: 'david.okonjo@northmoor.example' },
  /** Delegate of ASC0002 (and owner of the restricted BCF0001). */
  delegate: { id: 'mark-pennington', email: 'mark.pennington@northmoor.example' },
  /** Risk manager of adult-social-care. */
  manager: { id: 'kate-morrison', email: 'kate.morrison@northmoor.example' },
  /** Risk manager of corporate and better-care-fund only. */
  otherManager: { id: 'bethan-rees', email: 'bethan.rees@northmoor.example' },
  auditor: { id: 'rachel-osei', email: 'rachel.osei@northmoor.example' },
  administrator: { id: 'helen-ashworth', email: 'helen.ashworth@northmoor.example' },
} as const;
export type Persona = keyof typeof PEOPLE;

export interface Harness {
  repo: TestRepo;
  /** Every ref in the repository, one `<oid> <refname>` per line, sorted. */
  refs(): string[];
  /** How many objects the repository holds, loose and packed: a refusal must not add a blob or commit either. */
  objects(): number;
  /** Sends a request through the registered function for its method and path (404 JSON when none has it). */
  send(req: Request): Promise<Response>;
  session(persona: Persona, options?: { expired?: boolean }): Promise<{ cookie: string; csrf: string }>;
  token(persona: Persona, options?: { expired?: boolean; key?: 'other' }): Promise<string>;
  /** Headers for a state-changing request with valid credentials: a bearer token, or a session cookie with its CSRF token and our Origin. */
  auth(persona: Persona, via?: 'bearer' | 'session'): Promise<Record<string, string>>;
  warn: MockInstance<typeof console.warn>;
  close(): Promise<void>;
}

/** Every file under a folder, by path relative to it. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path).split('\\').join('/')] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/**
 * Starts the provider, makes the repository (the sample data, changed by `tweak`) and points
 * the environment at both. Call close() in afterAll: it restores the environment.
 */
export async function startHarness(options: { tweak?: (files: Record<string, string>) => void; env?: Record<string, string | undefined> } = {}): Promise<Harness> {
  const files = readTree(SAMPLE_DATA_DIR);
  options.tweak?.(files);
  const repo = makeTestRepo({ files });

  const providerKey: GenerateKeyPairResult = await generateKeyPair('RS256', { extractable: true });
  const otherKey: GenerateKeyPairResult = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(providerKey.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
  const { issuer, close: closeIssuer } = await startJwksIssuer([jwk]);

  const sessionKey = new Uint8Array(randomBytes(32));
  const env: Record<string, string | undefined> = {
    OVERSIGHT_OIDC_ISSUER: issuer,
    OVERSIGHT_OIDC_CLIENT_ID: 'oversight-test',
    OVERSIGHT_OIDC_CLIENT_SECRET: CLIENT_SECRET,
    OVERSIGHT_SESSION_KEY: base64url.encode(sessionKey),
    OVERSIGHT_API_AUDIENCE: AUDIENCE,
    OVERSIGHT_PUBLIC_URL: PUBLIC_URL.href,
    OVERSIGHT_DATA_DIR: repo.dataDir,
    OVERSIGHT_GIT_BACKEND: undefined,
    OVERSIGHT_BASE_BRANCH: undefined,
    OVERSIGHT_RATE_LIMIT: '1000000',
    OVERSIGHT_READ_RATE_LIMIT: '1000000',
    OVERSIGHT_SESSION_HOURS: undefined,
    NETLIFY: undefined,
    URL: undefined,
    ...options.env,
  };
  const saved: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env)) {
    saved[name] = process.env[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  const sessionCookieName = cookieName('oversight-session', PUBLIC_URL);

  const claims = (persona: Persona): JWTPayload => ({ sub: `idp-subject-${persona}`, email: PEOPLE[persona].email });

  const session: Harness['session'] = async (persona, opts = {}) => {
    const csrf = base64url.encode(randomBytes(16));
    const payload = sessionPayload({ identity: { subject: `idp-subject-${persona}`, email: PEOPLE[persona].email }, csrf });
    let sealed: string;
    if (opts.expired === true) {
      const now = Math.floor(Date.now() / 1000);
      sealed = await new EncryptJWT(payload).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).setIssuedAt(now - 7200).setExpirationTime(now - 60).encrypt(sessionKey);
    } else {
      sealed = await seal(payload, sessionKey, 3600);
    }
    return { cookie: `${sessionCookieName}=${sealed}`, csrf };
  };

  const token: Harness['token'] = async (persona, opts = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(claims(persona))
      .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'at+jwt' })
      .setIssuer(issuer)
      .setAudience(AUDIENCE)
      .setIssuedAt(now - (opts.expired === true ? 7200 : 60))
      .setExpirationTime(opts.expired === true ? now - 60 : now + 600)
      .sign(opts.key === 'other' ? otherKey.privateKey : providerKey.privateKey);
  };

  return {
    repo,
    warn,
    refs: () =>
      repo
        .git(['for-each-ref', '--format=%(objectname) %(refname)'])
        .split('\n')
        .filter((l) => l !== '')
        .sort(),
    objects: () =>
      repo
        .git(['count-objects', '-v'])
        .split('\n')
        .filter((l) => l.startsWith('count:') || l.startsWith('in-pack:'))
        .reduce((sum, l) => sum + Number(l.split(':')[1]), 0),
    async send(req) {
      const pathname = new URL(req.url).pathname;
      for (const route of FUNCTIONS) {
        const params = matchPath(route.path, pathname);
        if (params === null) continue;
        const methods = route.method === undefined ? [req.method] : Array.isArray(route.method) ? route.method : [route.method];
        if (!methods.includes(req.method)) continue;
        return route.handler(req, { params });
      }
      // As the local server answers a path no function has (src/server/app.ts).
      return jsonError(404, 'not-found', 'There is nothing at this address.');
    },
    session,
    token,
    async auth(persona, via = 'bearer') {
      if (via === 'bearer') return { authorization: `Bearer ${await token(persona)}` };
      const { cookie, csrf } = await session(persona);
      return { cookie, 'x-csrf-token': csrf, origin: ORIGIN };
    },
    async close() {
      warn.mockRestore();
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      await closeIssuer();
      repo.cleanup();
    },
  };
}

/** A request to the site. */
export function request(method: string, path: string, headers: Record<string, string> = {}, body?: string | Uint8Array<ArrayBuffer>): Request {
  return new Request(new URL(path, PUBLIC_URL), { method, headers, ...(body === undefined ? {} : { body }) });
}

/** A browser's post of a page's file upload: the file in the field `file`, as multipart/form-data. */
export async function postFile(path: string, headers: Record<string, string>, file: string | Uint8Array<ArrayBuffer>): Promise<Request> {
  const data = new FormData();
  data.set('file', new Blob([file], { type: 'text/csv' }), 'upload.csv');
  const encoded = new Response(data);
  return request('POST', path, { ...headers, 'content-type': encoded.headers.get('content-type')! }, new Uint8Array(await encoded.arrayBuffer()));
}

export function postJson(path: string, headers: Record<string, string>, body: unknown): Request {
  return request('POST', path, { 'content-type': 'application/json', ...headers }, JSON.stringify(body));
}

export interface ProposalAnswer {
  proposal: { id: string; title: string; url: string; state: string };
}
export interface ErrorAnswer {
  error: { code: string; message: string; fields?: { path: string; message: string }[] };
}

/**
 * What every proposal function's answers must be, checked against the harness's repository:
 * a refusal is a JSON error and writes nothing (no ref, no object); a proposal is a 201 that
 * adds exactly its branch (under `branchPrefix`) and its proposal record.
 */
export function proposalChecks(harness: () => Harness, branchPrefix = 'oversight/') {
  return {
    expectRefused: async (req: Request, status: number, code: string): Promise<ErrorAnswer> => {
      const h = harness();
      const before = h.refs();
      const objects = h.objects();
      const res = await h.send(req);
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const body = (await res.json()) as ErrorAnswer;
      expect(body.error.code).toBe(code);
      expect(body.error.message.trim()).not.toBe('');
      expect(h.refs()).toEqual(before);
      expect(h.objects()).toBe(objects);
      return body;
    },

    expectCreated: async (req: Request): Promise<ProposalAnswer['proposal'] & { branch: string }> => {
      const h = harness();
      const before = h.refs();
      const res = await h.send(req);
      const text = await res.text();
      expect(res.status, text).toBe(201);
      const body = JSON.parse(text) as ProposalAnswer;
      expect(Object.keys(body)).toEqual(['proposal']);
      expect(Object.keys(body.proposal).sort()).toEqual(['id', 'state', 'title', 'url']);
      expect(body.proposal.state).toBe('open');
      expect(body.proposal.id).toMatch(/^[0-9a-f]{8}$/);
      const added = h.refs().filter((r) => !before.includes(r)).map((r) => r.split(' ')[1]!);
      expect(added.sort()).toEqual([expect.stringMatching(new RegExp(`^refs/heads/${branchPrefix}`)), `refs/oversight/proposals/${body.proposal.id}`]);
      const branch = added.find((r) => r.startsWith('refs/heads/'))!.slice('refs/heads/'.length);
      return { ...body.proposal, branch };
    },
  };
}
