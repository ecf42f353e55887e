import { formatUkDateTime } from '../core/dates.ts';
import type { Proposal } from '../core/git/backend.ts';
import { escapeHtml, htmlDocument } from './html.ts';

/** The address of the plain list; no proposal's id is a word (they are numbers or hex). */
export const PROPOSAL_LIST_ID = 'all';

const STATE_WORDS = { open: 'Waiting for review', merged: 'Accepted', closed: 'Closed' } as const;

/**
 * The proposals a person may see as a plain page, for browsers without JavaScript (the
 * Proposals page builds its table in the browser). Newest first, as the backend lists them.
 */
export function proposalListPage(proposals: Proposal[]): Response {
  const rows = proposals.map((p) => {
    const submitted = formatUkDateTime(p.createdAt);
    return `<tr><th scope="row"><a href="/proposals/${encodeURIComponent(p.id)}">${escapeHtml(p.title)}</a><br>Proposal ${escapeHtml(p.id)}</th><td>${escapeHtml(p.author)}</td><td>${escapeHtml(submitted)}</td><td>${STATE_WORDS[p.state]}</td></tr>`;
  });
  const table =
    proposals.length === 0
      ? '<p>There are no proposals.</p>'
      : `<div class="table-region" role="region" aria-label="Proposals" tabindex="0"><table><caption>Proposals (${proposals.length})</caption><thead><tr><th scope="col">Proposal</th><th scope="col">Submitted by</th><th scope="col">Submitted</th><th scope="col">State</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
  const main = `<h1>Proposals</h1><p>Changes to the registers, newest first. A risk manager reviews each one; an accepted change appears on the registers the next time the site is updated.</p>${table}<p><a href="/">Go to the registers</a></p>`;
  return htmlDocument(200, 'Proposals', main);
}
