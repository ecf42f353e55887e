import { readFileSync } from 'node:fs';
import { decodeCsv } from '../core/csv/encoding.ts';
import { formatProblem } from '../core/problems.ts';
import { fromWhereRun } from './config.ts';

/**
 * A CSV file named on the command line (from where it was run: see fromWhereRun), as text; or, when it cannot be read or is not
 * UTF-8, the error line to print. Read as bytes and decoded strictly, so a file in another
 * encoding is refused rather than imported with its accented letters garbled.
 */
export function readCsvFile(file: string): { text: string } | { error: string } {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(fromWhereRun(file));
  } catch (err) {
    return { error: `error: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}` };
  }
  const decoded = decodeCsv(bytes, file);
  return decoded.ok ? { text: decoded.text } : { error: formatProblem(decoded.problem) };
}
