import { changedItem } from '../core/proposals/changed-item.ts';
import { describeLatest } from '../core/proposals/stale.ts';

/**
 * The risk as it is on the base branch now, from GET /api/risks/:id: the published page shows
 * it as it was when the site was last built, which can be behind after someone else's change
 * is accepted. Only what the update form shows or sends is read.
 */
export interface LatestRisk {
  version: string;
  current: { likelihood: number; impact: number };
  target?: { likelihood: number; impact: number };
  lastReview?: string;
  actions: { id: string; status: string }[];
  controls: { id: string; status: string }[];
}

/** The latest risk, or null when it cannot be had (offline, signed out, the host down). */
export async function fetchLatestRisk(riskId: string): Promise<LatestRisk | null> {
  try {
    const response = await fetch(`/api/risks/${encodeURIComponent(riskId)}`, { credentials: 'same-origin', headers: { accept: 'application/json' }, cache: 'no-store' });
    if (!response.ok) return null;
    return asLatestRisk(await response.json());
  } catch {
    return null;
  }
}

function asLatestRisk(body: unknown): LatestRisk | null {
  if (typeof body !== 'object' || body === null) return null;
  const risk = body as Partial<LatestRisk>;
  if (typeof risk.version !== 'string' || !/^[0-9a-f]{40}$/.test(risk.version) || typeof risk.current !== 'object') return null;
  const latest: LatestRisk = { version: risk.version, current: risk.current, actions: risk.actions ?? [], controls: risk.controls ?? [] };
  if (typeof risk.target === 'object' && risk.target !== null) latest.target = risk.target;
  if (typeof risk.lastReview === 'string') latest.lastReview = risk.lastReview;
  return latest;
}

/**
 * Makes the form start from `risk`: its version goes with the next submission, and each
 * "No change (…)" option names the value as it is now.
 */
export function startFormFrom(form: HTMLFormElement, risk: LatestRisk): void {
  const version = form.elements.namedItem('baseVersion');
  if (version instanceof HTMLInputElement) version.value = risk.version;
  for (const axis of ['likelihood', 'impact'] as const) {
    setNoChange(form.elements.namedItem(`current.${axis}`), String(risk.current[axis]));
    setNoChange(form.elements.namedItem(`target.${axis}`), risk.target === undefined ? 'not set' : String(risk.target[axis]));
  }
  for (const [kind, items] of [['action', risk.actions], ['control', risk.controls]] as const) {
    for (const item of items) setNoChange(statusSelect(form, kind, item.id), item.status);
  }
}

/** The form field a 409's field name (current rating, review, action A2) is about, to link to. */
export function fieldFor(form: HTMLFormElement, field: string): HTMLSelectElement | HTMLTextAreaElement | undefined {
  const names: Record<string, string> = { 'current rating': 'current.likelihood', 'target rating': 'target.likelihood', review: 'reviewComment' };
  const name = names[field];
  if (name !== undefined) {
    const element = form.elements.namedItem(name);
    return element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement ? element : undefined;
  }
  const item = changedItem(field);
  return item ? statusSelect(form, item.kind, item.id) : undefined;
}

/** describeLatest with the form's own words for each score, as its options print them. */
export function describeNow(form: HTMLFormElement, field: string, risk: LatestRisk): string {
  return describeLatest(field, risk, (axis, score) => optionText(form, `current.${axis}`, score));
}

function setNoChange(select: unknown, value: string): void {
  const option = select instanceof HTMLSelectElement ? select.querySelector('option[value=""]') : null;
  if (option) option.textContent = `No change (${value})`;
}

/** An action's or control's status field, by the id the risk page gives it (action-A1-status). */
function statusSelect(form: HTMLFormElement, kind: 'action' | 'control', id: string): HTMLSelectElement | undefined {
  const select = form.querySelector(`#${kind}-${CSS.escape(id)}-status`);
  return select instanceof HTMLSelectElement ? select : undefined;
}

function optionText(form: HTMLFormElement, name: string, value: number): string {
  const select = form.elements.namedItem(name);
  const option = select instanceof HTMLSelectElement ? [...select.options].find((o) => o.value === String(value)) : undefined;
  return option?.text ?? String(value);
}
