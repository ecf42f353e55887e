import type { Config, Context } from '@netlify/functions';
import { mayViewProposal } from '../src/core/access/proposal-access.ts';
import { gitBackend } from '../src/http/git-backend.ts';
import { protect } from '../src/http/guard.ts';
import { htmlPage } from '../src/http/html.ts';
import { PROPOSAL_LIST_ID, proposalListPage } from '../src/http/proposal-list-page.ts';

const STATE_WORDS = { open: 'waiting for review by a risk manager', merged: 'approved and published', closed: 'closed without being published' } as const;

/**
 * GET /proposals/:id: where a plain form post lands, so a person without JavaScript
 * sees that their change was received and what happens next. GET /proposals/all lists
 * every proposal they may see, for the Proposals page without JavaScript.
 */
export default (req: Request, context: Pick<Context, 'params'>) =>
  protect({ changesState: false, readsGitHost: true, page: true }, async (_req, { actor, workspace }) => {
    const id = context.params['id'] ?? '';
    const backend = await gitBackend(process.env);
    const visible = (await backend.listProposals()).filter((p) => mayViewProposal(actor, workspace, p));
    if (id === PROPOSAL_LIST_ID) return proposalListPage(visible);
    const proposal = visible.find((p) => p.id === id);
    // One about a restricted register the person may not read is, to them, not there at all.
    if (!proposal) return htmlPage(404, 'Proposal not found', [`There is no proposal ${id}.`], { href: '/proposals/', text: 'See all proposals' });
    return htmlPage(
      200,
      `Proposal ${proposal.id}: ${proposal.title}`,
      [`Submitted by ${proposal.author}. It is ${STATE_WORDS[proposal.state]}.`, 'Nothing changes on the published registers until it is approved.'],
      { href: '/proposals/', text: 'See all proposals' },
    );
  })(req);

export const config: Config = { path: '/proposals/:id', method: 'GET' };
