import { Octokit } from '@octokit/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck';
import {
  BranchTakenError,
  GitHostUnavailableError,
  ProposalExistsError,
  StaleChangeError,
  type ChangeSet,
  type FileVersion,
  type GitBackend,
  type Proposal,
  type ProposalFilter,
  type ProposalState,
} from '../../core/git/backend.ts';
import { gitBlobId } from '../../core/git/blob-id.ts';
import { labelNames } from '../../core/git/labels.ts';
import { cleanSignature, oneLine, parseMessage, proposalLabels, proposalMessage, REQUEST_DIGEST, trailer, TRAILER } from './commit-message.ts';

/**
 * GitBackend on GitHub's REST API: proposals are pull requests, opened by a bot token
 * (people review and merge them on GitHub). Writes go through the git data API, so a
 * submission is a handful of requests whatever the size of the repository:
 *
 *   GET  branches/{base}                    head commit and its tree, in one answer
 *   GET  contents/{data}/{path}?ref={head}  per changed file: its blob id now (the stale check)
 *   POST git/trees                          base_tree = head's tree, contents inline
 *   POST git/commits                        parent = head, message with the submitter's trailers
 *   POST git/refs                           refs/heads/{branch}
 *   POST pulls                              title, body, head, base
 *   POST issues/{n}/labels                  when there are labels
 *   POST pulls/{n}/requested_reviewers      when there are reviewers (refusals ignored)
 *
 * That is eight requests for a one-file change with labels and a reviewer, seven without a
 * reviewer. A branch that already exists is a retry: its pull request is the proposal
 * (ProposalExistsError); without one it is a half-made proposal, completed with up to three
 * more requests, unless its commit records another request (BranchTakenError). A pull request
 * that GitHub says was not opened has its branch deleted again.
 *
 * Requests are retried by Octokit's retry plugin (5xx, network errors, timeouts) and
 * throttling plugin (rate limits, within a small bound), each attempt with its own timeout.
 * A final failure is a GitHubError with a plain message and never the token.
 */

export interface GitHubBackendOptions {
  owner: string;
  repo: string;
  /** A token able to write contents and pull requests (a fine-grained token or an app token). */
  token: string;
  baseBranch?: string;
  /** Where the data directory sits in the repository ('' for the root). */
  dataPath?: string;
  /** The REST API's root (default https://api.github.com); tests point it at an emulator. */
  baseUrl?: string;
  /** Per attempt: a request taking longer is abandoned and retried. Default 10 s. */
  requestTimeoutMs?: number;
  /** Retries after a server error, network error or timeout. Default 2. */
  retries?: number;
  /** Retry n waits n² × this (default 500 ms); tests shorten it. */
  retryBaseDelayMs?: number;
  /** Rate limits: the longest advised wait honoured (default 10 s) and how many times (default 2). */
  maxRateLimitWaitSeconds?: number;
  maxRateLimitRetries?: number;
  /** How long one second of a rate limit's advised wait lasts (default 1000 ms); tests shorten it. */
  rateLimitSecondMs?: number;
  /** Pages of pull requests (100 each) listed at most before giving up (default 1000); tests lower it. */
  maxListPages?: number;
  /** Told of every rate limit GitHub answers with, and whether Oversight waits and tries again. */
  onRateLimit?: (event: RateLimitEvent) => void;
  /** File contents by blob id, shared by every function instance (Netlify Blobs), so a new instance need not read each file from GitHub again. */
  sharedBlobCache?: SharedBlobCache;
}

/**
 * A store of file contents by git blob id. Blob ids name their content, so an entry never goes
 * stale, and one read back is checked against its id before it is used. A store that fails is
 * passed over: it only ever saves requests.
 */
export interface SharedBlobCache {
  get(sha: string): Promise<string | undefined>;
  set(sha: string, content: string): Promise<void>;
}

export interface RateLimitEvent {
  /** GitHub's primary (hourly quota) or secondary (too fast, too many at once) limit. */
  kind: 'primary' | 'secondary';
  /** The wait GitHub advised (retry-after, or until x-ratelimit-reset), in seconds. */
  waitSeconds: number;
  /** "METHOD /path" of the request that was limited (no query, no token). */
  request: string;
  willRetry: boolean;
}

export interface GitHubBackend extends GitBackend {
  /** HTTP requests made so far (every attempt, retries included): for tests and the benchmark. */
  requestCount(): number;
}

/** A failure talking to GitHub, worded for a person: no URL, no token, no response body. */
export class GitHubError extends GitHostUnavailableError {
  constructor(
    message: string,
    /** GitHub's HTTP status, when it answered. */
    readonly status?: number,
    options?: { proposalOpened?: boolean },
  ) {
    super(message, options);
    this.name = 'GitHubError';
  }
}

/** The hidden line in a pull request body saying who submitted it (a bot opens every one). */
const SUBMITTER_MARKER = /<!-- oversight-submitted-by: (\S+) \((.*)\) -->/;
const VISIBLE_SUBMITTER = /^Submitted by (.+) through Oversight\.$/m;
const SHA = /^[0-9a-f]{40}$/;
/** GitHub usernames: alphanumerics and single hyphens, at most 39 characters. */
const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
/** Pages of 100 pull requests read at most: far more than a council makes, but an end to a list that never ends. */
const MAX_LIST_PAGES = 1000;
const BLOB_CONCURRENCY = 8;
const BLOB_CACHE_BYTES = 32 * 1024 * 1024;

/** The parts of a pull request (full or list form) a Proposal is made of. */
interface PullLike {
  number: number;
  title: string;
  html_url: string;
  state: string;
  merged_at: string | null;
  created_at: string;
  body: string | null;
  head: { ref: string };
  labels: { name?: string }[];
  user: { login: string } | null;
}

const RetryingOctokit = Octokit.plugin(retry, throttling);

export function createGitHubBackend(options: GitHubBackendOptions): GitHubBackend {
  const { owner, repo, token } = options;
  const baseBranch = options.baseBranch ?? 'main';
  const dataPath = (options.dataPath ?? 'data').replace(/^\/+|\/+$/g, '').replace(/^\.$/, '');
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const maxWait = options.maxRateLimitWaitSeconds ?? 10;
  const maxRateLimitRetries = options.maxRateLimitRetries ?? 2;
  let requests = 0;

  // Every attempt (the retry plugins call fetch again) gets its own timeout and is counted.
  // The whole answer, body included, must come within the time: a timeout is then always a
  // failed fetch, which Octokit turns into an error (status 500) its retry plugin retries,
  // never a failure while Octokit reads the body, which nothing would retry.
  const timedFetch: typeof fetch = async (input, init) => {
    requests++;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    const response = await fetch(input, { ...init, signal });
    const body = [101, 204, 205, 304].includes(response.status) ? null : await response.arrayBuffer();
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  // GitHub's advice (retry-after, or the quota's reset) is honoured when it is short enough:
  // the throttling plugin then waits that long before trying again.
  const withinBound =
    (kind: RateLimitEvent['kind']) =>
    (retryAfter: number, requestOptions: { method?: string; url?: string }, _octokit: unknown, retryCount: number): boolean => {
      const willRetry = retryAfter <= maxWait && retryCount < maxRateLimitRetries;
      options.onRateLimit?.({ kind, waitSeconds: retryAfter, request: `${requestOptions.method ?? ''} ${(requestOptions.url ?? '').replace(/\?.*$/, '')}`, willRetry });
      return willRetry;
    };

  const octokit = new RetryingOctokit({
    auth: token,
    userAgent: 'oversight',
    ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl.replace(/\/+$/, '') } : {}),
    request: { fetch: timedFetch },
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    // 429 is the throttling plugin's to retry (after the advised time), not the retry plugin's.
    retry: { retries: options.retries ?? 2, retryAfterBaseValue: options.retryBaseDelayMs ?? 500, doNotRetry: [400, 401, 403, 404, 409, 410, 422, 429, 451] },
    throttle: {
      id: `${owner}/${repo}`,
      // The plugin's default spaces writes 1 s apart and pull requests 3 s apart, meant for bulk
      // scripts: a submission makes five or six writes in a row, so only serialise them.
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
      notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
      retryAfterBaseValue: options.rateLimitSecondMs ?? 1000,
      onRateLimit: withinBound('primary'),
      onSecondaryRateLimit: withinBound('secondary'),
    },
  });

  const repoParams = { owner, repo } as const;
  const apiRoot = `${(options.baseUrl ?? 'https://api.github.com').replace(/\/+$/, '')}/`;
  const fullPath = (path: string): string => {
    const segments = path.split('/');
    if (path === '' || segments.some((s) => s === '' || s === '.' || s === '..') || /[\\\0\n\r]/.test(path)) {
      throw new Error(`not a data file path: ${JSON.stringify(path)}`);
    }
    return dataPath === '' ? path : `${dataPath}/${path}`;
  };
  const prefix = dataPath === '' ? '' : `${dataPath}/`;

  // Blobs never change: keep what was read (bounded), so repeated whole-data reads are cheap.
  const blobCache = new Map<string, string>();
  let cachedBytes = 0;
  const remember = (sha: string, content: string): void => {
    if (blobCache.has(sha) || content.length > BLOB_CACHE_BYTES / 4) return;
    blobCache.set(sha, content);
    cachedBytes += content.length;
    for (const [key, value] of blobCache) {
      if (cachedBytes <= BLOB_CACHE_BYTES) break;
      blobCache.delete(key);
      cachedBytes -= value.length;
    }
  };

  async function readBlobRaw(sha: string): Promise<string | null> {
    if (!SHA.test(sha)) return null;
    const cached = blobCache.get(sha) ?? (await fromSharedCache(sha));
    if (cached !== undefined) {
      remember(sha, cached);
      return cached;
    }
    try {
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/git/blobs/{file_sha}', { ...repoParams, file_sha: sha });
      const content = decode(data.content, data.encoding);
      remember(sha, content);
      await options.sharedBlobCache?.set(sha, content).catch(() => undefined);
      return content;
    } catch (err) {
      if (statusOf(err) === 404 || statusOf(err) === 422) return null;
      throw err;
    }
  }

  async function fromSharedCache(sha: string): Promise<string | undefined> {
    const content = await options.sharedBlobCache?.get(sha).catch(() => undefined);
    return content !== undefined && gitBlobId(content) === sha ? content : undefined;
  }

  async function baseHead(): Promise<{ commit: string; tree: string }> {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/branches/{branch}', { ...repoParams, branch: baseBranch });
    return { commit: data.commit.sha, tree: data.commit.commit.tree.sha };
  }

  /** The blob id of each path (relative to the data directory) at a commit; absent paths are left out. */
  async function blobIdsAt(commit: string, tree: string, paths: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    if (paths.length > 3) {
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', { ...repoParams, tree_sha: tree, recursive: '1' });
      if (!data.truncated) {
        const wanted = new Map(paths.map((p) => [fullPath(p), p]));
        for (const entry of data.tree) {
          const path = entry.path === undefined ? undefined : wanted.get(entry.path);
          if (path !== undefined && entry.type === 'blob' && entry.sha !== undefined) found.set(path, entry.sha);
        }
        return found;
      }
    }
    await Promise.all(
      paths.map(async (path) => {
        try {
          const { data } = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', { ...repoParams, path: fullPath(path), ref: commit });
          if (!Array.isArray(data) && data.type === 'file') found.set(path, data.sha);
        } catch (err) {
          if (statusOf(err) !== 404) throw err;
        }
      }),
    );
    return found;
  }

  async function pullsForBranch(branch: string): Promise<PullLike[]> {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/pulls', { ...repoParams, head: `${owner}:${branch}`, state: 'all', per_page: 100 });
    return data;
  }

  /** The pull request a branch carries: the open one if any, else the newest. */
  async function pullForBranch(branch: string): Promise<PullLike | null> {
    const pulls = (await pullsForBranch(branch)).filter((p) => p.head.ref === branch);
    return pulls.find((p) => p.state === 'open') ?? newestFirst(pulls)[0] ?? null;
  }

  async function addLabels(number: number, labels: string[]): Promise<string[] | null> {
    const wanted = proposalLabels(labels);
    if (wanted.length === 0) return null;
    const { data } = await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', { ...repoParams, issue_number: number, labels: wanted });
    return data.map((l) => l.name);
  }

  async function requestReviews(number: number, reviewers: string[]): Promise<void> {
    const logins = [...new Set(reviewers.filter((r) => GITHUB_LOGIN.test(r)))];
    if (logins.length === 0) return;
    try {
      await octokit.request('POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers', { ...repoParams, pull_number: number, reviewers: logins });
    } catch {
      // A reviewer who is not a collaborator (422), or GitHub not answering: the proposal stands without.
    }
  }

  async function deleteBranchQuietly(branch: string): Promise<void> {
    try {
      await octokit.request('DELETE /repos/{owner}/{repo}/git/refs/{ref}', { ...repoParams, ref: `heads/${branch}` });
    } catch {
      // Left behind: the next attempt finds the branch without a pull request and completes it.
    }
  }

  async function propose(change: ChangeSet): Promise<Proposal> {
    const head = await baseHead();
    const current = await blobIdsAt(
      head.commit,
      head.tree,
      change.files.map((f) => f.path),
    );
    for (const file of change.files) {
      if ((current.get(file.path) ?? null) !== file.expectSha) throw new StaleChangeError(file.path);
    }

    const entries = change.files
      .filter((f) => f.content !== null || current.has(f.path))
      .map((f) =>
        f.content === null
          ? { path: fullPath(f.path), mode: '100644' as const, type: 'blob' as const, sha: null }
          : { path: fullPath(f.path), mode: '100644' as const, type: 'blob' as const, content: f.content },
      );
    const { data: tree } = await octokit.request('POST /repos/{owner}/{repo}/git/trees', { ...repoParams, base_tree: head.tree, tree: entries });
    // Author and committer are the token's identity; the submitter is in the trailers.
    const { data: commit } = await octokit.request('POST /repos/{owner}/{repo}/git/commits', {
      ...repoParams,
      message: proposalMessage(change),
      tree: tree.sha,
      parents: [head.commit],
    });

    let createdBranch = true;
    try {
      await octokit.request('POST /repos/{owner}/{repo}/git/refs', { ...repoParams, ref: `refs/heads/${change.branch}`, sha: commit.sha });
    } catch (err) {
      if (!(statusOf(err) === 422 && /already exists/i.test(errorText(err)))) throw err;
      createdBranch = false;
    }
    if (!createdBranch) {
      const existing = await pullForBranch(change.branch);
      if (existing) throw new ProposalExistsError(await withLabels(existing, change));
      // The branch without a pull request: an earlier attempt stopped half-way, or a simultaneous
      // one has not opened its pull request yet. A branch whose commit records a different
      // request (the same key sent with other content) is left alone: its pull request, opened
      // now, would otherwise hold this change under the other's title. When the branch already
      // holds this change on the same base, open the pull request from it as it is (never moving
      // a branch another attempt may be opening a pull request from); otherwise complete it with
      // this attempt's commit, prepared against the base branch as it is now.
      const { data: left } = await octokit.request('GET /repos/{owner}/{repo}/branches/{branch}', { ...repoParams, branch: change.branch });
      const leftBy = trailer(parseMessage(left.commit.commit.message), TRAILER.request);
      if (leftBy !== undefined && leftBy !== requestOf(change)) throw new BranchTakenError(change.branch);
      const same = left.commit.commit.tree.sha === tree.sha && left.commit.parents.length === 1 && left.commit.parents[0]?.sha === head.commit;
      if (!same) await octokit.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', { ...repoParams, ref: `heads/${change.branch}`, sha: commit.sha, force: true });
    }

    let pull: PullLike;
    try {
      const { data } = await octokit.request('POST /repos/{owner}/{repo}/pulls', {
        ...repoParams,
        title: oneLine(change.title) || 'Untitled',
        body: pullBody(change),
        head: change.branch,
        base: baseBranch,
      });
      pull = data;
    } catch (err) {
      // GitHub may have opened it although no answer came back (every attempt timed out), or
      // it already exists (422): look before undoing anything.
      const existing = await pullForBranch(change.branch).catch(() => undefined);
      if (existing === undefined) {
        // No answer to that either: deleting the branch would close a pull request GitHub may
        // have opened from it. Kept, it is found again by the next attempt with this branch.
        throw new GitHubError(`${failureWords(err)} while opening the proposal, and Oversight could not check whether it was opened; submitting again will finish it`, statusOf(err), {
          proposalOpened: true,
        });
      }
      if (existing?.state !== 'open') {
        // Nothing opened: remove the branch so nothing is left behind. Should that fail too,
        // the next attempt with this branch finds it without a pull request and completes it.
        await deleteBranchQuietly(change.branch);
        throw err;
      }
      // Ours when we made the branch just now and it records this request (an earlier attempt
      // was answered too late); otherwise the answer is the proposal that is there.
      if (!createdBranch || requestDigestOf(existing.body) !== requestOf(change)) throw new ProposalExistsError(await withLabels(existing, change));
      pull = existing;
    }

    let labels: string[] | null;
    try {
      labels = await addLabels(pull.number, change.labels);
    } catch (err) {
      throw new GitHubError(`${failureWords(err)} while labelling the proposal; it was opened at ${pull.html_url} and submitting again will finish it`, statusOf(err), { proposalOpened: true });
    }
    await requestReviews(pull.number, change.reviewers);
    return toProposal(pull, labels ?? names(pull.labels));
  }

  /**
   * An existing proposal with the labels the change asked for, adding any missing (repairs a
   * half-labelled one), unless it records a different submission, whose labels these are not.
   */
  async function withLabels(pull: PullLike, change: ChangeSet): Promise<Proposal> {
    const have = names(pull.labels);
    const missing = proposalLabels(change.labels).filter((l) => !have.includes(l));
    const [theirs, mine] = [requestDigestOf(pull.body), requestOf(change)];
    const other = theirs !== undefined && mine !== undefined && theirs !== mine;
    if (pull.state !== 'open' || missing.length === 0 || other) return toProposal(pull, have);
    try {
      return toProposal(pull, (await addLabels(pull.number, missing)) ?? have);
    } catch {
      return toProposal(pull, have);
    }
  }

  /** Every pull request on the base branch: page after page, as GitHub's Link header leads, to the last. */
  async function listPulls(state: 'open' | 'closed' | 'all'): Promise<PullLike[]> {
    const maxPages = options.maxListPages ?? MAX_LIST_PAGES;
    const all: PullLike[] = [];
    let page = await octokit.request('GET /repos/{owner}/{repo}/pulls', { ...repoParams, state, base: baseBranch, per_page: 100 });
    for (let pages = 1; ; pages++) {
      all.push(...page.data);
      const next = nextPage(page.headers.link);
      if (next === undefined) return all;
      // Never part of the list as if it were all of it: a proposal left out would go unseen.
      if (pages >= maxPages) throw new GitHubError(`GitHub lists more than ${(maxPages * 100).toLocaleString('en-GB')} pull requests in the data repository, more than Oversight reads, so it cannot list the proposals whole`);
      // The token goes with the request: only ever to the API it was given for.
      if (!next.startsWith(apiRoot)) throw new GitHubError('GitHub gave the next page of pull requests at another address, which Oversight does not follow');
      page = (await octokit.request({ method: 'GET', url: next })) as typeof page;
    }
  }

  async function treeEntries(commit: string | undefined): Promise<{ path: string; sha: string }[]> {
    const treeSha =
      commit === undefined
        ? (await baseHead()).tree
        : (await octokit.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', { ...repoParams, commit_sha: commit })).data.tree.sha;
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', { ...repoParams, tree_sha: treeSha, recursive: '1' });
    if (!data.truncated) {
      return data.tree.flatMap((e) => (e.type === 'blob' && e.path?.startsWith(prefix) && e.sha !== undefined ? [{ path: e.path.slice(prefix.length), sha: e.sha }] : []));
    }
    // Too big for one answer: walk down to the data directory, then through it a directory at a time.
    let dir = treeSha;
    for (const segment of dataPath === '' ? [] : dataPath.split('/')) {
      const { data: level } = await octokit.request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', { ...repoParams, tree_sha: dir });
      const next = level.tree.find((e) => e.path === segment && e.type === 'tree');
      if (next?.sha === undefined) return [];
      dir = next.sha;
    }
    const files: { path: string; sha: string }[] = [];
    const walk = async (sha: string, at: string): Promise<void> => {
      const { data: level } = await octokit.request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', { ...repoParams, tree_sha: sha });
      // Never validate part of the data as if it were all of it.
      if (level.truncated) throw new GitHubError(`GitHub gave only part of the folder ${dataPath === '' ? '' : `${dataPath}/`}${at} in the data repository, so Oversight cannot read the data whole`);
      for (const e of level.tree) {
        if (e.sha === undefined || e.path === undefined) continue;
        if (e.type === 'blob') files.push({ path: at + e.path, sha: e.sha });
        if (e.type === 'tree') await walk(e.sha, `${at}${e.path}/`);
      }
    };
    await walk(dir, '');
    return files;
  }

  return {
    requestCount: () => requests,

    head: () =>
      guard('read', async () => {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/git/ref/{ref}', { ...repoParams, ref: `heads/${baseBranch}` });
        return data.object.sha;
      }),

    readFile: (path, at) =>
      guard('read', async () => {
        try {
          const { data } = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', { ...repoParams, path: fullPath(path), ref: at ?? baseBranch });
          if (Array.isArray(data) || data.type !== 'file') return null;
          // Files over 1 MB come without content: fetch the blob.
          const content = data.encoding === 'base64' ? decode(data.content, 'base64') : await readBlobRaw(data.sha);
          if (content === null) return null;
          remember(data.sha, content);
          return { content, sha: data.sha };
        } catch (err) {
          if (statusOf(err) === 404) return null;
          throw err;
        }
      }),

    readBlob: (sha) => guard('read', () => readBlobRaw(sha)),

    readFiles: (at) =>
      guard('read', async () => {
        const entries = await treeEntries(at);
        const files = new Map<string, FileVersion>();
        await mapLimit(entries, BLOB_CONCURRENCY, async ({ path, sha }) => {
          const content = await readBlobRaw(sha);
          if (content !== null) files.set(path, { content, sha });
        });
        return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      }),

    propose: (change) => guard('propose', () => propose(change)),

    listProposals: (filter?: ProposalFilter) =>
      guard('read', async () => {
        const state = filter?.state === undefined ? 'all' : filter.state === 'open' ? 'open' : 'closed';
        const pulls = await listPulls(state);
        const risk = filter?.risk;
        return newestFirst(pulls.filter(isOversightPull))
          .map((p) => toProposal(p, names(p.labels)))
          .filter((p) => (filter?.state === undefined || p.state === filter.state) && (risk === undefined || p.labels.some((l) => labelNames(l, risk))));
      }),

    proposalForBranch: (branch) =>
      guard('read', async () => {
        const pull = await pullForBranch(branch);
        return pull ? toProposal(pull, names(pull.labels)) : null;
      }),
  };
}

/**
 * GitHub refuses a pull request whose body is longer than 65,536 characters (422, "body is too
 * long"); the description is cut well short of that, leaving room for who submitted it.
 */
export const PULL_DESCRIPTION_LIMIT = 60_000;

/** The pull request body: the change's description, then who submitted it, seen and machine-readable. */
export function pullBody(change: ChangeSet): string {
  const who = cleanSignature(change.submitter);
  const id = change.submitter.id.replace(/[^A-Za-z0-9._@-]+/g, '-') || 'unknown';
  const name = who.name.replace(/-->/g, '');
  const body = shortened(change.body.replace(/\r\n?/g, '\n').trim());
  const digest = requestOf(change);
  const request = digest === undefined ? '' : `<!-- oversight-request: ${digest} -->\n`;
  return `${body === '' ? '' : `${body}\n\n`}---\nSubmitted by ${name} through Oversight.\n<!-- oversight-submitted-by: ${id} (${name}) -->\n${request}`;
}

/** A description within PULL_DESCRIPTION_LIMIT: cut at a line, saying where the rest is (the files changed say it all). */
function shortened(description: string): string {
  if (description.length <= PULL_DESCRIPTION_LIMIT) return description;
  const note = '\n\n(The description was too long for GitHub and is shortened here: see the files changed for the whole change.)';
  const cut = description.slice(0, PULL_DESCRIPTION_LIMIT - note.length);
  const line = cut.lastIndexOf('\n');
  // Never inside a surrogate pair, nor leaving half a line such as a table row.
  return `${line > 0 ? cut.slice(0, line) : cut.replace(/[\uD800-\uDBFF]$/, '')}${note}`;
}

/** The change's requestDigest as it is recorded (with the pull request and in the commit), if it is one. */
function requestOf(change: ChangeSet): string | undefined {
  return change.requestDigest !== undefined && REQUEST_DIGEST.test(change.requestDigest) ? change.requestDigest : undefined;
}

/** The requestDigest Oversight recorded in a pull request body: the last marker, as for the submitter. */
function requestDigestOf(body: string | null): string | undefined {
  return body === null ? undefined : [...body.matchAll(/<!-- oversight-request: (sha256:[0-9a-f]{64}) -->/g)].at(-1)?.[1];
}

/** The submitter's name recorded in a pull request body, if Oversight opened it. */
export function submitterName(body: string | null): string | undefined {
  if (body === null) return undefined;
  // The last: Oversight appends its marker after the submitter's own words, which may imitate it.
  const lastMatch = (pattern: RegExp): RegExpExecArray | undefined => [...body.matchAll(new RegExp(pattern, 'g' + pattern.flags))].at(-1);
  return lastMatch(SUBMITTER_MARKER)?.[2] ?? lastMatch(VISIBLE_SUBMITTER)?.[1];
}

function isOversightPull(pull: PullLike): boolean {
  return pull.head.ref.startsWith('oversight/') || (pull.body !== null && SUBMITTER_MARKER.test(pull.body));
}

function toProposal(pull: PullLike, labels: string[]): Proposal {
  const requestDigest = requestDigestOf(pull.body);
  const state: ProposalState = pull.merged_at !== null ? 'merged' : pull.state === 'open' ? 'open' : 'closed';
  return {
    id: String(pull.number),
    title: pull.title,
    url: pull.html_url,
    state,
    author: submitterName(pull.body) ?? pull.user?.login ?? 'Unknown',
    createdAt: new Date(pull.created_at).toISOString(),
    branch: pull.head.ref,
    labels,
    ...(requestDigest === undefined ? {} : { requestDigest }),
  };
}

function names(labels: { name?: string }[]): string[] {
  return labels.flatMap((l) => (l.name === undefined ? [] : [l.name]));
}

function newestFirst<T extends { created_at: string; number: number }>(pulls: T[]): T[] {
  return [...pulls].sort((a, b) => b.created_at.localeCompare(a.created_at) || b.number - a.number);
}

/** The next page's address in a Link header (`<url>; rel="next", <url>; rel="last"`), if there is one. */
function nextPage(link: string | undefined): string | undefined {
  return /<([^>]+)>;\s*rel="next"/.exec(link ?? '')?.[1];
}

function decode(content: string, encoding: string): string {
  if (encoding === 'base64') return Buffer.from(content.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'utf-8' || encoding === 'utf8') return content;
  throw new GitHubError(`GitHub gave a file in an encoding Oversight does not read (${encoding})`);
}

function statusOf(err: unknown): number | undefined {
  if (typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number') return err.status;
  return undefined;
}

/** GitHub's own words for a refusal (message and errors[].message), for recognising known cases only. */
function errorText(err: unknown): string {
  if (typeof err !== 'object' || err === null || !('response' in err)) return '';
  const data: unknown = (err.response as { data?: unknown } | undefined)?.data;
  if (typeof data !== 'object' || data === null) return typeof data === 'string' ? data : '';
  const parts: string[] = [];
  if ('message' in data && typeof data.message === 'string') parts.push(data.message);
  if ('errors' in data && Array.isArray(data.errors)) {
    for (const e of data.errors as unknown[]) {
      if (typeof e === 'object' && e !== null && 'message' in e && typeof e.message === 'string') parts.push(e.message);
    }
  }
  return parts.join('; ');
}

function isRateLimited(err: unknown): boolean {
  const status = statusOf(err);
  return status === 429 || (status === 403 && /rate limit/i.test(errorText(err)));
}

/** The first half of a failure message: did GitHub not answer, or did it refuse? */
function failureWords(err: unknown): string {
  const status = statusOf(err);
  if (isRateLimited(err)) return 'GitHub is limiting how many requests Oversight may make (rate limit)';
  if (status === undefined || status >= 500) return 'GitHub did not answer';
  if (status === 401) return 'GitHub did not accept the token Oversight uses';
  if (status === 403 || status === 404) return `GitHub refused access to the repository (${status})`;
  return `GitHub refused the request (${status})`;
}

/** Lets the backend's own errors through; anything else becomes a plain GitHubError. */
async function guard<T>(kind: 'read' | 'propose', run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof StaleChangeError || err instanceof ProposalExistsError || err instanceof BranchTakenError || err instanceof GitHubError) throw err;
    if (err instanceof Error && err.message.startsWith('not a data file path')) throw err;
    throw new GitHubError(kind === 'propose' ? `${failureWords(err)}; nothing was submitted` : failureWords(err), statusOf(err));
  }
}

async function mapLimit<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await run(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
