import { z } from 'zod';
import { PersonIdSchema, RegisterIdSchema } from './common.ts';

/**
 * Roles granted in `roles.json`. "Risk owner" is not granted here: anyone recorded
 * as a risk's owner or delegate has it for that risk. `performance`: may upload measure figures.
 */
export const GRANTED_ROLES = ['viewer', 'risk-manager', 'auditor', 'performance', 'administrator'] as const;
export type GrantedRole = (typeof GRANTED_ROLES)[number];

export const RoleGrantSchema = z.strictObject({
  person: PersonIdSchema,
  role: z.enum(GRANTED_ROLES, { error: `must be one of: ${GRANTED_ROLES.join(', ')}` }),
  /** For a risk manager: the registers they manage. */
  registers: z.array(RegisterIdSchema).optional(),
});
export type RoleGrant = z.output<typeof RoleGrantSchema>;

/** `roles.json`: who may do more than read the published registers. */
export const RolesFileSchema = z.strictObject({
  roles: z.array(RoleGrantSchema),
});
