import { actorFor, personForIdentity, type Actor } from '../core/access/authorize.ts';
import type { Workspace } from '../core/data/workspace.ts';
import { GitHostUnavailableError } from '../core/git/backend.ts';
import { authenticate, bearerHeader, type Authentication } from './auth/authenticate.ts';
import { checkCsrf } from './auth/csrf.ts';
import { safeReturnPath } from './auth/sign-in.ts';
import { formErrorPage, htmlPage } from './html.ts';
import { checkRate } from './rate-limit.ts';
import { rateLimitStore, type Counted } from './rate-limit-store.ts';
import { readInput } from './read-input.ts';
import { jsonError, logFailure, logRefusal, redirect } from './responses.ts';
import { serverConfigFromEnv, type AuthConfig } from './server-config.ts';
import { signInToSendPage } from './sign-in-to-send-page.ts';
import { loadServerWorkspace } from './workspace-source.ts';

export interface Caller {
  actor: Actor;
  auth: Authentication & { ok: true };
  workspace: Workspace;
  config: AuthConfig;
}

export type Env = Record<string, string | undefined>;

/**
 * What a function does, which decides its checks. A change is limited by the change limit only.
 * A read that reaches the git host has a limit of its own, since every such read spends the
 * GitHub API allowance that everyone's submissions share; `page` says its answer is a page a
 * person opens, so that refusal is a page too.
 */
export type Protection = { changesState: true } | { changesState: false; readsGitHost: boolean; page?: boolean };

/**
 * Every protected function runs through this, in this order: configuration,
 * authentication (401), the person behind the identity (403), then for
 * state-changing requests CSRF (403) and the per-person change limit (429),
 * and for reads of the git host the per-person read limit (429).
 */
export function protect(
  options: Protection,
  handler: (req: Request, caller: Caller) => Promise<Response> | Response,
  env: Env = process.env,
): (req: Request) => Promise<Response> {
  return async (req) => {
    const path = new URL(req.url).pathname;
    const isPage = !options.changesState && options.page === true;
    const server = serverConfigFromEnv(env);
    if ('missing' in server.auth) {
      return jsonError(503, 'not-configured', `Sign-in is not configured on this server. Set ${server.auth.missing.join(', ')}.`);
    }
    const config = server.auth;
    if ('problem' in server.rateLimit) return jsonError(503, 'not-configured', server.rateLimit.problem);
    if ('problem' in server.readRateLimit) return jsonError(503, 'not-configured', server.readRateLimit.problem);
    const changesPerMinute = server.rateLimit.perMinute;
    const readsPerMinute = server.readRateLimit.perMinute;
    const auth = await authenticate(req, config);
    if (!auth.ok && auth.code === 'identity-provider-unavailable') {
      logRefusal(503, auth.code, null, path);
      return jsonError(503, auth.code, auth.message, { 'retry-after': '60' });
    }
    if (!auth.ok) {
      logRefusal(401, auth.code, null, path);
      // A person posting a form from one of our pages keeps what they typed while they sign in
      // (a page holding it); from anywhere else, nothing is kept: they sign in, then come back to
      // the page. A script sending a token with a form body gets its 401.
      if (isFormPost(req) && bearerHeader(req) === undefined) return signInToSend(req, config.publicUrl);
      // A person opening a page (a link from an email, a bookmark after their sign-in ran out) signs in and comes back to it.
      if (isPage && bearerHeader(req) === undefined) return redirect(`/auth/login?returnTo=${encodeURIComponent(path)}`, 303);
      return jsonError(401, auth.code, auth.message, { 'www-authenticate': 'Bearer' });
    }
    const workspace = loadServerWorkspace(env);
    const person = personForIdentity(workspace, auth.identity);
    if (person === undefined) {
      logRefusal(403, 'unknown-person', null, path);
      const message = 'You are signed in, but no one in this council\'s registers has your email address. Ask a risk manager to add you.';
      if (isPage) return htmlPage(403, 'You cannot see this page', [message], { href: '/', text: 'Go to the registers' });
      return jsonError(403, 'unknown-person', message);
    }
    const actor = actorFor(workspace, person);
    if (options.changesState) {
      const csrf = checkCsrf(req, auth, config.publicUrl);
      if (!csrf.ok) {
        logRefusal(403, csrf.code, person.id, path);
        return jsonError(403, csrf.code, csrf.message);
      }
      const overLimit = await refuseOverLimit({ counted: 'changes', perMinute: changesPerMinute, page: false }, env, person.id, path);
      if (overLimit) return overLimit;
    } else if (options.readsGitHost) {
      const overLimit = await refuseOverLimit({ counted: 'reads', perMinute: readsPerMinute, page: options.page ?? false }, env, person.id, path);
      if (overLimit) return overLimit;
    }
    try {
      const response = await handler(req, { actor, auth, workspace, config });
      // A handler refuses by the authorize rule (403): logged here, as every refusal is, with the person's id only.
      if (response.status === 403) logRefusal(403, 'forbidden', person.id, path);
      return response;
    } catch (error) {
      if (error instanceof GitHostUnavailableError) {
        logRefusal(503, 'git-host-unavailable', person.id, path);
        return gitHostUnavailable(req, error, isPage);
      }
      // A fault of ours or of the server's set-up: the log says what, the caller is told plainly.
      logFailure(person.id, path, error);
      return serverFailure(req, isPage);
    }
  };
}

/** Counts the request against the person's limit of its kind: a 429 once they are over it, else null. */
async function refuseOverLimit(limit: { counted: Counted; perMinute: number; page: boolean }, env: Env, personId: string, path: string): Promise<Response | null> {
  const rate = await checkRate(rateLimitStore(env, limit.counted), personId, limit.perMinute);
  if (rate.allowed) return null;
  logRefusal(429, 'rate-limited', personId, path);
  const headers = { 'retry-after': String(rate.retryAfterSeconds) };
  const message = `Too many ${limit.counted === 'changes' ? 'changes' : 'requests'} in a minute. Wait ${rate.retryAfterSeconds} seconds and try again.`;
  if (limit.page) return htmlPage(429, 'Too many requests', [message], { href: path, text: 'Try again' }, headers);
  return jsonError(429, 'rate-limited', message, headers);
}

/** The git host failed after retries: its message says plainly what happened; add what to do. */
function gitHostUnavailable(req: Request, error: GitHostUnavailableError, isPage: boolean): Response {
  const message = `${error.message.replace(/\.?$/, '.')} Try again in a few minutes.`;
  if (isPage) return htmlPage(503, 'This page cannot be shown just now', [message], { href: new URL(req.url).pathname, text: 'Try again' }, { 'retry-after': '60' });
  // A form sends no Idempotency-Key: sent again, it would open a second proposal, not finish this one.
  if (isFormPost(req) && error.proposalOpened) return htmlPage(503, 'Your change was submitted but not finished', PROPOSAL_UNFINISHED, { href: '/proposals/', text: 'See the proposals' });
  if (isFormPost(req)) return formErrorPage(503, message, [], { title: 'Your change could not be submitted', back: refererPath(req, new URL(req.url)), upload: isUpload(req), cause: 'unavailable' });
  return jsonError(503, 'git-host-unavailable', message, { 'retry-after': '60' });
}

const PROPOSAL_UNFINISHED = [
  'Your change was opened as a proposal, but GitHub stopped answering before Oversight could finish it: it may not be labelled with its register and risk, or sent to its reviewers.',
  'Do not submit it again: that would open a second proposal. Tell the people who run this site, who can finish it on GitHub.',
];

function serverFailure(req: Request, isPage: boolean): Response {
  const message = 'Something went wrong on the server, and it has been logged. Try again later; if it happens again, tell the people who run this site.';
  if (isPage) return htmlPage(500, 'This page cannot be shown', [message], { href: '/', text: 'Go to the registers' });
  if (isFormPost(req)) return formErrorPage(500, message, [], { title: 'Your change could not be finished', back: refererPath(req, new URL(req.url)), upload: isUpload(req), cause: 'failed' });
  return jsonError(500, 'internal', message);
}

/**
 * The page that keeps a signed-out person's form answers, for a post from our own pages only:
 * offered to a post from another site, it would put someone else's answers behind our button.
 */
async function signInToSend(req: Request, publicUrl: URL): Promise<Response> {
  const back = refererPath(req, publicUrl);
  const signIn = redirect(`/auth/login?returnTo=${encodeURIComponent(back)}`, 303);
  const origin = req.headers.get('origin');
  const ours = origin !== null ? origin === publicUrl.origin : req.headers.get('sec-fetch-site') === 'same-origin';
  if (!ours) return signIn;
  const input = await readInput(req);
  if (!input.ok || typeof input.value !== 'object' || input.value === null) return signIn;
  const url = new URL(req.url);
  return signInToSendPage(input.value as Record<string, unknown>, `${url.pathname}${url.search}`, back);
}

/** A file chosen in a page's file upload, which the browser does not keep for the way back. */
function isUpload(req: Request): boolean {
  return (req.headers.get('content-type') ?? '').startsWith('multipart/form-data');
}

/** A page's form posted by a browser: fields, or a file chosen in a file upload. */
export function isFormPost(req: Request): boolean {
  const type = req.headers.get('content-type') ?? '';
  return req.method === 'POST' && (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data'));
}

/**
 * The path of the page a form was posted from, when it is on this site, as sign-in's return
 * path is checked: `https://site//elsewhere.example/` is this site's origin, but its path would
 * be a link off it.
 */
function refererPath(req: Request, publicUrl: URL): string {
  try {
    const referer = new URL(req.headers.get('referer') ?? '');
    return referer.origin === publicUrl.origin ? safeReturnPath(referer.pathname) : '/';
  } catch {
    return '/';
  }
}
