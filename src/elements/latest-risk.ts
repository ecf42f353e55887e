import { describeLatest } from '../core/proposals/stale.ts';

/**
 * The risk as it is on the base branch now, from GET /api/risks/:id: the published page shows
 * it as it was when the site was last built, which can be behind after someone else's change
 * is accepted. Only what the update form shows or sends is read.
 */
export interface LatestRisk {
  version: string;
  current: { likelihood: number; impact: number };
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
  setNoChange(form, 'current.likelihood', String(risk.current.likelihood));
  setNoChange(form, 'current.impact', String(risk.current.impact));
  for (const [kind, items] of [['actions', risk.actions], ['controls', risk.controls]] as const) {
    for (const item of items) {
      const index = indexOf(form, kind, item.id);
      if (index !== null) setNoChange(form, `${kind}.${index}.status`, item.status);
    }
  }
}

/** describeLatest with the form's own words for each score, as its options print them. */
export function describeNow(form: HTMLFormElement, field: string, risk: LatestRisk): string {
  return describeLatest(field, risk, (axis, score) => optionText(form, `current.${axis}`, score));
}

function setNoChange(form: HTMLFormElement, name: string, value: string): void {
  const select = form.elements.namedItem(name);
  const option = select instanceof HTMLSelectElement ? select.querySelector('option[value=""]') : null;
  if (option) option.textContent = `No change (${value})`;
}

function optionText(form: HTMLFormElement, name: string, value: number): string {
  const select = form.elements.namedItem(name);
  const option = select instanceof HTMLSelectElement ? [...select.options].find((o) => o.value === String(value)) : undefined;
  return option?.text ?? String(value);
}

function hiddenValue(form: HTMLFormElement, name: string): string | undefined {
  const input = form.elements.namedItem(name);
  return input instanceof HTMLInputElement ? input.value : undefined;
}

/** The index `i` of the form's `actions.i.id` (or `controls.i.id`) holding `id`. */
function indexOf(form: HTMLFormElement, kind: 'actions' | 'controls', id: string): number | null {
  for (let i = 0; ; i++) {
    const value = hiddenValue(form, `${kind}.${i}.id`);
    if (value === undefined) return null;
    if (value === id) return i;
  }
}
