import { LitElement, html, nothing } from 'lit';
import { formatUkDateTime } from '../core/dates.ts';
import { fetchAccount, WhenShownAgain } from './oversight-account.ts';
import { scrollingTable } from './scrolling-table.ts';

interface ProposalRow {
  id: string;
  title: string;
  author: string;
  createdAt: string;
  url: string;
  state: 'open' | 'merged' | 'closed';
}

/** Proposals waiting for review and recently decided, from /api/proposals (signed-in people only). */
export class ProposalList extends LitElement {
  static override properties = { rows: { state: true }, status: { state: true } };
  declare rows: ProposalRow[];
  declare status: 'loading' | 'signed-out' | 'ready' | 'failed';

  constructor() {
    super();
    this.rows = [];
    this.status = 'loading';
    // Back after signing out must not show the person's data again.
    new WhenShownAgain(this, () => {
      this.rows = [];
      this.status = 'loading';
      void this.load();
    });
  }

  protected override createRenderRoot(): HTMLElement {
    this.replaceChildren();
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  /** Whether the row the address points to has been shown. */
  private targetShown = false;

  /**
   * The link to a new proposal ends #proposal-ID, but its row is rendered only once the list has
   * loaded, after the browser looked for it: scrolled to and focused here instead, once.
   */
  protected override updated(): void {
    if (this.status !== 'ready' || this.targetShown) return;
    this.targetShown = true;
    const id = decodeURIComponent(location.hash.slice(1));
    const row = id.startsWith('proposal-') ? document.getElementById(id) : null;
    if (row === null || !this.contains(row)) return;
    row.tabIndex = -1;
    row.scrollIntoView();
    row.focus({ preventScroll: true });
  }

  private async load(): Promise<void> {
    const account = await fetchAccount();
    if (account.state !== 'signed-in') {
      this.status = account.state === 'signed-out' ? 'signed-out' : 'failed';
      return;
    }
    const rows = await fetchProposals();
    if (rows === null) {
      this.status = 'failed';
      return;
    }
    this.rows = rows;
    this.status = 'ready';
  }

  override render() {
    // The banner stays put while what is below it changes: inserted again, it would be announced again.
    return html`${this.banner()}${this.list()}`;
  }

  private banner() {
    const submitted = new URLSearchParams(location.search).get('submitted');
    if (!submitted) return nothing;
    return html`<div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="submitted-title">
      <div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="submitted-title">Success</h2></div>
      <div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">Your update was submitted for review as proposal ${submitted}.</p></div>
    </div>`;
  }

  private list() {
    if (this.status === 'loading') return html`<p class="govuk-body">Loading proposals…</p>`;
    if (this.status === 'signed-out') return html`<p class="govuk-body">You need to <a class="govuk-link" href="/auth/login?returnTo=/proposals/">sign in</a> to see proposals.</p>`;
    // The plain list is made by a function of its own, so it may load when this could not.
    if (this.status === 'failed') {
      return html`<p class="govuk-body">The proposals could not be loaded. Try again in a few minutes, or <a class="govuk-link" href="/proposals/all">see the proposals as a plain list</a>.</p>`;
    }
    // As the plain list says it: a table of headings over no rows would say nothing.
    if (this.rows.length === 0) return html`<p class="govuk-body">There are no proposals.</p>`;
    return scrollingTable(
      'proposals-caption',
      html`<table class="govuk-table" data-proposals>
      <caption class="govuk-table__caption govuk-table__caption--m" id="proposals-caption">Proposals (${this.rows.length})</caption>
      <thead class="govuk-table__head"><tr class="govuk-table__row">
        <th scope="col" class="govuk-table__header">Proposal</th>
        <th scope="col" class="govuk-table__header">Submitted by</th>
        <th scope="col" class="govuk-table__header">Submitted</th>
        <th scope="col" class="govuk-table__header">State</th>
      </tr></thead>
      <tbody class="govuk-table__body">
        ${this.rows.map(
          (p) => html`<tr class="govuk-table__row" id=${`proposal-${p.id}`} data-proposal=${p.id}>
            <th scope="row" class="govuk-table__header">${p.url.startsWith('http') ? html`<a class="govuk-link" href=${p.url}>${p.title}</a>` : p.title}<span class="govuk-body-s govuk-!-display-block">Proposal ${p.id}</span></th>
            <td class="govuk-table__cell">${p.author}</td>
            <td class="govuk-table__cell">${formatUkDateTime(p.createdAt)}</td>
            <td class="govuk-table__cell"><strong class=${`govuk-tag ${p.state === 'open' ? 'govuk-tag--blue' : p.state === 'merged' ? 'govuk-tag--green' : 'govuk-tag--grey'}`}>${p.state === 'open' ? 'Waiting for review' : p.state === 'merged' ? 'Accepted' : 'Closed'}</strong></td>
          </tr>`,
        )}
      </tbody>
    </table>`,
    );
  }
}

/** The proposals the person may see; null when they cannot be had (offline, or the function failing). */
async function fetchProposals(): Promise<ProposalRow[] | null> {
  try {
    const response = await fetch('/api/proposals', { headers: { accept: 'application/json' } });
    return response.ok ? ((await response.json()) as ProposalRow[]) : null;
  } catch {
    return null;
  }
}

customElements.define('proposal-list', ProposalList);
