import type { Config } from '@netlify/functions';
import { z } from 'zod';
import { mayViewProposal } from '../src/core/access/proposal-access.ts';
import { gitBackend } from '../src/http/git-backend.ts';
import { protect } from '../src/http/guard.ts';
import { fieldErrorsFromZod } from '../src/core/problems.ts';
import { invalidAnswer } from '../src/http/proposal-answers.ts';
import { json } from '../src/http/responses.ts';

const QuerySchema = z.strictObject({
  risk: z.string().regex(/^[A-Z][A-Z0-9]*[0-9]+$/).optional(),
  state: z.enum(['open', 'merged', 'closed']).optional(),
});

/** GET /api/proposals?risk=ID&state=open|merged|closed */
export default protect({ changesState: false, readsGitHost: true }, async (req, { actor, workspace }) => {
  const query = QuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!query.success) {
    return invalidAnswer('Use ?risk=RISK-ID and ?state=open, merged or closed.', fieldErrorsFromZod(query.error.issues));
  }
  const backend = await gitBackend(process.env);
  const filter = { ...(query.data.risk ? { risk: query.data.risk } : {}), ...(query.data.state ? { state: query.data.state } : {}) };
  // Proposals about a restricted register are as restricted as the register.
  const proposals = (await backend.listProposals(filter)).filter((p) => mayViewProposal(actor, workspace, p));
  return json(200, proposals.map(({ id, title, author, createdAt, url, state }) => ({ id, title, author, createdAt, url, state })));
});

export const config: Config = { path: '/api/proposals', method: 'GET' };
