import { isRecord } from '../is-record.ts';

/** Fields a form sends as one value but the risk holds as a list; `;` or a new line separates several. */
const LIST_FIELDS = ['owners', 'delegates', 'cabinetMembers', 'linkedRisks'];

/**
 * The new risk form's answers (as formToObject reads them) as the risk they propose: the
 * function maps a form post with it, and the page checks the same risk before it is sent.
 */
export function newRiskFromForm(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = { ...value };
  for (const field of LIST_FIELDS) {
    const v = out[field];
    if (typeof v === 'string') out[field] = v.split(/[;\n]/).map((s) => s.trim()).filter((s) => s !== '');
  }
  return out;
}
