/**
 * Disclosure control for small numbers, as UK safeguarding statistics apply it.
 *
 * - `none`: every figure is published as recorded.
 * - `suppress-below:N`: any count below N (default 5), zero included, is shown as `*`.
 * - `sac`: the NHS Safeguarding Adults Collection rule: counts of 0–4 are shown as `*`, every
 *   other count is rounded to the nearest 5, and percentages are computed from the unrounded
 *   figures (so the published percentage is the recorded one, not one worked out from rounded counts).
 *
 * Secondary suppression then hides any other figure from which a suppressed one could be worked out:
 * - in one row, a percentage or rate with a suppressed numerator or denominator (numerator =
 *   percentage × denominator), and the numerator when the denominator is suppressed;
 * - in a total and its parts (measures declaring `partOf` the total, which should be a breakdown of
 *   it), for one period: when only one
 *   figure of the group is hidden, the total minus the shown parts would give it away, so the
 *   smallest shown part is hidden too (or the total, when no other part is shown). Hiding a part can
 *   expose a figure in another group, so this repeats until nothing changes.
 *
 * Counts are values of `count` measures and every numerator and denominator. Percentages, rates and
 * days are not counts: they are hidden only through their numerator or denominator. The unrounded
 * figures stay in the repository; only what this module returns is ever published.
 */
import { DEFAULT_SUPPRESSION_THRESHOLD, parseDisclosure, type Disclosure, type MeasureDefinition, type MeasureValue } from './schema.ts';

/** A figure as it may be published: hidden parts are null. */
export interface PublishedFigure {
  measure: string;
  period: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** The value is withheld by disclosure control (shown as `*`). */
  suppressed: boolean;
}

/** Whether a count is too small to publish under a policy. */
export function isSmall(count: number, disclosure: Disclosure): boolean {
  switch (disclosure.policy) {
    case 'none':
      return false;
    case 'suppress-below':
      return count < disclosure.threshold;
    case 'sac':
      return count < DEFAULT_SUPPRESSION_THRESHOLD;
  }
}

/** A count as published (if it is published at all): to the nearest 5 under `sac`, else as it is. */
export function roundCount(count: number, disclosure: Disclosure): number {
  return disclosure.policy === 'sac' ? Math.round(count / 5) * 5 : count;
}

interface Working {
  source: MeasureValue;
  definition: MeasureDefinition;
  disclosure: Disclosure;
  valueHidden: boolean;
  numeratorHidden: boolean;
  denominatorHidden: boolean;
}

/**
 * Applies each measure's disclosure control, then secondary suppression, to every figure.
 * Values whose measure has no definition are left out. The result is in the order given.
 */
export function discloseValues(definitions: readonly MeasureDefinition[], values: readonly MeasureValue[]): PublishedFigure[] {
  const byId = new Map(definitions.map((d) => [d.id, d]));
  const working: Working[] = [];
  for (const source of values) {
    const definition = byId.get(source.measure);
    if (definition === undefined) continue;
    const disclosure = parseDisclosure(definition.disclosure) ?? { policy: 'suppress-below', threshold: DEFAULT_SUPPRESSION_THRESHOLD };
    const small = (n: number | undefined): boolean => n !== undefined && isSmall(n, disclosure);
    const denominatorHidden = small(source.denominator);
    const numeratorHidden = small(source.numerator) || (denominatorHidden && source.numerator !== undefined);
    const valueHidden = (definition.unit === 'count' && small(source.value)) || numeratorHidden || denominatorHidden;
    working.push({ source, definition, disclosure, valueHidden, numeratorHidden, denominatorHidden });
  }
  suppressSecondary(working);
  return working.map((w) => {
    const count = (n: number | undefined, hidden: boolean): number | null => (n === undefined || hidden ? null : roundCount(n, w.disclosure));
    const value = w.valueHidden ? null : w.definition.unit === 'count' ? roundCount(w.source.value, w.disclosure) : w.source.value;
    return {
      measure: w.source.measure,
      period: w.source.period,
      value,
      numerator: count(w.source.numerator, w.numeratorHidden),
      denominator: count(w.source.denominator, w.denominatorHidden),
      suppressed: w.valueHidden,
    };
  });
}

/** Totals and their parts, period by period: hide a second figure wherever one alone is hidden. */
function suppressSecondary(working: Working[]): void {
  const groups = new Map<string, { total: Working | undefined; parts: Working[] }>();
  const group = (total: string, period: string) => {
    const key = `${total}\u0000${period}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = { total: undefined, parts: [] };
      groups.set(key, g);
    }
    return g;
  };
  for (const w of working) {
    if (w.definition.unit !== 'count') continue;
    group(w.definition.id, w.source.period).total = w;
    if (w.definition.partOf !== undefined) group(w.definition.partOf, w.source.period).parts.push(w);
  }
  const relevant = [...groups.values()].filter((g) => g.parts.length > 0);
  for (let changed = true; changed; ) {
    changed = false;
    for (const g of relevant) {
      // Without the total for the period there is nothing to subtract the shown parts from.
      if (g.total === undefined) continue;
      const members = [g.total, ...g.parts];
      if (members.filter((m) => m.valueHidden).length !== 1) continue;
      const shownParts = g.parts.filter((p) => !p.valueHidden).sort((a, b) => a.source.value - b.source.value || a.definition.id.localeCompare(b.definition.id));
      const next = shownParts[0] ?? g.total;
      if (next === undefined || next.valueHidden) continue;
      next.valueHidden = true;
      if (next.source.numerator !== undefined) next.numeratorHidden = true;
      changed = true;
    }
  }
}
