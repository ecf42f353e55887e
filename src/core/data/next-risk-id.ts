/**
 * The number a new risk in a register would most likely be given: the register's usual prefix
 * (ASC in ASC0001…ASC0030) with the next number, as wide as the others, skipping any id already
 * used in another register (ids are unique across all of them). Undefined for a register with
 * no numbered risks yet, which has no pattern to follow.
 */
export function nextRiskId(registerIds: readonly string[], allIds: ReadonlySet<string>): string | undefined {
  const numbered = registerIds.flatMap((id) => {
    const match = /^(.*?)(\d+)$/.exec(id);
    return match ? [{ prefix: match[1] ?? '', digits: match[2] ?? '' }] : [];
  });
  const prefix = mostCommon(numbered.map((n) => n.prefix));
  if (prefix === undefined) return undefined;
  const same = numbered.filter((n) => n.prefix === prefix);
  const width = Math.max(...same.map((n) => n.digits.length));
  let next = Math.max(...same.map((n) => Number(n.digits))) + 1;
  const idOf = (n: number) => `${prefix}${String(n).padStart(width, '0')}`;
  while (allIds.has(idOf(next))) next++;
  return idOf(next);
}

/** The most frequent value, the first seen among equals; undefined for none. */
function mostCommon(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | undefined;
  for (const [value, count] of counts) if (best === undefined || count > (counts.get(best) ?? 0)) best = value;
  return best;
}

/** One collator for every comparison: `localeCompare` with options builds a new one each call, ~20× slower over a register's sort. */
const RISK_ID_ORDER = new Intl.Collator('en', { numeric: true });

/** Risk ids in the order registers list them, numbers by value: CRR2 before CRR10. */
export function compareRiskIds(a: string, b: string): number {
  return RISK_ID_ORDER.compare(a, b);
}
