/**
 * The previous rating and the direction of travel since a baseline, from the current
 * rating only (never typed by hand; nothing else, such as a breached indicator, changes it).
 */
import type { RatingInput } from '../schemas/common.ts';
import type { ScoringScheme } from '../schemas/scoring-scheme.ts';
import { bandFor } from '../scoring/rating.ts';
import { scoreOf } from './diff.ts';
import { stateAt, type History } from './history.ts';
import type { ResolvedBaseline } from './baselines.ts';

export const DIRECTIONS = ['worse', 'better', 'unchanged', 'new'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** The rating at the baseline, as `/api/registers/ID.json` publishes it. */
export interface PreviousRating {
  /** Null when only a previous rating was imported, without its likelihood and impact. */
  likelihood: number | null;
  impact: number | null;
  rating: number;
  /** The band's name under today's scoring scheme. */
  band: string;
}

export interface Travel {
  previous: PreviousRating | null;
  direction: Direction;
  /** The baseline's slug, or its date when none is declared. */
  since: string;
}

export interface CurrentRisk {
  id: string;
  current: RatingInput;
  /** A `previous_rating` imported from a spreadsheet: used only where git has nothing at the baseline. */
  importedPreviousRating?: number | undefined;
}

/** worse when the rating went up, better when it went down, new when there was none before. */
export function directionOf(previous: number | null, current: number): Direction {
  if (previous === null) return 'new';
  return current > previous ? 'worse' : current < previous ? 'better' : 'unchanged';
}

/** A risk's rating as it stood at the baseline; null when it did not exist then (or had no readable rating). */
export function ratingAtBaseline(history: History, riskId: string, baseline: ResolvedBaseline, scheme: ScoringScheme): PreviousRating | null {
  const subject = history.risks.get(riskId);
  const state = subject ? stateAt(subject, baseline.index) : null;
  const score = scoreOf(state?.data ?? null, 'current');
  if (score === null) return null;
  return { likelihood: score.likelihood, impact: score.impact, rating: score.rating, band: bandFor(score.rating, scheme).name };
}

/** Previous rating and direction of travel for one risk. */
export function travelFor(history: History, risk: CurrentRisk, baseline: ResolvedBaseline, scheme: ScoringScheme): Travel {
  let previous = ratingAtBaseline(history, risk.id, baseline, scheme);
  if (previous === null && risk.importedPreviousRating !== undefined) {
    previous = { likelihood: null, impact: null, rating: risk.importedPreviousRating, band: bandFor(risk.importedPreviousRating, scheme).name };
  }
  const current = risk.current.likelihood * risk.current.impact;
  return { previous, direction: directionOf(previous?.rating ?? null, current), since: baseline.since };
}

/** How many risks are in a different band from the one they were in at the baseline (new risks are not counted). */
export function bandChanges(travels: Iterable<{ travel: Travel; currentBand: string }>): number {
  let n = 0;
  for (const { travel, currentBand } of travels) if (travel.previous !== null && travel.previous.band !== currentBand) n++;
  return n;
}
