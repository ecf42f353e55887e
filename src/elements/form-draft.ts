/**
 * What a person typed into a form, kept in this browser tab while they go to sign in (or reload
 * a risk that changed under them) and put back when they return, so nothing has to be copied
 * out by hand. Kept in sessionStorage: it stays with the tab and goes when the tab closes.
 * Hidden fields are not kept: the page they come back to carries its own (the risk's version).
 * On a shared computer a draft must not wait for the next person: it is put back only within
 * an hour, and signing out forgets every draft.
 */
export type Draft = [name: string, value: string][];

const PREFIX = 'oversight-draft:';
const KEPT_FOR_MS = 60 * 60 * 1000;

/** Keeps the form's visible answers under `key`; false when this browser keeps nothing (storage off or full). */
export function keepDraft(key: string, form: HTMLFormElement): boolean {
  const draft: Draft = [];
  for (const [name, value] of new FormData(form)) {
    const control = form.elements.namedItem(name);
    if (typeof value !== 'string' || (control instanceof HTMLInputElement && control.type === 'hidden')) continue;
    draft.push([name, value]);
  }
  try {
    sessionStorage.setItem(PREFIX + key, JSON.stringify({ savedAt: Date.now(), draft }));
    return true;
  } catch {
    return false;
  }
}

/** Puts a kept draft back into the form and forgets it; false when there was none to put back. */
export function restoreDraft(key: string, form: HTMLFormElement): boolean {
  const draft = takeDraft(key);
  if (draft === undefined) return false;
  for (const [name, value] of draft) {
    const control = form.elements.namedItem(name);
    if (control instanceof HTMLInputElement && (control.type === 'checkbox' || control.type === 'radio')) control.checked = control.value === value;
    else if (control instanceof RadioNodeList) control.value = value;
    else if (control instanceof HTMLInputElement || control instanceof HTMLSelectElement || control instanceof HTMLTextAreaElement) control.value = value;
  }
  return true;
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
    const { savedAt, draft } = JSON.parse(kept) as { savedAt?: unknown; draft?: unknown };
    if (typeof savedAt !== 'number' || !(Date.now() - savedAt < KEPT_FOR_MS) || !Array.isArray(draft)) return undefined;
    return draft.filter((entry): entry is Draft[number] => Array.isArray(entry) && entry.length === 2 && entry.every((part) => typeof part === 'string'));
  } catch {
    return undefined;
  }
}
