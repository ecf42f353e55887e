import type { Config } from '@netlify/functions';
import { randomUUID } from 'node:crypto';
import { proposeMeasures } from '../src/core/proposals/propose-measures.ts';
import type { ProposeResult } from '../src/core/proposals/propose-update.ts';
import { gitBackend } from '../src/http/git-backend.ts';
import { protect } from '../src/http/guard.ts';
import { MAX_BODY_BYTES } from '../src/http/read-input.ts';
import { json, jsonError } from '../src/http/responses.ts';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._-]{8,100}$/;

/**
 * POST /api/measures/import: a values CSV (`measure,period,value,numerator,denominator,note`, text/csv)
 * from someone with the performance role or an administrator. The whole file becomes one
 * proposal, or is refused with every row's problems.
 */
export default (req: Request) =>
  protect({ changesState: true }, async (request, { actor }) => {
    const csv = await readCsv(request);
    if (!csv.ok) return jsonError(csv.status, csv.code, csv.message);
    const key = request.headers.get('idempotency-key') ?? undefined;
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) return invalid('The Idempotency-Key header must be 8 to 100 letters, digits, dots, dashes or underscores.', []);
    const result = await proposeMeasures({
      backend: await gitBackend(process.env),
      csv: csv.text,
      person: actor.person,
      now: new Date(),
      idempotencyKey: key,
      randomKey: () => randomUUID().slice(0, 12),
    });
    return answer(result);
  })(req);

type CsvInput = { ok: true; text: string } | { ok: false; status: 400 | 413 | 415; code: string; message: string };

/** The body as UTF-8 text/csv, refusing what cannot be read at all. */
async function readCsv(req: Request): Promise<CsvInput> {
  const [type = '', ...params] = (req.headers.get('content-type') ?? '').split(';').map((s) => s.trim().toLowerCase());
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/^"|"$/g, '');
  if (type !== 'text/csv' || (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')) {
    return { ok: false, status: 415, code: 'unsupported-media-type', message: 'Send the figures as a CSV file in UTF-8 (Content-Type: text/csv), as Excel saves it with "CSV UTF-8".' };
  }
  const tooLarge = { ok: false, status: 413, code: 'too-large', message: `The body is larger than ${MAX_BODY_BYTES / 1024} KB.` } as const;
  if (Number(req.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) return tooLarge;
  const bytes = new Uint8Array(await req.arrayBuffer());
  if (bytes.byteLength > MAX_BODY_BYTES) return tooLarge;
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, status: 400, code: 'bad-encoding', message: 'The file is not valid UTF-8 text: save it from Excel as "CSV UTF-8" and send it again.' };
  }
}

function answer(result: ProposeResult): Response {
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
      return invalid(result.message, result.fields);
  }
}

function invalid(message: string, fields: { path: string; message: string }[]): Response {
  return json(422, { error: { code: 'invalid', message, fields } });
}

export const config: Config = { path: '/api/measures/import', method: 'POST' };
