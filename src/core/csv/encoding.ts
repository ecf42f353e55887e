/**
 * How CSV files are encoded, both ways. Excel's plain "CSV (Comma delimited)" saves in the
 * Windows code page (Windows-1252 in the UK), where é is the single byte E9; read as UTF-8,
 * "Café" would silently become "Caf�". So only UTF-8 is read, and anything else is refused
 * with the way to re-save it, never guessed at. What Oversight writes starts with a byte-order
 * mark, without which Excel reads UTF-8 as that code page and garbles accented names.
 */
import { error, type Problem } from '../problems.ts';

export const UTF8_BOM = '\uFEFF';

/** CSV as spreadsheets should open it: with the byte-order mark (every import strips it again). */
export function withByteOrderMark(csv: string): string {
  return `${UTF8_BOM}${csv}`;
}

/** The way out, in Excel's own words. */
export const SAVE_AS_CSV_UTF8 = 'in Excel, Save As › "CSV UTF-8 (Comma delimited)" and import that file';

/** UTF-16 is what Excel's "Unicode Text" saves. */
export const UTF16_MESSAGE = `is saved as UTF-16 (as Excel's "Unicode Text" saves it), not UTF-8; ${SAVE_AS_CSV_UTF8}`;

export type DecodedCsv = { ok: true; text: string } | { ok: false; problem: Problem };

/** The text of a CSV file, without any UTF-8 byte-order mark; or why it cannot be read as UTF-8. */
export function decodeCsv(bytes: Uint8Array, file: string): DecodedCsv {
  // Checked first: UTF-16 without a byte-order mark is valid UTF-8, full of NULs.
  if (isUtf16(bytes)) return { ok: false, problem: error(file, UTF16_MESSAGE) };
  const text = decodeUtf8(bytes);
  if (text !== undefined) return { ok: true, text };
  const line = firstLineNotUtf8(bytes);
  const message = `is not UTF-8 text: line ${line} has a character in another encoding, as Excel's "CSV (Comma delimited)" saves it, and importing it would garble letters such as é; ${SAVE_AS_CSV_UTF8}`;
  return { ok: false, problem: error(file, message) };
}

/** UTF-16 starts with the byte-order mark FF FE or FE FF, or, without one, is full of NULs. */
function isUtf16(bytes: Uint8Array): boolean {
  const [first, second] = bytes;
  if ((first === 0xff && second === 0xfe) || (first === 0xfe && second === 0xff)) return true;
  const sample = bytes.subarray(0, SAMPLE);
  return manyNuls(sample.reduce((n, byte) => (byte === 0 ? n + 1 : n), 0), sample.length);
}

/** UTF-16 text that was read as UTF-8 anyway (a request body, say): full of NULs. */
export function looksLikeUtf16(text: string): boolean {
  const sample = text.slice(0, SAMPLE);
  return manyNuls(sample.split('\u0000').length - 1, sample.length);
}

const SAMPLE = 4096;

/**
 * Text in Latin letters saved as UTF-16 has a NUL beside every character: half of it. A stray
 * NUL in a cell is not that, and is left for the cell's own checks.
 */
function manyNuls(nuls: number, length: number): boolean {
  return nuls > 0 && nuls * 4 >= length;
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Lines counted from 1. A newline byte is never part of a multi-byte UTF-8 character, so lines can be checked one by one. */
function firstLineNotUtf8(bytes: Uint8Array): number {
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i += 1) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    if (decodeUtf8(bytes.subarray(start, i)) === undefined) return line;
    line += 1;
    start = i + 1;
  }
  return line;
}
