import type { Config, Context } from '@netlify/functions';
import { randomUUID } from 'node:crypto';
import { newRiskFieldMessage, newRiskFieldName, newRiskFieldOrder } from '../src/core/proposals/form-field-names.ts';
import { newRiskFromForm } from '../src/core/proposals/new-risk-form.ts';
import { proposeNewRisk } from '../src/core/proposals/propose-risk.ts';
import { gitBackend } from '../src/http/git-backend.ts';
import { isFormPost, protect } from '../src/http/guard.ts';
import { BAD_IDEMPOTENCY_KEY, idempotencyKey, proposalAnswer, proposalFormAnswer, refuseInput } from '../src/http/proposal-answers.ts';
import { submissionKey } from '../src/http/request-digest.ts';
import { readInput } from '../src/http/read-input.ts';

/** POST /api/registers/:id/risks: a risk manager proposes a new risk for their register. */
export default (req: Request, context: Pick<Context, 'params'>) =>
  protect({ changesState: true }, async (request, { actor }) => {
    const registerId = context.params['id'] ?? '';
    const back = `/registers/${encodeURIComponent(registerId)}/#new-risk`;
    const page = { title: FORM_TITLE, back, words: NEW_RISK_WORDS };
    const refuse = refuseInput(isFormPost(request), page);
    const input = await readInput(request);
    if (!input.ok) return refuse(input.status, input.code, input.message);
    const key = idempotencyKey(request);
    if (key === null) return refuse(422, 'invalid', BAD_IDEMPOTENCY_KEY);
    const risk = input.form ? newRiskFromForm(input.value) : input.value;
    const result = await proposeNewRisk({
      backend: await gitBackend(process.env),
      registerId,
      risk,
      person: actor.person,
      now: new Date(),
      ...submissionKey(key, risk),
      randomKey: () => randomUUID().slice(0, 12),
    });
    return input.form ? proposalFormAnswer(result, page) : proposalAnswer(result);
  })(req);

const FORM_TITLE = 'Your new risk could not be submitted';
/** Errors name the register page's new risk form's fields as its labels do, in its order. */
const NEW_RISK_WORDS = { name: newRiskFieldName, message: newRiskFieldMessage, order: newRiskFieldOrder };

export const config: Config = { path: '/api/registers/:id/risks', method: 'POST' };
