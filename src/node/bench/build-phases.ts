import type { AstroIntegration } from 'astro';

/**
 * Where one Astro build's time goes, in milliseconds: Vite's server bundle (the pages' code,
 * which prerendering runs), its client bundle (the browser's scripts; null when a site has
 * none), and prerendering, from the end of the bundles to the last page written. Null where
 * the build never got there.
 */
export interface BuildPhases {
  serverMs: number | null;
  clientMs: number | null;
  pagesMs: number | null;
}

/**
 * An integration for `build({ integrations })` that times each phase from Astro's own hooks: a
 * Vite plugin added to each bundle times it from its first hook to its last, and
 * `astro:build:generated` ends prerendering.
 */
export function buildPhaseTimer(): { integration: AstroIntegration; phases: () => BuildPhases } {
  const bundles = new Map<string, { start: number; end?: number }>();
  let generated: number | undefined;
  const integration: AstroIntegration = {
    name: 'oversight-bench-phases',
    hooks: {
      'astro:build:setup': ({ vite, target }) => {
        vite.plugins = [
          ...(vite.plugins ?? []),
          {
            name: `oversight-bench-phases-${target}`,
            buildStart: () => void bundles.set(target, { start: performance.now() }),
            closeBundle: () => {
              const bundle = bundles.get(target);
              if (bundle) bundle.end = performance.now();
            },
          },
        ];
      },
      'astro:build:generated': () => {
        generated = performance.now();
      },
    },
  };
  const took = (target: string): number | null => {
    const bundle = bundles.get(target);
    return bundle?.end === undefined ? null : bundle.end - bundle.start;
  };
  const phases = (): BuildPhases => {
    const bundled = Math.max(...[...bundles.values()].map((b) => b.end ?? Number.NaN));
    return { serverMs: took('server'), clientMs: took('client'), pagesMs: generated === undefined || !Number.isFinite(bundled) ? null : generated - bundled };
  };
  return { integration, phases };
}
