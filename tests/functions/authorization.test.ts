import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, PEOPLE, postJson, request, startHarness, type Harness, type Persona } from '../helpers/functions-harness.ts';

/*
 * Who may call what: every function here × every kind of person × every state their
 * credentials can be in, each cell an expected status (and error code), through the real
 * handlers against a real repository. Refused cells must write nothing; allowed writes
 * must add exactly one proposal (its branch and its record ref).
 */

let h: Harness;
let asc2Version = '';
let bcf1Version = '';

beforeAll(async () => {
  h = await startHarness();
  const version = async (id: string): Promise<string> =>
    ((await (await h.send(request('GET', `/api/risks/${id}`, { authorization: `Bearer ${await h.token('administrator')}` }))).json()) as { version: string }).version;
  asc2Version = await version('ASC0002');
  bcf1Version = await version('BCF0001');
});

afterAll(async () => {
  await h.close();
});

type Credentials = 'none' | 'bad token' | 'expired token' | 'expired session' | 'session without CSRF' | 'session with CSRF' | 'bearer';
const CREDENTIALS: Credentials[] = ['none', 'bad token', 'expired token', 'expired session', 'session without CSRF', 'session with CSRF', 'bearer'];
const PERSONAS = Object.keys(PEOPLE) as Persona[];

interface Fn {
  name: string;
  write: boolean;
  /** A well-formed request with these credential headers. */
  build(headers: Record<string, string>, cell: number): Request;
  /** The answer to each person with valid credentials (a session with its CSRF token, or a bearer token). */
  allowed: Record<Persona, number>;
}

const ONLY_MANAGER_AND_ADMIN: Record<Persona, number> = { viewer: 403, stranger: 403, owner: 403, delegate: 403, manager: 201, otherManager: 403, auditor: 403, administrator: 201 };

const FUNCTIONS: Fn[] = [
  {
    name: 'GET /api/risks/ASC0002 (unrestricted)',
    write: false,
    build: (headers) => request('GET', '/api/risks/ASC0002', headers),
    allowed: { viewer: 200, stranger: 403, owner: 200, delegate: 200, manager: 200, otherManager: 200, auditor: 200, administrator: 200 },
  },
  {
    name: 'GET /api/risks/BCF0001 (restricted register)',
    write: false,
    build: (headers) => request('GET', '/api/risks/BCF0001', headers),
    // delegate (mark-pennington) owns BCF0001; otherManager (bethan-rees) manages better-care-fund.
    allowed: { viewer: 404, stranger: 403, owner: 404, delegate: 200, manager: 404, otherManager: 200, auditor: 200, administrator: 200 },
  },
  {
    name: 'POST /api/risks/ASC0002/updates',
    write: true,
    build: (headers, cell) => postJson('/api/risks/ASC0002/updates', headers, { baseVersion: asc2Version, reason: `Quarterly review ${cell}.`, reviewComment: `Reviewed in cell ${cell}.` }),
    allowed: { viewer: 403, stranger: 403, owner: 201, delegate: 201, manager: 201, otherManager: 403, auditor: 403, administrator: 201 },
  },
  {
    name: 'POST /api/risks/BCF0001/updates (restricted register)',
    write: true,
    build: (headers, cell) => postJson('/api/risks/BCF0001/updates', headers, { baseVersion: bcf1Version, reason: `Quarterly review ${cell}.`, reviewComment: `Reviewed in cell ${cell}.` }),
    // As GET answers: 404 to those who may not read it, so its existence and register stay hidden.
    allowed: { viewer: 404, stranger: 403, owner: 404, delegate: 201, manager: 404, otherManager: 201, auditor: 403, administrator: 201 },
  },
  {
    name: 'POST /api/registers/adult-social-care/risks',
    write: true,
    build: (headers, cell) =>
      postJson('/api/registers/adult-social-care/risks', headers, { id: `ASC${1000 + cell}`, title: `New risk ${cell}`, owners: ['kate-morrison'], current: { likelihood: 3, impact: 3 } }),
    allowed: ONLY_MANAGER_AND_ADMIN,
  },
  {
    name: 'POST /api/registers/adult-social-care/import',
    write: true,
    build: (headers, cell) =>
      request('POST', '/api/registers/adult-social-care/import', { ...headers, 'content-type': 'text/csv' }, `id,title,owner,current_likelihood,current_impact\nASC${2000 + cell},Imported ${cell},kate-morrison,2,2\n`),
    allowed: ONLY_MANAGER_AND_ADMIN,
  },
  {
    name: 'GET /api/proposals',
    write: false,
    build: (headers) => request('GET', '/api/proposals?state=open', headers),
    allowed: { viewer: 200, stranger: 403, owner: 200, delegate: 200, manager: 200, otherManager: 200, auditor: 200, administrator: 200 },
  },
];

/** The expected status and, for a refusal, error code of one cell. */
function expected(fn: Fn, persona: Persona, credentials: Credentials): { status: number; code?: string } {
  switch (credentials) {
    case 'none':
      return { status: 401, code: 'unauthenticated' };
    case 'bad token':
    case 'expired token':
      return { status: 401, code: 'invalid-token' };
    case 'expired session':
      return { status: 401, code: 'invalid-session' };
    case 'session without CSRF':
      // Who someone is is settled before CSRF; reads need no token.
      if (persona === 'stranger') return { status: 403, code: 'unknown-person' };
      if (fn.write) return { status: 403, code: 'csrf-token' };
      return outcome(fn.allowed[persona], persona);
    case 'session with CSRF':
    case 'bearer':
      return outcome(fn.allowed[persona], persona);
  }
}

function outcome(status: number, persona: Persona): { status: number; code?: string } {
  if (status === 403) return { status, code: persona === 'stranger' ? 'unknown-person' : 'forbidden' };
  if (status === 404) return { status, code: 'not-found' };
  return { status };
}

async function headersFor(persona: Persona, credentials: Credentials): Promise<Record<string, string>> {
  switch (credentials) {
    case 'none':
      return {};
    case 'bad token':
      return { authorization: `Bearer ${await h.token(persona, { key: 'other' })}` };
    case 'expired token':
      return { authorization: `Bearer ${await h.token(persona, { expired: true })}` };
    case 'expired session':
      return { cookie: (await h.session(persona, { expired: true })).cookie, origin: ORIGIN };
    case 'session without CSRF':
      return { cookie: (await h.session(persona)).cookie, origin: ORIGIN };
    case 'session with CSRF': {
      const { cookie, csrf } = await h.session(persona);
      return { cookie, 'x-csrf-token': csrf, origin: ORIGIN };
    }
    case 'bearer':
      return { authorization: `Bearer ${await h.token(persona)}` };
  }
}

let cell = 0;

describe.each(FUNCTIONS)('$name', (fn) => {
  const cells = PERSONAS.flatMap((persona) => CREDENTIALS.map((credentials) => ({ persona, credentials, ...expected(fn, persona, credentials) })));

  it.each(cells)('$persona with $credentials: $status', async ({ persona, credentials, status, code }) => {
    cell += 1;
    const before = h.refs();
    const logged = h.warn.mock.calls.length;
    const req = fn.build(await headersFor(persona, credentials), cell);
    const res = await h.send(req);
    const text = await res.text();
    expect(res.status, text).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = JSON.parse(text) as { error?: { code: string }; proposal?: { id: string } };
    const added = h.refs().filter((r) => !before.includes(r));
    if (code !== undefined) {
      expect(body.error?.code).toBe(code);
      expect(added).toEqual([]);
      // Every 401 and 403 is logged once, naming the person by id only (no one before they are known).
      const lines = h.warn.mock.calls.slice(logged).map((args) => JSON.parse(String(args[0])) as unknown);
      const person = status === 401 || code === 'unknown-person' ? null : PEOPLE[persona].id;
      expect(lines).toEqual(status === 404 ? [] : [{ event: 'refused', status, code, person, path: new URL(req.url).pathname }]);
    } else if (status === 201) {
      expect(added.map((r) => r.split(' ')[1])).toEqual(expect.arrayContaining([`refs/oversight/proposals/${body.proposal!.id}`]));
      expect(added).toHaveLength(2);
    } else {
      expect(body.error).toBeUndefined();
      expect(added).toEqual([]);
    }
  });
});

it('covers every function, person and credential state', () => {
  expect(cell).toBe(FUNCTIONS.length * PERSONAS.length * CREDENTIALS.length);
});
