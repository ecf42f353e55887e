import { z } from 'zod';
import { inYears, YEAR_DIGITS_MESSAGE, YEARS_MESSAGE } from '../dates.ts';

/** A likelihood or impact score on the five-point scale. */
export const ScoreSchema = z
  .int({ error: 'must be a whole number from 1 to 5' })
  .min(1, { error: 'must be a whole number from 1 to 5' })
  .max(5, { error: 'must be a whole number from 1 to 5' });

/** A likelihood and impact pair, e.g. current, target or inherent. */
export const RatingInputSchema = z.strictObject({
  likelihood: ScoreSchema,
  impact: ScoreSchema,
});
export type RatingInput = z.output<typeof RatingInputSchema>;

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;

/** A real day written YYYY-MM-DD, in YEARS. */
export function isCalendarDay(text: string): boolean {
  const m = ISO_DAY.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return inYears(y) && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** A real month written YYYY-MM, in YEARS. */
export function isCalendarMonth(text: string): boolean {
  const m = ISO_MONTH.exec(text);
  return m !== null && inYears(Number(m[1])) && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

/**
 * What is wrong with a text that is not a date: its year when that is wrong (a form's three
 * boxes are joined as typed, so "30 6 27" comes as 27-06-30), else `notReal`.
 */
function dateProblem(isDate: (text: string) => boolean, notReal: string, example: string) {
  return (text: string, ctx: z.RefinementCtx): void => {
    if (isDate(text)) return;
    const year = /^(\d+)-\d{1,2}(?:-\d{1,2})?$/.exec(text)?.[1];
    let message = notReal;
    if (year !== undefined && year.length !== 4) message = `${YEAR_DIGITS_MESSAGE}, e.g. ${example}`;
    else if (year !== undefined && !inYears(Number(year))) message = YEARS_MESSAGE;
    ctx.addIssue({ code: 'custom', message });
  };
}

/** A calendar day written as YYYY-MM-DD. */
export const DaySchema = z
  .string({ error: 'must be a date written as YYYY-MM-DD, e.g. 2021-01-29' })
  .superRefine(dateProblem(isCalendarDay, 'must be a real date written as YYYY-MM-DD, e.g. 2021-01-29', '2021-01-29'));

/** A review date: a day (YYYY-MM-DD) or, as registers often record it, a month (YYYY-MM). */
export const ReviewDateSchema = z
  .string({ error: 'must be a date (YYYY-MM-DD) or a month (YYYY-MM)' })
  .superRefine(
    dateProblem((t) => isCalendarDay(t) || isCalendarMonth(t), 'must be a real date written as YYYY-MM-DD, or a month written as YYYY-MM, e.g. 2020-12', '2021-01-29 or 2020-12'),
  );

/** Person ids are short lowercase slugs, e.g. `amina-okafor`. */
export const PersonIdSchema = z
  .string({ error: 'must be a person id, e.g. amina-okafor' })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
    error: 'must be a person id in lowercase letters, digits and hyphens, e.g. amina-okafor',
  });

/** Register ids are URL-safe lowercase slugs, e.g. `corporate` or `adult-social-care`. */
export const RegisterIdSchema = z
  .string({ error: 'must be a register id, e.g. adult-social-care' })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
    error: 'must be a register id in lowercase letters, digits and hyphens, e.g. adult-social-care',
  });

/** Risk ids are a capital-letter prefix and a number, e.g. `CRR0002`, `AH0005`. */
export const RiskIdSchema = z
  .string({ error: 'must be a risk id, e.g. CRR0002' })
  .regex(/^[A-Z][A-Z0-9]*[0-9]+$/, {
    error: 'must be a risk id of capital letters followed by digits, e.g. CRR0002 or AH0005',
  });

export const NonEmptyText = z
  .string({ error: 'must be text' })
  .trim()
  .min(1, { error: 'must not be empty' });
