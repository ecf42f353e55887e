import type { Config } from '@netlify/functions';
import { z } from 'zod';
import { gitBackend } from '../src/http/git-backend.ts';
import { protect } from '../src/http/guard.ts';
import { json, jsonError } from '../src/http/responses.ts';

const QuerySchema = z.strictObject({
  risk: z.string().regex(/^[A-Z][A-Z0-9]*[0-9]+$/).optional(),
  state: z.enum(['open', 'merged', 'closed']).optional(),
});

/** GET /api/proposals?risk=ID&state=open|merged|closed */
export default protect({ changesState: false }, async (req) => {
  const query = QuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!query.success) return jsonError(422, 'invalid', 'Use ?risk=RISK-ID and ?state=open, merged or closed.');
  const backend = await gitBackend(process.env);
  const filter = { ...(query.data.risk ? { risk: query.data.risk } : {}), ...(query.data.state ? { state: query.data.state } : {}) };
  const proposals = await backend.listProposals(filter);
  return json(200, proposals.map(({ id, title, author, createdAt, url, state }) => ({ id, title, author, createdAt, url, state })));
});

export const config: Config = { path: '/api/proposals', method: 'GET' };
