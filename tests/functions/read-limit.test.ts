import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FUNCTIONS } from '../../src/server/functions.ts';
import { PEOPLE, postJson, request, startHarness, type Harness, type Persona } from '../helpers/functions-harness.ts';

/*
 * The per-person limit on reads that reach the git host (OVERSIGHT_READ_RATE_LIMIT), through
 * the real handlers against a real repository. Reads and changes are both limited to 3 a minute
 * here, so each test can use up one allowance and show the other is untouched.
 */

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ env: { OVERSIGHT_READ_RATE_LIMIT: '3', OVERSIGHT_RATE_LIMIT: '3' } });
});

afterAll(async () => {
  await h.close();
});

const ASC2_FILE = 'registers/adult-social-care/risks/ASC0002.json';
const FIRST_MINUTE = Math.floor(Date.now() / 60_000) + 1;
let minutesUsed = 0;

/**
 * Runs `body` with the clock stopped one second into a minute no other test here counts in, so
 * counts start afresh and the window cannot roll over mid-test. It is given the minute after, unused too.
 */
async function inAFreshMinute(body: (nextMinute: () => void) => Promise<void>): Promise<void> {
  const start = (FIRST_MINUTE + minutesUsed) * 60_000 + 1000;
  minutesUsed += 2;
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    vi.setSystemTime(start);
    await body(() => vi.setSystemTime(start + 60_000));
  } finally {
    vi.useRealTimers();
  }
}

const bearer = async (persona: Persona): Promise<Record<string, string>> => ({ authorization: `Bearer ${await h.token(persona)}` });

const getRisk = async (persona: Persona): Promise<Response> => h.send(request('GET', '/api/risks/ASC0002', await bearer(persona)));

/** An update to ASC0002 from its owner, on the version main has now. */
const update = async (n: number): Promise<Response> =>
  h.send(
    postJson('/api/risks/ASC0002/updates', await bearer('owner'), {
      baseVersion: h.repo.git(['rev-parse', `main:data/${ASC2_FILE}`]),
      reason: `Quarterly review ${n}.`,
      reviewComment: `Reviewed, round ${n}.`,
    }),
  );

const statuses = async (send: () => Promise<Response>, times: number): Promise<number[]> => {
  const out: number[] = [];
  for (let i = 0; i < times; i++) out.push((await send()).status);
  return out;
};

/** The refusal lines logged since `from`. */
const loggedSince = (from: number): unknown[] => h.warn.mock.calls.slice(from).map((args) => JSON.parse(String(args[0])) as unknown);

const TOO_MANY = { error: { code: 'rate-limited', message: 'Too many requests in a minute. Wait 59 seconds and try again.' } };

describe('GET /api/risks/:id with OVERSIGHT_READ_RATE_LIMIT=3', () => {
  it('refuses the 4th read in a minute from one person: 429, Retry-After and the JSON error, logged with their id only', async () => {
    await inAFreshMinute(async (nextMinute) => {
      expect(await statuses(() => getRisk('viewer'), 3)).toEqual([200, 200, 200]);
      const logged = h.warn.mock.calls.length;
      const refused = await getRisk('viewer');
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('59');
      expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await refused.json()).toEqual(TOO_MANY);
      expect(loggedSince(logged)).toEqual([{ event: 'refused', status: 429, code: 'rate-limited', person: PEOPLE.viewer.id, path: '/api/risks/ASC0002' }]);
      // Counted by person, however they sign in, across every read of the git host.
      const { cookie } = await h.session('viewer');
      expect((await h.send(request('GET', '/api/risks/ASC0002', { cookie }))).status).toBe(429);
      expect((await h.send(request('GET', '/api/proposals', await bearer('viewer')))).status).toBe(429);
      // /api/me does not reach the git host, so it is not limited.
      expect((await h.send(request('GET', '/api/me', await bearer('viewer')))).status).toBe(200);
      // A new minute starts a new count.
      nextMinute();
      expect((await getRisk('viewer')).status).toBe(200);
    });
  });

  it('leaves another person unaffected', async () => {
    await inAFreshMinute(async () => {
      expect(await statuses(() => getRisk('viewer'), 4)).toEqual([200, 200, 200, 429]);
      expect(await statuses(() => getRisk('auditor'), 3)).toEqual([200, 200, 200]);
    });
  });

  it('does not use up the person\'s allowance for changes: all three of their changes are accepted', async () => {
    await inAFreshMinute(async () => {
      expect(await statuses(() => getRisk('owner'), 4)).toEqual([200, 200, 200, 429]);
      const refs = h.refs().length;
      expect([(await update(1)).status, (await update(2)).status, (await update(3)).status]).toEqual([201, 201, 201]);
      expect(h.refs()).toHaveLength(refs + 6);
      // The change limit still holds on its own.
      const fourth = await update(4);
      expect(fourth.status).toBe(429);
      expect(await fourth.json()).toEqual({ error: { code: 'rate-limited', message: 'Too many changes in a minute. Wait 59 seconds and try again.' } });
    });
  });

  it('is not used up by the person\'s changes: after all three, their reads are answered', async () => {
    await inAFreshMinute(async () => {
      expect([(await update(5)).status, (await update(6)).status, (await update(7)).status, (await update(8)).status]).toEqual([201, 201, 201, 429]);
      expect(await statuses(() => getRisk('owner'), 4)).toEqual([200, 200, 200, 429]);
    });
  });
});

describe('GET /proposals/:id with OVERSIGHT_READ_RATE_LIMIT=3', () => {
  it('answers the 4th page in a minute with a page saying how long to wait, with Retry-After', async () => {
    await inAFreshMinute(async () => {
      const created = await update(9);
      expect(created.status).toBe(201);
      const { proposal } = (await created.json()) as { proposal: { id: string } };
      const path = `/proposals/${proposal.id}`;
      const page = async (): Promise<Response> => h.send(request('GET', path, await bearer('owner')));
      expect(await statuses(page, 3)).toEqual([200, 200, 200]);
      const logged = h.warn.mock.calls.length;
      const refused = await page();
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('59');
      expect(refused.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(refused.headers.get('cache-control')).toBe('no-store');
      const html = await refused.text();
      expect(html).toContain('<title>Too many requests – Northmoor County Council risk registers</title>');
      expect(html).toContain('<p>Too many requests in a minute. Wait 59 seconds and try again.</p>');
      expect(html).toContain(`<a href="${path}">Try again</a>`);
      expect(loggedSince(logged)).toEqual([{ event: 'refused', status: 429, code: 'rate-limited', person: PEOPLE.owner.id, path }]);
    });
  });
});

/** Every signed-in GET function, with a path to it and whether it reads the git host. */
const SIGNED_IN_READS: Record<string, { path: string; limited: boolean }> = {
  '/api/me': { path: '/api/me', limited: false },
  '/api/risks/:id': { path: '/api/risks/ASC0002', limited: true },
  '/api/proposals': { path: '/api/proposals?state=open', limited: true },
  '/proposals/:id': { path: '/proposals/00000000', limited: true },
  '/my-risks/all': { path: '/my-risks/all', limited: false },
};

describe('every signed-in GET function', () => {
  it('is in the table below, so a new one must say whether it is limited', () => {
    const gets = FUNCTIONS.filter((f) => [f.method ?? 'GET'].flat().includes('GET') && !f.path.startsWith('/auth/')).map((f) => f.path);
    expect(gets.sort()).toEqual(Object.keys(SIGNED_IN_READS).sort());
  });

  it.each(Object.entries(SIGNED_IN_READS))('%s: the 4th in a minute is refused only if it reads the git host', async (_route, { path, limited }) => {
    await inAFreshMinute(async () => {
      const send = async (): Promise<Response> => h.send(request('GET', path, await bearer('administrator')));
      const answers = await statuses(send, 4);
      expect(answers.slice(0, 3).every((s) => s !== 429)).toBe(true);
      expect(answers[3] === 429).toBe(limited);
    });
  });
});

describe('OVERSIGHT_READ_RATE_LIMIT that is not a whole number above 0', () => {
  const EXPECTED =
    'OVERSIGHT_READ_RATE_LIMIT must be a whole number above 0: how many times a minute each person may read from the git host, such as 20. Correct it in the server\'s environment variables, or remove it to use 20.';

  it.each(['0', '-5', '2.5', '1e3', 'twenty', '20 a minute'])('%s: every signed-in request is refused with 503 naming the variable and how to fix it, not its value', async (value) => {
    process.env['OVERSIGHT_READ_RATE_LIMIT'] = value;
    try {
      for (const res of [await getRisk('viewer'), await h.send(request('GET', '/api/me', await bearer('viewer'))), await update(10)]) {
        expect(res.status).toBe(503);
        expect(await res.json()).toEqual({ error: { code: 'not-configured', message: EXPECTED } });
      }
    } finally {
      process.env['OVERSIGHT_READ_RATE_LIMIT'] = '3';
    }
  });

  it('OVERSIGHT_RATE_LIMIT is held to the same rule: a mistyped change limit is refused, not replaced by the default', async () => {
    process.env['OVERSIGHT_RATE_LIMIT'] = '30 a minute';
    try {
      for (const res of [await update(11), await getRisk('viewer')]) {
        expect(res.status).toBe(503);
        expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^OVERSIGHT_RATE_LIMIT must be a whole number above 0: /);
      }
    } finally {
      process.env['OVERSIGHT_RATE_LIMIT'] = '3';
    }
  });

  it('left empty, the default applies', async () => {
    process.env['OVERSIGHT_READ_RATE_LIMIT'] = '';
    try {
      await inAFreshMinute(async () => {
        expect(await statuses(() => getRisk('viewer'), 4)).toEqual([200, 200, 200, 200]);
      });
    } finally {
      process.env['OVERSIGHT_READ_RATE_LIMIT'] = '3';
    }
  });
});
