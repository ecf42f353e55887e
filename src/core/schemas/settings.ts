import { z } from 'zod';
import { NonEmptyText } from './common.ts';
import { DEFAULT_SCORING_SCHEME, ScoringSchemeSchema } from './scoring-scheme.ts';

/** `oversight.json`: the organisation and its scoring scheme. */
export const SettingsSchema = z.strictObject({
  organisation: z.strictObject({
    /** Shown in the site header, e.g. `Northmoor County Council`. */
    name: NonEmptyText,
    /** Where people report an accessibility problem or ask for another format (the accessibility statement). */
    contact: z
      .strictObject({
        email: z.email({ error: 'must be an email address, e.g. risk.management@council.example' }).optional(),
        phone: NonEmptyText.optional(),
      })
      .optional(),
  }),
  scoring: ScoringSchemeSchema.default(DEFAULT_SCORING_SCHEME),
});
export type Settings = z.output<typeof SettingsSchema>;

/** Used when a data directory has no `oversight.json` yet. */
export const DEFAULT_SETTINGS: Settings = {
  organisation: { name: 'Oversight' },
  scoring: DEFAULT_SCORING_SCHEME,
};

/** What the site is called wherever it names itself: "Northmoor County Council risk registers". */
export function serviceName(settings: Settings): string {
  return `${settings.organisation.name} risk registers`;
}
