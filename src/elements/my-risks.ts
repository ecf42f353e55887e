import { LitElement, html, nothing } from 'lit';
import { formatUkDate } from '../core/dates.ts';
import type { ScheduledRisk } from '../core/report/review-schedule.ts';
import { fetchAccount, WhenShownAgain, type Me } from './oversight-account.ts';
import { scrollingTable } from './scrolling-table.ts';


/**
 * The signed-in owner's risks with their review due dates and overdue actions,
 * from /api/me and the static /api/review-schedule.json.
 */
export class MyRisks extends LitElement {
  static override properties = { me: { state: true }, risks: { state: true }, status: { state: true } };
  declare me: Me | null;
  declare risks: ScheduledRisk[];
  declare status: 'loading' | 'signed-out' | 'ready' | 'failed';

  constructor() {
    super();
    this.me = null;
    this.risks = [];
    this.status = 'loading';
    // Back after signing out must not show the person's data again.
    new WhenShownAgain(this, () => {
      this.me = null;
      this.risks = [];
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

  private async load(): Promise<void> {
    const account = await fetchAccount();
    if (account.state !== 'signed-in') {
      this.status = account.state === 'signed-out' ? 'signed-out' : 'failed';
      return;
    }
    const schedule = await fetchSchedule();
    if (schedule === null) {
      this.status = 'failed';
      return;
    }
    const mine = new Set(account.me.risks);
    this.risks = schedule.filter((r) => mine.has(r.id));
    this.me = account.me;
    this.status = 'ready';
  }

  override render() {
    if (this.status === 'loading') return html`<p class="govuk-body">Loading your risks…</p>`;
    if (this.status === 'signed-out') {
      return html`<p class="govuk-body">You need to <a class="govuk-link" href="/auth/login?returnTo=/my-risks/">sign in</a> to see the risks you own.</p>`;
    }
    // The plain list is made by a function of its own, so it may load when this could not.
    if (this.status === 'failed' || this.me === null) {
      return html`<p class="govuk-body">Your risks could not be loaded. Try again in a few minutes, or <a class="govuk-link" href="/my-risks/all">see your risks as a plain list</a>.</p>`;
    }
    if (this.risks.length === 0) return html`<p class="govuk-body">${this.me.person.name}, you do not own and are not a delegate for any open risk in the published registers.</p>`;
    return scrollingTable(
      'my-risks-caption',
      html`<table class="govuk-table" data-my-risks>
        <caption class="govuk-table__caption govuk-table__caption--m" id="my-risks-caption">Risks owned by or delegated to ${this.me.person.name} (${this.risks.length})</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Risk</th>
            <th scope="col" class="govuk-table__header">Register</th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">Current rating</th>
            <th scope="col" class="govuk-table__header">Review due</th>
            <th scope="col" class="govuk-table__header">Overdue actions</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          ${this.risks.map(
            (r) => html`
              <tr class="govuk-table__row" data-risk=${r.id}>
                <th scope="row" class="govuk-table__header"><a class="govuk-link" href=${`/risks/${r.id}/`}>${r.id}: ${r.title}</a></th>
                <td class="govuk-table__cell">${r.register.name}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">${r.current.rating} ${r.current.band}</td>
                <td class="govuk-table__cell">
                  ${r.reviewDue !== null ? formatUkDate(r.reviewDue) : 'Not recorded'} ${r.reviewOverdue ? html`<strong class="govuk-tag govuk-tag--orange">Overdue</strong>` : nothing}
                </td>
                <td class="govuk-table__cell">
                  ${r.overdueActions.length === 0
                    ? 'None'
                    : html`<ul class="govuk-list">${r.overdueActions.map((a) => html`<li>${a.id}: ${a.description} (due ${formatUkDate(a.due)})</li>`)}</ul>`}
                </td>
              </tr>
            `,
          )}
        </tbody>
      </table>`,
    );
  }
}

/** The published review schedule; null when it cannot be had (offline, or a deploy under way). */
async function fetchSchedule(): Promise<ScheduledRisk[] | null> {
  try {
    const response = await fetch('/api/review-schedule.json');
    return response.ok ? ((await response.json()) as ScheduledRisk[]) : null;
  } catch {
    return null;
  }
}

customElements.define('my-risks', MyRisks);
