/** Small helpers for the words Oversight writes: counts and sentence starts. */

/** `1 risk`, `2 risks`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The text with its first letter a capital: `in place` → `In place`. */
export function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
