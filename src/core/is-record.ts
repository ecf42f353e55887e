/** A JSON object (not null, not an array): what a risk file, a posted form or one of their items is. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
