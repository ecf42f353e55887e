import { z } from 'zod';
import { NonEmptyText, PersonIdSchema } from './common.ts';

/** Someone who owns risks, controls or actions, or reviews them. */
export const PersonSchema = z.strictObject({
  id: PersonIdSchema,
  name: NonEmptyText,
  jobTitle: NonEmptyText.optional(),
  email: z.email({ error: 'must be an email address, e.g. name@council.example' }).optional(),
  /** GitHub username, used to request reviews on proposals. */
  github: z
    .string()
    .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, { error: 'must be a GitHub username, e.g. amina-okafor' })
    .optional(),
  /** The identity provider's subject id (`sub`), where recorded; otherwise people are matched by email. */
  subject: z.string().trim().min(1).optional(),
});
export type Person = z.output<typeof PersonSchema>;

/** `people.json`: everyone the registers refer to. */
export const PeopleFileSchema = z.strictObject({
  people: z.array(PersonSchema),
});
export type PeopleFile = z.output<typeof PeopleFileSchema>;
