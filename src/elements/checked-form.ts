import { LitElement } from 'lit';
import type { ZodType } from 'zod';
import { fieldErrorsFromZod } from '../core/problems.ts';
import type { FieldProblem } from './form-problems.ts';

export type Check = (value: unknown) => FieldProblem[];

/**
 * A check against one of the functions' own schemas. zod is most of a form's weight and most
 * readers never propose anything, so it loads when first needed; a failed load is tried again.
 */
export function schemaCheck(loadSchema: () => Promise<ZodType>): () => Promise<Check> {
  return lazily(async () => {
    // Destructured as imported, so the bundler keeps only what is used of zod.
    const { config } = await import('zod');
    const schema = await loadSchema();
    // The page's policy has no 'unsafe-eval': stop zod from trying `new Function` (and reporting a CSP violation).
    config({ jitless: true });
    return (value: unknown) => {
      const parsed = schema.safeParse(value, { reportInput: true });
      return parsed.success ? [] : fieldErrorsFromZod(parsed.error.issues);
    };
  });
}

/** Loads a check once, when first needed, and tries again at the next call if loading failed. */
function lazily<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load();
    loading.catch(() => {
      loading = undefined;
    });
    return loading;
  };
}

/** The form's answers as a function reads them from a form post (the forms have no file fields, so every entry is text). */
export function formParams(form: HTMLFormElement): URLSearchParams {
  return new URLSearchParams([...new FormData(form)].map(([name, entry]) => [name, typeof entry === 'string' ? entry : entry.name]));
}

/**
 * What the site's checked forms share. The form stays as the server wrote it, and posts as it
 * stands without JavaScript; what the element says (an error summary, a banner) renders in a box
 * just above it, and focus moves there when it is shown. The check loads once someone opens or
 * starts filling the form. A submit calls `submit(form)`, one at a time.
 */
export abstract class CheckedForm extends LitElement {
  /** Move focus to what was just rendered. */
  protected focusNext = false;
  protected readonly pageTitle = document.title;
  private sending = false;

  protected abstract loadCheck(): Promise<Check>;
  protected abstract submit(form: HTMLFormElement): Promise<void>;

  protected get form(): HTMLFormElement | null {
    return this.querySelector('form');
  }

  // Light DOM: the feedback box sits just above the form.
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
  }

  override disconnectedCallback(): void {
    this.form?.removeEventListener('submit', this.onSubmit);
    this.removeEventListener('toggle', this.preload, true);
    this.removeEventListener('focusin', this.preload);
    super.disconnectedCallback();
  }

  private readonly preload = (): void => {
    this.loadCheck().catch(() => undefined);
  };

  private readonly onSubmit = (event: SubmitEvent): void => {
    const form = this.form;
    if (!form) return;
    event.preventDefault();
    // A second click while the first is under way does nothing.
    if (this.sending) return;
    this.sending = true;
    void this.submit(form).finally(() => {
      this.sending = false;
    });
  };

  protected override updated(): void {
    if (!this.focusNext) return;
    this.focusNext = false;
    // Moving focus to the summary (or banner) makes screen readers announce it, as GOV.UK Frontend does.
    this.renderRoot.querySelector<HTMLElement>('.govuk-error-summary, .govuk-notification-banner')?.focus();
  }
}
