/**
 * What a build-time ratio target leaves for prerendering. Bundling, validation and set-up
 * cost about the same whatever the number of pages, so they come off the allowance first;
 * what is left, shared among the pages, is the time each may take to prerender. Set beside
 * the trivial site's own cost per page, it shows whether any page template could meet the
 * target, or whether the fixed costs alone already spend most of it.
 */
export interface RatioBudget {
  /** The whole build may take this long: `ratio` × the trivial build. */
  allowedMs: number;
  /** Ours, all but prerendering. */
  fixedMs: number;
  /** `fixedMs` as a multiple of the whole trivial build. */
  fixedRatio: number;
  /** What the allowance leaves for prerendering all our pages; 0 or less when fixed costs spend it all. */
  prerenderMs: number;
  /** `prerenderMs` shared among our pages. */
  perPageMs: number;
  /** The trivial site's prerendering cost per page, for comparison. */
  trivialPerPageMs: number;
}

export interface TimedBuild {
  ms: number;
  pages: number;
  /** Prerendering's share of `ms`. */
  pagesMs: number;
}

export function ratioBudget(ours: TimedBuild, trivial: TimedBuild, ratio: number): RatioBudget {
  const allowedMs = trivial.ms * ratio;
  const fixedMs = ours.ms - ours.pagesMs;
  const prerenderMs = allowedMs - fixedMs;
  return {
    allowedMs,
    fixedMs,
    fixedRatio: fixedMs / trivial.ms,
    prerenderMs,
    perPageMs: prerenderMs / ours.pages,
    trivialPerPageMs: trivial.pagesMs / trivial.pages,
  };
}
