import { LitElement, html, nothing } from 'lit';
import { fieldErrorsFromZod } from '../core/problems.ts';
import { updateFieldMessage } from '../core/proposals/form-field-names.ts';
import { sentenceCase } from '../core/words.ts';
import { formToObject } from '../http/read-input.ts';
import { forgetDraft, keepDraft, restoreDraft } from './form-draft.ts';
import { fetchMe } from './oversight-account.ts';

type FieldProblem = { path: string; message: string };
type Check = (value: unknown) => FieldProblem[];

let checker: Promise<Check> | undefined;

/**
 * The function's own schema, loaded when someone opens or starts filling the form rather than
 * with the page: zod is most of this element's weight, and most readers never propose anything.
 */
function loadCheck(): Promise<Check> {
  checker ??= (async () => {
    // Destructured as imported, so the bundler keeps only what is used of zod.
    const { config } = await import('zod');
    const { RiskUpdateRequestSchema } = await import('../core/proposals/update-request.ts');
    // The page's policy has no 'unsafe-eval': stop zod from trying `new Function` (and reporting a CSP violation).
    config({ jitless: true });
    return (value: unknown) => {
      const parsed = RiskUpdateRequestSchema.safeParse(value, { reportInput: true });
      return parsed.success ? [] : fieldErrorsFromZod(parsed.error.issues);
    };
  })();
  // A failed load is tried again at the next submit.
  checker.catch(() => {
    checker = undefined;
  });
  return checker;
}

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** One line of the error summary; `control` is the field it links to, when there is one. */
interface Problem {
  text: string;
  control?: Control;
  href?: string;
}

interface Submitted {
  id: string;
  title: string;
}

/**
 * Enhances the server-rendered "Propose an update" form. Without JavaScript the form
 * posts to the function as it stands. With it, this checks the answers against the same
 * schema the function uses before anything is sent, shows a GOV.UK error summary and
 * inline errors (keeping everything typed), sends JSON with the session's CSRF token and
 * an Idempotency-Key, and reports the new proposal in a notification banner. When the person
 * has to leave the page first (to sign in, or to reload a risk that changed), what they typed
 * is kept in the tab and put back when they return.
 */
export class RiskUpdateForm extends LitElement {
  static override properties = { problems: { state: true }, submitted: { state: true }, restored: { state: true } };
  declare problems: Problem[];
  declare submitted: Submitted | null;
  /** What the person typed before they went to sign in (or reloaded) is back in the form. */
  declare restored: boolean;

  /**
   * One key per fill of the form: a repeated send of the same fill finds the proposal already
   * made, and a changed fill gets a new key (the server refuses a key reused for other content).
   */
  private key = newKey();
  /** What was last sent under `key`. */
  private sentUnderKey: string | null = null;
  private sending = false;
  /** Whether the person has typed or chosen anything since the page loaded (or their last proposal). */
  private edited = false;
  private focusNext = false;
  private readonly pageTitle = document.title;

  constructor() {
    super();
    this.problems = [];
    this.submitted = null;
    this.restored = false;
  }

  private get form(): HTMLFormElement | null {
    return this.querySelector('form');
  }

  // Light DOM: the summary and banner render into a box just above the form, which stays as the server wrote it.
  protected override createRenderRoot(): HTMLElement {
    const root = document.createElement('div');
    root.dataset['feedback'] = '';
    const form = this.form;
    if (form) form.before(root);
    else this.append(root);
    return root;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.form?.addEventListener('submit', this.onSubmit);
    this.addEventListener('toggle', this.preload, true);
    this.addEventListener('focusin', this.preload);
    this.addEventListener('input', this.onEdit);
    document.addEventListener('click', this.onSignInLink, true);
    const form = this.form;
    if (form && restoreDraft(draftKey(), form)) {
      const details = form.closest('details');
      if (details) details.open = true;
      this.restored = true;
      this.edited = true;
      this.focusNext = true;
    }
  }

  override disconnectedCallback(): void {
    this.form?.removeEventListener('submit', this.onSubmit);
    this.removeEventListener('toggle', this.preload, true);
    this.removeEventListener('focusin', this.preload);
    this.removeEventListener('input', this.onEdit);
    document.removeEventListener('click', this.onSignInLink, true);
    super.disconnectedCallback();
  }

  private readonly onEdit = (): void => {
    this.edited = true;
  };

  /** Any way to sign in (the header's link too, not only the form's own) keeps what was typed for the return. */
  private readonly onSignInLink = (event: MouseEvent): void => {
    const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
    const form = this.form;
    if (!this.edited || !form || !(link instanceof HTMLAnchorElement) || new URL(link.href).pathname !== '/auth/login') return;
    keepDraft(draftKey(), form);
  };

  private readonly preload = (): void => {
    loadCheck().catch(() => undefined);
  };

  private readonly onSubmit = (event: SubmitEvent): void => {
    const form = this.form;
    if (!form) return;
    event.preventDefault();
    // A second click while the first send is under way does nothing.
    if (this.sending) return;
    this.sending = true;
    void this.submit(form).finally(() => {
      this.sending = false;
    });
  };

  private async submit(form: HTMLFormElement): Promise<void> {
    // The form has no file fields, so every entry is text.
    const params = new URLSearchParams([...new FormData(form)].map(([name, entry]) => [name, typeof entry === 'string' ? entry : entry.name]));
    // The same mapping and schema the function applies to a plain form post.
    const value = formToObject(params);
    let check: Check;
    try {
      check = await loadCheck();
    } catch {
      this.show([{ text: 'Your update could not be checked. Check your connection and submit again.' }]);
      return;
    }
    const problems = check(value);
    if (problems.length > 0) {
      this.fail(form, problems);
      return;
    }
    const me = await fetchMe();
    if (me === null) {
      this.show([{ text: `You need to sign in to propose an update. ${afterSignIn(form)}`, href: signInHref() }]);
      return;
    }
    const payload = JSON.stringify(value);
    if (this.sentUnderKey !== null && this.sentUnderKey !== payload) this.key = newKey();
    this.sentUnderKey = payload;
    let response: Response;
    try {
      response = await fetch(form.action, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': me.csrfToken ?? '', 'idempotency-key': this.key },
        body: payload,
      });
    } catch {
      this.show([{ text: 'Your update could not be sent. Check your connection and submit again.' }]);
      return;
    }
    const body = (await response.json().catch(() => ({}))) as Answer;
    if ((response.status === 201 || response.status === 200) && body.proposal) {
      this.key = newKey();
      this.sentUnderKey = null;
      forgetDraft(draftKey());
      this.edited = false;
      form.reset();
      this.clearInline(form);
      document.title = this.pageTitle;
      this.problems = [];
      this.restored = false;
      this.submitted = { id: body.proposal.id, title: body.proposal.title };
      this.focusNext = true;
      return;
    }
    const message = body.error?.message ?? 'Your update could not be submitted. Try again in a few minutes.';
    if (response.status === 422) {
      const fields = (body.error?.fields ?? []).filter((f): f is FieldProblem => typeof f === 'object');
      this.fail(form, fields.length > 0 ? fields : [{ path: '', message }]);
    } else if (response.status === 409) {
      const fields = (body.error?.fields ?? []).filter((f): f is string => typeof f === 'string');
      this.show(await conflictProblems(form, message, fields));
    } else if (response.status === 401) {
      this.show([{ text: `Your sign-in has expired. Sign in again, then submit your update. ${afterSignIn(form)}`, href: signInHref() }]);
    } else {
      this.show([{ text: message }]);
    }
  }

  /** Field errors: each goes in the summary, linked to its field, and beside the field itself. */
  private fail(form: HTMLFormElement, fields: FieldProblem[]): void {
    const problems = fields.map(({ path, message }): Problem => {
      const control = controlFor(form, path);
      return control ? { text: describe(control, message), control } : { text: sentenceCase(message) };
    });
    // In the order of the fields on the page, as GOV.UK asks; problems with no field come first.
    problems.sort((a, b) => (a.control && b.control ? (a.control.compareDocumentPosition(b.control) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1) : a.control ? 1 : b.control ? -1 : 0));
    this.show(problems);
  }

  private show(problems: Problem[]): void {
    const form = this.form;
    if (form) {
      this.clearInline(form);
      for (const problem of problems) if (problem.control) addInline(problem.control, problem.text);
    }
    document.title = `Error: ${this.pageTitle}`;
    this.submitted = null;
    this.restored = false;
    this.problems = problems;
    this.focusNext = true;
  }

  private clearInline(form: HTMLFormElement): void {
    for (const message of form.querySelectorAll('[data-inline-error]')) message.remove();
    for (const group of form.querySelectorAll('.govuk-form-group--error')) group.classList.remove('govuk-form-group--error');
    for (const field of form.querySelectorAll('.govuk-select--error, .govuk-textarea--error, .govuk-input--error')) {
      field.classList.remove('govuk-select--error', 'govuk-textarea--error', 'govuk-input--error');
    }
    for (const control of form.querySelectorAll<HTMLElement>('[data-described-by]')) {
      const before = control.dataset['describedBy'] ?? '';
      if (before === '') control.removeAttribute('aria-describedby');
      else control.setAttribute('aria-describedby', before);
      delete control.dataset['describedBy'];
    }
  }

  protected override updated(): void {
    if (!this.focusNext) return;
    this.focusNext = false;
    // Moving focus to the summary (or banner) makes screen readers announce it, as GOV.UK Frontend does.
    this.renderRoot.querySelector<HTMLElement>('.govuk-error-summary, .govuk-notification-banner')?.focus();
  }

  /** A summary link moves focus to its field, and scrolls its label into view (as GOV.UK Frontend's error summary does). */
  private onSummaryClick(event: Event, problem: Problem): void {
    const control = problem.control;
    if (!control) return;
    event.preventDefault();
    const details = control.closest('details');
    if (details) details.open = true;
    (control.closest('.govuk-form-group')?.querySelector('label') ?? control).scrollIntoView();
    control.focus({ preventScroll: true });
  }

  override render() {
    if (this.submitted) {
      const { id, title } = this.submitted;
      const href = `/proposals/?submitted=${encodeURIComponent(id)}#proposal-${encodeURIComponent(id)}`;
      return html`<div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="update-submitted-title" tabindex="-1">
        <div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="update-submitted-title">Success</h2></div>
        <div class="govuk-notification-banner__content">
          <p class="govuk-notification-banner__heading">Your update was submitted for review as proposal ${id}.</p>
          <p class="govuk-body"><a class="govuk-notification-banner__link" href=${href}>See proposal ${id}: ${title}</a></p>
        </div>
      </div>`;
    }
    if (this.restored && this.problems.length === 0) {
      return html`<div class="govuk-notification-banner" role="region" aria-labelledby="update-restored-title" tabindex="-1">
        <div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="update-restored-title">Important</h2></div>
        <div class="govuk-notification-banner__content">
          <p class="govuk-notification-banner__heading">What you typed before is back in the form. Check it, then submit it for review.</p>
        </div>
      </div>`;
    }
    if (this.problems.length === 0) return nothing;
    return html`<div class="govuk-error-summary" tabindex="-1">
      <div role="alert">
        <h2 class="govuk-error-summary__title">There is a problem</h2>
        <div class="govuk-error-summary__body">
          <ul class="govuk-list govuk-error-summary__list">
            ${this.problems.map((p) => {
              const href = p.control ? `#${p.control.id}` : p.href;
              return html`<li>${href === undefined ? p.text : html`<a href=${href} @click=${(e: Event) => this.onSummaryClick(e, p)}>${p.text}</a>`}</li>`;
            })}
          </ul>
        </div>
      </div>
    </div>`;
  }
}

interface Answer {
  proposal?: { id: string; title: string; url: string; state: string };
  /** `fields`: problems with fields for a 422; for a 409, the names of fields someone else changed. */
  error?: { code: string; message: string; fields?: (FieldProblem | string)[] };
}

function newKey(): string {
  return crypto.randomUUID();
}

/** Drafts are kept per page, so a draft for one risk never fills another's form. */
function draftKey(): string {
  return location.pathname;
}

/** Keeps what was typed for the person's return from signing in, and says so (or, where this browser keeps nothing, to copy it). */
function afterSignIn(form: HTMLFormElement): string {
  return keepDraft(draftKey(), form) ? 'What you have typed will be back in this form when you return.' : 'Signing in takes you away from this page, so copy anything you have typed first.';
}

/**
 * Someone else's accepted change overlaps this one. The published page can stay behind the
 * data until the site is rebuilt, so reloading it would not help: the form is moved onto the
 * risk as it is now instead, keeping every answer, and says what the other change made of
 * each field both touched. Only if the latest risk cannot be had is the person sent to reload.
 */
async function conflictProblems(form: HTMLFormElement, message: string, fields: string[]): Promise<Problem[]> {
  const riskId = /^\/api\/risks\/([^/]+)\/updates$/.exec(new URL(form.action).pathname)?.[1];
  // Loaded only now: a conflict is rare, and the page need not carry this for it.
  const module = await import('./latest-risk.ts').catch(() => null);
  const latest = riskId === undefined || module === null ? null : await module.fetchLatestRisk(decodeURIComponent(riskId));
  if (latest === null || module === null) {
    const kept = keepDraft(draftKey(), form) ? 'What you have typed will be back in the form.' : 'Copy anything you have typed first: reloading clears the form.';
    return [{ text: message }, { text: `Reload this page to see the risk as it is now, then check your update and submit it again. ${kept}`, href: reloadHref() }];
  }
  module.startFormFrom(form, latest);
  return [
    { text: 'Someone else changed this risk after this page was published, and their change has been accepted. This page will show it once the site is next published.' },
    ...fields.map((field): Problem => {
      const control = module.fieldFor(form, field);
      return control ? { text: module.describeNow(form, field, latest), control } : { text: module.describeNow(form, field, latest) };
    }),
    { text: 'Your answers are still in the form. Check them against the risk as it is now, then submit again.' },
  ];
}

/** This page loaded afresh: a link to the same address and only a new #fragment would just scroll. */
function reloadHref(): string {
  return `${location.pathname}?reload=${Date.now().toString(36)}#update`;
}

function signInHref(): string {
  return `/auth/login?returnTo=${encodeURIComponent(location.pathname)}`;
}

/**
 * The field a problem belongs to: `actions[0].status` or `actions.0.status` names the form
 * field `actions.0.status`. A problem with the whole submission links to the first field,
 * and a hidden field (the version) has nothing a person can correct, so it links nowhere.
 */
function controlFor(form: HTMLFormElement, path: string): Control | undefined {
  const name = path.replace(/\[(\d+)\]/g, '.$1');
  // A date is three boxes (GOV.UK's date input): its problem belongs to the first.
  const element = name === '' ? form.querySelector('select, textarea, input:not([type=hidden])') : (form.elements.namedItem(name) ?? form.elements.namedItem(`${name}.day`));
  if (!(element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement)) return undefined;
  if (element.type === 'hidden' || element.id === '') return undefined;
  return element;
}

/** "Enter why you are proposing this", "Select the current impact", or "Review comment: must be at most …". */
function describe(control: Control, message: string): string {
  const name = control.dataset['errorName'] ?? control.labels?.[0]?.textContent?.trim() ?? control.name;
  if (message.startsWith('is required')) return `${control instanceof HTMLSelectElement ? 'Select' : 'Enter'} ${name.charAt(0).toLowerCase()}${name.slice(1)}`;
  if (message.startsWith('the submission')) return sentenceCase(message);
  // A date's boxes are named `….due.day`: its message is the date's, as the person typed it.
  if (control.name.endsWith('.day')) {
    const boxes = updateFieldMessage(control.name.slice(0, -'.day'.length), message);
    if (boxes !== message) return `${name} ${boxes}`;
  }
  return `${name}: ${message}`;
}

/** GOV.UK's inline error: a message above the field, the group and field marked, and the field described by the message. */
function addInline(control: Control, text: string): void {
  // A date's message stands above its three boxes, in the group around them, as GOV.UK's date input shows it.
  const anchor = control.closest('.govuk-date-input') ?? control;
  const group = anchor.parentElement?.closest('.govuk-form-group');
  if (!group || group.querySelector(`#${CSS.escape(control.id)}-error`)) return;
  const message = document.createElement('p');
  message.id = `${control.id}-error`;
  message.className = 'govuk-error-message';
  message.dataset['inlineError'] = '';
  const hidden = document.createElement('span');
  hidden.className = 'govuk-visually-hidden';
  hidden.textContent = 'Error: ';
  message.append(hidden, text);
  anchor.before(message);
  group.classList.add('govuk-form-group--error');
  // The whole date is wrong, so all three boxes are marked, and its fieldset is described by the message.
  const marked = anchor === control ? [control] : [...anchor.querySelectorAll('input')];
  for (const field of marked) field.classList.add(field instanceof HTMLSelectElement ? 'govuk-select--error' : field instanceof HTMLTextAreaElement ? 'govuk-textarea--error' : 'govuk-input--error');
  const described = anchor === control ? control : (anchor.closest('fieldset') ?? control);
  const before = described.getAttribute('aria-describedby') ?? '';
  described.dataset['describedBy'] = before;
  described.setAttribute('aria-describedby', `${before} ${message.id}`.trim());
}

customElements.define('risk-update-form', RiskUpdateForm);
