import type { Config } from '@netlify/functions';
import { randomUUID } from 'node:crypto';
import { proposeMeasures } from '../src/core/proposals/propose-measures.ts';
import { gitBackend } from '../src/http/git-backend.ts';
import { protect } from '../src/http/guard.ts';
import { BAD_IDEMPOTENCY_KEY, idempotencyKey, invalidAnswer, proposalAnswer, readCsv } from '../src/http/proposal-answers.ts';
import { submissionKey } from '../src/http/request-digest.ts';
import { jsonError } from '../src/http/responses.ts';

/**
 * POST /api/measures/import: a values CSV (`measure,period,value,numerator,denominator,note`, text/csv)
 * from someone with the performance role or an administrator. The whole file becomes one
 * proposal, or is refused with every row's problems.
 */
export default (req: Request) =>
  protect({ changesState: true }, async (request, { actor }) => {
    const csv = await readCsv(request, 'the figures');
    if (!csv.ok) return jsonError(csv.status, csv.code, csv.message);
    const key = idempotencyKey(request);
    if (key === null) return invalidAnswer(BAD_IDEMPOTENCY_KEY, []);
    const result = await proposeMeasures({
      backend: await gitBackend(process.env),
      csv: csv.text,
      person: actor.person,
      now: new Date(),
      ...submissionKey(key, csv.text),
      randomKey: () => randomUUID().slice(0, 12),
    });
    return proposalAnswer(result);
  })(req);

export const config: Config = { path: '/api/measures/import', method: 'POST' };
