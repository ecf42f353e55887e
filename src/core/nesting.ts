/** Deeper than anything Oversight accepts: a risk's controls, actions and review comments are three levels down. */
export const MAX_NESTING = 16;

/**
 * How deep arrays and objects nest in a value, counted without recursion and only as far
 * as `limit` + 1, so a hostile body cannot overflow the stack of whatever reads it next.
 */
export function nestingDepth(value: unknown, limit: number = MAX_NESTING): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > limit) return deepest;
    for (const child of Object.values(v as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return deepest;
}
