import { z } from 'zod';
import { NonEmptyText } from './common.ts';

const ScaleLabelsSchema = z
  .array(NonEmptyText, { error: 'must be a list of five labels, from score 1 to score 5' })
  .length(5, { error: 'must have exactly five labels, from score 1 to score 5' });

const RATING_ERROR = { error: 'must be a whole number from 1 to 25' };
const RatingSchema = z.int(RATING_ERROR).min(1, RATING_ERROR).max(25, RATING_ERROR);

/** A band of ratings, e.g. High 16–25 shown red. */
export const BandSchema = z.strictObject({
  /** The band's name as committee papers print it, e.g. `High`. */
  name: NonEmptyText.refine((name) => name !== 'Total', { error: 'cannot be "Total", which level summaries use for the sum of all bands: choose another name' }),
  /** Background colour of the band's heatmap cells, as #rrggbb. */
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, { error: 'must be a colour written as #rrggbb, e.g. #d4351c' }),
  /** Lowest rating in the band. */
  min: RatingSchema,
  /** Highest rating in the band. */
  max: RatingSchema,
});
export type Band = z.output<typeof BandSchema>;

/** Every rating a 5 × 5 likelihood × impact scale can produce. */
export const PRODUCIBLE_RATINGS: readonly number[] = [
  ...new Set([1, 2, 3, 4, 5].flatMap((l) => [1, 2, 3, 4, 5].map((i) => l * i))),
].sort((a, b) => a - b);

/**
 * An organisation's scoring scheme: labels for each score, and bands that
 * cover every producible rating exactly once.
 */
export const ScoringSchemeSchema = z
  .strictObject({
    /** Labels for likelihood scores 1 to 5, e.g. Very unlikely … Very likely. */
    likelihood: ScaleLabelsSchema,
    /** Labels for impact scores 1 to 5, e.g. Minor … Major. */
    impact: ScaleLabelsSchema,
    /** Bands from lowest to highest. */
    bands: z.array(BandSchema).min(1, { error: 'must list at least one band' }),
    /** Risk appetite: the highest acceptable rating for each risk category. */
    appetite: z.record(z.string(), RatingSchema).optional(),
  })
  .superRefine((scheme, ctx) => {
    scheme.bands.forEach((band, index) => {
      if (band.min > band.max) {
        ctx.addIssue({
          code: 'custom',
          path: ['bands', index, 'min'],
          message: `band ${band.name} starts at ${band.min} but ends at ${band.max}: make min no greater than max`,
        });
      }
    });
    for (const rating of PRODUCIBLE_RATINGS) {
      const holders = scheme.bands.filter((b) => b.min <= rating && rating <= b.max);
      if (holders.length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['bands'],
          message: `rating ${rating} is in no band: widen a band so that every rating from 1 to 25 is covered`,
        });
      } else if (holders.length > 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['bands'],
          message: `rating ${rating} is in more than one band (${holders.map((b) => b.name).join(' and ')}): make the bands' ranges not overlap`,
        });
      }
    }
  });
export type ScoringScheme = z.output<typeof ScoringSchemeSchema>;

/** The sample scheme, also the default for a new data directory. Its band names are a contract. */
export const DEFAULT_SCORING_SCHEME: ScoringScheme = {
  likelihood: ['Very unlikely', 'Unlikely', 'Possible', 'Likely', 'Very likely'],
  impact: ['Minor', 'Moderate', 'Significant', 'Serious', 'Major'],
  bands: [
    { name: 'Low', colour: '#00703c', min: 1, max: 6 },
    { name: 'Medium', colour: '#ffbf47', min: 8, max: 15 },
    { name: 'High', colour: '#d4351c', min: 16, max: 25 },
  ],
};
