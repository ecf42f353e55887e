import { comparePlaces } from '../core/proposals/form-field-names.ts';
import { spellOut } from '../core/report/change-words.ts';
import { SECURITY_HEADERS } from './security-headers.ts';
import { pageServiceName } from './workspace-source.ts';

/** Text made safe to put in HTML, in content or in a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A form's answers again, as hidden fields, for a page that offers to send them once more. */
export function hiddenInputs(fields: readonly (readonly [string, string])[]): string {
  return fields.map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`).join('');
}

/** A minimal page for the few answers a function gives a person directly (sign-in problems). */
export function htmlPage(status: number, title: string, paragraphs: string[], link: { href: string; text: string }, headers: Record<string, string> = {}): Response {
  const main = `<h1>${escapeHtml(title)}</h1>${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></p>`;
  return htmlDocument(status, title, main, headers);
}

/**
 * The page around `main`, which the caller has built from escaped text: titled and headed with
 * the service's name as the site's pages are ("My risks – Northmoor County Council risk
 * registers"), so a person who lands here knows where they are and how to get back.
 */
export function htmlDocument(status: number, title: string, main: string, headers: Record<string, string> = {}): Response {
  const service = escapeHtml(pageServiceName());
  const body = `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} – ${service}</title><link rel="stylesheet" href="/message.css"><link rel="icon" href="/favicon.svg" type="image/svg+xml"></head>
<body>
<a href="#main-content" class="skip-link">Skip to main content</a>
<header class="service-header"><a href="/">${service}</a></header>
<main id="main-content">${main}</main>
</body></html>`;
  return new Response(body, { status, headers: { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers } });
}

/**
 * How a form words an error where the path and the schema's message say too little: "Action A3
 * status" for `actions.0.status`, a date as the three boxes the person typed it in.
 */
export interface FormWords {
  name(path: string): string | undefined;
  message?(path: string, message: string): string;
  /** Where the field stands on the form (see formOrder), so errors are listed in the form's order. */
  order?: (path: string) => readonly number[];
}

/** `current.likelihood` as "Current likelihood", `actions[0].status` as "Action 1 status" unless `words` knows better. */
export function fieldName(path: string, words?: FormWords): string {
  const known = words?.name(path);
  if (known !== undefined) return known;
  const numbered = path.replace(/s?\[(\d+)\]|s?\.(\d+)(?=\.|$)/g, (_, a: string | undefined, b: string | undefined) => ` ${Number(a ?? b) + 1}`);
  return spellOut(numbered.replace(/\./g, ' '));
}

/** The form a post came from, for the page that answers it when it cannot be accepted. */
export interface FormPage {
  /** The error page's heading. */
  title: string;
  /** The form, to go back to. */
  back: string;
  words?: FormWords | undefined;
  /** The form uploads a file, which the browser does not keep: the way back is to upload it again. */
  upload?: boolean | undefined;
  /**
   * Why it was not accepted: something in it to correct (the default); the git host not
   * answering (nothing was written, nothing to correct); or the server failing (500), perhaps
   * after the proposal was opened, so the page cannot say nothing was submitted.
   */
  cause?: 'input' | 'unavailable' | 'failed' | undefined;
}

/** A form post that could not be accepted: a GOV.UK-style error summary and a way back to the form. */
export function formErrorPage(status: number, message: string, fields: { path: string; message: string }[], page: FormPage): Response {
  const { title, back, words } = page;
  const worded = (f: { path: string; message: string }) => words?.message?.(f.path, f.message) ?? f.message;
  const items = inFormOrder(fields, words).map((f) => `<li>${f.path ? `<strong>${escapeHtml(fieldName(f.path, words))}</strong>: ` : ''}${escapeHtml(worded(f))}</li>`).join('');
  const href = escapeHtml(back);
  const again = page.upload ? `<a href="${href}">upload it again</a>` : 'send it again (your browser’s Back button returns to the form with what you typed)';
  const way = {
    input: `Nothing was submitted. ${
      page.upload
        ? `Correct the file, then <a href="${href}">upload it again</a>.`
        : `Use your browser’s Back button to return to the form with what you typed, and correct it there. <a href="${href}">Open the form again</a> to start afresh.`
    }`,
    unavailable: `Nothing was submitted. In a few minutes, ${again}.`,
    failed: `It may have been submitted all the same: <a href="/proposals/">look for it among the proposals</a> before you ${again}.`,
  }[page.cause ?? 'input'];
  const main = `<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h1 id="error-summary-title">${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${items ? `<ul>${items}</ul>` : ''}</div>
<p>${way}</p>`;
  return htmlDocument(status, `Error: ${title}`, main);
}

/** The errors in the order of their fields on the form, where the form says; as they came otherwise. */
function inFormOrder<T extends { path: string }>(fields: readonly T[], words: FormWords | undefined): readonly T[] {
  const order = words?.order;
  if (!order) return fields;
  const placed = fields.map((field) => ({ field, place: order(field.path) }));
  return placed.sort((a, b) => comparePlaces(a.place, b.place)).map((p) => p.field);
}
