import { inspect } from 'node:util';
import type { Store } from '@netlify/blobs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BranchTakenError, ProposalExistsError, type ChangeSet } from '../../src/core/git/backend.ts';
import { settleProposeError } from '../../src/core/proposals/same-submission.ts';
import { blobsBlobCache } from '../../src/http/blob-cache-store.ts';
import { gitBackend, githubOptionsFromEnv } from '../../src/http/git-backend.ts';
import { createGitHubBackend, GitHubError, type GitHubBackend, type GitHubBackendOptions, type RateLimitEvent } from '../../src/node/git/github.ts';
import { startBlobsRuntime, type BlobsRuntime } from '../helpers/blobs-runtime.ts';
import { startGitHubEmulator, type EmulatorOptions, type GitHubEmulator } from '../helpers/github-emulator.ts';
import { blobSha, CONTRACT_FILES, gitBackendContract, riskChange, SUBMITTER, tickingClock } from './git-backend.contract.ts';

const TOKEN = 'ghp_Secret0Token0For0Tests0Only0123456789';
const REVIEWER = 'rita-reviewer';
const RISK = 'registers/corporate/risks/COR0001.json';
/** "METHOD /path" of the pull request creation, and of nothing else. */
const CREATE_PULL = /^POST \/repos\/[^/]+\/[^/]+\/pulls$/;
const DELETE_REF = /^DELETE \/repos\/[^/]+\/[^/]+\/git\/refs\//;

function underDataPath(files: Record<string, string>, dataPath: string): Record<string, string> {
  if (dataPath === '') return files;
  return { 'README.md': '# Risk data\n', ...Object.fromEntries(Object.entries(files).map(([path, content]) => [`${dataPath}/${path}`, content])) };
}

for (const dataPath of ['data', '']) {
  gitBackendContract(`GitHubBackend against the emulator, data at ${dataPath === '' ? 'the top of the repository' : `${dataPath}/`}`, async (files) => {
    const emulator = await startGitHubEmulator({ files: underDataPath(files, dataPath), token: TOKEN, now: tickingClock() });
    const backend = createGitHubBackend({ owner: emulator.owner, repo: emulator.repo, token: TOKEN, baseUrl: emulator.baseUrl, dataPath, retryBaseDelayMs: 1, rateLimitSecondMs: 1 });
    return {
      backend,
      cleanup: async () => {
        try {
          await emulator.idle();
          expect(emulator.shapeProblems).toEqual([]);
        } finally {
          await emulator.close();
        }
      },
    };
  });
}

describe('GitHubBackend against the emulator', () => {
  let emulator: GitHubEmulator;
  let logged: unknown[][];

  async function start(options: Partial<GitHubBackendOptions> = {}, emulatorOptions: EmulatorOptions = {}): Promise<GitHubBackend> {
    emulator = await startGitHubEmulator({ files: underDataPath(CONTRACT_FILES, 'data'), token: TOKEN, collaborators: [REVIEWER], ...emulatorOptions });
    return createGitHubBackend({ owner: emulator.owner, repo: emulator.repo, token: TOKEN, baseUrl: emulator.baseUrl, retryBaseDelayMs: 1, rateLimitSecondMs: 1, ...options });
  }

  /** A one-file change to COR0001 against the head, with a reviewer. */
  async function change(backend: GitHubBackend, branch: string, overrides: Partial<ChangeSet> = {}): Promise<ChangeSet> {
    return riskChange(await backend.head(), branch, { reviewers: [REVIEWER], ...overrides });
  }

  /** Each request since the last clearRequests, as "operation status". */
  const calls = (): string[] => emulator.requests.map((r) => `${r.operation ?? `${r.method} ${r.path}`} ${r.status}`);
  const openPulls = (): number[] => emulator.pulls().filter((p) => p.state === 'open').map((p) => p.number);

  beforeEach(() => {
    logged = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args));
    }
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    try {
      await emulator.idle();
      // Nothing logged carries the token, whatever happened; every request and answer was as GitHub describes them.
      expect(inspect(logged, { depth: 8 })).not.toContain(TOKEN);
      expect(emulator.shapeProblems).toEqual([]);
    } finally {
      await emulator.close();
    }
  });

  describe('a submission', () => {
    it('opens a pull request with the title, body, labels and reviewer, on a commit with the submitter trailers', async () => {
      const backend = await start();
      const head = await backend.head();
      const submitted = await change(backend, 'oversight/COR0001/full');
      const proposal = await backend.propose(submitted);

      expect(emulator.pulls()).toHaveLength(1);
      const pull = emulator.pulls()[0];
      expect(pull).toMatchObject({ number: Number(proposal.id), title: submitted.title, head: submitted.branch, base: 'main', state: 'open', labels: ['COR0001', 'corporate'], requestedReviewers: [REVIEWER] });
      expect(pull?.body).toBe(`${submitted.body}\n\n---\nSubmitted by Sam Submitter through Oversight.\n<!-- oversight-submitted-by: sam-submitter (Sam Submitter) -->\n`);
      expect(proposal).toEqual({
        id: '1',
        title: submitted.title,
        url: `https://github.com/${emulator.owner}/${emulator.repo}/pull/1`,
        state: 'open',
        author: SUBMITTER.name,
        createdAt: new Date(pull?.createdAt ?? '').toISOString(),
        branch: submitted.branch,
        labels: ['COR0001', 'corporate'],
      });

      const message = await emulator.commitMessage(submitted.branch);
      expect(message).toBe(
        [
          submitted.title,
          '',
          submitted.body,
          '',
          `Oversight-Branch: ${submitted.branch}`,
          'Oversight-Labels: COR0001, corporate',
          'Co-authored-by: Sam Submitter <sam@example.org>',
          'Oversight-Submitted-By: Sam Submitter <sam@example.org> (sam-submitter)',
        ].join('\n'),
      );
      expect(await emulator.commitParents(submitted.branch)).toEqual([head]);
      expect(await emulator.fileAt(submitted.branch, `data/${RISK}`)).toBe(submitted.files[0]?.content);
      expect(await emulator.refSha('main')).toBe(head);
    });

    it('names the real submitter even when the body imitates the hidden and the visible submitter lines', async () => {
      const backend = await start();
      const submitted = await change(backend, 'oversight/COR0001/forged');
      const forged = { ...submitted, body: `> Routine.\n<!-- oversight-submitted-by: helen-ashworth (Helen Ashworth) -->\nSubmitted by Helen Ashworth through Oversight.\n\n${submitted.body}` };
      const proposal = await backend.propose(forged);
      expect(proposal.author).toBe(SUBMITTER.name);
      expect((await backend.listProposals()).map((p) => p.author)).toEqual([SUBMITTER.name]);
    });

    it.each([
      [
        'with a reviewer',
        [REVIEWER],
        [
          'GET /repos/{owner}/{repo}/branches/{branch} 200',
          'GET /repos/{owner}/{repo}/contents/{path} 200',
          'POST /repos/{owner}/{repo}/git/trees 201',
          'POST /repos/{owner}/{repo}/git/commits 201',
          'POST /repos/{owner}/{repo}/git/refs 201',
          'POST /repos/{owner}/{repo}/pulls 201',
          'POST /repos/{owner}/{repo}/issues/{issue_number}/labels 200',
          'POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers 201',
        ],
      ],
      [
        'without a reviewer',
        [],
        [
          'GET /repos/{owner}/{repo}/branches/{branch} 200',
          'GET /repos/{owner}/{repo}/contents/{path} 200',
          'POST /repos/{owner}/{repo}/git/trees 201',
          'POST /repos/{owner}/{repo}/git/commits 201',
          'POST /repos/{owner}/{repo}/git/refs 201',
          'POST /repos/{owner}/{repo}/pulls 201',
          'POST /repos/{owner}/{repo}/issues/{issue_number}/labels 200',
        ],
      ],
    ])('submits a one-file change %s in exactly the designed requests', async (_, reviewers, expected) => {
      const backend = await start();
      const submitted = await change(backend, 'oversight/COR0001/count', { reviewers });
      const before = backend.requestCount();
      emulator.clearRequests();
      await backend.propose(submitted);
      expect(calls()).toEqual(expected);
      expect(backend.requestCount() - before).toBe(expected.length);
    });

    it('asks a reviewer GitHub refuses (not a collaborator) nothing more, and the proposal stands', async () => {
      const backend = await start();
      const proposal = await backend.propose(await change(backend, 'oversight/COR0001/stranger', { reviewers: ['not-a-collaborator', 'bad name!'] }));
      expect(proposal.state).toBe('open');
      expect(emulator.pulls()[0]?.requestedReviewers).toEqual([]);
      expect(emulator.requests.filter((r) => r.operation?.endsWith('requested_reviewers')).map((r) => [r.body, r.status])).toEqual([[{ reviewers: ['not-a-collaborator'] }, 422]]);
    });
  });

  describe('larger reads and changes', () => {
    const many = (n: number): Record<string, string> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`registers/corporate/risks/R${i}.json`, `{ "id": "R${i}" }\n`]));

    it.each([
      ['in one recursive tree', 100_000],
      ['a directory at a time when GitHub truncates the recursive tree', 5],
    ])('reads every data file %s, and proposes a change to several files checked against the head', async (_, treeEntryLimit) => {
      const files = { ...CONTRACT_FILES, ...many(6) };
      const backend = await start({}, { files: underDataPath(files, 'data'), treeEntryLimit });
      const read = await backend.readFiles();
      expect(Object.fromEntries(read)).toEqual(Object.fromEntries(Object.entries(files).map(([path, content]) => [path, { content, sha: blobSha(content) }])));

      const paths = Object.keys(many(4));
      const proposal = await backend.propose(
        riskChange(await backend.head(), 'oversight/corporate/bulk', {
          files: paths.map((path) => ({ path, content: `${files[path] ?? ''}edited\n`, expectSha: blobSha(files[path] ?? '') })),
        }),
      );
      expect(proposal.state).toBe('open');
      for (const path of paths) expect(await emulator.fileAt(proposal.branch, `data/${path}`)).toBe(`${files[path] ?? ''}edited\n`);
      const stale = riskChange(await backend.head(), 'oversight/corporate/bulk-stale', {
        files: paths.map((path, i) => ({ path, content: 'x\n', expectSha: i === 3 ? blobSha('not it') : blobSha(files[path] ?? '') })),
      });
      await expect(backend.propose(stale)).rejects.toMatchObject({ name: 'StaleChangeError', path: paths[3] });
    });

    describe('more pull requests than one page holds', () => {
      const PULLS = /^GET \/repos\/[^/]+\/[^/]+\/pulls$/;
      /** Merged proposals #1 (oldest) to #n, as years of changes leave them. */
      const merged = async (n: number): Promise<void> => {
        const head = await emulator.refSha('main');
        for (let i = 1; i <= n; i++) {
          const at = new Date(Date.UTC(2024, 0, 1, 9) + i * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
          emulator.pulls().push({ number: i, title: `Proposal ${i}`, body: null, head: `oversight/COR0001/p${i}`, headSha: head ?? '', base: 'main', state: 'closed', createdAt: at, updatedAt: at, closedAt: at, mergedAt: at, mergeCommitSha: head, labels: [], requestedReviewers: [] });
        }
      };

      it('lists every one, following GitHub\'s Link header from page to page to the last', async () => {
        const backend = await start();
        await merged(1005);
        emulator.clearRequests();
        const all = await backend.listProposals();
        expect(all.map((p) => p.id)).toEqual(Array.from({ length: 1005 }, (_, i) => String(1005 - i)));
        const pages = emulator.requests.filter((r) => PULLS.test(`${r.method} ${r.path}`));
        expect(pages.map((r) => [r.query['per_page'], r.query['page'], r.status])).toEqual([['100', undefined, 200], ...Array.from({ length: 10 }, (_, i) => ['100', String(i + 2), 200])]);
        expect((await backend.listProposals({ state: 'merged' })).at(-1)).toMatchObject({ id: '1', state: 'merged' });
      });

      it('says so rather than give part of the list when there are more pages than Oversight reads', async () => {
        const backend = await start({ maxListPages: 3 });
        await merged(300);
        expect(await backend.listProposals()).toHaveLength(300);
        emulator.pulls().push({ ...emulator.pulls()[0]!, number: 301, head: 'oversight/COR0001/p301' });
        const error = await backend.listProposals().catch((err: unknown) => err);
        expect(error).toBeInstanceOf(GitHubError);
        expect((error as GitHubError).message).toBe('GitHub lists more than 300 pull requests in the data repository, more than Oversight reads, so it cannot list the proposals whole');
      });
    });

    it('reports pull requests merged or closed on GitHub as merged or closed', async () => {
      const backend = await start();
      const a = await backend.propose(await change(backend, 'oversight/COR0001/merged'));
      const b = await backend.propose(
        await change(backend, 'oversight/COR0002/closed', { labels: ['COR0002'], files: [{ path: 'registers/corporate/risks/COR0002.json', content: '{}\n', expectSha: blobSha(CONTRACT_FILES['registers/corporate/risks/COR0002.json'] ?? '') }] }),
      );
      await emulator.mergePull(Number(a.id));
      emulator.closePull(Number(b.id));
      expect(await backend.listProposals({ state: 'merged' })).toEqual([{ ...a, state: 'merged' }]);
      expect(await backend.listProposals({ state: 'closed' })).toEqual([{ ...b, state: 'closed' }]);
      expect(await backend.listProposals({ state: 'open' })).toEqual([]);
      expect(await backend.proposalForBranch(a.branch)).toEqual({ ...a, state: 'merged' });
      expect(await backend.readFile(RISK)).toMatchObject({ content: (CONTRACT_FILES[RISK] ?? '').replace('Budget gap', 'Budget gap (narrowed)') });
    });

    it('lists pull requests opened in the same second newest first, by number, since GitHub dates them to the second', async () => {
      const second = new Date('2026-11-23T10:00:00Z');
      const backend = await start({}, { now: () => second });
      const a = await backend.propose(await change(backend, 'oversight/COR0001/first'));
      const b = await backend.propose(await change(backend, 'oversight/COR0001/second'));
      expect(b.createdAt).toBe(a.createdAt);
      expect((await backend.listProposals()).map((p) => p.id)).toEqual([b.id, a.id]);
    });
  });

  describe('a shared blob cache (Netlify Blobs, its real local server)', () => {
    const BLOB_READ = /^GET \/repos\/[^/]+\/[^/]+\/git\/blobs\//;
    const blobReads = (): number => emulator.requests.filter((r) => BLOB_READ.test(`${r.method} ${r.path}`)).length;
    let runtime: BlobsRuntime;
    let store: Store;

    beforeEach(async () => {
      runtime = await startBlobsRuntime();
      store = runtime.store('oversight-git-blobs');
    });

    afterEach(() => runtime.close());

    const expected = (): Record<string, { content: string; sha: string }> =>
      Object.fromEntries(Object.entries(CONTRACT_FILES).map(([path, content]) => [path, { content, sha: blobSha(content) }]));

    it('lets a new instance read the data files without a GitHub request a file, and checks each against its id', async () => {
      const first = await start({ sharedBlobCache: blobsBlobCache(store) });
      expect(Object.fromEntries(await first.readFiles())).toEqual(expected());
      expect(blobReads()).toBe(Object.keys(CONTRACT_FILES).length);

      // A new function instance: nothing in its memory, everything in the shared store.
      emulator.clearRequests();
      const second = createGitHubBackend({ owner: emulator.owner, repo: emulator.repo, token: TOKEN, baseUrl: emulator.baseUrl, retryBaseDelayMs: 1, rateLimitSecondMs: 1, sharedBlobCache: blobsBlobCache(store) });
      expect(Object.fromEntries(await second.readFiles())).toEqual(expected());
      expect(blobReads()).toBe(0);

      // An entry that does not match its id is never used: that file is read from GitHub again.
      const riskSha = blobSha(CONTRACT_FILES[RISK] ?? '');
      await store.set(riskSha, '{ "id": "COR0001", "title": "Not what git holds" }\n');
      emulator.clearRequests();
      const third = createGitHubBackend({ owner: emulator.owner, repo: emulator.repo, token: TOKEN, baseUrl: emulator.baseUrl, retryBaseDelayMs: 1, rateLimitSecondMs: 1, sharedBlobCache: blobsBlobCache(store) });
      expect(Object.fromEntries(await third.readFiles())).toEqual(expected());
      expect(emulator.requests.filter((r) => BLOB_READ.test(`${r.method} ${r.path}`)).map((r) => r.path.split('/').at(-1))).toEqual([riskSha]);
    });

    it('reads from GitHub as before when the store cannot be reached', async () => {
      await runtime.stop();
      const backend = await start({ sharedBlobCache: blobsBlobCache(store) });
      expect(Object.fromEntries(await backend.readFiles())).toEqual(expected());
      expect(blobReads()).toBe(Object.keys(CONTRACT_FILES).length);
    });
  });

  describe('faults', () => {
    it('retries server errors and the submission succeeds, once', async () => {
      const backend = await start();
      const submitted = await change(backend, 'oversight/COR0001/errors');
      emulator.clearRequests();
      const before = backend.requestCount();
      emulator.failNext(2, { match: /^POST .*\/git\/trees$/ });
      emulator.failNext(1, { status: 502, match: CREATE_PULL });
      emulator.failNext(1, { status: 503, match: /\/labels$/ });
      const proposal = await backend.propose(submitted);
      expect(proposal).toMatchObject({ branch: submitted.branch, state: 'open', labels: ['COR0001', 'corporate'] });
      expect(calls().filter((c) => c.includes('git/trees'))).toEqual(['POST /repos/{owner}/{repo}/git/trees 500', 'POST /repos/{owner}/{repo}/git/trees 500', 'POST /repos/{owner}/{repo}/git/trees 201']);
      expect(calls().filter((c) => c.startsWith('POST /repos/{owner}/{repo}/pulls '))).toEqual(['POST /repos/{owner}/{repo}/pulls 502', 'POST /repos/{owner}/{repo}/pulls 201']);
      expect(backend.requestCount() - before).toBe(8 + 4);
      expect(openPulls()).toEqual([Number(proposal.id)]);
    });

    it.each([
      ['before GitHub handles it (the commit)', /^POST .*\/git\/commits$/, undefined],
      ['after GitHub made the branch (the answer is lost)', /^POST .*\/git\/refs$/, 'late' as const],
      ['after GitHub opened the pull request (the answer is lost)', CREATE_PULL, 'late' as const],
    ])('abandons a request that takes too long, %s, tries again and opens exactly one pull request', async (_, match, answer) => {
      const backend = await start({ requestTimeoutMs: 1000, retries: 3 });
      const submitted = await change(backend, 'oversight/COR0001/slow');
      emulator.delayNext(2500, { match, ...(answer ? { answer } : {}) });
      const proposal = await backend.propose(submitted);
      await emulator.idle();
      expect(proposal).toMatchObject({ branch: submitted.branch, state: 'open', title: submitted.title, labels: ['COR0001', 'corporate'] });
      expect(emulator.pulls().map((p) => p.number)).toEqual([Number(proposal.id)]);
      expect(await emulator.fileAt(submitted.branch, `data/${RISK}`)).toBe(submitted.files[0]?.content);
      expect(emulator.requests.filter((r) => match.test(`${r.method} ${r.path}`)).length).toBeGreaterThanOrEqual(2);
      // A branch found holding this very change is used as it is, never moved.
      expect(emulator.requests.filter((r) => r.method === 'PATCH')).toEqual([]);
      expect(await backend.proposalForBranch(submitted.branch)).toEqual(proposal);
    });

    it('takes the pull request GitHub opened although no attempt was ever answered, rather than undoing it', async () => {
      const backend = await start({ requestTimeoutMs: 1000, retries: 2 });
      const submitted = await change(backend, 'oversight/COR0001/unanswered');
      for (let i = 0; i < 3; i++) emulator.delayNext(2500, { match: CREATE_PULL, answer: 'late' });
      const proposal = await backend.propose(submitted);
      await emulator.idle();
      expect(emulator.requests.filter((r) => CREATE_PULL.test(`${r.method} ${r.path}`)).map((r) => r.status)).toEqual([201, 422, 422]);
      expect(proposal).toMatchObject({ id: '1', branch: submitted.branch, state: 'open', labels: ['COR0001', 'corporate'] });
      expect(openPulls()).toEqual([1]);
      expect(await emulator.refSha(submitted.branch)).not.toBeNull();
    });

    it('keeps the branch when GitHub cannot say whether it opened the pull request, which deleting the branch would close', async () => {
      const backend = await start({ requestTimeoutMs: 1000, retries: 2 });
      const submitted = await change(backend, 'oversight/COR0001/unknown', { requestDigest: `sha256:${'c'.repeat(64)}` });
      // The first attempt opens it but its answer is lost; the next is told it exists; the look for it fails.
      emulator.delayNext(2500, { match: CREATE_PULL, answer: 'late' });
      emulator.failNext(3, { status: 502, match: /^GET .*\/pulls$/ });
      const error = await backend.propose(submitted).catch((err: unknown) => err);
      await emulator.idle();

      expect(error).toBeInstanceOf(GitHubError);
      expect((error as GitHubError).message).toBe('GitHub refused the request (422) while opening the proposal, and Oversight could not check whether it was opened; submitting again will finish it');
      expect((error as GitHubError).proposalOpened).toBe(true);
      expectNoSecrets(error, emulator);
      expect(emulator.requests.filter((r) => DELETE_REF.test(`${r.method} ${r.path}`))).toEqual([]);
      expect(openPulls()).toEqual([1]);
      expect(await emulator.refSha(submitted.branch)).not.toBeNull();

      // The retry with the same key finds it.
      const again = await backend.propose(submitted).catch((err: unknown) => err);
      expect(again).toBeInstanceOf(ProposalExistsError);
      expect((again as ProposalExistsError).proposal).toMatchObject({ id: '1', state: 'open', requestDigest: submitted.requestDigest, labels: ['COR0001', 'corporate'] });
    });

    it.each([403, 429] as const)('honours a secondary rate limit (%i with retry-after): waits as advised, then succeeds', async (status) => {
      const events: RateLimitEvent[] = [];
      const backend = await start({ onRateLimit: (e) => events.push(e) });
      const submitted = await change(backend, 'oversight/COR0001/limited');
      emulator.clearRequests();
      emulator.rateLimitNext({ secondary: true, status, retryAfter: 7, match: CREATE_PULL });
      const proposal = await backend.propose(submitted);
      expect(events).toEqual([{ kind: 'secondary', waitSeconds: 7, request: 'POST /repos/{owner}/{repo}/pulls', willRetry: true }]);
      expect(calls().filter((c) => c.startsWith('POST /repos/{owner}/{repo}/pulls '))).toEqual([`POST /repos/{owner}/{repo}/pulls ${status}`, 'POST /repos/{owner}/{repo}/pulls 201']);
      expect(openPulls()).toEqual([Number(proposal.id)]);
    });

    it('honours the primary rate limit (x-ratelimit-remaining 0) until its reset', async () => {
      const events: RateLimitEvent[] = [];
      const backend = await start({ onRateLimit: (e) => events.push(e) });
      const submitted = await change(backend, 'oversight/COR0001/quota');
      emulator.rateLimitNext({ secondary: false, retryAfter: 2, match: /^POST .*\/git\/trees$/ });
      await expect(backend.propose(submitted)).resolves.toMatchObject({ state: 'open' });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ kind: 'primary', request: 'POST /repos/{owner}/{repo}/git/trees', willRetry: true });
      // Until the reset (2 s from GitHub's clock, in whole seconds) and one second more.
      expect(events[0]?.waitSeconds).toBeGreaterThanOrEqual(2);
      expect(events[0]?.waitSeconds).toBeLessThanOrEqual(3);
    });

    it.each([
      ['advises a longer wait than Oversight gives', 600],
      ['gives no retry-after (GitHub: wait at least a minute)', null],
    ])('gives up on a secondary rate limit that %s: a plain GitHubError, nothing submitted, nothing left', async (_, retryAfter) => {
      const events: RateLimitEvent[] = [];
      const backend = await start({ onRateLimit: (e) => events.push(e), maxRateLimitWaitSeconds: 10 });
      const submitted = await change(backend, 'oversight/COR0001/too-long');
      emulator.rateLimitNext({ secondary: true, status: 429, retryAfter, match: CREATE_PULL });
      const error = await backend.propose(submitted).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(GitHubError);
      expect((error as GitHubError).message).toBe('GitHub is limiting how many requests Oversight may make (rate limit); nothing was submitted');
      expect(events).toEqual([{ kind: 'secondary', waitSeconds: retryAfter ?? 60, request: 'POST /repos/{owner}/{repo}/pulls', willRetry: false }]);
      expect(emulator.pulls()).toEqual([]);
      expect(await emulator.refSha(submitted.branch)).toBeNull();
    });

    it('gives a plain GitHubError saying nothing was submitted when GitHub keeps failing, after a bounded number of attempts', async () => {
      const backend = await start({ retries: 2 });
      const submitted = await change(backend, 'oversight/COR0001/down');
      const before = backend.requestCount();
      emulator.failNext(1000);
      const error = await backend.propose(submitted).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(GitHubError);
      expect((error as GitHubError).message).toBe('GitHub did not answer; nothing was submitted');
      expect((error as GitHubError).status).toBe(500);
      expect(backend.requestCount() - before).toBe(3);
      expectNoSecrets(error, emulator);
    });

    it('never puts the token in an error, even when GitHub refuses it', async () => {
      const backend = await start({ token: `${TOKEN}-wrong` });
      const error = await backend.propose(riskChange('0'.repeat(40), 'oversight/COR0001/refused')).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(GitHubError);
      expect((error as GitHubError).message).toBe('GitHub did not accept the token Oversight uses; nothing was submitted');
      expect((error as GitHubError).status).toBe(401);
      expect(backend.requestCount()).toBe(1);
      expectNoSecrets(error, emulator, `${TOKEN}-wrong`);
      await expect(backend.head()).rejects.toThrow(/^GitHub did not accept the token Oversight uses$/);
    });
  });

  describe('a description longer than GitHub takes', () => {
    it('is shortened at a line in the pull request, which says so and still records the submitter; the commit keeps it whole', async () => {
      const backend = await start();
      // A before-and-after table past the limit, as an update to 20 actions with long progress notes makes.
      const rows = Array.from({ length: 1_300 }, (_, i) => `| Action A${i} progress | ${'x'.repeat(50)} | ${'y'.repeat(10)} |`);
      const submitted = await change(backend, 'oversight/COR0001/long', { body: `**COR0001**\n\n${rows.join('\n')}` });
      expect(submitted.body.length).toBeGreaterThan(65_536);
      const proposal = await backend.propose(submitted);
      const pull = emulator.pulls().find((p) => p.number === Number(proposal.id))!;
      expect(pull.body!.length).toBeLessThanOrEqual(65_536);
      expect(pull.body).toContain('(The description was too long for GitHub and is shortened here: see the files changed for the whole change.)');
      expect(pull.body).toMatch(/\|\n\n\(The description/);
      expect(pull.body).toContain('<!-- oversight-submitted-by: sam-submitter (Sam Submitter) -->');
      expect(await emulator.commitMessage(submitted.branch)).toContain(rows.at(-1)!);
    });
  });

  describe('a half-made proposal (branch made, pull request not)', () => {
    it('is cleaned up when the pull request cannot be opened, and the retry with the same branch opens one', async () => {
      const backend = await start();
      const submitted = await change(backend, 'oversight/COR0001/half');
      emulator.failNext(3, { match: CREATE_PULL });
      const error = await backend.propose(submitted).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(GitHubError);
      expect((error as GitHubError).message).toBe('GitHub did not answer; nothing was submitted');
      expectNoSecrets(error, emulator);
      expect(await emulator.refSha(submitted.branch)).toBeNull();
      expect(emulator.pulls()).toEqual([]);
      expect(await backend.proposalForBranch(submitted.branch)).toBeNull();

      const proposal = await backend.propose(submitted);
      expect(proposal).toMatchObject({ branch: submitted.branch, state: 'open' });
      expect(emulator.pulls().map((p) => p.number)).toEqual([Number(proposal.id)]);
    });

    it('is completed by the retry with the same branch when the clean-up failed too, and never becomes two', async () => {
      const backend = await start();
      const head = await backend.head();
      const submitted = await change(backend, 'oversight/COR0001/left');
      emulator.failNext(3, { match: CREATE_PULL });
      emulator.failNext(3, { match: DELETE_REF });
      await expect(backend.propose(submitted)).rejects.toBeInstanceOf(GitHubError);
      expect(await emulator.refSha(submitted.branch)).not.toBeNull();
      expect(emulator.pulls()).toEqual([]);

      const proposal = await backend.propose(submitted);
      expect(proposal).toMatchObject({ branch: submitted.branch, state: 'open', title: submitted.title, labels: ['COR0001', 'corporate'] });
      expect(emulator.pulls().map((p) => p.number)).toEqual([Number(proposal.id)]);
      expect(await emulator.commitParents(submitted.branch)).toEqual([head]);
      expect(await emulator.fileAt(submitted.branch, `data/${RISK}`)).toBe(submitted.files[0]?.content);

      // Once more: the same branch is the same proposal.
      const again = await backend.propose(submitted).catch((err: unknown) => err);
      expect(again).toBeInstanceOf(ProposalExistsError);
      expect((again as ProposalExistsError).proposal).toEqual(proposal);
      expect(emulator.pulls()).toHaveLength(1);
    });

    it('is completed from a branch a crashed attempt left with other content, taking this change', async () => {
      const backend = await start();
      const submitted = await change(backend, 'oversight/COR0001/crashed');
      await emulator.createBranch(submitted.branch, { [`data/${RISK}`]: 'half written\n' });
      emulator.clearRequests();
      const proposal = await backend.propose(submitted);
      expect(calls()).toEqual([
        'GET /repos/{owner}/{repo}/branches/{branch} 200',
        'GET /repos/{owner}/{repo}/contents/{path} 200',
        'POST /repos/{owner}/{repo}/git/trees 201',
        'POST /repos/{owner}/{repo}/git/commits 201',
        'POST /repos/{owner}/{repo}/git/refs 422',
        'GET /repos/{owner}/{repo}/pulls 200',
        'GET /repos/{owner}/{repo}/branches/{branch} 200',
        'PATCH /repos/{owner}/{repo}/git/refs/{ref} 200',
        'POST /repos/{owner}/{repo}/pulls 201',
        'POST /repos/{owner}/{repo}/issues/{issue_number}/labels 200',
        'POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers 201',
      ]);
      expect(proposal.branch).toBe(submitted.branch);
      expect(emulator.pulls()).toHaveLength(1);
      expect(await emulator.fileAt(submitted.branch, `data/${RISK}`)).toBe(submitted.files[0]?.content);
      expect(await emulator.commitMessage(submitted.branch)).toContain('Oversight-Submitted-By: Sam Submitter <sam@example.org> (sam-submitter)');
    });

    it('labels a proposal whose labelling failed when it is submitted again', async () => {
      const backend = await start();
      const submitted = await change(backend, 'oversight/COR0001/unlabelled');
      emulator.failNext(3, { match: /\/labels$/ });
      const error = await backend.propose(submitted).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(GitHubError);
      expect((error as GitHubError).message).toBe(
        `GitHub did not answer while labelling the proposal; it was opened at https://github.com/${emulator.owner}/${emulator.repo}/pull/1 and submitting again will finish it`,
      );
      expect(emulator.pulls()[0]?.labels).toEqual([]);
      const again = await backend.propose(submitted).catch((err: unknown) => err);
      expect(again).toBeInstanceOf(ProposalExistsError);
      expect((again as ProposalExistsError).proposal).toMatchObject({ id: '1', labels: ['COR0001', 'corporate'] });
      expect(emulator.pulls()).toHaveLength(1);
      expect(emulator.pulls()[0]?.labels).toEqual(['COR0001', 'corporate']);
    });

    describe('made for a different submission under the same key', () => {
      const digest = (c: string): string => `sha256:${c.repeat(64)}`;
      const content = (words: string): string => (CONTRACT_FILES[RISK] ?? '').replace('Budget gap', words);
      /** Another function instance: its own Octokit, sharing nothing with the first. */
      const instance = (): GitHubBackend => createGitHubBackend({ owner: emulator.owner, repo: emulator.repo, token: TOKEN, baseUrl: emulator.baseUrl, retryBaseDelayMs: 1, rateLimitSecondMs: 1 });
      const until = async (done: () => boolean): Promise<void> => {
        while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
      };
      const branchMade = (): boolean => emulator.requests.some((r) => r.operation === 'POST /repos/{owner}/{repo}/git/refs' && r.status === 201);

      it('is left alone while its pull request is being opened: the other submission is refused as the key reused', async () => {
        const first = await start();
        const second = instance();
        const branch = 'oversight/COR0001/sam-submitter.same-key';
        const a = await change(first, branch, { title: 'A: budget gap narrowed', requestDigest: digest('a'), files: [{ path: RISK, content: content('A content'), expectSha: blobSha(CONTRACT_FILES[RISK] ?? '') }] });
        const b = await change(first, branch, { title: 'B: budget gap widened', requestDigest: digest('b'), files: [{ path: RISK, content: content('B content'), expectSha: blobSha(CONTRACT_FILES[RISK] ?? '') }] });
        // GitHub is slow to open A's pull request: B comes between A's branch and A's pull request.
        const openPull = emulator.holdNext({ match: CREATE_PULL });
        const opening = first.propose(a);
        await until(branchMade);
        const refused = await second.propose(b).catch((err: unknown) => err);
        openPull();
        const proposal = await opening;

        expect(refused).toBeInstanceOf(BranchTakenError);
        expect(settleProposeError(refused, '', { idempotencyKey: 'same-key', requestDigest: b.requestDigest })).toEqual({
          kind: 'key-reused',
          message: 'This Idempotency-Key was already used for a different submission, so nothing was proposed. Send a new key with each new submission, and the same key only to retry the same one.',
        });
        expect(proposal).toMatchObject({ title: a.title, requestDigest: a.requestDigest, labels: ['COR0001', 'corporate'] });
        expect(emulator.pulls().map((p) => p.title)).toEqual([a.title]);
        expect(await emulator.fileAt(branch, `data/${RISK}`)).toBe(content('A content'));
        expect(emulator.requests.filter((r) => r.method === 'PATCH' || r.method === 'DELETE')).toEqual([]);
      });

      it('is not taken as this submission\'s own when its pull request turns up after this one failed to open', async () => {
        const backend = await start();
        const submitted = await change(backend, 'oversight/COR0001/sam-submitter.taken', { requestDigest: digest('b') });
        const openPull = emulator.holdNext({ match: CREATE_PULL });
        const proposing = backend.propose(submitted).catch((err: unknown) => err);
        // While this attempt's pull request waits, one recording another request is opened from its branch.
        await until(branchMade);
        const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
        const body = `Someone else's.\n\n---\nSubmitted by Sam Submitter through Oversight.\n<!-- oversight-submitted-by: sam-submitter (Sam Submitter) -->\n<!-- oversight-request: ${digest('a')} -->\n`;
        const headSha = (await emulator.refSha(submitted.branch)) ?? '';
        emulator.pulls().push({ number: 1, title: 'Another submission', body, head: submitted.branch, headSha, base: 'main', state: 'open', createdAt: now, updatedAt: now, closedAt: null, mergedAt: null, mergeCommitSha: null, labels: [], requestedReviewers: [] });
        openPull();
        const error = await proposing;

        expect(error).toBeInstanceOf(ProposalExistsError);
        expect((error as ProposalExistsError).proposal).toMatchObject({ id: '1', title: 'Another submission', requestDigest: digest('a'), labels: [] });
        expect(settleProposeError(error, '', { idempotencyKey: 'taken', requestDigest: submitted.requestDigest })).toMatchObject({ kind: 'key-reused' });
        // Neither labelled nor given a reviewer as if it were this one.
        expect(emulator.pulls()[0]).toMatchObject({ labels: [], requestedReviewers: [] });
      });
    });

    it('opens one pull request for simultaneous submissions on the same branch', async () => {
      const backend = await start();
      const submitted = await change(backend, 'oversight/COR0001/race');
      const results = await Promise.allSettled(Array.from({ length: 5 }, () => backend.propose(submitted)));
      expect(emulator.pulls()).toHaveLength(1);
      const number = String(emulator.pulls()[0]?.number);
      for (const result of results) {
        if (result.status === 'fulfilled') expect(result.value.id).toBe(number);
        else expect((result.reason as ProposalExistsError).proposal.id).toBe(number);
      }
      expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
      // Each found the branch holding the same change: none moved it under the pull request.
      expect(emulator.requests.filter((r) => r.method === 'PATCH' || r.method === 'DELETE')).toEqual([]);
    });
  });

  describe('OVERSIGHT_GIT_BACKEND=github', () => {
    const env = (overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> => ({
      OVERSIGHT_GIT_BACKEND: 'github',
      OVERSIGHT_GITHUB_REPOSITORY: `${emulator.owner}/${emulator.repo}`,
      OVERSIGHT_GITHUB_TOKEN: TOKEN,
      OVERSIGHT_GITHUB_API_URL: emulator.baseUrl,
      ...overrides,
    });

    it('builds the GitHub backend from the environment: repository, token, API address, base branch and data path', async () => {
      emulator = await startGitHubEmulator({ token: TOKEN, defaultBranch: 'trunk', files: underDataPath(CONTRACT_FILES, 'council/risks') });
      const backend = await gitBackend(env({ OVERSIGHT_BASE_BRANCH: 'trunk', OVERSIGHT_GITHUB_DATA_PATH: 'council/risks' }));
      expect(await backend.head()).toBe(await emulator.refSha('trunk'));
      const content = CONTRACT_FILES[RISK] ?? '';
      expect(await backend.readFile(RISK)).toEqual({ content, sha: blobSha(content) });
      expect(await gitBackend(env({ OVERSIGHT_BASE_BRANCH: 'trunk', OVERSIGHT_GITHUB_DATA_PATH: 'council/risks' }))).toBe(backend);
    });

    it('shares what it reads through Netlify Blobs where the runtime provides it', async () => {
      await start();
      const runtime = await startBlobsRuntime();
      const { context } = runtime;
      process.env['NETLIFY_BLOBS_CONTEXT'] = context;
      try {
        const backend = await gitBackend(env({ NETLIFY_BLOBS_CONTEXT: context }));
        await backend.readFiles();
        const shared = runtime.store('oversight-git-blobs');
        expect((await shared.list()).blobs.map((b) => b.key).sort()).toEqual(Object.values(CONTRACT_FILES).map(blobSha).sort());
      } finally {
        delete process.env['NETLIFY_BLOBS_CONTEXT'];
        await runtime.close();
      }
    });

    it('reads data/ on main by default', async () => {
      await start();
      expect(githubOptionsFromEnv(env({ OVERSIGHT_GITHUB_API_URL: undefined }))).toEqual({ owner: emulator.owner, repo: emulator.repo, token: TOKEN, baseBranch: 'main', dataPath: 'data' });
      const backend = await gitBackend(env());
      expect(await backend.readFile('people.json')).toEqual({ content: CONTRACT_FILES['people.json'], sha: blobSha(CONTRACT_FILES['people.json'] ?? '') });
    });

    it.each([
      ['OVERSIGHT_GITHUB_REPOSITORY', { OVERSIGHT_GITHUB_REPOSITORY: undefined }, /^OVERSIGHT_GITHUB_REPOSITORY is not set/],
      ['OVERSIGHT_GITHUB_REPOSITORY', { OVERSIGHT_GITHUB_REPOSITORY: 'just-a-name' }, /^OVERSIGHT_GITHUB_REPOSITORY must be owner\/name/],
      ['OVERSIGHT_GITHUB_REPOSITORY', { OVERSIGHT_GITHUB_REPOSITORY: TOKEN }, /^OVERSIGHT_GITHUB_REPOSITORY must be owner\/name/],
      ['OVERSIGHT_GITHUB_TOKEN', { OVERSIGHT_GITHUB_TOKEN: undefined }, /^OVERSIGHT_GITHUB_TOKEN is not set/],
      ['OVERSIGHT_GITHUB_TOKEN', { OVERSIGHT_GITHUB_TOKEN: '   ' }, /^OVERSIGHT_GITHUB_TOKEN is not set/],
      ['OVERSIGHT_GITHUB_TOKEN', { OVERSIGHT_GITHUB_TOKEN: `${TOKEN} ${TOKEN}` }, /^OVERSIGHT_GITHUB_TOKEN is not a single token/],
      ['OVERSIGHT_GITHUB_API_URL', { OVERSIGHT_GITHUB_API_URL: `ftp://${TOKEN}@example.org` }, /^OVERSIGHT_GITHUB_API_URL must be an http\(s\) address/],
      ['OVERSIGHT_GIT_BACKEND', { OVERSIGHT_GIT_BACKEND: 'gitlab' }, /^OVERSIGHT_GIT_BACKEND must be local or github/],
    ])('refuses missing or wrong configuration with an Error naming %s, never the token', async (_, overrides, message) => {
      await start();
      let error: unknown;
      try {
        await gitBackend(env(overrides));
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(message);
      expect(inspect(error)).not.toContain(TOKEN);
    });
  });
});

/** Neither the token nor where GitHub is (addresses can carry credentials) in the error, its stack or anything it holds. */
function expectNoSecrets(error: unknown, emulator: GitHubEmulator, token = TOKEN): void {
  const everything = `${inspect(error, { depth: 8, showHidden: true })} ${JSON.stringify(error)} ${(error as Error).stack ?? ''}`;
  expect(everything).not.toContain(token);
  expect(everything).not.toContain(emulator.baseUrl);
  expect(Object.keys(error as object).sort()).toEqual(['name', 'status']);
}
