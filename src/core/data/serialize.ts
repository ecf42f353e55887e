/**
 * Stable JSON for data files: keys in schema order (zod's output follows the
 * schema's shape), two-space indent and a trailing newline, so a diff shows
 * exactly the fields that changed.
 */
export function toJsonFile(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * JSON.parse for a data file. Windows editors (Notepad, Excel's text export) may start a file
 * with a UTF-8 byte-order mark, which is not part of the JSON: JSON.parse would fail on it with
 * "Unexpected token", so it is skipped.
 */
export function parseJsonFile(text: string): unknown {
  return JSON.parse(withoutByteOrderMark(text));
}

function withoutByteOrderMark(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** Position in a JSON syntax error message (from parseJsonFile), turned into line and column. */
export function describeJsonError(text: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const at = /position (\d+)/.exec(message);
  if (!at) return `is not valid JSON (${message}): check for a missing comma, quote or bracket`;
  const position = Number(at[1]);
  const before = withoutByteOrderMark(text).slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `is not valid JSON at line ${line}, column ${column}: check for a missing comma, quote or bracket there`;
}
