import { formatUkDate } from '../core/dates.ts';
import type { ScheduledRisk } from '../core/report/review-schedule.ts';
import { escapeHtml, htmlDocument } from './html.ts';

/**
 * "My risks" as a plain page, for browsers without JavaScript (the static page builds its
 * table in the browser): the person's open risks with review due dates and overdue actions.
 */
export function myRisksPage(name: string, risks: readonly ScheduledRisk[]): Response {
  const rows = risks.map((r) => {
    const due = r.reviewDue === null ? 'Not recorded' : formatUkDate(r.reviewDue);
    const actions = r.overdueActions.length === 0 ? 'None' : `<ul>${r.overdueActions.map((a) => `<li>${escapeHtml(`${a.id}: ${a.description} (due ${formatUkDate(a.due)})`)}</li>`).join('')}</ul>`;
    return `<tr><th scope="row"><a href="/risks/${encodeURIComponent(r.id)}/">${escapeHtml(`${r.id}: ${r.title}`)}</a></th><td>${escapeHtml(r.register.name)}</td><td>${r.current.rating} ${escapeHtml(r.current.band)}</td><td>${escapeHtml(due)}${r.reviewOverdue ? ' <strong>Overdue</strong>' : ''}</td><td>${actions}</td></tr>`;
  });
  const caption = `Risks owned by or delegated to ${name} (${risks.length})`;
  const table =
    risks.length === 0
      ? `<p>${escapeHtml(name)}, you do not own and are not a delegate for any open risk in the published registers.</p>`
      : `<div class="table-region" role="region" aria-label="${escapeHtml(caption)}" tabindex="0"><table><caption>${escapeHtml(caption)}</caption><thead><tr><th scope="col">Risk</th><th scope="col">Register</th><th scope="col">Current rating</th><th scope="col">Review due</th><th scope="col">Overdue actions</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
  return htmlDocument(200, 'My risks', `<h1>My risks</h1>${table}<p><a href="/">Go to the registers</a></p>`);
}
