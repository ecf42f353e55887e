import { fileURLToPath } from 'node:url';
import { BUILD_NODE_FLAGS } from '../build-process.ts';
import { runInChild } from '../run-in-child.ts';
import type { BuildPhases } from './build-phases.ts';

export type BuildJob =
  | { kind: 'trivial'; pages: number; workDir: string }
  /**
   * `siteRoot`: a copy of the project's site (see site-copy.ts), so the build writes its dist/ there.
   * `warmUp: false` skips the untimed warm-up build, for a build whose time is not reported.
   * `outDir`: a new directory to build into, instead of the copy's dist/ (see bench.ts).
   */
  | { kind: 'site'; dataDir: string; workDir: string; siteRoot: string; warmUp?: boolean; outDir?: string };

/**
 * `ms`: wall-clock time. `cpuMs`: CPU time of the build's process (all its threads) and of
 * its child processes that finished (our history reader, git; not esbuild's service, still
 * running), which other work on a busy machine inflates far less.
 */
export type BuildOutcome = { ok: true; ms: number; cpuMs: number; pages: number; phases: BuildPhases } | { ok: false; error: string };

const BUILD_WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));

/**
 * Runs one build in a fresh Node process and returns its time. A fresh process
 * per build is needed for correctness, not only fairness: Astro imports the
 * prerender chunks by file URL, which Node caches, so a second buildSite() in
 * the same process reuses the first build's page modules (and their cached
 * site data) and builds the old data set's pages.
 *
 * It runs with the build's own node flags (build-process.ts), and `nodeFlags` besides (e.g. --cpu-prof).
 */
export function runBuild(job: BuildJob, nodeFlags: string[] = []): Promise<BuildOutcome> {
  return runInChild<BuildOutcome>(BUILD_WORKER, job, { nodeFlags: [...BUILD_NODE_FLAGS, ...nodeFlags], timeoutMs: 10 * 60_000 });
}
