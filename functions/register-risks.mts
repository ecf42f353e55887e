import type { Config, Context } from '@netlify/functions';
import { randomUUID } from 'node:crypto';
import type { ProposeResult } from '../src/core/proposals/propose-update.ts';
import { proposeNewRisk } from '../src/core/proposals/propose-risk.ts';
import { gitBackend } from '../src/http/git-backend.ts';
import { protect } from '../src/http/guard.ts';
import { formErrorPage } from '../src/http/html.ts';
import { readInput } from '../src/http/read-input.ts';
import { json, jsonError, redirect } from '../src/http/responses.ts';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._-]{8,100}$/;
/** Fields a form sends as one value but the risk holds as a list; `;` or a new line separates several. */
const LIST_FIELDS = ['owners', 'delegates', 'cabinetMembers', 'linkedRisks'];

/** POST /api/registers/:id/risks: a risk manager proposes a new risk for their register. */
export default (req: Request, context: Pick<Context, 'params'>) =>
  protect({ changesState: true }, async (request, { actor }) => {
    const registerId = context.params['id'] ?? '';
    const back = `/registers/${encodeURIComponent(registerId)}/`;
    const input = await readInput(request);
    if (!input.ok) return jsonError(input.status, input.code, input.message);
    const key = request.headers.get('idempotency-key') ?? undefined;
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      const message = 'The Idempotency-Key header must be 8 to 100 letters, digits, dots, dashes or underscores.';
      return input.form ? formErrorPage(422, 'Your new risk could not be submitted', message, [], back) : invalid(message, []);
    }
    const result = await proposeNewRisk({
      backend: await gitBackend(process.env),
      registerId,
      risk: input.form ? listsFromForm(input.value) : input.value,
      person: actor.person,
      now: new Date(),
      idempotencyKey: key,
      randomKey: () => randomUUID().slice(0, 12),
    });
    if (input.form) {
      if ('proposal' in result) return redirect(`/proposals/${encodeURIComponent(result.proposal.id)}`, 303);
      return formErrorPage(STATUS[result.kind], 'Your new risk could not be submitted', result.message, result.kind === 'invalid' ? result.fields : [], back);
    }
    return answer(result);
  })(req);

const STATUS = { 'not-found': 404, forbidden: 403, stale: 409, invalid: 422 } as const;

/** The JSON answer for a use case's result. */
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

function listsFromForm(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const field of LIST_FIELDS) {
    const v = out[field];
    if (typeof v === 'string') out[field] = v.split(/[;\n]/).map((s) => s.trim()).filter((s) => s !== '');
  }
  return out;
}

export const config: Config = { path: '/api/registers/:id/risks', method: 'POST' };
