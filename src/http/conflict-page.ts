import type { ScoringScheme } from '../core/schemas/scoring-scheme.ts';
import type { Risk } from '../core/schemas/risk.ts';
import { describeLatest } from '../core/proposals/stale.ts';
import { scoreLabel } from '../core/scoring/rating.ts';
import { escapeHtml, hiddenInputs, htmlDocument } from './html.ts';
import { objectToForm } from './read-input.ts';

export interface Conflict {
  /** The fields both changes touch, as conflictingFields names them. */
  fields: string[];
  latest: { version: string; risk: Risk };
}

/**
 * A plain form post that overlaps someone else's accepted change. Without JavaScript the risk's
 * page still shows the version the site was built from, so going back and submitting again would
 * be refused again: this page says what the other change made of each field, and offers the same
 * answers again, now against the risk as it is (a reviewer still sees every change before it is published).
 */
export function conflictPage(conflict: Conflict, answers: Record<string, unknown>, action: string, back: string, scheme: ScoringScheme): Response {
  const items = conflict.fields.map((f) => `<li>${escapeHtml(describeLatest(f, conflict.latest.risk, (axis, score) => scoreLabel(scheme, axis, score)))}</li>`).join('');
  const hidden = hiddenInputs(objectToForm({ ...answers, baseVersion: conflict.latest.version }));
  const main = `<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h1 id="error-summary-title">Someone else has changed this risk</h1><p>${items ? 'Since you opened it, someone else has changed what your update changes too:' : 'Since you opened it, someone else has changed it.'}</p>${items ? `<ul>${items}</ul>` : ''}</div>
<p>Their change has been accepted. The risk’s page shows it once the site is next published. Nothing of yours was submitted yet.</p>
<form method="post" action="${escapeHtml(action)}">${hidden}<button type="submit">Submit my update as it is</button></form>
<p>Or <a href="${escapeHtml(back)}">go back to the risk</a> without submitting it.</p>`;
  return htmlDocument(409, 'Error: Someone else has changed this risk', main);
}
