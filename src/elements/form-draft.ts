/**
 * What a person typed into a form, kept in this browser tab while they go to sign in (or reload
 * a risk that changed under them) and put back when they return, so nothing has to be copied
 * out by hand. Kept in sessionStorage: it stays with the tab and goes when the tab closes.
 * On a shared computer a draft must not wait for the next person: it is put back only within
 * an hour, and signing out forgets every draft.
 *
 * Each answer is kept under its field's id, not its name. The update form names an action's
 * fields by its place in the form (actions.0.status), and the place moves when the risk
 * changes (a completed action leaves the form), while the id names the action itself
 * (action-A2-status). The hidden fields, which say what the form was filled against (the
 * risk's version, the ids of its actions and controls), are kept to tell whether the page the
 * person returns to is still that one; they are never put back.
 */
interface Draft {
  /** The form's hidden fields, by name. */
  context: [name: string, value: string][];
  /** The answers, by field id. */
  answers: [id: string, value: string][];
}

/** What putting a draft back found. */
export interface Restored {
  /** The page is not the one the draft was typed on: its hidden fields differ (the risk changed). */
  changed: boolean;
  /** The ids of fields the person had filled in that this page no longer has. */
  missing: string[];
}

const PREFIX = 'oversight-draft:';
const KEPT_FOR_MS = 60 * 60 * 1000;

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** The form's fields that a post would send (buttons and files aside). */
function fieldsOf(form: HTMLFormElement): Field[] {
  return [...form.elements].filter(
    (e): e is Field =>
      (e instanceof HTMLSelectElement || e instanceof HTMLTextAreaElement || (e instanceof HTMLInputElement && !['button', 'file', 'image', 'reset', 'submit'].includes(e.type))) &&
      e.name !== '' &&
      !e.disabled,
  );
}

function isHidden(field: Field): boolean {
  return field instanceof HTMLInputElement && field.type === 'hidden';
}

function isCheckable(field: Field): field is HTMLInputElement {
  return field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio');
}

function contextOf(form: HTMLFormElement): Draft['context'] {
  return fieldsOf(form)
    .filter(isHidden)
    .map((field) => [field.name, field.value]);
}

/** Keeps the form's answers under `key`; false when this browser keeps nothing (storage off or full). */
export function keepDraft(key: string, form: HTMLFormElement): boolean {
  const answers: Draft['answers'] = [];
  for (const field of fieldsOf(form)) {
    if (isHidden(field) || field.id === '' || (isCheckable(field) && !field.checked)) continue;
    answers.push([field.id, field.value]);
  }
  const draft: Draft = { context: contextOf(form), answers };
  try {
    sessionStorage.setItem(PREFIX + key, JSON.stringify({ savedAt: Date.now(), ...draft }));
    return true;
  } catch {
    return false;
  }
}

/**
 * Puts a kept draft back into the form, each answer into the field of the same id, and forgets
 * it; undefined when there was none to put back.
 */
export function restoreDraft(key: string, form: HTMLFormElement): Restored | undefined {
  const draft = takeDraft(key);
  if (draft === undefined) return undefined;
  const fields = new Map(fieldsOf(form).map((field) => [field.id, field]));
  const missing: string[] = [];
  for (const [id, value] of draft.answers) {
    const field = fields.get(id);
    if (field === undefined || isHidden(field)) {
      if (value !== '') missing.push(id);
    } else if (isCheckable(field)) field.checked = true;
    else field.value = value;
  }
  return { changed: JSON.stringify(contextOf(form)) !== JSON.stringify(draft.context), missing };
}

/** Forgets any kept draft, once what it held has been sent. */
export function forgetDraft(key: string): void {
  takeDraft(key);
}

/** Forgets every kept draft (at sign-out). */
export function forgetAllDrafts(): void {
  try {
    for (const key of Object.keys(sessionStorage)) if (key.startsWith(PREFIX)) sessionStorage.removeItem(key);
  } catch {
    // Nothing can have been kept where storage is unavailable.
  }
}

function takeDraft(key: string): Draft | undefined {
  try {
    const kept = sessionStorage.getItem(PREFIX + key);
    sessionStorage.removeItem(PREFIX + key);
    if (kept === null) return undefined;
    const { savedAt, context, answers } = JSON.parse(kept) as { savedAt?: unknown; context?: unknown; answers?: unknown };
    // A draft kept by an earlier version of the page, by field names, is not put back: the names may now be other fields'.
    if (typeof savedAt !== 'number' || !(Date.now() - savedAt < KEPT_FOR_MS) || !isPairs(context) || !isPairs(answers)) return undefined;
    return { context, answers };
  } catch {
    return undefined;
  }
}

function isPairs(value: unknown): value is [string, string][] {
  return Array.isArray(value) && value.every((entry) => Array.isArray(entry) && entry.length === 2 && entry.every((part) => typeof part === 'string'));
}
