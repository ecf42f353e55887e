/**
 * Performance and safeguarding measures: what each measure is, and the figures reported for it.
 *
 * Files in the data directory (names known only to ./paths.ts):
 *
 *   measures/definitions/<MEASURE-ID>.json   one measure; the file name is its id (like a risk)
 *   measures/values/<YYYY-YY>.csv            the figures for every measure in one financial year,
 *                                            long format: measure,period,value,numerator,denominator,note
 *
 * A figure lives in the file of the financial year its period falls in (`2021-01` and
 * `2020-21 Q4` both in `2020-21.csv`), so each (measure, period) has exactly one place, each
 * year's returns read as one table in a diff, and a closed year's file stops changing.
 * Counts are kept as recorded, never rounded or suppressed: disclosure control is applied only
 * when they are published. A percentage or rate is judged against its target on its numerator and
 * denominator when it has them, since its value may be rounded (see `figureToJudge` in ./rag.ts).
 */
import { z } from 'zod';
import { NonEmptyText } from '../schemas/common.ts';
import { FREQUENCIES } from './periods.ts';

export const MEASURE_KINDS = ['kpi', 'activity'] as const;
export const MEASURE_UNITS = ['percent', 'count', 'rate_per_100k', 'days'] as const;
export const POLARITIES = ['higher', 'lower'] as const;
export const KRI_DIRECTIONS = ['above', 'below'] as const;

export type MeasureKind = (typeof MEASURE_KINDS)[number];
export type MeasureUnit = (typeof MEASURE_UNITS)[number];
export type Polarity = (typeof POLARITIES)[number];

/** What a figure of a unit is per: 100 for a percentage, 100,000 for a rate; undefined for a count or days, which are not ratios. */
export function ratioBase(unit: MeasureUnit): number | undefined {
  return unit === 'percent' ? 100 : unit === 'rate_per_100k' ? 100_000 : undefined;
}

/** The threshold `suppress-below` uses when none is given. */
export const DEFAULT_SUPPRESSION_THRESHOLD = 5;

const DISCLOSURE_MESSAGE = 'must be none, suppress-below:N (N a whole number, e.g. suppress-below:5) or sac';

/** How small numbers are protected when a measure is published. */
export type Disclosure = { policy: 'none' } | { policy: 'suppress-below'; threshold: number } | { policy: 'sac' };

/** `none`, `suppress-below` (threshold 5), `suppress-below:10` or `sac`; undefined if it is none of them. */
export function parseDisclosure(text: string): Disclosure | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'none') return { policy: 'none' };
  if (t === 'sac') return { policy: 'sac' };
  if (t === 'suppress-below') return { policy: 'suppress-below', threshold: DEFAULT_SUPPRESSION_THRESHOLD };
  const m = /^suppress-below:\s*(\d+)$/.exec(t);
  if (m && Number(m[1]) >= 1) return { policy: 'suppress-below', threshold: Number(m[1]) };
  return undefined;
}

/** The policy as written in files and published JSON: `none`, `suppress-below:5`, `sac`. */
export function formatDisclosure(d: Disclosure): string {
  return d.policy === 'suppress-below' ? `suppress-below:${d.threshold}` : d.policy;
}

/** Measure ids: capital letters and digits, optionally in hyphenated parts, e.g. `ASC1` or `SG-S42`. */
export const MeasureIdSchema = z
  .string({ error: 'must be a measure id, e.g. ASC1' })
  .regex(/^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$/, {
    error: 'must be a measure id of capital letters and digits, optionally joined by hyphens, e.g. ASC1 or SG-S42',
  });

const finite = (what: string) => z.number({ error: `must be a number, ${what}` });

/** One measure: `measures/definitions/<ID>.json`. */
export const MeasureDefinitionSchema = z.strictObject({
  /** E.g. `ASC1`; the file name and the published URL use it. */
  id: MeasureIdSchema,
  /** As committee papers print it, e.g. `Section 42 enquiries started`. */
  name: NonEmptyText,
  /** `kpi` has a target and a floor; `activity` is reported without either. */
  kind: z.enum(MEASURE_KINDS, { error: `must be one of: ${MEASURE_KINDS.join(', ')}` }),
  /** What a value counts: `percent` (0–100), `count`, `rate_per_100k` or `days`. */
  unit: z.enum(MEASURE_UNITS, { error: `must be one of: ${MEASURE_UNITS.join(', ')}` }),
  /** Whether `higher` or `lower` values are better. Required for a kpi; optional for activity, where more may be neither. */
  polarity: z.enum(POLARITIES, { error: `must be one of: ${POLARITIES.join(', ')}` }).optional(),
  /** On or better than the target is green. */
  target: finite('e.g. 85').optional(),
  /** On the floor, or between it and the target, is amber; worse than the floor is red. */
  floor: finite('e.g. 75').optional(),
  /** How often it is reported: `month`, `quarter` or `year` (a financial year). */
  frequency: z.enum(FREQUENCIES, { error: `must be one of: ${FREQUENCIES.join(', ')}` }),
  /** Disclosure control for small numbers: `none`, `suppress-below:N` (default 5) or `sac`. */
  disclosure: z
    .string({ error: DISCLOSURE_MESSAGE })
    .refine((t) => parseDisclosure(t) !== undefined, { error: DISCLOSURE_MESSAGE })
    .transform((t) => formatDisclosure(parseDisclosure(t)!)),
  /** The measure that is this one's total, if any, e.g. enquiries involving domestic abuse are part of all enquiries. */
  partOf: MeasureIdSchema.optional(),
  /** Technical notes: definition, source, how it is counted. */
  notes: NonEmptyText.optional(),
});
export type MeasureDefinition = z.output<typeof MeasureDefinitionSchema>;

/** One figure, as a row of a values CSV. Numerators and denominators are counts of people or cases. */
export interface MeasureValue {
  measure: string;
  /** Exactly as reported: `2020-21 Q3`, `2021-01` or `2020-21`. */
  period: string;
  /**
   * As typed, or, when left blank, worked out from the numerator and denominator to one decimal
   * place: the figure shown. A percent is 0–100.
   */
  value: number;
  numerator?: number;
  denominator?: number;
  note?: string;
}

/** The values CSV header, in order. */
export const VALUE_COLUMNS = ['measure', 'period', 'value', 'numerator', 'denominator', 'note'] as const;
export type ValueColumn = (typeof VALUE_COLUMNS)[number];

/** The definitions CSV header, in order. */
export const DEFINITION_COLUMNS = ['id', 'name', 'kind', 'unit', 'polarity', 'target', 'floor', 'frequency', 'disclosure', 'part_of', 'notes'] as const;
export type DefinitionColumn = (typeof DEFINITION_COLUMNS)[number];

/** Definition field → CSV column, where they differ. */
export const DEFINITION_FIELD_COLUMNS: Record<keyof MeasureDefinition, DefinitionColumn> = {
  id: 'id',
  name: 'name',
  kind: 'kind',
  unit: 'unit',
  polarity: 'polarity',
  target: 'target',
  floor: 'floor',
  frequency: 'frequency',
  disclosure: 'disclosure',
  partOf: 'part_of',
  notes: 'notes',
};

/**
 * A key risk indicator, kept on the risk that it watches (`keyRiskIndicators` in a risk file):
 * the risk should be reviewed when the measure's latest value goes past the threshold,
 * e.g. `{ "measure": "SG-DOLS-APP", "threshold": 1800, "direction": "above" }`.
 */
export const KeyRiskIndicatorSchema = z.strictObject({
  /** The measure's id. */
  measure: MeasureIdSchema,
  /** In the measure's unit. */
  threshold: finite('in the measure\'s unit, e.g. 1800'),
  /** `above`: breached when the latest value is more than the threshold; `below`: when it is less. On the threshold is not a breach. */
  direction: z.enum(KRI_DIRECTIONS, { error: `must be one of: ${KRI_DIRECTIONS.join(', ')}` }),
});
export type KeyRiskIndicator = z.output<typeof KeyRiskIndicatorSchema>;
