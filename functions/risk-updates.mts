import type { Config, Context } from '@netlify/functions';
import { randomUUID } from 'node:crypto';
import { proposeRiskUpdate } from '../src/core/proposals/propose-update.ts';
import { RiskUpdateRequestSchema } from '../src/core/proposals/update-request.ts';
import { MAX_NESTING, nestingDepth } from '../src/core/nesting.ts';
import { problemsFromZod } from '../src/core/problems.ts';
import { gitBackend } from '../src/http/git-backend.ts';
import { protect } from '../src/http/guard.ts';
import { formErrorPage } from '../src/http/html.ts';
import { readInput } from '../src/http/read-input.ts';
import { json, jsonError, redirect } from '../src/http/responses.ts';

/** POST /api/risks/:id/updates: a risk owner's update becomes a proposal for review. */
export default (req: Request, context: Pick<Context, 'params'>) =>
  protect({ changesState: true }, async (request, { actor }) => {
    const riskId = context.params['id'] ?? '';
    const input = await readInput(request);
    if (!input.ok) return jsonError(input.status, input.code, input.message);
    if (nestingDepth(input.value) > MAX_NESTING) return invalid(`The update is nested more than ${MAX_NESTING} levels deep: no update is.`, []);
    const parsed = RiskUpdateRequestSchema.safeParse(input.value, { reportInput: true });
    if (!parsed.success) {
      const fields = problemsFromZod('request', parsed.error.issues).map((p) => ({ path: p.path ?? '', message: p.message }));
      if (input.form) return formErrorPage(422, 'Your update could not be submitted', 'Correct these and submit again.', fields, `/risks/${encodeURIComponent(riskId)}/#update`);
      return invalid('The update is not valid: correct the fields listed.', fields);
    }
    const key = request.headers.get('idempotency-key') ?? undefined;
    if (key !== undefined && !/^[A-Za-z0-9._-]{8,100}$/.test(key)) return invalid('The Idempotency-Key header must be 8 to 100 letters, digits, dots, dashes or underscores.', []);
    const result = await proposeRiskUpdate({
      backend: await gitBackend(process.env),
      riskId,
      request: parsed.data,
      person: actor.person,
      now: new Date(),
      idempotencyKey: key,
      randomKey: () => randomUUID().slice(0, 12),
    });
    if (input.form && 'message' in result) {
      const status = { 'not-found': 404, forbidden: 403, stale: 409, invalid: 422 }[result.kind];
      const fields = result.kind === 'invalid' ? result.fields : [];
      return formErrorPage(status, 'Your update could not be submitted', result.message, fields, `/risks/${encodeURIComponent(riskId)}/#update`);
    }
    switch (result.kind) {
      case 'created':
      case 'existing': {
        const { id, title, url, state } = result.proposal;
        if (input.form) return redirect(`/proposals/${encodeURIComponent(id)}`, 303);
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
  })(req);

function invalid(message: string, fields: { path: string; message: string }[]): Response {
  return json(422, { error: { code: 'invalid', message, fields } });
}

export const config: Config = { path: '/api/risks/:id/updates', method: 'POST' };
