import type { ProposeResult } from '../core/proposals/propose-update.ts';
import { decodeCsv } from '../core/csv/encoding.ts';
import type { ScoringScheme } from '../core/schemas/scoring-scheme.ts';
import { conflictPage } from './conflict-page.ts';
import { type FormPage, formErrorPage } from './html.ts';
import { MAX_BODY_BYTES, readBodyUpTo } from './read-input.ts';
import { json, jsonError, redirect } from './responses.ts';

/** What every proposing function answers, from one place so the API contract cannot drift. */

export type FieldProblem = { path: string; message: string };

export function invalidAnswer(message: string, fields: FieldProblem[]): Response {
  return json(422, { error: { code: 'invalid', message, fields } });
}

/** The JSON answer for a use case's result: 201/200 with the proposal, or 404, 403, 409, 422 (invalid, or a reused Idempotency-Key). */
export function proposalAnswer(result: ProposeResult): Response {
  switch (result.kind) {
    case 'created':
    case 'existing': {
      const { id, title, url, state } = result.proposal;
      return json(result.kind === 'created' ? 201 : 200, { proposal: { id, title, url, state } });
    }
    case 'not-found':
      return jsonError(404, 'not-found', result.message);
    case 'forbidden':
      return jsonError(403, 'forbidden', result.message);
    case 'stale':
      return json(409, { error: { code: 'stale', message: result.message, fields: result.fields } });
    case 'invalid':
      return invalidAnswer(result.message, result.fields);
    case 'key-reused':
      return jsonError(422, 'key-reused', result.message);
  }
}

/**
 * Refuses a request before it reaches the use case (a body that cannot be read, a bad
 * Idempotency-Key): JSON for a script, the form error page for a person posting a form.
 */
export function refuseInput(form: boolean, page: FormPage): (status: number, code: string, message: string, fields?: FieldProblem[]) => Response {
  return (status, code, message, fields = []) => {
    if (form) return formErrorPage(status, message, fields, page);
    return status === 422 ? invalidAnswer(message, fields) : jsonError(status, code, message);
  };
}

const FORM_STATUS = { 'not-found': 404, forbidden: 403, stale: 409, invalid: 422, 'key-reused': 422 } as const;

/** What a conflict page needs to offer a form post's answers again, against the risk as it is now. */
export interface Resubmit {
  action: string;
  answers: Record<string, unknown>;
  scheme: ScoringScheme;
}

/** The same result for a plain form post: the proposal's page, or the error page with a way back. */
export function proposalFormAnswer(result: ProposeResult, page: FormPage, resubmit?: Resubmit): Response {
  if ('proposal' in result) return redirect(`/proposals/${encodeURIComponent(result.proposal.id)}`, 303);
  if (result.kind === 'stale' && result.latest !== undefined && resubmit !== undefined) {
    return conflictPage({ fields: result.fields, latest: result.latest }, resubmit.answers, resubmit.action, page.back, resubmit.scheme);
  }
  return formErrorPage(FORM_STATUS[result.kind], result.message, result.kind === 'invalid' ? result.fields : [], page);
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._-]{8,100}$/;
export const BAD_IDEMPOTENCY_KEY = 'The Idempotency-Key header must be 8 to 100 letters, digits, dots, dashes or underscores.';

/** The Idempotency-Key header: absent (undefined), well formed (the key), or malformed (null). */
export function idempotencyKey(req: Request): string | undefined | null {
  const key = req.headers.get('idempotency-key') ?? undefined;
  return key === undefined || IDEMPOTENCY_KEY.test(key) ? key : null;
}

export type CsvInput = { ok: true; text: string } | { ok: false; status: 400 | 413 | 415 | 422; code: string; message: string };

/** The body as UTF-8 text/csv, refusing what cannot be read at all (UTF-16, or bytes in another encoding, with the line and how to re-save it); `what` names it for the person. */
export async function readCsv(req: Request, what: string): Promise<CsvInput> {
  const [type = '', ...params] = (req.headers.get('content-type') ?? '').split(';').map((s) => s.trim().toLowerCase());
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/^"|"$/g, '');
  if (type !== 'text/csv' || (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')) {
    return { ok: false, status: 415, code: 'unsupported-media-type', message: `Send ${what} as a CSV file in UTF-8 (Content-Type: text/csv), as Excel saves it with "CSV UTF-8".` };
  }
  const tooLarge = { ok: false, status: 413, code: 'too-large', message: `The body is larger than ${MAX_BODY_BYTES / 1024} KB.` } as const;
  const bytes = await readBodyUpTo(req, MAX_BODY_BYTES);
  if (bytes === null) return tooLarge;
  return csvText(bytes);
}

/**
 * A CSV file chosen in a page's file upload (multipart/form-data, field `file`), read by the
 * same rules as a text/csv body, so a person uploading it and a script sending it are told the same.
 */
export async function readCsvUpload(req: Request, what: string): Promise<CsvInput> {
  const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'multipart/form-data') {
    return { ok: false, status: 415, code: 'unsupported-media-type', message: `Upload ${what} as a CSV file with the page's form, or send it as text/csv.` };
  }
  // Room for the form's own parts around a file of the largest size a text/csv body may have.
  const limit = MAX_BODY_BYTES + 16 * 1024;
  const tooLarge = { ok: false, status: 413, code: 'too-large', message: `The file is larger than ${MAX_BODY_BYTES / 1024} KB.` } as const;
  const body = await readBodyUpTo(req, limit);
  if (body === null) return tooLarge;
  let file: FormDataEntryValue | null;
  try {
    file = (await new Response(body, { headers: { 'content-type': req.headers.get('content-type') ?? '' } }).formData()).get('file');
  } catch {
    return { ok: false, status: 400, code: 'bad-form', message: 'The upload could not be read: choose the file and send it again.' };
  }
  if (typeof file === 'string' || file === null || file.size === 0) {
    return { ok: false, status: 422, code: 'invalid', message: `Choose ${what} as a CSV file to upload.` };
  }
  if (file.size > MAX_BODY_BYTES) return tooLarge;
  return csvText(new Uint8Array(await file.arrayBuffer()));
}

function csvText(bytes: Uint8Array): CsvInput {
  // The import commands' own rule, so a file refused there is refused here with the same words.
  const decoded = decodeCsv(bytes, 'the file');
  if (decoded.ok) return { ok: true, text: decoded.text };
  return { ok: false, status: 400, code: 'bad-encoding', message: `The file ${decoded.problem.message}.` };
}
