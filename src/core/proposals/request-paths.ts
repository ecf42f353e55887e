/**
 * The whole-data check names a problem by the file and the path in it
 * (`registers/adult-social-care/risks/ASC0002.json`, `controls[4].owner`). A person correcting a
 * form, or a script correcting its request, needs the field they gave: these map the one to the
 * other where the request has that field, and name the file and path where it does not.
 */
import type { Problem } from '../problems.ts';
import type { Risk } from '../schemas/risk.ts';
import type { FieldError } from './apply-update.ts';
import { fieldErrorOf } from './data-checks.ts';
import type { RiskUpdateRequest } from './update-request.ts';

/** A new risk's request is the risk: a problem in its file is at the same path in the request. */
export function newRiskPaths(problems: readonly Problem[], file: string): FieldError[] {
  return problems.map((p) => (p.file === file && p.path !== undefined ? { path: p.path, message: p.message } : fieldErrorOf(p)));
}

/**
 * An update's actions and controls are listed in the request in its own order, by id, with new
 * controls (no id) appended to the file's: `controls[4]` in a file that had three is the
 * request's second new control.
 */
export function updatePaths(problems: readonly Problem[], file: string, before: Risk, request: RiskUpdateRequest): FieldError[] {
  return problems.map((p) => {
    const match = p.file === file ? /^(actions|controls)\[(\d+)\](.*)$/.exec(p.path ?? '') : null;
    if (!match) return fieldErrorOf(p);
    const [, list = '', at = '', rest = ''] = match;
    const index = requestIndex(list as 'actions' | 'controls', Number(at), before, request);
    return index === undefined ? fieldErrorOf(p) : { path: `${list}[${index}]${rest}`, message: p.message };
  });
}

function requestIndex(list: 'actions' | 'controls', inFile: number, before: Risk, request: RiskUpdateRequest): number | undefined {
  const entries: readonly object[] = request[list] ?? [];
  const had = before[list] ?? [];
  const id = had[inFile]?.id;
  if (id !== undefined) {
    const index = entries.findIndex((entry) => 'id' in entry && entry.id === id);
    return index < 0 ? undefined : index;
  }
  // Added by this request: the n-th entry without an id.
  const added = entries.flatMap((entry, index) => ('id' in entry ? [] : [index]));
  return added[inFile - had.length];
}
