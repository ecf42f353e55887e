/**
 * How a direction of travel is printed: an arrow for the eye and a word that carries the
 * meaning on its own (the arrow is hidden from screen readers and never the only signal).
 */
import { formatUkDate } from '../dates.ts';
import type { ResolvedBaseline } from '../history/baselines.ts';
import type { Direction } from '../history/travel.ts';

export interface DirectionLabel {
  /** Decorative: ↑ worse, ↓ better, → unchanged, + new. */
  arrow: string;
  /** Capitalised, as a table cell prints it: Worse, Better, Unchanged, New. */
  text: string;
}

const LABELS: Record<Direction, DirectionLabel> = {
  worse: { arrow: '↑', text: 'Worse' },
  better: { arrow: '↓', text: 'Better' },
  unchanged: { arrow: '→', text: 'Unchanged' },
  new: { arrow: '+', text: 'New' },
};

export function directionLabel(direction: Direction): DirectionLabel {
  return LABELS[direction];
}

/**
 * What a baseline is called in a sentence: its declared name (or slug) and day, e.g.
 * "Cabinet (16 March 2021)", or "23 August 2026, one review cycle ago". A name that already
 * gives the day ("Cabinet, 16 March 2021") is not followed by it again.
 */
export function baselineText(baseline: Pick<ResolvedBaseline, 'slug' | 'name' | 'day'>): string {
  const day = formatUkDate(baseline.day);
  if (baseline.slug === null) return `${day}, one review cycle ago`;
  const name = baseline.name ?? baseline.slug;
  return name.includes(day) ? name : `${name} (${day})`;
}
