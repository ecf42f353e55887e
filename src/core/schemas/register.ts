import { z } from 'zod';
import { NonEmptyText, PersonIdSchema, RegisterIdSchema } from './common.ts';

export const REGISTER_LEVELS = ['corporate', 'directorate', 'partnership', 'project', 'operational'] as const;
export const CLASSIFICATIONS = ['unrestricted', 'restricted'] as const;

/** A risk register, e.g. the corporate register or a directorate's. */
export const RegisterSchema = z.strictObject({
  id: RegisterIdSchema,
  name: NonEmptyText,
  level: z.enum(REGISTER_LEVELS, { error: `must be one of ${REGISTER_LEVELS.join(', ')}` }),
  /** The directorate or partnership the register belongs to, e.g. `Adult Social Care and Health`. */
  belongsTo: NonEmptyText.optional(),
  /** The register owner (a person id). */
  owner: PersonIdSchema.optional(),
  /** How often, in months, each risk is reviewed. */
  reviewCycleMonths: z
    .int({ error: 'must be a whole number of months from 1 to 24' })
    .min(1, { error: 'must be a whole number of months from 1 to 24' })
    .max(24, { error: 'must be a whole number of months from 1 to 24' })
    .default(3),
  /** Restricted registers are left out of the published site unless the build is told to include them. */
  classification: z.enum(CLASSIFICATIONS, { error: 'must be unrestricted or restricted' }).default('unrestricted'),
  description: NonEmptyText.optional(),
});
export type Register = z.output<typeof RegisterSchema>;
export type RegisterLevel = Register['level'];
