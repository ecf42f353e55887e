/** How a proposal made from an uploaded CSV file reports its problems to the uploader. */
import type { Problem } from '../problems.ts';
import type { FieldError } from './apply-update.ts';
import type { ProposeResult } from './propose-update.ts';

/** `row 4, column current_impact` for the upload's problems (named `uploadedFile`); the data file and field for the rest. */
export function whereInUpload(p: Problem, uploadedFile: string): string {
  if (p.file !== uploadedFile) return `${p.file} ${p.path ?? ''}`.trim();
  const parts: string[] = [];
  if (p.row !== undefined) parts.push(`row ${p.row}`);
  if (p.column !== undefined) parts.push(`column ${p.column}`);
  if (p.path !== undefined) parts.push(p.path);
  return parts.join(', ');
}

export function uploadFieldError(p: Problem, uploadedFile: string): FieldError {
  return { path: whereInUpload(p, uploadedFile), message: p.message };
}

export function invalidUpload(fields: FieldError[]): ProposeResult {
  return { kind: 'invalid', message: 'The file could not be imported, so nothing was proposed: correct the rows listed and send the whole file again.', fields };
}
