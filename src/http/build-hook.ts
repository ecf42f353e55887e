import { formatUkDate, isoDay } from '../core/dates.ts';

/**
 * The published site judges overdue reviews and actions on the day it was built. Without a new
 * build it would go on flagging yesterday's, however long the data stayed the same, so a
 * scheduled function asks Netlify for a fresh build each day through a build hook
 * (https://docs.netlify.com/build/configure-builds/build-hooks/): a POST to the hook's URL,
 * whose optional `trigger_title` is the deploy's message.
 */
export const BUILD_HOOK_ENV = 'OVERSIGHT_BUILD_HOOK_URL';

export type DailyBuild =
  | { kind: 'requested'; day: string }
  /** No hook is set: the site is built only when the data changes. */
  | { kind: 'not-set' }
  | { kind: 'refused'; problem: string };

/** Asks for today's build. The hook's URL holds its secret, so no answer repeats it. */
export async function requestDailyBuild(env: Record<string, string | undefined>, now: Date): Promise<DailyBuild> {
  const setting = (env[BUILD_HOOK_ENV] ?? '').trim();
  if (setting === '') return { kind: 'not-set' };
  const url = hookUrl(setting);
  if (url === undefined) {
    return { kind: 'refused', problem: `${BUILD_HOOK_ENV} must be the build hook's https address, such as https://api.netlify.com/build_hooks/…: correct it in the site's environment variables` };
  }
  const day = isoDay(now);
  url.searchParams.set('trigger_title', `Daily build: overdue reviews and actions as at ${formatUkDate(day)}`);
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(20_000) });
  } catch (err) {
    return { kind: 'refused', problem: `the build hook could not be reached (${err instanceof Error ? err.name : 'unknown error'}): the daily build tries again tomorrow` };
  }
  await response.body?.cancel();
  if (!response.ok) return { kind: 'refused', problem: `the build hook answered ${response.status}: check that it still exists in the site's build settings` };
  return { kind: 'requested', day };
}

/** An https address without credentials; plain http only on this machine (a local stand-in for Netlify). */
function hookUrl(text: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.username !== '' || url.password !== '') return undefined;
  const local = url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  return url.protocol === 'https:' || local ? url : undefined;
}
