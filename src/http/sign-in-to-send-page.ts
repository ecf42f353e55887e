import { escapeHtml, hiddenInputs, htmlDocument } from './html.ts';
import { objectToForm } from './read-input.ts';

/**
 * A plain form post from someone whose sign-in has run out (or who never signed in). Sending
 * them to sign in would lose what they typed, perhaps a long review comment: no page of ours
 * holds it, and a cookie cannot. This page holds it instead, as hidden fields, while they sign
 * in in another tab; then the same button sends it, now with their sign-in. Nothing was sent,
 * and nothing is sent until they press it.
 */
export function signInToSendPage(answers: Record<string, unknown>, action: string, back: string): Response {
  const hidden = hiddenInputs(objectToForm(answers));
  const signIn = `/auth/login?returnTo=${encodeURIComponent(back)}`;
  const main = `<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h1 id="error-summary-title">Sign in to send this</h1><p>You are not signed in (a sign-in runs out after a time), so nothing was sent. What you entered is kept on this page.</p></div>
<ol>
<li><a href="${escapeHtml(signIn)}" target="_blank" rel="noopener">Sign in (opens in a new tab)</a>.</li>
<li>Come back to this tab, then send what you entered:
<form method="post" action="${escapeHtml(action)}">${hidden}<button type="submit">Send what I entered</button></form></li>
</ol>
<p>Or <a href="${escapeHtml(back)}">go back</a> without sending it.</p>`;
  // A 401 names how to authenticate (RFC 9110); Bearer, as the JSON answers say, prompts no browser dialog.
  return htmlDocument(401, 'Error: Sign in to send this', main, { 'www-authenticate': 'Bearer' });
}
