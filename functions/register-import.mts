import type { Config, Context } from '@netlify/functions';
import { randomUUID } from 'node:crypto';
import { proposeImport } from '../src/core/proposals/propose-import.ts';
import { gitBackend } from '../src/http/git-backend.ts';
import { protect } from '../src/http/guard.ts';
import { BAD_IDEMPOTENCY_KEY, idempotencyKey, invalidAnswer, proposalAnswer, readCsv } from '../src/http/proposal-answers.ts';
import { submissionKey } from '../src/http/request-digest.ts';
import { jsonError } from '../src/http/responses.ts';

/**
 * POST /api/registers/:id/import: a register CSV in the interchange format (text/csv).
 * The whole file becomes one proposal, or is refused with every row's problems.
 */
export default (req: Request, context: Pick<Context, 'params'>) =>
  protect({ changesState: true }, async (request, { actor }) => {
    const csv = await readCsv(request, 'the register');
    if (!csv.ok) return jsonError(csv.status, csv.code, csv.message);
    const key = idempotencyKey(request);
    if (key === null) return invalidAnswer(BAD_IDEMPOTENCY_KEY, []);
    const result = await proposeImport({
      backend: await gitBackend(process.env),
      registerId: context.params['id'] ?? '',
      csv: csv.text,
      person: actor.person,
      now: new Date(),
      ...submissionKey(key, csv.text),
      randomKey: () => randomUUID().slice(0, 12),
    });
    return proposalAnswer(result);
  })(req);

export const config: Config = { path: '/api/registers/:id/import', method: 'POST' };
