import type { Config, Context } from '@netlify/functions';
import { randomUUID } from 'node:crypto';
import { proposeRiskUpdate } from '../src/core/proposals/propose-update.ts';
import { RiskUpdateRequestSchema } from '../src/core/proposals/update-request.ts';
import { updateFieldMessage, updateFieldName, updateFieldOrder } from '../src/core/proposals/form-field-names.ts';
import { MAX_NESTING, nestingDepth } from '../src/core/nesting.ts';
import { fieldErrorsFromZod } from '../src/core/problems.ts';
import { gitBackend } from '../src/http/git-backend.ts';
import { isFormPost, protect } from '../src/http/guard.ts';
import { BAD_IDEMPOTENCY_KEY, idempotencyKey, proposalAnswer, proposalFormAnswer, refuseInput } from '../src/http/proposal-answers.ts';
import { submissionKey } from '../src/http/request-digest.ts';
import { readInput } from '../src/http/read-input.ts';

/** POST /api/risks/:id/updates: a risk owner's update becomes a proposal for review. */
export default (req: Request, context: Pick<Context, 'params'>) =>
  protect({ changesState: true }, async (request, { actor, workspace }) => {
    const riskId = context.params['id'] ?? '';
    const back = `/risks/${encodeURIComponent(riskId)}/#update`;
    const input = await readInput(request);
    // Errors name an action or control as the form does ("Action A3 status"), by the id posted with it.
    const words = { name: (path: string) => (input.ok ? updateFieldName(path, input.value) : undefined), message: updateFieldMessage, order: updateFieldOrder };
    const page = { title: FORM_TITLE, back, words };
    const refuse = refuseInput(isFormPost(request), page);
    if (!input.ok) return refuse(input.status, input.code, input.message);
    if (nestingDepth(input.value) > MAX_NESTING) return refuse(422, 'invalid', `The update is nested more than ${MAX_NESTING} levels deep: no update is.`);
    const parsed = RiskUpdateRequestSchema.safeParse(input.value, { reportInput: true });
    if (!parsed.success) {
      const fields = fieldErrorsFromZod(parsed.error.issues);
      return refuse(422, 'invalid', input.form ? 'Correct these and submit again.' : 'The update is not valid: correct the fields listed.', fields);
    }
    const key = idempotencyKey(request);
    if (key === null) return refuse(422, 'invalid', BAD_IDEMPOTENCY_KEY);
    const result = await proposeRiskUpdate({
      backend: await gitBackend(process.env),
      riskId,
      request: parsed.data,
      person: actor.person,
      now: new Date(),
      ...submissionKey(key, parsed.data),
      randomKey: () => randomUUID().slice(0, 12),
    });
    if (!input.form) return proposalAnswer(result);
    return proposalFormAnswer(result, page, { action: new URL(request.url).pathname, answers: parsed.data, scheme: workspace.settings.scoring });
  })(req);

const FORM_TITLE = 'Your update could not be submitted';

export const config: Config = { path: '/api/risks/:id/updates', method: 'POST' };
