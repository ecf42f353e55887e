import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, readTree, request, SAMPLE_DATA_DIR, startHarness, type Harness } from '../helpers/functions-harness.ts';

/*
 * Malformed and hostile requests, generated with fast-check from a fixed seed, to every
 * function that reads or proposes: each must be answered with a 4xx and a JSON error (or,
 * for a form post, the HTML form error page), never a 5xx or a thrown error, and none may
 * leave a ref behind in the repository.
 */

const SEED = 20_261_123;
const TIMEOUT = 180_000;

let h: Harness;
let initialRefs: string[] = [];
let initialObjects = 0;
let asc2Version = '';
/** Credentials made once: the tokens last ten minutes, the sessions an hour. */
const creds: Record<'admin' | 'manager' | 'owner' | 'viewer', string> = { admin: '', manager: '', owner: '', viewer: '' };
let managerSession = { cookie: '', csrf: '' };
let ownerSession = { cookie: '', csrf: '' };
let sent = 0;

/** Ids that exist in the sample data: a hostile id must never be one of them. */
const KNOWN_IDS = new Set<string>();

beforeAll(async () => {
  h = await startHarness();
  initialRefs = h.refs();
  initialObjects = h.objects();
  for (const path of Object.keys(readTree(SAMPLE_DATA_DIR))) {
    const m = /^registers\/([^/]+)\/(?:register\.json|risks\/([^/]+)\.json)$/.exec(path);
    if (m) {
      KNOWN_IDS.add(m[1]!);
      if (m[2] !== undefined) KNOWN_IDS.add(m[2]);
    }
  }
  creds.admin = `Bearer ${await h.token('administrator')}`;
  creds.manager = `Bearer ${await h.token('manager')}`;
  creds.owner = `Bearer ${await h.token('owner')}`;
  creds.viewer = `Bearer ${await h.token('viewer')}`;
  managerSession = await h.session('manager');
  ownerSession = await h.session('owner');
  const res = await h.send(request('GET', '/api/risks/ASC0002', { authorization: creds.admin }));
  asc2Version = ((await res.json()) as { version: string }).version;
});

afterAll(async () => {
  await h.close();
});

// ---------------------------------------------------------------------------------------------
// What every answer must be

interface Hostile {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer>;
}

async function expectRefusedSafely(spec: Hostile): Promise<void> {
  sent += 1;
  const req = request(spec.method, spec.path, spec.headers, spec.body);
  const res = await h.send(req);
  const text = await res.text();
  const what = `${spec.method} ${spec.path.slice(0, 200)} [${spec.headers['content-type'] ?? ''}] → ${res.status} ${text.slice(0, 300)}`;
  expect(res.status, what).toBeGreaterThanOrEqual(400);
  expect(res.status, what).toBeLessThan(500);
  const type = res.headers.get('content-type') ?? '';
  if (type.startsWith('application/json')) {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    expect(typeof body.error?.code, what).toBe('string');
    expect(typeof body.error?.message, what).toBe('string');
  } else {
    // Only a form post (fields, or a file upload) gets a page, and then the form error page.
    expect(spec.headers['content-type'], what).toMatch(/^(application\/x-www-form-urlencoded|multipart\/form-data)/);
    expect(type, what).toMatch(/^text\/html/);
    expect(text, what).toContain('role="alert"');
    expect(text, what).toContain('Nothing was submitted.');
  }
  expect(({} as Record<string, unknown>)['polluted'], 'Object.prototype was polluted').toBeUndefined();
}

function expectNothingWritten(): void {
  expect(h.refs()).toEqual(initialRefs);
  expect(h.objects()).toBe(initialObjects);
  expect(h.repo.git(['status', '--porcelain'])).toBe('');
}

/** Runs a property `numRuns` times, each run sending at least one generated request (or the property would pass unseen). */
async function run(property: fc.IAsyncProperty<[Hostile]>, numRuns: number): Promise<void> {
  const before = sent;
  await fc.assert(property, { seed: SEED, numRuns, endOnFailure: true });
  expect(sent - before, 'generated requests sent').toBeGreaterThanOrEqual(numRuns);
}

// ---------------------------------------------------------------------------------------------
// Building blocks

const VALID_RISK = { id: 'ASC0099', title: 'A new risk', owners: ['kate-morrison'], current: { likelihood: 3, impact: 3 } };
const validUpdate = (): Record<string, unknown> => ({ baseVersion: asc2Version, reason: 'Quarterly review.', current: { likelihood: 2, impact: 3 } });
const VALID_CSV = 'id,title,owner,current_likelihood,current_impact\nASC0099,Imported,kate-morrison,3,3\n';

/** Path segments that try to climb, smuggle or confuse: already percent-encoded as a client would send them. */
const PATH_TRICKS = [
  '..',
  '.',
  '%2e%2e',
  '%2E%2E',
  '.%2e',
  '..%2F..%2Fpeople.json',
  '%2e%2e%2f%2e%2e%2fpeople.json',
  '..%5C..%5Croles.json',
  '%00',
  'ASC0004%00',
  'corporate%00',
  'ASC0004%00.json',
  '%E0%A4%A',
  '%FF',
  '%C0%AF',
  '%',
  'ASC0004%2F..%2FCOR0001',
  'registers%2Fcorporate',
  '.git',
  'HEAD',
  'main',
  'refs%2Fheads%2Fmain',
  '--output%3D%2Ftmp%2Fx',
  '-n',
  '%24(id)',
  '%60id%60',
  'ASC0004.json',
  'asc0004',
  'ADULT-SOCIAL-CARE',
  'adult-social-care.',
  'adult_social_care',
  '%20ASC0004',
  'ASC0004%20',
  '%E2%80%AEASC0004',
  'ASC0004%0A',
  'ASC0004%0D%0AX-Injected%3A%201',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'A'.repeat(3000),
  'ASC0004%3Bcat%20%2Fetc%2Fpasswd',
];

function decodes(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** A path segment naming no real risk or register. */
const hostileSegment = fc
  .oneof(
    { weight: 3, arbitrary: fc.constantFrom(...PATH_TRICKS) },
    { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 60, unit: 'grapheme' }).map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 30, unit: 'binary' }).map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Z]{1,4}[0-9]{1,6}$/) },
    { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9]+(-[a-z0-9]+){0,3}$/) },
  )
  .filter((s) => {
    const decoded = decodes(s);
    return decoded === null || !KNOWN_IDS.has(decoded.trim());
  });

const utf8 = (s: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(s);

/** Byte sequences no UTF-8 decoder may accept. */
const BAD_UTF8: number[][] = [[0xff], [0xfe, 0xff], [0xc3, 0x28], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80]];

const jsonBearer = (auth: string, extra: Record<string, string> = {}): Record<string, string> => ({ authorization: auth, 'content-type': 'application/json', ...extra });
const formSession = (session: { cookie: string }): Record<string, string> => ({ cookie: session.cookie, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' });

// ---------------------------------------------------------------------------------------------

describe('hostile requests', () => {
  it('ids with path tricks, NUL and odd characters: 404 or another 4xx, on every function', { timeout: TIMEOUT }, async () => {
    const target = fc.constantFrom('risk', 'updates', 'new-risk', 'import');
    await run(
      fc.asyncProperty(
        fc.tuple(target, hostileSegment).map(([t, seg]): Hostile => {
          switch (t) {
            case 'risk':
              return { method: 'GET', path: `/api/risks/${seg}`, headers: { authorization: creds.admin } };
            case 'updates':
              return { method: 'POST', path: `/api/risks/${seg}/updates`, headers: jsonBearer(creds.admin), body: JSON.stringify(validUpdate()) };
            case 'new-risk':
              return { method: 'POST', path: `/api/registers/${seg}/risks`, headers: jsonBearer(creds.admin), body: JSON.stringify(VALID_RISK) };
            default:
              return { method: 'POST', path: `/api/registers/${seg}/import`, headers: { authorization: creds.admin, 'content-type': 'text/csv' }, body: VALID_CSV };
          }
        }),
        expectRefusedSafely,
      ),
      220,
    );
    expectNothingWritten();
  });

  it('bodies of the wrong types and shapes: 422 (or 400), never a proposal', { timeout: TIMEOUT }, async () => {
    // Wrong for every field below: no text (a string would be a fine title or reason), no boolean, no list of text.
    const badValue = fc.oneof(
      fc.constantFrom<unknown>(null, 0, -1, 3.5, 1e308, '', ' ', {}, [null], [1], [{}], { $ne: null }),
      fc.jsonValue({ maxDepth: 3 }).filter((v) => typeof v !== 'string' && typeof v !== 'boolean' && !(Array.isArray(v) && v.every((x) => typeof x === 'string'))),
    );
    const riskFields = ['id', 'title', 'owners', 'current', 'target', 'status', 'delegates', 'linkedRisks', 'controls', 'actions', 'lastReview'] as const;
    const updateFields = ['baseVersion', 'reason', 'current', 'target', 'reviewComment', 'reviewCompleted', 'actions', 'controls'] as const;
    const specificBadRisk = fc.constantFrom<Record<string, unknown>>(
      { id: 'ASC0004' },
      { id: 'COR0001' },
      { id: 'asc0099' },
      { id: '../ASC0099' },
      { id: 'ASC0099\u0000' },
      { owners: ['no-such-person'] },
      { owners: ['Kate Morrison'] },
      { owners: 'kate-morrison' },
      { current: { likelihood: 6, impact: 1 } },
      { current: { likelihood: 3 } },
      { current: { likelihood: '3', impact: '3' } },
      { linkedRisks: ['NOPE0001'] },
      { lastReview: '2026-02-30' },
      { status: 'pending' },
      { colour: 'red' },
      { controls: [{ id: 'X1', description: 'd' }] },
    );
    const specificBadUpdate = fc.constantFrom<Record<string, unknown>>(
      { baseVersion: 'main' },
      { baseVersion: 'HEAD:data/people.json' },
      { baseVersion: '0'.repeat(40), current: { likelihood: 3, impact: 3 }, reason: '' },
      { reason: 'x'.repeat(2001) },
      { current: { likelihood: 0, impact: 3 } },
      { actions: [{ id: 'B1' }] },
      { actions: Array.from({ length: 51 }, (_, i) => ({ id: `A${i}` })) },
      { controls: [{ id: 'C1', status: 'gone' }] },
      { reviewCompleted: 'yes' },
      { extra: 1 },
    );
    const mutate = (base: Record<string, unknown>, fields: readonly string[], specific: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<unknown> =>
      fc.oneof(
        fc.tuple(fc.constantFrom(...fields), badValue).map(([field, value]) => ({ ...base, [field]: value })),
        specific.map((patch) => ({ ...base, ...patch })),
        fc.jsonValue({ maxDepth: 4 }),
      );
    const spec = fc.oneof(
      mutate(VALID_RISK, riskFields, specificBadRisk).map((body): Hostile => ({ method: 'POST', path: '/api/registers/adult-social-care/risks', headers: jsonBearer(creds.manager), body: JSON.stringify(body) })),
      mutate({}, updateFields, specificBadUpdate).map((patch): Hostile => ({
        method: 'POST',
        path: '/api/risks/ASC0002/updates',
        headers: jsonBearer(creds.owner),
        // An object patch spoils a valid update; anything else is the whole body.
        body: JSON.stringify(patch !== null && typeof patch === 'object' && !Array.isArray(patch) && Object.keys(patch).length > 0 ? { ...validUpdate(), ...patch } : patch),
      })),
    );
    await run(
      fc.asyncProperty(
        spec.filter((s) => typeof s.body === 'string' && isStillInvalid(s.body)),
        expectRefusedSafely,
      ),
      260,
    );
    expectNothingWritten();
  });

  it('prototype-polluting JSON and form fields change nothing', { timeout: TIMEOUT }, async () => {
    const pollutingJson = fc.constantFrom(
      '{"__proto__": {"polluted": true}, "id": "ASC0099"}',
      '{"constructor": {"prototype": {"polluted": true}}}',
      `{"id": "ASC0099", "title": "t", "owners": ["kate-morrison"], "current": {"likelihood": 3, "impact": 3}, "__proto__": {"polluted": true}}`,
      `{"baseVersion": "${'a'.repeat(40)}", "reason": "r", "__proto__": {"polluted": 1}, "current": {"likelihood": 2, "impact": 2}}`,
    );
    const pollutingForm = fc.constantFrom('__proto__.polluted=1', 'constructor.prototype.polluted=1', 'prototype.polluted=1', 'owners.__proto__.polluted=1', 'current.__proto__=1&title=x', 'toString=1', '__proto__=1');
    const spec = fc.oneof(
      fc.tuple(pollutingJson, fc.constantFrom('/api/registers/adult-social-care/risks', '/api/risks/ASC0002/updates')).map(([body, path]): Hostile => ({ method: 'POST', path, headers: jsonBearer(creds.admin), body })),
      fc.tuple(pollutingForm, fc.constantFrom('/api/registers/adult-social-care/risks', '/api/risks/ASC0002/updates')).map(([body, path]): Hostile => ({ method: 'POST', path, headers: formSession(managerSession), body })),
    );
    await run(fc.asyncProperty(spec, expectRefusedSafely), 40);
    expectNothingWritten();
  });

  it('bodies over 256 KB: 413, whatever their type', { timeout: TIMEOUT }, async () => {
    const spec = fc.tuple(fc.integer({ min: 256 * 1024 + 1, max: 600 * 1024 }), fc.constantFrom('json', 'form', 'csv', 'update'), fc.constantFrom('x', 'é', '\u0000', ',')).map(([size, kind, ch]): Hostile => {
      const filler = ch.repeat(Math.ceil(size / utf8(ch).length));
      switch (kind) {
        case 'json':
          return { method: 'POST', path: '/api/registers/adult-social-care/risks', headers: jsonBearer(creds.manager), body: JSON.stringify({ ...VALID_RISK, description: filler }) };
        case 'update':
          return { method: 'POST', path: '/api/risks/ASC0002/updates', headers: jsonBearer(creds.owner), body: JSON.stringify({ ...validUpdate(), reason: filler }) };
        case 'form':
          return { method: 'POST', path: '/api/registers/adult-social-care/risks', headers: formSession(managerSession), body: `id=ASC0099&title=${encodeURIComponent(filler)}` };
        default:
          return { method: 'POST', path: '/api/registers/adult-social-care/import', headers: { authorization: creds.manager, 'content-type': 'text/csv' }, body: `${VALID_CSV}ASC0098,"${filler}",kate-morrison,3,3\n` };
      }
    });
    await run(
      fc.asyncProperty(spec, async (s) => {
        await expectRefusedSafely(s);
      }),
      40,
    );
    expectNothingWritten();
  });

  it('wrong content types: 415 (or 403 where a session must prove itself first)', { timeout: TIMEOUT }, async () => {
    const jsonTypes = ['text/plain', 'text/csv', 'application/xml', 'multipart/form-data; boundary=xyz', 'application/jsonx', 'json', 'application/x-www-form-urlencodedx', 'text/html', 'application/octet-stream', 'application/javascript'];
    const csvTypes = ['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'text/csv; charset=utf-16', 'text/csv; charset=latin1', 'text/tab-separated-values', 'application/vnd.ms-excel', 'multipart/form-data; boundary=xyz', 'text/csvx'];
    const who = fc.constantFrom<'bearer' | 'session'>('bearer', 'session');
    const spec = fc.oneof(
      fc.tuple(fc.constantFrom(...jsonTypes), fc.constantFrom('/api/registers/adult-social-care/risks', '/api/risks/ASC0002/updates', '/api/registers/no-such/risks'), who).map(
        ([type, path, via]): Hostile => ({
          method: 'POST',
          path,
          headers: { ...(via === 'bearer' ? { authorization: creds.admin } : { cookie: managerSession.cookie, origin: ORIGIN }), 'content-type': type },
          body: path.endsWith('updates') ? JSON.stringify(validUpdate()) : JSON.stringify(VALID_RISK),
        }),
      ),
      fc.tuple(fc.constantFrom(...csvTypes), who).map(
        ([type, via]): Hostile => ({
          method: 'POST',
          path: '/api/registers/adult-social-care/import',
          headers: { ...(via === 'bearer' ? { authorization: creds.manager } : { cookie: managerSession.cookie, origin: ORIGIN, 'x-csrf-token': managerSession.csrf }), 'content-type': type },
          body: VALID_CSV,
        }),
      ),
    );
    await run(fc.asyncProperty(spec, expectRefusedSafely), 100);
    expectNothingWritten();
  });

  it('bytes that are not UTF-8: 400, in JSON, forms and CSV', { timeout: TIMEOUT }, async () => {
    const spec = fc
      .tuple(fc.constantFrom(...BAD_UTF8), fc.constantFrom('json', 'form', 'csv', 'update'), fc.nat({ max: 40 }))
      .map(([bad, kind, at]): Hostile => {
        const [text, path, headers] =
          kind === 'json'
            ? [JSON.stringify(VALID_RISK), '/api/registers/adult-social-care/risks', jsonBearer(creds.manager)]
            : kind === 'update'
              ? [JSON.stringify(validUpdate()), '/api/risks/ASC0002/updates', jsonBearer(creds.owner)]
              : kind === 'form'
                ? ['id=ASC0099&title=Caf&owners=kate-morrison&current.likelihood=3&current.impact=3', '/api/registers/adult-social-care/risks', formSession(managerSession)]
                : [VALID_CSV, '/api/registers/adult-social-care/import', { authorization: creds.manager, 'content-type': 'text/csv' }];
        const bytes = utf8(text);
        const i = Math.min(at, bytes.length);
        return { method: 'POST', path, headers, body: new Uint8Array([...bytes.slice(0, i), ...bad, ...bytes.slice(i)]) };
      });
    await run(fc.asyncProperty(spec, expectRefusedSafely), 100);
    expectNothingWritten();
  });

  it('deep nesting in JSON and in form field names: 422 (or 400), never a crash', { timeout: TIMEOUT }, async () => {
    const deepJson = fc.tuple(fc.integer({ min: 50, max: 40_000 }), fc.constantFrom('array', 'object', 'field')).map(([depth, shape]) => {
      if (shape === 'array') return '['.repeat(depth) + ']'.repeat(depth);
      if (shape === 'object') return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
      return JSON.stringify({ ...VALID_RISK, title: 'x' }).replace('"x"', '['.repeat(depth) + '"x"' + ']'.repeat(depth));
    });
    // Field names nested up to 1,000 levels; thousands deep is the separate test below.
    const deepForm = fc.tuple(fc.integer({ min: 10, max: 500 }), fc.constantFrom('a.', '0.', 'current.', 'owners.0.')).map(([depth, part]) => `${encodeURIComponent(part.repeat(depth))}x=1&id=ASC0099`);
    const spec = fc.oneof(
      deepJson.map((body): Hostile => ({ method: 'POST', path: '/api/registers/adult-social-care/risks', headers: jsonBearer(creds.admin), body })),
      // Deeper bodies to the update function are the known-bug test at the end.
      deepJson.filter((body) => body.length < 2_000).map((body): Hostile => ({ method: 'POST', path: '/api/risks/ASC0002/updates', headers: jsonBearer(creds.admin), body })),
      fc.tuple(deepForm, fc.constantFrom('/api/registers/adult-social-care/risks', '/api/risks/ASC0002/updates')).map(([body, path]): Hostile => ({
        method: 'POST',
        path,
        headers: formSession(path.includes('updates') ? ownerSession : managerSession),
        body,
      })),
    );
    await run(fc.asyncProperty(spec, expectRefusedSafely), 100);
    expectNothingWritten();
  });

  it('broken CSV: 422 with row errors, nothing proposed', { timeout: TIMEOUT }, async () => {
    const header = 'id,title,owner,current_likelihood,current_impact';
    const cell = fc.string({ maxLength: 12, unit: 'grapheme' });
    const broken = fc.oneof(
      fc.string({ maxLength: 400, unit: 'grapheme' }),
      fc.string({ maxLength: 200, unit: 'binary' }),
      // A well-formed file with one row that cannot be right: an impact out of range.
      fc.array(fc.tuple(cell, cell, cell), { minLength: 1, maxLength: 5 }).map((rows) => [header, ...rows.map(([a, b, c]) => `"${a.replace(/"/g, '""')}","${b.replace(/"/g, '""')}","${c.replace(/"/g, '""')}",3,9`)].join('\n')),
      fc.constantFrom(
        `${header}\nASC0099,"never closed,kate-morrison,3,3\n`,
        `${header}\nASC0099,Too,many,cells,3,3,3\n`,
        `${header}\nASC0099,Too few\n`,
        `id;title;owner;current_likelihood;current_impact\nASC0099;Semicolons;kate-morrison;3;3\n`,
        `\uFEFF${header}\n`,
        header,
        '',
        '\n\n\n',
        ',,,,\n,,,,\n',
        `${header},id\nASC0099,Duplicate column,kate-morrison,3,3,ASC0098\n`,
        `${header}\nASC0099,One,kate-morrison,3,3\nASC0099,Twice,kate-morrison,3,3\n`,
        `${header}\nCOR0001,Another register's risk,kate-morrison,3,3\n`,
        `${header}\nASC0099,Unknown email,nobody@nowhere.example,3,3\n`,
        `${header},target_likelihood\nASC0099,Half a target,kate-morrison,3,3,2\n`,
        `${header},last_review\nASC0099,Bad date,kate-morrison,3,3,31/02/2026\n`,
        `${header},status\nASC0099,Bad status,kate-morrison,3,3,pending\n`,
        `${header}\n../../people,Path id,kate-morrison,3,3\n`,
        `${header}\nASC0099\u0000,NUL id,kate-morrison,3,3\n`,
        `${header}\n=cmd|' /C calc'!A0,Formula,kate-morrison,3,3\n`,
      ),
    );
    await run(
      fc.asyncProperty(
        broken.map((csv): Hostile => ({ method: 'POST', path: '/api/registers/adult-social-care/import', headers: { authorization: creds.manager, 'content-type': 'text/csv' }, body: csv })),
        expectRefusedSafely,
      ),
      160,
    );
    expectNothingWritten();
  });

  it('hostile credentials: 401 before anything is read', { timeout: TIMEOUT }, async () => {
    const printable = fc.string({ minLength: 0, maxLength: 300, unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) });
    const authorization = fc.oneof(
      printable.map((s) => `Bearer ${s}`),
      printable,
      fc.constantFrom('Bearer', 'Bearer ', 'bearer x', 'Basic a2F0ZTpwYXNzd29yZA==', 'Bearer a.b.c', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', 'Bearer ../../etc/passwd', `Bearer ${'A'.repeat(20_000)}`),
    );
    const cookie = printable.map((s) => `__Host-oversight-session=${s}`);
    const target = fc.constantFrom<[Hostile['method'], string, string | undefined, string | undefined]>(
      ['GET', '/api/risks/ASC0004', undefined, undefined],
      ['GET', '/api/proposals', undefined, undefined],
      ['POST', '/api/risks/ASC0002/updates', 'application/json', '{}'],
      ['POST', '/api/registers/adult-social-care/risks', 'application/json', JSON.stringify(VALID_RISK)],
      ['POST', '/api/registers/adult-social-care/import', 'text/csv', VALID_CSV],
    );
    const spec = fc.tuple(fc.oneof(authorization.map((a) => ({ authorization: a })), cookie.map((c) => ({ cookie: c, origin: ORIGIN }))), target).map(
      ([creds_, [method, path, type, body]]): Hostile => ({ method, path, headers: { ...creds_, ...(type === undefined ? {} : { 'content-type': type }) }, ...(body === undefined ? {} : { body }) }),
    );
    await run(
      fc.asyncProperty(spec, async (s) => {
        await expectRefusedSafely(s);
      }),
      120,
    );
    expectNothingWritten();
  });

  it('hostile form posts: the form error page with a 4xx, nothing proposed', { timeout: TIMEOUT }, async () => {
    const name = fc.oneof(
      fc.constantFrom('id', 'title', 'owners', 'owners.0', 'owners.999', 'current.likelihood', 'current.impact', 'baseVersion', 'reason', 'actions.0.id', 'controls.0.status', 'reviewCompleted', '_csrf', '.', '..', 'a..b', 'current.', '.current'),
      fc.string({ maxLength: 20, unit: 'grapheme' }),
    );
    const value = fc.oneof(fc.constantFrom('', ' ', '0', '6', '3', 'kate-morrison', 'ASC0099', '../ASC0004', '\u0000', 'on', 'true'), fc.string({ maxLength: 40, unit: 'grapheme' }));
    // A name used both for a value and for fields under it (owners=x&owners.0=y) is the known-bug test at the end.
    const fields = fc.array(fc.tuple(name, value), { maxLength: 30 }).filter((pairs) => !pairs.some(([a]) => pairs.some(([b]) => b.startsWith(`${a}.`))));
    const spec = fc.tuple(fields, fc.constantFrom('new-risk', 'update', 'unknown-register', 'unknown-risk')).map(([pairs, target]): Hostile => {
      const params = new URLSearchParams(pairs);
      // Each form is spoiled for sure: a new risk scored 0, an update with no version.
      if (target === 'new-risk' || target === 'unknown-register') params.set('current.likelihood', '0');
      if (target === 'update' || target === 'unknown-risk') params.delete('baseVersion');
      const path = { 'new-risk': '/api/registers/adult-social-care/risks', update: '/api/risks/ASC0002/updates', 'unknown-register': '/api/registers/no-such-register/risks', 'unknown-risk': '/api/risks/ZZZ0001/updates' }[target];
      return { method: 'POST', path, headers: formSession(target === 'update' ? ownerSession : managerSession), body: params.toString() };
    });
    await run(fc.asyncProperty(spec, expectRefusedSafely), 100);
    // Many fields at once (under the size limit).
    await expectRefusedSafely({ method: 'POST', path: '/api/registers/adult-social-care/risks', headers: formSession(managerSession), body: Array.from({ length: 20_000 }, (_, i) => `f${i}=x`).join('&') });
    await expectRefusedSafely({ method: 'POST', path: '/api/registers/adult-social-care/risks', headers: formSession(managerSession), body: Array.from({ length: 20_000 }, () => 'owners.999=x').join('&') });
    expectNothingWritten();
  });

  it('bad query strings on GET /api/proposals: 422', { timeout: TIMEOUT }, async () => {
    const bad = fc.oneof(
      fc.string({ maxLength: 30, unit: 'grapheme' }).filter((k) => k !== 'risk' && k !== 'state' && k !== '').map((k) => [k, 'x'] as [string, string]),
      fc.string({ maxLength: 30, unit: 'grapheme' }).filter((v) => !/^[A-Z][A-Z0-9]*[0-9]+$/.test(v)).map((v) => ['risk', v] as [string, string]),
      fc.string({ maxLength: 30, unit: 'grapheme' }).filter((v) => !['open', 'merged', 'closed'].includes(v)).map((v) => ['state', v] as [string, string]),
    );
    const spec = fc.tuple(fc.constantFrom('', 'risk=ASC0002&', 'state=open&'), bad).map(([prefix, [k, v]]): Hostile => ({
      method: 'GET',
      path: `/api/proposals?${prefix}${encodeURIComponent(k)}=${encodeURIComponent(v)}`,
      headers: { authorization: creds.viewer },
    }));
    await run(fc.asyncProperty(spec, expectRefusedSafely), 60);
    expectNothingWritten();
  });
});

/*
 * Requests the generators above leave out because they crash code outside these functions
 * today (each a 500 with a thrown error); kept here, named, so they pass once it is fixed.
 */
describe('known crashes in shared code', () => {
  const paths = ['/api/registers/adult-social-care/risks', '/api/risks/ASC0002/updates'];

  // src/http/read-input.ts formToObject/compactArrays recurse once per level: RangeError.
  it.each(paths)('%s: a form field name nested 20,000 deep answers 4xx', async (path) => {
    await expectRefusedSafely({ method: 'POST', path, headers: formSession(managerSession), body: `${'a.'.repeat(20_000)}b=1` });
    expectNothingWritten();
  });

  // src/http/read-input.ts formToObject: "Cannot create property '0' on string".
  it.each(paths)('%s: a form name used for a value and for fields under it answers 4xx', async (path) => {
    await expectRefusedSafely({ method: 'POST', path, headers: formSession(managerSession), body: 'owners=kate-morrison&owners.0=ruth-kendal&id=ASC0099' });
    expectNothingWritten();
  });

  // functions/risk-updates.mts parses with { reportInput: true }: zod's error stringifies the input, RangeError.
  it('POST /api/risks/ASC0002/updates: JSON nested 20,000 deep answers 4xx', async () => {
    await expectRefusedSafely({ method: 'POST', path: paths[1]!, headers: jsonBearer(creds.owner), body: JSON.stringify({ ...validUpdate(), reviewComment: 'x' }).replace('"x"', `${'['.repeat(20_000)}"x"${']'.repeat(20_000)}`) });
    expectNothingWritten();
  });
});

/** A generated body is kept only while it cannot be a valid submission; the checks themselves decide that on the server. */
function isStillInvalid(body: string): boolean {
  // Objects equal to the valid bodies (a patch that happened to change nothing) would rightly be accepted.
  try {
    const value = JSON.parse(body) as unknown;
    const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
    return !same(value, VALID_RISK) && !same(value, validUpdate());
  } catch {
    return true;
  }
}
