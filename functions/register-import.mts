import type { Config, Context } from '@netlify/functions';
import { randomUUID } from 'node:crypto';
import { proposeImport } from '../src/core/proposals/propose-import.ts';
import { uploadFieldName } from '../src/core/proposals/form-field-names.ts';
import { gitBackend } from '../src/http/git-backend.ts';
import { isFormPost, protect } from '../src/http/guard.ts';
import { BAD_IDEMPOTENCY_KEY, idempotencyKey, proposalAnswer, proposalFormAnswer, readCsv, readCsvUpload, refuseInput } from '../src/http/proposal-answers.ts';
import { submissionKey } from '../src/http/request-digest.ts';

/**
 * POST /api/registers/:id/import: a register CSV in the interchange format, sent as text/csv or
 * uploaded with the register page's form. The whole file becomes one proposal, or is refused
 * with every row's problems.
 */
export default (req: Request, context: Pick<Context, 'params'>) =>
  protect({ changesState: true }, async (request, { actor }) => {
    const registerId = context.params['id'] ?? '';
    const form = isFormPost(request);
    const back = `/registers/${encodeURIComponent(registerId)}/#import`;
    const refuse = refuseInput(form, { title: FORM_TITLE, back, words: UPLOAD_WORDS });
    const csv = form ? await readCsvUpload(request, 'the register') : await readCsv(request, 'the register');
    if (!csv.ok) return refuse(csv.status, csv.code, csv.message);
    const key = idempotencyKey(request);
    if (key === null) return refuse(422, 'invalid', BAD_IDEMPOTENCY_KEY);
    const result = await proposeImport({
      backend: await gitBackend(process.env),
      registerId,
      csv: csv.text,
      person: actor.person,
      now: new Date(),
      ...submissionKey(key, csv.text),
      randomKey: () => randomUUID().slice(0, 12),
    });
    return form ? proposalFormAnswer(result, FORM_TITLE, back, undefined, UPLOAD_WORDS) : proposalAnswer(result);
  })(req);

const FORM_TITLE = 'Your spreadsheet could not be imported';
/** A row's problem is named by its row and column, as the import command names it. */
const UPLOAD_WORDS = { name: uploadFieldName };

export const config: Config = { path: '/api/registers/:id/import', method: 'POST' };
