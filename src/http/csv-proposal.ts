import { randomUUID } from 'node:crypto';
import { uploadFieldName } from '../core/proposals/form-field-names.ts';
import type { ProposeResult } from '../core/proposals/propose-update.ts';
import type { SubmissionKey } from '../core/proposals/same-submission.ts';
import { isFormPost } from './guard.ts';
import { BAD_IDEMPOTENCY_KEY, idempotencyKey, proposalAnswer, proposalFormAnswer, readCsv, readCsvUpload, refuseInput } from './proposal-answers.ts';
import { submissionKey } from './request-digest.ts';

export interface CsvProposal {
  /** What the file holds, for messages: "the register", "the figures". */
  what: string;
  /** The error page's heading, for a file uploaded with a page's form. */
  title: string;
  /** The form the file was uploaded with, to go back to. */
  back: string;
  /** The use case, given the file's text and how to tell a retry. */
  propose: (csv: string, key: SubmissionKey & { randomKey: () => string }) => Promise<ProposeResult>;
}

/**
 * A function that turns a whole CSV file into one proposal: sent as text/csv by a script (JSON
 * answers) or uploaded with a page's form (multipart/form-data, field `file`; answered with the
 * proposal's page, or a page listing each row's problem).
 */
export async function answerCsvProposal(request: Request, spec: CsvProposal): Promise<Response> {
  const form = isFormPost(request);
  // A row's problem is named by its row and column, as the import commands name it.
  const page = { title: spec.title, back: spec.back, words: { name: uploadFieldName }, upload: true };
  const refuse = refuseInput(form, page);
  const csv = form ? await readCsvUpload(request, spec.what) : await readCsv(request, spec.what);
  if (!csv.ok) return refuse(csv.status, csv.code, csv.message);
  const key = idempotencyKey(request);
  if (key === null) return refuse(422, 'invalid', BAD_IDEMPOTENCY_KEY);
  const result = await spec.propose(csv.text, { ...submissionKey(key, csv.text), randomKey: () => randomUUID().slice(0, 12) });
  return form ? proposalFormAnswer(result, page) : proposalAnswer(result);
}
