import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOpenApi, startGitHubEmulator, type GitHubEmulator } from '../helpers/github-emulator.ts';

/*
 * The GitHub emulator (tests/helpers/github-emulator.ts) against GitHub's own answers, as
 * Octokit recorded them from api.github.com (@octokit/fixtures, nock format: method, path,
 * body, status, response, headers). Each recorded exchange on an endpoint
 * src/node/git/github.ts calls is sent to the emulator again, adapted to its repository
 * (owner, repo, shas), and the answers must agree: the same status (so the same class), and
 * the same keys, recursively, each with the same JSON type (values differ, of course); error
 * bodies must carry GitHub's `message` and `documentation_url`.
 *
 * Endpoints github.ts calls, and what records them:
 *
 *   POST   /repos/{owner}/{repo}/git/refs                 git-refs (201)
 *   PATCH  /repos/{owner}/{repo}/git/refs/{ref}           git-refs (200, a fast-forward)
 *   DELETE /repos/{owner}/{repo}/git/refs/{ref}           git-refs (204)
 *   GET    /repos/{owner}/{repo}/git/ref/{ref}            git-refs records only the list (GET git/refs/),
 *                                                         whose items are the same git-ref object: each ref
 *                                                         the list holds is read singly and compared with its item
 *   POST   /repos/{owner}/{repo}/issues/{n}/labels         add-labels-to-issue (200)
 *   GET    /repos/{owner}/{repo}/contents/{path}          get-content, a directory listing only (its file is
 *                                                         recorded in the raw media type, which Oversight never asks
 *                                                         for); the JSON form of a file, which Oversight reads, is not
 *   error bodies                                          errors (422 Validation Failed) and branch-protection
 *                                                         (404): compared with the emulator's 422 and 404 on our endpoints
 *
 * No recording covers (UNCOVERED below, asserted against github.ts and the fixtures):
 *
 *   GET    /repos/{owner}/{repo}/branches/{branch}
 *   GET    /repos/{owner}/{repo}/git/trees/{tree_sha}
 *   POST   /repos/{owner}/{repo}/git/trees
 *   GET    /repos/{owner}/{repo}/git/blobs/{file_sha}
 *   GET    /repos/{owner}/{repo}/git/commits/{commit_sha}
 *   POST   /repos/{owner}/{repo}/git/commits
 *   GET    /repos/{owner}/{repo}/pulls
 *   POST   /repos/{owner}/{repo}/pulls
 *   POST   /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers
 *
 * Those stay checked only against the OpenAPI description (tests/contract/github.test.ts).
 */

const TOKEN = 'ghp_Fixture0Token0For0Tests0Only0123456789';
const JSON_MEDIA = 'application/vnd.github.v3+json';

const FIXTURES = join(dirname(createRequire(import.meta.url).resolve('@octokit/fixtures/package.json')), 'scenarios', 'api.github.com');
const GITHUB_TS = fileURLToPath(new URL('../../src/node/git/github.ts', import.meta.url));

/** Endpoints github.ts calls that an exchange recorded in the JSON media type covers directly. */
const RECORDED = [
  'DELETE /repos/{owner}/{repo}/git/refs/{ref}',
  'GET /repos/{owner}/{repo}/contents/{path}',
  'PATCH /repos/{owner}/{repo}/git/refs/{ref}',
  'POST /repos/{owner}/{repo}/git/refs',
  'POST /repos/{owner}/{repo}/issues/{issue_number}/labels',
];
/** Covered through another recorded operation answering the same object (see the header comment). */
const RECORDED_AS_ITEMS = ['GET /repos/{owner}/{repo}/git/ref/{ref}'];
/** Endpoints github.ts calls that no recording covers. */
const UNCOVERED = [
  'GET /repos/{owner}/{repo}/branches/{branch}',
  'GET /repos/{owner}/{repo}/git/blobs/{file_sha}',
  'GET /repos/{owner}/{repo}/git/commits/{commit_sha}',
  'GET /repos/{owner}/{repo}/git/trees/{tree_sha}',
  'GET /repos/{owner}/{repo}/pulls',
  'POST /repos/{owner}/{repo}/git/commits',
  'POST /repos/{owner}/{repo}/git/trees',
  'POST /repos/{owner}/{repo}/pulls',
  'POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers',
];

interface Recording {
  method: string;
  path: string;
  body: unknown;
  status: number;
  response: unknown;
  reqheaders: Record<string, unknown>;
  headers: Record<string, unknown>;
}

function scenario(name: string): Recording[] {
  return JSON.parse(readFileSync(join(FIXTURES, name, 'normalized-fixture.json'), 'utf8')) as Recording[];
}

/** The one recorded exchange with this method and path (ending), `nth` when there are several. */
function recorded(name: string, method: string, pathEnd: string, nth = 0): Recording {
  const found = scenario(name).filter((r) => r.method.toUpperCase() === method && r.path.endsWith(pathEnd));
  const recording = found[nth];
  if (!recording) throw new Error(`${name}: no recorded ${method} …${pathEnd}`);
  return recording;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * How `actual` differs in shape from `expected`: keys missing or extra in objects, and JSON
 * types, recursively; array items are compared with the recorded items (the first when there
 * are fewer). Empty arrays say nothing about their items.
 */
function shapeDifferences(expected: unknown, actual: unknown, at = '$'): string[] {
  const [te, ta] = [jsonType(expected), jsonType(actual)];
  if (te !== ta) return [`${at}: GitHub sent ${te}, the emulator ${ta}`];
  if (te === 'array') {
    const [e, a] = [expected as unknown[], actual as unknown[]];
    if (e.length === 0 || a.length === 0) return [];
    return a.flatMap((item, i) => shapeDifferences(e[Math.min(i, e.length - 1)], item, `${at}[${i}]`));
  }
  if (te !== 'object') return [];
  const [e, a] = [expected as Record<string, unknown>, actual as Record<string, unknown>];
  const problems: string[] = [];
  for (const key of Object.keys(e)) if (!(key in a)) problems.push(`${at}.${key}: GitHub sent it, the emulator does not`);
  for (const key of Object.keys(a)) if (!(key in e)) problems.push(`${at}.${key}: the emulator sends it, GitHub did not`);
  for (const key of Object.keys(e)) if (key in a) problems.push(...shapeDifferences(e[key], a[key], `${at}.${key}`));
  return problems;
}

/**
 * Differences allowed between the emulator and recordings older than GitHub's current API,
 * each with its reason. Only this one, and only on error bodies:
 * since 2024 GitHub's error bodies carry `status`, the HTTP status as a string
 * ({"message":"Not Found","documentation_url":…,"status":"404"}); basic-error in
 * @octokit/openapi describes it (checked below). The recordings (2017–2022) predate it.
 */
const NEWER_ERROR_KEY = '$.status: the emulator sends it, GitHub did not';

/** Headers whose presence must agree (values differ): what clients read. */
const HEADERS = ['content-type', 'location', 'x-github-media-type', 'x-github-request-id', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'x-ratelimit-resource', 'x-ratelimit-used'];

interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

describe('the GitHub emulator against GitHub\'s recorded answers (@octokit/fixtures)', () => {
  let emulator: GitHubEmulator;
  /** Error-body allowances used, to show the one allowance is needed and never used elsewhere. */
  let allowancesUsed: string[];

  beforeEach(async () => {
    allowancesUsed = [];
    emulator = await startGitHubEmulator({
      token: TOKEN,
      files: { 'README.md': '# hello-world', 'docs/README.md': '# hello-world\n', 'data/people.json': '{ "people": [] }\n' },
    });
  });

  afterEach(async () => {
    try {
      await emulator.idle();
      expect(emulator.shapeProblems).toEqual([]);
    } finally {
      await emulator.close();
    }
  });

  /** Sends a request to the emulator as the recording was sent (its media type), with the emulator's token. */
  async function send(method: string, repoPath: string, body?: unknown, accept = JSON_MEDIA): Promise<Answer> {
    const res = await fetch(`${emulator.baseUrl}/repos/${emulator.owner}/${emulator.repo}${repoPath}`, {
      method,
      headers: { accept, authorization: `token ${TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text === '' ? '' : (JSON.parse(text) as unknown), headers: res.headers };
  }

  /** The emulator's answer agrees with the recording: status, headers present, and shape (errors: GitHub's error shape too). */
  function expectAgrees(recording: Recording, answer: Answer, options: { compareBody?: (recorded: unknown) => unknown } = {}): void {
    const what = `${recording.method.toUpperCase()} ${recording.path} (recorded ${recording.status})`;
    expect(Math.floor(answer.status / 100), what).toBe(Math.floor(recording.status / 100));
    expect(answer.status, what).toBe(recording.status);
    for (const name of HEADERS) expect(answer.headers.has(name), `${what}: header ${name}`).toBe(name in recording.headers);
    const expected = options.compareBody ? options.compareBody(recording.response) : recording.response;
    let differences = shapeDifferences(expected, answer.body);
    if (recording.status >= 400) {
      for (const body of [recording.response, answer.body]) {
        expect(body, what).toMatchObject({ message: expect.stringMatching(/\S/) as unknown, documentation_url: expect.stringMatching(/^https:\/\/docs\.github\.com\//) as unknown });
      }
      if (differences.includes(NEWER_ERROR_KEY)) {
        expect((answer.body as { status?: unknown }).status, what).toBe(String(answer.status));
        allowancesUsed.push(what);
        differences = differences.filter((d) => d !== NEWER_ERROR_KEY);
      }
    }
    expect(differences, what).toEqual([]);
  }

  it('git-refs: creates, fast-forwards and deletes a branch, and reads refs, answering as GitHub did', async () => {
    const first = (await emulator.refSha('main')) ?? '';
    // The recording's second commit ("2nd commit" on main), made as its scenario made it.
    const second = await emulator.commit('main', { '2.md': '# git-refs\ncreated with 2nd commit' }, '2nd commit');

    // GET git/refs/ before: one item (main); Oversight reads it singly.
    const listBefore = recorded('git-refs', 'GET', '/git/refs/', 0);
    const main = await send('GET', '/git/ref/heads/main');
    expectAgrees(listBefore, main, { compareBody: (list) => (list as unknown[])[0] });
    expect(main.body).toMatchObject({ ref: 'refs/heads/main', object: { sha: second, type: 'commit' } });

    const create = recorded('git-refs', 'POST', '/git/refs');
    expect(create.body).toEqual({ ref: 'refs/heads/test', sha: expect.stringMatching(/^[0-9a-f]{40}$/) as unknown });
    const created = await send('POST', '/git/refs', { ref: 'refs/heads/test', sha: first });
    expectAgrees(create, created);
    expect(created.body).toMatchObject({ ref: 'refs/heads/test', object: { sha: first } });

    const update = recorded('git-refs', 'PATCH', '/git/refs/heads/test');
    expect(Object.keys(update.body as object)).toEqual(['sha']);
    const updated = await send('PATCH', '/git/refs/heads/test', { sha: second });
    expectAgrees(update, updated);
    expect(await emulator.refSha('test')).toBe(second);

    // GET git/refs/ after: main and test; each read singly must look like its item.
    const listAfter = recorded('git-refs', 'GET', '/git/refs/', 1);
    expect((listAfter.response as { ref: string }[]).map((r) => r.ref)).toEqual(['refs/heads/main', 'refs/heads/test']);
    for (const [i, name] of ['main', 'test'].entries()) {
      expectAgrees(listAfter, await send('GET', `/git/ref/heads/${name}`), { compareBody: (list) => (list as unknown[])[i] });
    }

    const remove = recorded('git-refs', 'DELETE', '/git/refs/heads/test');
    const removed = await send('DELETE', '/git/refs/heads/test');
    expectAgrees(remove, removed);
    expect(removed.body).toBe('');
    expect(remove.response).toBe('');
    expect(await emulator.refSha('test')).toBeNull();
  });

  it('add-labels-to-issue: labels an issue (here a pull request) by name, answering every label as GitHub did', async () => {
    // The recording labels an issue it opened; the emulator's issues are its pull requests, opened as github.ts opens them.
    await emulator.createBranch('feature', { 'docs/README.md': '# hello-world\nchanged\n' });
    const pull = await send('POST', '/pulls', { title: 'Issue without a label', head: 'feature', base: 'main' });
    expect(pull.status).toBe(201);
    const number = (pull.body as { number: number }).number;

    const addLabels = recorded('add-labels-to-issue', 'POST', '/issues/1/labels');
    const answer = await send('POST', `/issues/${number}/labels`, addLabels.body);
    expectAgrees(addLabels, answer);
    expect((answer.body as { name: string }[]).map((l) => l.name)).toEqual((addLabels.body as { labels: string[] }).labels);
  });

  it('get-content: lists a directory as GitHub did', async () => {
    // Recorded at the repository's top (contents/), which Oversight never lists: here a folder holding one file, as there.
    const listing = recorded('get-content', 'GET', '/contents/');
    expect(listing.reqheaders['accept']).toBe(JSON_MEDIA);
    expect((listing.response as { type: string }[]).map((e) => e.type)).toEqual(['file']);
    const answer = await send('GET', '/contents/docs');
    expectAgrees(listing, answer);
    expect((answer.body as { path: string }[]).map((e) => e.path)).toEqual(['docs/README.md']);
  });

  it('errors: a 422 Validation Failed and a 404 have GitHub\'s error shape', async () => {
    // errors: POST labels with an invalid colour → 422 with errors [{ resource, code, field }].
    // Oversight never makes labels so: the emulator's 422 with the same kind of error list is a pull request without a title.
    const invalid = recorded('errors', 'POST', '/labels');
    expect(invalid.response).toMatchObject({ message: 'Validation Failed', errors: [{ resource: 'Label', code: 'invalid', field: 'color' }] });
    await emulator.createBranch('untitled', { 'docs/README.md': 'changed\n' });
    const refused = await send('POST', '/pulls', { head: 'untitled', base: 'main' });
    expectAgrees(invalid, refused);
    expect(refused.body).toMatchObject({ message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'missing_field', field: 'title' }] });

    // branch-protection: GET …/branches/main/protection → 404 { message, documentation_url }.
    // The emulator's 404s on what Oversight reads: a missing ref, a missing branch, a missing file.
    const missing = recorded('branch-protection', 'GET', '/branches/main/protection');
    expect(missing.status).toBe(404);
    for (const path of ['/git/ref/heads/no-such-branch', '/branches/no-such-branch', '/contents/no-such-file.json']) {
      expectAgrees(missing, await send('GET', path));
    }
    // GitHub's current error bodies carry `status` (basic-error in the OpenAPI description); the recordings predate it.
    const spec = await loadOpenApi();
    expect((spec.components['schemas']?.['basic-error'] as { properties?: Record<string, unknown> }).properties?.['status']).toEqual({ type: 'string' });
    expect(allowancesUsed).toHaveLength(4);
  });

  it('lists exactly the endpoints github.ts calls that no recording covers', () => {
    // Every `octokit.request('METHOD /path'` in github.ts.
    const source = readFileSync(GITHUB_TS, 'utf8');
    const called = [...new Set([...source.matchAll(/octokit\.request\('([A-Z]+ \/[^']+)'/g)].map((m) => m[1] ?? ''))].sort();
    expect(called).toEqual([...RECORDED, ...RECORDED_AS_ITEMS, ...UNCOVERED].sort());
    expect(new Set([...RECORDED, ...RECORDED_AS_ITEMS, ...UNCOVERED]).size).toBe(called.length);

    // Every recorded exchange in the JSON media type, matched against the endpoints we call.
    const patterns = called.map((operation) => {
      const [method = '', path = ''] = operation.split(' ');
      const source = path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'ref' || name === 'path' ? '.*' : '[^/]+'));
      return { operation, method, pattern: new RegExp(`^${source}$`) };
    });
    const covered = new Set<string>();
    for (const name of readdirSync(FIXTURES)) {
      for (const r of scenario(name)) {
        if (r.reqheaders['accept'] !== JSON_MEDIA) continue;
        const path = r.path.replace(/\?.*$/, '');
        for (const p of patterns) if (p.method === r.method.toUpperCase() && p.pattern.test(path)) covered.add(p.operation);
      }
    }
    expect([...covered].sort()).toEqual(RECORDED);
    for (const operation of UNCOVERED) expect(covered.has(operation), operation).toBe(false);
    // The one covered through items: git-refs records the list, never a single ref.
    expect(scenario('git-refs').filter((r) => r.method === 'get').map((r) => r.path)).toEqual(['/repos/octokit-fixture-org/git-refs/git/refs/', '/repos/octokit-fixture-org/git-refs/git/refs/']);
  });
});
