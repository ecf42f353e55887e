import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import dailyBuild, { config } from '../../functions/daily-build.mts';
import { formatUkDate, isoDay } from '../../src/core/dates.ts';
import { BUILD_HOOK_ENV } from '../../src/http/build-hook.ts';

/**
 * The scheduled daily build against a stand-in for Netlify's build hook endpoint, as its
 * documentation describes it: `POST https://api.netlify.com/build_hooks/<id>`, with an optional
 * `trigger_title` query parameter, answering 200 for a hook that exists and 404 for one that does not.
 */
const HOOK_ID = '5c23354f454e1350f8543e78';

interface Received {
  method: string;
  path: string;
  title: string | null;
  body: string;
}

let netlify: Server;
let base = '';
const received: Received[] = [];

beforeAll(async () => {
  netlify = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ method: req.method ?? '', path: url.pathname, title: url.searchParams.get('trigger_title'), body });
      res.statusCode = req.method === 'POST' && url.pathname === `/build_hooks/${HOOK_ID}` ? 200 : 404;
      res.end();
    });
  });
  await new Promise<void>((resolve) => netlify.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(netlify.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => netlify.close(resolve));
});

const logs = { out: vi.spyOn(console, 'log').mockImplementation(() => undefined), error: vi.spyOn(console, 'error').mockImplementation(() => undefined) };
const logged = (): string => [...logs.out.mock.calls, ...logs.error.mock.calls].map((args) => String(args[0])).join('\n');

afterEach(() => {
  delete process.env[BUILD_HOOK_ENV];
  received.splice(0);
  logs.out.mockClear();
  logs.error.mockClear();
});

async function runWithHook(url: string | undefined): Promise<number> {
  if (url === undefined) delete process.env[BUILD_HOOK_ENV];
  else process.env[BUILD_HOOK_ENV] = url;
  return (await dailyBuild()).status;
}

describe('the daily build (functions/daily-build.mts)', () => {
  it('runs on Netlify\'s schedule, once a day just after midnight, with no path of its own', () => {
    expect(config).toEqual({ schedule: '5 0 * * *' });
  });

  it('asks the build hook for a build, titled with the day it judges overdue reviews and actions on', async () => {
    const day = isoDay(new Date());
    expect(await runWithHook(`${base}/build_hooks/${HOOK_ID}`)).toBe(204);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method: 'POST', path: `/build_hooks/${HOOK_ID}`, body: '{}' });
    // Near midnight the day may have turned while it ran: the title is the day it was asked on.
    expect([day, isoDay(new Date())].map((d) => `Daily build: overdue reviews and actions as at ${formatUkDate(d)}`)).toContain(received[0]!.title);
    expect(logged()).toContain('"event":"daily-build-requested"');
    expect(logged()).not.toContain(HOOK_ID);
  });

  it('does nothing, and says so, where no build hook is set', async () => {
    expect(await runWithHook(undefined)).toBe(204);
    expect(received).toEqual([]);
    expect(logged()).toBe('{"event":"daily-build-not-set"}');
  });

  it('fails (502), saying why without the hook\'s secret address, for a hook Netlify does not know', async () => {
    expect(await runWithHook(`${base}/build_hooks/0000000000000000deadbeef`)).toBe(502);
    expect(received).toHaveLength(1);
    expect(logged()).toContain("the build hook answered 404: check that it still exists in the site's build settings");
    expect(logged()).not.toContain('deadbeef');
  });

  it('fails (502) for a hook that cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await runWithHook(`http://127.0.0.1:${port}/build_hooks/${HOOK_ID}`)).toBe(502);
    expect(logged()).toContain('the build hook could not be reached');
  });

  it.each([
    ['plain http to another machine', `http://api.netlify.example/build_hooks/${HOOK_ID}`],
    ['credentials in the address', `https://user:secret@api.netlify.com/build_hooks/${HOOK_ID}`],
    ['not an address', 'build_hooks/5c23'],
  ])('refuses a setting that is %s, sending nothing', async (_what, url) => {
    expect(await runWithHook(url)).toBe(502);
    expect(received).toEqual([]);
    expect(logged()).toContain(`${BUILD_HOOK_ENV} must be the build hook's https address`);
    expect(logged()).not.toContain('secret');
  });
});
