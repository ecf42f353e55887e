/** Reads a request body as JSON or as an HTML form, refusing what cannot be read at all. */

export const MAX_BODY_BYTES = 256 * 1024;

export type Input =
  | { ok: true; value: unknown; form: boolean }
  | { ok: false; status: 400 | 413 | 415; code: string; message: string };

export async function readInput(req: Request): Promise<Input> {
  const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const form = type === 'application/x-www-form-urlencoded';
  if (type !== 'application/json' && !form) {
    return { ok: false, status: 415, code: 'unsupported-media-type', message: 'Send the body as application/json or as an HTML form (application/x-www-form-urlencoded).' };
  }
  const bytes = await readBodyUpTo(req, MAX_BODY_BYTES);
  if (bytes === null) return tooLarge();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, status: 400, code: 'bad-encoding', message: 'The body is not valid UTF-8 text.' };
  }
  if (form) return { ok: true, value: formToObject(new URLSearchParams(text)), form };
  try {
    return { ok: true, value: JSON.parse(text) as unknown, form };
  } catch {
    return { ok: false, status: 400, code: 'bad-json', message: 'The body is not valid JSON.' };
  }
}

/**
 * The body's bytes, or null as soon as it is over `limit`: read as it arrives and abandoned
 * there, so a body sent without Content-Length (chunked) is never held whole.
 */
export async function readBodyUpTo(req: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (Number(req.headers.get('content-length') ?? 0) > limit) return null;
  if (req.body === null) return new Uint8Array(new ArrayBuffer(0));
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(read.value);
  }
  const bytes = new Uint8Array(new ArrayBuffer(size));
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(): Input {
  return { ok: false, status: 413, code: 'too-large', message: `The body is larger than ${MAX_BODY_BYTES / 1024} KB.` };
}

/**
 * Turns form fields named like `current.likelihood` or `actions.0.status` into nested
 * values, so the same schema checks forms and JSON. Empty fields are left out, as an untouched form field means
 * "no change". `_csrf`-style fields starting with an underscore are ignored.
 */
export function formToObject(params: URLSearchParams): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, raw] of params) {
    if (raw.trim() === '' || name.startsWith('_')) continue;
    const keys = name.split('.');
    if (keys.length > MAX_FIELD_PARTS || keys.some((k) => k === '__proto__' || k === 'constructor' || k === 'prototype' || k === '')) continue;
    // Browsers send a textarea's line breaks as CRLF; the data, import and export keep LF, so an
    // export of a risk updated from a form would otherwise import as changed.
    setField(root, keys, raw.replace(/\r\n?/g, '\n'));
  }
  // The body itself stays an object, whatever its fields are named.
  return Object.fromEntries(Object.entries(compactArrays(root) as Record<string, unknown>).map(([key, value]) => [key, joinDates(value)]));
}

/**
 * The inverse of formToObject: each value as a form field (`actions.0.status`), to post again
 * from a page the functions answer. Booleans are posted as `true` only when true, as a ticked box.
 */
export function objectToForm(value: Record<string, unknown>, prefix = ''): [string, string][] {
  return Object.entries(value).flatMap(([key, v]): [string, string][] => {
    const name = `${prefix}${key}`;
    if (Array.isArray(v)) return objectToForm(Object.fromEntries(v.entries()), `${name}.`);
    if (v !== null && typeof v === 'object') return objectToForm(v as Record<string, unknown>, `${name}.`);
    return typeof v === 'string' || typeof v === 'number' || v === true ? [[name, String(v)]] : [];
  });
}

/** Our forms name nothing deeper than `actions.0.status`; anything deeper is not ours. */
const MAX_FIELD_PARTS = 4;

/** Sets `a.0.b` in `root`; a name that is both a value and a container elsewhere in the form is ignored. */
function setField(root: Record<string, unknown>, keys: string[], raw: string): void {
  let node: Record<string | number, unknown> = root;
  for (const [i, key] of keys.entries()) {
    const index = /^\d{1,3}$/.test(key) ? Number(key) : key;
    const existing = node[index];
    if (i === keys.length - 1) {
      if (existing === undefined) node[index] = coerce(key, raw);
      return;
    }
    if (existing === undefined) node[index] = /^\d{1,3}$/.test(keys[i + 1]!) ? [] : {};
    else if (existing === null || typeof existing !== 'object') return;
    node = node[index] as Record<string | number, unknown>;
  }
}

/** Scores become numbers and a ticked checkbox true; everything else stays text, as typed. */
function coerce(key: string, value: string): unknown {
  if ((key === 'likelihood' || key === 'impact') && /^\d{1,2}$/.test(value)) return Number(value);
  if (key === 'reviewCompleted') return value === 'true' || value === 'on' || value === 'yes';
  return value;
}

const DATE_PARTS = ['day', 'month', 'year'];

/**
 * GOV.UK's date input posts a date as three fields (`actions.0.due.day`, `.month`, `.year`):
 * they become one YYYY-MM-DD text, as JSON gives it. Parts that make no date are joined as
 * typed, for the schema to refuse with the date's own message.
 */
function joinDates(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(joinDates);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > 0 && entries.every(([k, v]) => DATE_PARTS.includes(k) && typeof v === 'string')) {
    const { day = '', month = '', year = '' } = value as Record<string, string>;
    const two = (part: string): string => (/^\d$/.test(part.trim()) ? `0${part.trim()}` : part.trim());
    return `${year.trim()}-${two(month)}-${two(day)}`;
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, joinDates(v)]));
}

/** Sparse arrays (a form that skipped an index) become dense. */
function compactArrays(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(compactArrays);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compactArrays(v)]));
  return value;
}
