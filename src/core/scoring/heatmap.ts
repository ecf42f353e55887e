import type { Risk } from '../schemas/risk.ts';
import type { ScoringScheme } from '../schemas/scoring-scheme.ts';
import { rate } from './rating.ts';

export type Heatmap = number[][];
export type RatingKind = 'current' | 'target';

/**
 * Counts open risks in each likelihood × impact cell, in the orientation committee
 * papers print: row 0 is likelihood 5 (top) down to likelihood 1; column 0 is impact 1.
 */
export function heatmap(risks: readonly Risk[], kind: RatingKind): Heatmap {
  const grid = Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]);
  for (const risk of risks) {
    const r = risk[kind];
    if (risk.status !== 'open' || r === undefined) continue;
    grid[5 - r.likelihood]![r.impact - 1]! += 1;
  }
  return grid;
}

export type BandCounts = Record<string, number> & { Total: number };

/** Open risks in each band, plus a total, as the level summary prints them. */
export function bandCounts(risks: readonly Risk[], kind: RatingKind, scheme: ScoringScheme): BandCounts {
  const counts: Record<string, number> = {};
  for (const band of scheme.bands) counts[band.name] = 0;
  let total = 0;
  for (const risk of risks) {
    const r = risk[kind];
    if (risk.status !== 'open' || r === undefined) continue;
    counts[rate(r, scheme).band.name]! += 1;
    total += 1;
  }
  return { ...counts, Total: total };
}
