import { z } from 'zod';
import { DaySchema, NonEmptyText, PersonIdSchema, ScoreSchema } from '../schemas/common.ts';
import { ACTION_STATUSES, CONTROL_STATUSES } from '../schemas/risk.ts';

const Text = (max: number) => NonEmptyText.max(max, { error: `must be at most ${max} characters` });

const ActionUpdateSchema = z
  .strictObject({
    id: z.string().regex(/^A[0-9]+$/, { error: 'must be an action id on this risk, e.g. A2' }),
    status: z.enum(ACTION_STATUSES, { error: `must be one of: ${ACTION_STATUSES.join(', ')}` }).optional(),
    progress: Text(2000).optional(),
    due: DaySchema.optional(),
    /** Required when the due date moves: committees ask why. */
    dueChangeReason: Text(1000).optional(),
  })
  .superRefine((action, ctx) => {
    // The reason is recorded with the move it explains (in the progress): without one it would be lost unseen.
    if (action.dueChangeReason !== undefined && action.due === undefined) {
      ctx.addIssue({ code: 'custom', path: ['dueChangeReason'], message: 'is only for a new due date: give the new due date too, or leave this empty' });
    }
  });

const ControlStatusSchema = z.enum(CONTROL_STATUSES, { error: `must be one of: ${CONTROL_STATUSES.join(', ')}` });
type ControlStatus = z.output<typeof ControlStatusSchema>;
type ControlUpdate = { id: string; status?: ControlStatus | undefined } | { description: string; owner: string; status: ControlStatus };

/**
 * Changes a control's status ({ id, status }) or adds a control ({ description, owner, status }).
 * One object checked field by field rather than a union of the two shapes, so that a half-filled
 * new control is told each field it lacks ("Select the new control's owner"), not that the
 * whole matches neither shape.
 */
const ControlUpdateSchema = z
  .strictObject({
    id: z.string().regex(/^C[0-9]+$/, { error: 'must be a control id on this risk, e.g. C3' }).optional(),
    status: ControlStatusSchema.optional(),
    description: Text(2000).optional(),
    owner: PersonIdSchema.optional(),
  })
  .superRefine((control, ctx) => {
    if (control.id === undefined) {
      for (const key of ['description', 'owner', 'status'] as const) {
        if (control[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'is required to add a control: give its description, owner and status' });
      }
    } else {
      for (const key of ['description', 'owner'] as const) {
        if (control[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `cannot be changed on control ${control.id}: only its status can; leave out id to add a new control` });
      }
    }
  })
  .transform((control) => control as ControlUpdate);

/**
 * A new rating: both halves, or one, the other staying as it is. A person re-rating only the
 * likelihood leaves the impact at "No change", and the form sends nothing for it.
 */
const RatingChangeSchema = z
  .strictObject({ likelihood: ScoreSchema.optional(), impact: ScoreSchema.optional() })
  .refine((r) => r.likelihood !== undefined || r.impact !== undefined, { error: 'give a new likelihood, a new impact, or both' });

/** `POST /api/risks/:id/updates`: what a risk owner may change in one submission. */
export const RiskUpdateRequestSchema = z
  .strictObject({
    /** Git blob id of the risk file the change starts from (the `version` the API gave). */
    baseVersion: z.string().regex(/^[0-9a-f]{40}$/, { error: 'must be the version (a 40-character git blob id) given with the risk: reload the risk and try again' }),
    /** Why: shown to the reviewer. */
    reason: Text(2000),
    current: RatingChangeSchema.optional(),
    target: RatingChangeSchema.optional(),
    reviewComment: Text(4000).optional(),
    reviewCompleted: z.boolean({ error: 'must be true or false' }).optional(),
    actions: z.array(ActionUpdateSchema).max(50).optional(),
    controls: z.array(ControlUpdateSchema).max(50).optional(),
  })
  .superRefine((request, ctx) => {
    const changes = ['current', 'target', 'reviewComment', 'reviewCompleted', 'actions', 'controls'] as const;
    if (!changes.some((key) => request[key] !== undefined && request[key] !== false)) {
      ctx.addIssue({ code: 'custom', path: [], message: 'the submission changes nothing: give a new rating, a review comment, a completed review, or an action or control update' });
    }
  });
export type RiskUpdateRequest = z.output<typeof RiskUpdateRequestSchema>;

/**
 * An action or control entry that gives only its id: the risk page's form sends one for every
 * action and control it shows, changed or not, so such an entry asks for nothing.
 */
export function changesNothing(entry: object): boolean {
  return Object.entries(entry).every(([key, value]) => key === 'id' || value === undefined);
}
