import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '../../src/http/security-headers.ts';
import { request, startHarness, type Harness, type Persona } from '../helpers/functions-harness.ts';
import { ROOT } from '../helpers/paths.ts';

/*
 * Netlify adds netlify.toml's headers to the files it serves, never to a function's answer
 * (its docs: "Custom headers → Limitations"), so the functions send them themselves.
 */

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

/** The headers netlify.toml gives every path (`for = "/*"`), by name. */
function netlifyHeaders(): Record<string, string> {
  const toml = readFileSync(join(ROOT, 'netlify.toml'), 'utf8');
  const block = /\[\[headers\]\]\s*\n\s*for = "\/\*"\s*\n\s*\[headers\.values\]\n((?:[ \t]*[A-Za-z-]+ = "[^"]*"\n)+)/.exec(toml)?.[1] ?? '';
  return Object.fromEntries([...block.matchAll(/^\s*([A-Za-z-]+) = "([^"]*)"$/gm)].map((m) => [m[1]!, m[2]!]));
}

describe('security headers', () => {
  it('are the same in netlify.toml (the site\'s files) as in the functions\' and npm start\'s answers', () => {
    expect(Object.keys(netlifyHeaders()).length).toBeGreaterThan(5);
    expect(netlifyHeaders()).toEqual(SECURITY_HEADERS);
  });

  it.each<[string, string, Persona | null, number]>([
    ['a JSON refusal', '/api/me', null, 401],
    ['a redirect to sign in', '/my-risks/all', null, 303],
    ['a page', '/proposals/999999', 'viewer', 404],
  ])('come with %s from a function itself', async (_what, path, who, status) => {
    const headers = who === null ? {} : { authorization: `Bearer ${await h.token(who)}` };
    const answer = await h.send(request('GET', path, headers));
    expect(answer.status).toBe(status);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(answer.headers.get(name), name).toBe(value);
  });
});
