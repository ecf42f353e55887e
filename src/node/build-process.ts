/**
 * Node flags for every process that builds the site: `npm run build` and `npm start` (set in
 * package.json's scripts, which a test keeps equal to these), npm start's rebuilds and the
 * bench's builds, ours and the trivial site's alike.
 *
 * Prerendering thousands of pages allocates short-lived strings at a great rate. A young
 * generation of 32 MB, twice V8's default on 64-bit machines, lets far more of them die there
 * before the collector has to copy them: in CPU profiles of a 5,000-risk build, the collector's
 * share of prerendering fell from 15% to 9%.
 *
 * Astro compiles each .astro file with its compiler built to WebAssembly, a large module that V8
 * by default recompiles with its optimizing compiler as soon as it runs. A build compiles a few
 * dozen files, far too few to repay that: kept on the baseline compiler (Liftoff), compiling
 * every .astro file of ours took 0.35 s instead of 1.2 s, 0.7 s of CPU instead of 2.6 s, and the
 * sample site's server bundle 3.7 s instead of 4.3 s (three builds each).
 */
export const BUILD_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32', '--no-wasm-tier-up', '--no-wasm-dynamic-tiering'];

/** The node arguments that run a TypeScript command of ours the way a build process runs. */
export const buildNodeArgs = (script: string): string[] => [...BUILD_NODE_FLAGS, '--import', 'tsx', script];
