import type { Config } from '@netlify/functions';
import { proposeMeasures } from '../src/core/proposals/propose-measures.ts';
import { answerCsvProposal } from '../src/http/csv-proposal.ts';
import { gitBackend } from '../src/http/git-backend.ts';
import { protect } from '../src/http/guard.ts';

/**
 * POST /api/measures/import: a values CSV (`measure,period,value,numerator,denominator,note`),
 * sent as text/csv or uploaded with the measures page's form, from someone with the performance
 * role or an administrator. The whole file becomes one proposal, or is refused with every row's problems.
 */
export default (req: Request) =>
  protect({ changesState: true }, async (request, { actor }) =>
    answerCsvProposal(request, {
      what: 'the figures',
      title: 'Your figures could not be imported',
      back: '/measures/#import',
      propose: async (csv, key) => proposeMeasures({ backend: await gitBackend(process.env), csv, person: actor.person, now: new Date(), ...key }),
    }),
  )(req);

export const config: Config = { path: '/api/measures/import', method: 'POST' };
