import { html, nothing, type TemplateResult } from 'lit';
import { isYearProblem } from '../core/dates.ts';
import { sentenceCase } from '../core/words.ts';

/**
 * GOV.UK's error summary and inline errors for the site's forms, shown from the problems the
 * functions' own schemas find (`{ path, message }`), before anything is sent.
 */

export type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** A problem with a field, as the schema and the functions report it. */
export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * One line of the error summary; `control` is the field it links to, when there is one, and
 * `group` the boxes or selects around it when the problem is with all of them together (a
 * rating with neither select chosen), which are all marked.
 */
export interface Problem {
  text: string;
  control?: Control;
  group?: Element;
  /** The field alone is marked, not the date's other boxes (see Place). */
  alone?: boolean;
  href?: string;
}

/** Where a problem is shown: its field, and the fields around it it is shown on too. */
interface Place {
  control: Control;
  group?: Element;
  /** A date's year box, when only the year is wrong: GOV.UK's date input marks that box alone. */
  alone?: boolean;
}

/** A date's message as the person typed it (three boxes), for the date at `path`; other messages as they are. */
export type DateWords = (path: string, message: string) => string;

/**
 * The field a problem belongs to: `actions[0].status` or `actions.0.status` names the form
 * field `actions.0.status`. A problem with the whole submission links to the first field,
 * and a hidden field (the version) has nothing a person can correct, so it links nowhere.
 */
function placeFor(form: HTMLFormElement, path: string, message: string): Place | undefined {
  const name = path.replace(/\[(\d+)\]/g, '.$1');
  if (name === '') return fieldOf(form.querySelector('select, textarea, input:not([type=hidden])'));
  // A date is three boxes (GOV.UK's date input): a problem with its year belongs to the year box, any other to the first.
  const year = isYearProblem(message) ? fieldOf(form.elements.namedItem(`${name}.year`)) : undefined;
  if (year) return { ...year, alone: true };
  const named = form.elements.namedItem(name) ?? form.elements.namedItem(`${name}.day`);
  if (named) return fieldOf(named);
  // A rating is two selects: a problem with the whole rating (neither chosen) is shown on both, linked to the first.
  const likelihood = fieldOf(form.elements.namedItem(`${name}.likelihood`));
  const selects = likelihood?.control.closest('[data-rating-selects]');
  return likelihood && selects ? { ...likelihood, group: selects } : likelihood;
}

function fieldOf(element: Element | RadioNodeList | null): Place | undefined {
  if (!(element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement)) return undefined;
  if (element.type === 'hidden' || element.id === '') return undefined;
  return { control: element };
}

function nameOf(control: Control): string {
  return control.dataset['errorName'] ?? control.labels?.[0]?.textContent?.trim() ?? control.name;
}

/**
 * "Enter why you are proposing this", "Select the current impact", or "Review comment: must be at most …";
 * for a rating with neither select chosen, "Select current likelihood and current impact".
 */
function describe({ control, group }: Place, message: string, dateWords: DateWords): string {
  const name = nameOf(control);
  if (message.startsWith('is required')) {
    const named = group ? [...group.querySelectorAll('select')] : [control];
    const names = named.map((c) => nameOf(c)).map((n) => `${n.charAt(0).toLowerCase()}${n.slice(1)}`);
    return `${control instanceof HTMLSelectElement ? 'Select' : 'Enter'} ${names.join(' and ')}`;
  }
  if (message.startsWith('the submission')) return sentenceCase(message);
  // A date's boxes are named `….due.day` (or `.year`): its message is the date's, as the person typed it.
  const date = /^(.*)\.(?:day|year)$/.exec(control.name)?.[1];
  if (date !== undefined) {
    const boxes = dateWords(date, message);
    if (boxes !== message) return `${name} ${boxes}`;
  }
  return `${name}: ${message}`;
}

/** Each problem linked to its field where it has one, in the order of the fields on the page, as GOV.UK asks; problems with no field first. */
export function problemsIn(form: HTMLFormElement, fields: FieldProblem[], dateWords: DateWords): Problem[] {
  const problems = fields.map(({ path, message }): Problem => {
    const place = placeFor(form, path, message);
    return place ? { text: describe(place, message, dateWords), ...place } : { text: sentenceCase(message) };
  });
  return problems.sort((a, b) => (a.control && b.control ? (a.control.compareDocumentPosition(b.control) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1) : a.control ? 1 : b.control ? -1 : 0));
}

/** Marks each problem's field (clearing the last ones first). */
export function markFields(form: HTMLFormElement, problems: Problem[]): void {
  clearInline(form);
  for (const problem of problems) if (problem.control) addInline(problem, problem.control);
}

export function clearInline(form: HTMLFormElement): void {
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

/**
 * GOV.UK's inline error: a message above the field, the group and field marked, and the field
 * described by the message. A problem with fields together (`group`) is shown above them all.
 */
function addInline({ text, group, alone }: Problem, control: Control): void {
  // A date's message stands above its three boxes, in the group around them, as GOV.UK's date input shows it.
  const anchor = group ?? control.closest('.govuk-date-input') ?? control;
  const formGroup = anchor.parentElement?.closest('.govuk-form-group');
  if (!formGroup || formGroup.querySelector(`#${CSS.escape(control.id)}-error`)) return;
  const message = document.createElement('p');
  message.id = `${control.id}-error`;
  message.className = 'govuk-error-message';
  message.dataset['inlineError'] = '';
  const hidden = document.createElement('span');
  hidden.className = 'govuk-visually-hidden';
  hidden.textContent = 'Error: ';
  message.append(hidden, text);
  anchor.before(message);
  formGroup.classList.add('govuk-form-group--error');
  // The whole date (or rating) is wrong, so all its boxes are marked, unless only its year is; its fieldset is described by the message.
  const marked = anchor === control || alone === true ? [control] : [...anchor.querySelectorAll<Control>('input, select')];
  for (const field of marked) field.classList.add(field instanceof HTMLSelectElement ? 'govuk-select--error' : field instanceof HTMLTextAreaElement ? 'govuk-textarea--error' : 'govuk-input--error');
  const described = anchor === control ? control : (anchor.closest('fieldset') ?? control);
  const before = described.getAttribute('aria-describedby') ?? '';
  described.dataset['describedBy'] = before;
  described.setAttribute('aria-describedby', `${before} ${message.id}`.trim());
}

/** A summary link moves focus to its field, and scrolls its label into view (as GOV.UK Frontend's error summary does). */
function onSummaryClick(event: Event, problem: Problem): void {
  const control = problem.control;
  if (!control) return;
  event.preventDefault();
  const details = control.closest('details');
  if (details) details.open = true;
  (control.closest('.govuk-form-group')?.querySelector('label') ?? control).scrollIntoView();
  control.focus({ preventScroll: true });
}

/** GOV.UK's error summary; the caller moves focus to it once it is on the page, so screen readers announce it. */
export function errorSummary(problems: Problem[]): TemplateResult | typeof nothing {
  if (problems.length === 0) return nothing;
  return html`<div class="govuk-error-summary" tabindex="-1">
    <div role="alert">
      <h2 class="govuk-error-summary__title">There is a problem</h2>
      <div class="govuk-error-summary__body">
        <ul class="govuk-list govuk-error-summary__list">
          ${problems.map((p) => {
            const href = p.control ? `#${p.control.id}` : p.href;
            return html`<li>${href === undefined ? p.text : html`<a href=${href} @click=${(e: Event) => onSummaryClick(e, p)}>${p.text}</a>`}</li>`;
          })}
        </ul>
      </div>
    </div>
  </div>`;
}
