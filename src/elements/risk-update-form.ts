import { html, nothing } from 'lit';
import { updateFieldMessage } from '../core/proposals/form-field-names.ts';
import { formToObject } from '../http/read-input.ts';
import { forgetDraft, keepDraft, restoreDraft, type Restored } from './form-draft.ts';
import { CheckedForm, formParams, schemaCheck, type Check } from './checked-form.ts';
import { clearInline, errorSummary, markFields, problemsIn, type FieldProblem, type Problem } from './form-problems.ts';
import { fetchAccount } from './oversight-account.ts';

/** The schema the function checks an update with. */
const loadUpdateCheck = schemaCheck(async () => (await import('../core/proposals/update-request.ts')).RiskUpdateRequestSchema);

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
export class RiskUpdateForm extends CheckedForm {
  static override properties = { problems: { state: true }, submitted: { state: true }, restored: { state: true } };
  declare problems: Problem[];
  declare submitted: Submitted | null;
  /** What the person typed before they went to sign in (or reloaded) is back in the form, and what that found. */
  declare restored: Restored | null;

  /**
   * One key per fill of the form: a repeated send of the same fill finds the proposal already
   * made, and a changed fill gets a new key (the server refuses a key reused for other content).
   */
  private key = newKey();
  /** What was last sent under `key`. */
  private sentUnderKey: string | null = null;
  /** Whether the person has typed or chosen anything since the page loaded (or their last proposal). */
  private edited = false;

  constructor() {
    super();
    this.problems = [];
    this.submitted = null;
    this.restored = null;
  }

  protected override loadCheck(): Promise<Check> {
    return loadUpdateCheck();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('input', this.onEdit);
    document.addEventListener('click', this.onSignInLink, true);
    const form = this.form;
    const restored = form ? restoreDraft(draftKey(), form) : undefined;
    if (form && restored) {
      const details = form.closest('details');
      if (details) details.open = true;
      this.restored = restored;
      this.edited = true;
      this.focusNext = true;
    }
  }

  override disconnectedCallback(): void {
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

  protected override async submit(form: HTMLFormElement): Promise<void> {
    // The same mapping and schema the function applies to a plain form post.
    const value = formToObject(formParams(form));
    let check: Check;
    try {
      check = await this.loadCheck();
    } catch {
      // The check could not be loaded (say, a page left open across a deploy, whose scripts are
      // gone): posted as without JavaScript, the function checks the update all the same.
      form.submit();
      return;
    }
    const problems = check(value);
    if (problems.length > 0) {
      this.fail(form, problems);
      return;
    }
    const account = await fetchAccount();
    // Who is signed in could not be asked: signing in again would not help.
    if (account.state === 'unavailable') {
      this.show([{ text: 'Your update could not be sent. Try again in a few minutes.' }]);
      return;
    }
    if (account.state === 'signed-out') {
      this.show([{ text: `You need to sign in to propose an update. ${afterSignIn(form)}`, href: signInHref() }]);
      return;
    }
    const { me } = account;
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
      clearInline(form);
      document.title = this.pageTitle;
      this.problems = [];
      this.restored = null;
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
    this.show(problemsIn(form, fields, updateFieldMessage));
  }

  private show(problems: Problem[]): void {
    const form = this.form;
    if (form) markFields(form, problems);
    document.title = `Error: ${this.pageTitle}`;
    this.submitted = null;
    this.restored = null;
    this.problems = problems;
    this.focusNext = true;
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
      const { changed, missing } = this.restored;
      const lost = lostItems(missing);
      return html`<div class="govuk-notification-banner" role="region" aria-labelledby="update-restored-title" tabindex="-1">
        <div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="update-restored-title">Important</h2></div>
        <div class="govuk-notification-banner__content">
          <p class="govuk-notification-banner__heading">${changed ? RESTORED_CHANGED : RESTORED}</p>
          ${lost === null ? nothing : html`<p class="govuk-body">${lost}</p>`}
        </div>
      </div>`;
    }
    return errorSummary(this.problems);
  }
}

interface Answer {
  proposal?: { id: string; title: string; url: string; state: string };
  /** `fields`: problems with fields for a 422; for a 409, the names of fields someone else changed. */
  error?: { code: string; message: string; fields?: (FieldProblem | string)[] };
}

/**
 * Says what could not be put back, by the action or control it was about (the form's field
 * ids name them: action-A2-progress), or null when everything was.
 */
function lostItems(missing: string[]): string | null {
  if (missing.length === 0) return null;
  const items = [...new Set(missing.map((id) => /^(action|control)-([AC][0-9]+)-/.exec(id)).map((m) => (m ? `${m[1]} ${m[2]}` : 'a field')))];
  const list = items.length === 1 ? items[0] : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
  return `What you typed about ${list} could not be put back: ${items.length === 1 ? 'it is' : 'they are'} no longer in this form.`;
}

const RESTORED = 'What you typed before is back in the form. Check it, then submit it for review.';
const RESTORED_CHANGED = 'This risk has changed since you started your update. What you typed is back in the form: check it against the risk as it is now, then submit it for review.';

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

customElements.define('risk-update-form', RiskUpdateForm);
