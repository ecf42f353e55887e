import type { Config, Context } from '@netlify/functions';
import { proposeImport } from '../src/core/proposals/propose-import.ts';
import { answerCsvProposal } from '../src/http/csv-proposal.ts';
import { gitBackend } from '../src/http/git-backend.ts';
import { protect } from '../src/http/guard.ts';

/**
 * POST /api/registers/:id/import: a register CSV in the interchange format, sent as text/csv or
 * uploaded with the register page's form. The whole file becomes one proposal, or is refused
 * with every row's problems.
 */
export default (req: Request, context: Pick<Context, 'params'>) =>
  protect({ changesState: true }, async (request, { actor }) => {
    const registerId = context.params['id'] ?? '';
    return answerCsvProposal(request, {
      what: 'the register',
      title: 'Your spreadsheet could not be imported',
      back: `/registers/${encodeURIComponent(registerId)}/#import`,
      propose: async (csv, key) => proposeImport({ backend: await gitBackend(process.env), registerId, csv, person: actor.person, now: new Date(), ...key }),
    });
  })(req);

export const config: Config = { path: '/api/registers/:id/import', method: 'POST' };
