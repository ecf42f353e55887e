import { ratioBase, type MeasureDefinition, type MeasureUnit, type MeasureValue, type Polarity } from './schema.ts';
import { sentenceCase } from '../words.ts';

export const RAG_STATUSES = ['green', 'amber', 'red'] as const;
export type Rag = (typeof RAG_STATUSES)[number];

/**
 * Red, amber or green, computed from the target, floor and polarity, never typed:
 * on or better than the target is green; on the floor, or between the floor and the
 * target, is amber; worse than the floor is red. Null when there is no target (activity
 * measures) or no value to rate.
 */
export function rag(value: number | null, measure: Pick<MeasureDefinition, 'target' | 'floor' | 'polarity'>): Rag | null {
  const { target, floor, polarity } = measure;
  if (value === null || target === undefined || polarity === undefined) return null;
  if (atLeastAsGood(value, target, polarity)) return 'green';
  if (floor !== undefined && atLeastAsGood(value, floor, polarity)) return 'amber';
  return 'red';
}

/**
 * The figure a status is judged on: a percentage or rate worked out from its numerator and
 * denominator when it has both, unrounded; else its value. The value may be rounded, typed from a
 * spreadsheet or worked out to one decimal place: 4,499 of 5,000 is 89.98%, short of a 90% target,
 * though its value is 90.
 */
export function figureToJudge(figure: MeasureValue, unit: MeasureUnit): number {
  const base = ratioBase(unit);
  const { numerator, denominator } = figure;
  return base !== undefined && numerator !== undefined && denominator !== undefined && denominator > 0 ? (numerator / denominator) * base : figure.value;
}

/** Whether `value` is on or better than `mark`, given which way is better. */
export function atLeastAsGood(value: number, mark: number, polarity: Polarity): boolean {
  return polarity === 'higher' ? value >= mark : value <= mark;
}

/** `Green`, `Amber`, `Red`: the word shown beside the colour, which is never the only carrier of meaning. */
export function ragLabel(status: Rag): string {
  return sentenceCase(status);
}
