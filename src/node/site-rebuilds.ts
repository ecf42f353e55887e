import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataDirStamp } from '../core/data/read-dir.ts';
import { formatUkDate, isoDay } from '../core/dates.ts';
import { plural } from '../core/words.ts';
import { today } from './config.ts';
import { gitText } from './git/git-process.ts';
import { BUILD_NODE_FLAGS } from './build-process.ts';
import { startChild, type Child } from './run-in-child.ts';
import type { RebuildJob, RebuildOutcome } from './rebuild-worker.ts';

const WORKER = fileURLToPath(new URL('./rebuild-worker.ts', import.meta.url));
const REBUILD_TIMEOUT_MS = 15 * 60_000;

/**
 * What the site is built from, as one string that changes when that does: the day overdue
 * reviews and actions are judged on (so the site is rebuilt when a new day starts), every data
 * file (dataDirStamp) and the commit checked out, as the history pages read git (a commit of
 * files already edited changes them). A data directory that cannot be read has a version of
 * its own, so a build is tried and says why it failed.
 */
export async function dataVersion(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  let files: string;
  try {
    files = dataDirStamp(dataDir);
  } catch (err) {
    files = `unreadable: ${err instanceof Error ? err.message : String(err)}`;
  }
  const head = await gitText(dataDir, ['rev-parse', '--verify', '--quiet', 'HEAD'], { okCodes: [0, 1, 128] }).catch(() => '');
  return `${DAY}${isoDay(today(env))}\n${head}\n${files}`;
}

const DAY = 'day ';

/** Why a rebuild is starting: a change to the data, or only a new day. */
export function rebuildReason(before: string, after: string): string {
  const [dayBefore, ...dataBefore] = before.split('\n');
  const [dayAfter = '', ...dataAfter] = after.split('\n');
  if (dayBefore === dayAfter || dataBefore.join('\n') !== dataAfter.join('\n')) return 'The data has changed: rebuilding the site …';
  return `It is now ${formatUkDate(dayAfter.slice(DAY.length))}: rebuilding the site, so that overdue reviews and actions are judged on the new day …`;
}

export interface SiteRebuildsOptions {
  dataDir: string;
  /** Where rebuilt sites are written, each in a folder of its own; emptied first. */
  workDir: string;
  /** The dataVersion the site now served was built from, taken before that build started. */
  builtFrom: string;
  /** The warnings that build printed, if any: a rebuild with the same warnings says so in a line, not them all again. */
  warnings?: string | undefined;
  /** The environment the first build had (not one the server has since added secrets to). */
  env: NodeJS.ProcessEnv;
  /** Told each rebuilt site's folder once it is complete. */
  serve: (distDir: string) => void;
  log: (message: string) => void;
  /** How often to look at the data (default 1 s). A change is built once it has held still for one look. */
  intervalMs?: number;
}

export interface SiteRebuilds {
  /** Stops looking and stops a rebuild under way. The folder of the site being served is kept. */
  close(): Promise<void>;
}

/**
 * npm start's rebuilds: looks at the data every `intervalMs` and, once a change (an edit, an
 * import, `npm run proposals -- merge`) has held still, builds the site again in a child
 * process (started ahead, see rebuild-worker.ts) and has it served. Data that does not
 * validate is not published: the previous site is served on and the errors are logged,
 * until the data changes again.
 */
export function watchAndRebuild(options: SiteRebuildsOptions): SiteRebuilds {
  const interval = options.intervalMs ?? 1000;
  rmSync(options.workDir, { recursive: true, force: true });
  mkdirSync(options.workDir, { recursive: true });
  let builtFrom = options.builtFrom;
  let warnings = options.warnings;
  let lastSeen = builtFrom;
  let served: string | undefined;
  let previous: string | undefined;
  let count = 0;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let looking: Promise<void> = Promise.resolve();
  // The worker for the next rebuild, started ahead so it has loaded Astro by the time it is needed.
  const startWorker = (): { child: Child<RebuildOutcome>; stop: AbortController } => {
    const stop = new AbortController();
    return { child: startChild<RebuildOutcome>(WORKER, [], { env: options.env, signal: stop.signal, nodeFlags: [...BUILD_NODE_FLAGS] }), stop };
  };
  let next = startWorker();

  const rebuild = async (version: string): Promise<void> => {
    const outDir = join(options.workDir, `site-${++count}`);
    options.log(rebuildReason(builtFrom, version));
    const started = performance.now();
    const job: RebuildJob = { dataDir: options.dataDir, outDir };
    // A worker that ended while it waited (it could not load) is replaced; if the new one fails too, it says why.
    if (next.child.exited) next = startWorker();
    const worker = next;
    let timedOut = false;
    const deadline = setTimeout(() => {
      timedOut = true;
      worker.stop.abort();
    }, REBUILD_TIMEOUT_MS);
    worker.child.send(job);
    const outcome = await worker.child.outcome;
    clearTimeout(deadline);
    if (closed) return;
    next = startWorker();
    builtFrom = version;
    if (!outcome.ok) {
      rmSync(outDir, { recursive: true, force: true });
      const why = timedOut ? `The rebuild took more than ${REBUILD_TIMEOUT_MS / 60_000} minutes and was stopped.` : 'report' in outcome ? outcome.report : outcome.error;
      options.log(`${why}\nThe site was not rebuilt: still serving the previous one. Fix the data and it is rebuilt.`);
      return;
    }
    if (outcome.warnings > 0) options.log(outcome.report === warnings ? `${plural(outcome.warnings, 'warning')}, the same as the last build's.` : outcome.report);
    warnings = outcome.warnings > 0 ? outcome.report : undefined;
    options.serve(outDir);
    // The site just replaced is left to requests still reading it; the one before it goes.
    if (previous !== undefined) rmSync(previous, { recursive: true, force: true });
    previous = served;
    served = outDir;
    options.log(`Rebuilt in ${((performance.now() - started) / 1000).toFixed(1)} s: serving the new site.`);
  };

  const look = async (): Promise<void> => {
    const version = await dataVersion(options.dataDir, options.env);
    const settled = version === lastSeen;
    lastSeen = version;
    if (settled && version !== builtFrom && !closed) await rebuild(version);
  };

  const schedule = (): void => {
    if (closed) return;
    timer = setTimeout(() => {
      looking = look()
        .catch((err: unknown) => options.log(`Could not look for changes to the data: ${err instanceof Error ? err.message : String(err)}`))
        .finally(schedule);
    }, interval);
  };
  schedule();

  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      next.stop.abort();
      await looking;
    },
  };
}
