import type { RatingInput } from '../schemas/common.ts';
import type { Band, ScoringScheme } from '../schemas/scoring-scheme.ts';

export interface Rating {
  likelihood: number;
  impact: number;
  /** likelihood × impact */
  rating: number;
  band: Band;
}

export function bandFor(rating: number, scheme: ScoringScheme): Band {
  const band = scheme.bands.find((b) => b.min <= rating && rating <= b.max);
  // The scheme schema proves every producible rating is in exactly one band.
  if (!band) throw new Error(`rating ${rating} is in no band of the scoring scheme`);
  return band;
}

export function rate(input: RatingInput, scheme: ScoringScheme): Rating {
  const rating = input.likelihood * input.impact;
  return { likelihood: input.likelihood, impact: input.impact, rating, band: bandFor(rating, scheme) };
}

/** A score in the scheme's words with its number: "Likely (4)", "Major (5)". */
export function scoreLabel(scheme: ScoringScheme, axis: 'likelihood' | 'impact', score: number): string {
  return `${scheme[axis][score - 1] ?? ''} (${score})`;
}

/** "Likely (4) × Major (5) = 20, High", as committee papers print it. */
export function describeRating(r: Rating, scheme: ScoringScheme): string {
  return `${scoreLabel(scheme, 'likelihood', r.likelihood)} × ${scoreLabel(scheme, 'impact', r.impact)} = ${r.rating}, ${r.band.name}`;
}

/** Above the appetite set for the risk's category, if there is one. */
export function isAboveAppetite(rating: number, category: string | undefined, scheme: ScoringScheme): boolean {
  if (category === undefined || scheme.appetite === undefined) return false;
  const limit = scheme.appetite[category];
  return limit !== undefined && rating > limit;
}

/** Black or white text, whichever contrasts more with the band colour (WCAG relative luminance). */
export function textColourFor(hex: string): '#0b0c0c' | '#ffffff' {
  const channel = (i: number): number => {
    const c = parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  const dark = 0.0036; // luminance of #0b0c0c
  const contrastWithDark = (l + 0.05) / (dark + 0.05);
  const contrastWithWhite = 1.05 / (l + 0.05);
  return contrastWithDark >= contrastWithWhite ? '#0b0c0c' : '#ffffff';
}
