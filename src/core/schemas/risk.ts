import { z } from 'zod';
import {
  DaySchema,
  NonEmptyText,
  PersonIdSchema,
  RatingInputSchema,
  RegisterIdSchema,
  ReviewDateSchema,
  RiskIdSchema,
} from './common.ts';
import { KeyRiskIndicatorSchema } from '../measures/schema.ts';
import { LIST_SEPARATOR } from '../csv/columns.ts';
import { PRODUCIBLE_RATINGS } from './scoring-scheme.ts';

export const RISK_STATUSES = ['open', 'closed', 'withdrawn', 'moved'] as const;
export const CONTROL_STATUSES = ['in place', 'proposed', 'accepted'] as const;
export const ACTION_STATUSES = ['not started', 'in progress', 'on hold', 'complete'] as const;

/**
 * One item of a list the register CSV writes in one cell, joined with `;`: an item holding `;`
 * would come back from export and import as two, so it is refused. (Owners are person ids,
 * which cannot hold `;`.)
 */
const ListItemText = NonEmptyText.refine((text) => !text.includes(LIST_SEPARATOR), {
  error: `must not contain ${LIST_SEPARATOR}: the register CSV separates several names with ${LIST_SEPARATOR}, so this one would come back as two; write it with a comma instead, e.g. "Cllr Jane Doe, Deputy Leader"`,
});

const PREVIOUS_RATING_ERROR = {
  error: `must be a rating the 5 × 5 scale can produce (likelihood × impact): one of ${PRODUCIBLE_RATINGS.join(', ')}`,
};

/**
 * A previous rating carried over from a spreadsheet (`previous_rating`): a whole number the
 * likelihood × impact scale can produce, such as 12 (never 7, which no two scores make).
 */
export const PreviousRatingSchema = z
  .int(PREVIOUS_RATING_ERROR)
  .refine((rating) => PRODUCIBLE_RATINGS.includes(rating), PREVIOUS_RATING_ERROR);

/** Something already done to reduce the risk. */
export const ControlSchema = z.strictObject({
  /** Stable within the risk (C1, C2 …) so a change names the control it touches. */
  id: z.string().regex(/^C[0-9]+$/, { error: 'must be a control id: C followed by a number, e.g. C3' }),
  description: NonEmptyText,
  owner: PersonIdSchema.optional(),
  status: z.enum(CONTROL_STATUSES, { error: `must be one of: ${CONTROL_STATUSES.join(', ')}` }).default('in place'),
});
export type Control = z.output<typeof ControlSchema>;

/** Something planned to bring the risk towards its target. */
export const ActionSchema = z.strictObject({
  /** Stable within the risk (A1, A2 …). */
  id: z.string().regex(/^A[0-9]+$/, { error: 'must be an action id: A followed by a number, e.g. A2' }),
  description: NonEmptyText,
  owner: PersonIdSchema.optional(),
  due: DaySchema.optional(),
  status: z.enum(ACTION_STATUSES, { error: `must be one of: ${ACTION_STATUSES.join(', ')}` }).default('not started'),
  completed: DaySchema.optional(),
  /** Latest progress note. */
  progress: NonEmptyText.optional(),
});
export type Action = z.output<typeof ActionSchema>;

export const ReviewCommentSchema = z.strictObject({
  date: DaySchema,
  by: PersonIdSchema.optional(),
  text: NonEmptyText,
});
export type ReviewComment = z.output<typeof ReviewCommentSchema>;

/** One risk: one file, `registers/<register>/risks/<ID>.json`. */
export const RiskSchema = z.strictObject({
  id: RiskIdSchema,
  title: NonEmptyText,
  description: NonEmptyText.optional(),
  /** Causes (what could lead to the risk event). */
  causes: NonEmptyText.optional(),
  /** The risk event itself. */
  event: NonEmptyText.optional(),
  /** What would follow if it happened. */
  consequences: NonEmptyText.optional(),
  /** Risk owners (person ids); at least one. */
  owners: z
    .array(PersonIdSchema, { error: 'must be a list of person ids, e.g. ["amina-okafor"]' })
    .min(1, { error: 'must name at least one risk owner' }),
  /** People who may update the risk on the owners' behalf. */
  delegates: z.array(PersonIdSchema).optional(),
  /** Responsible cabinet member(s), by name; a name holds no `;`, which separates them in the CSV. */
  cabinetMembers: z.array(ListItemText).optional(),
  category: NonEmptyText.optional(),
  linkedRisks: z.array(RiskIdSchema).optional(),
  /** Measures that warn when the risk needs review: each a measure id, threshold and direction. */
  keyRiskIndicators: z.array(KeyRiskIndicatorSchema).optional(),
  /** Before any controls. */
  inherent: RatingInputSchema.optional(),
  /** With the controls in place now. */
  current: RatingInputSchema,
  /** Where the actions should bring it. */
  target: RatingInputSchema.optional(),
  /**
   * The rating last reported, as imported from a spreadsheet's `previous_rating` column. Used
   * for the direction of travel only where git has no earlier revision of the risk at the baseline.
   */
  previousRating: PreviousRatingSchema.optional(),
  status: z.enum(RISK_STATUSES, { error: `must be one of: ${RISK_STATUSES.join(', ')}` }).default('open'),
  /** Why the risk was closed or withdrawn. */
  statusReason: NonEmptyText.optional(),
  /** For a moved risk: the register it moved to. */
  movedTo: RegisterIdSchema.optional(),
  lastReview: ReviewDateSchema.optional(),
  nextReview: ReviewDateSchema.optional(),
  reviewComments: z.array(ReviewCommentSchema).optional(),
  controls: z.array(ControlSchema).optional(),
  actions: z.array(ActionSchema).optional(),
});
export type Risk = z.output<typeof RiskSchema>;
export type RiskStatus = Risk['status'];
