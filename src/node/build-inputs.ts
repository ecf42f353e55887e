/**
 * What `buildSite` has read and checked, handed to the pages so they do not read, validate
 * and walk the git history a second time (at 5,000 risks that second pass cost as much as
 * Vite's whole server build). The data is checked before Astro starts; the history is still
 * being read while Astro bundles, so it is handed over as a promise.
 *
 * Astro bundles the pages into chunks of their own, each with its own copy of this module,
 * so the hand-over goes through one global slot. It names the data directory it was read
 * from: pages building another directory (`astro build` on its own, a test) read their own.
 */
import { resolve } from 'node:path';
import type { Workspace } from '../core/data/workspace.ts';
import type { BuildHistory } from './history/build-history.ts';

export interface BuildInputs {
  dataDir: string;
  /** The day overdue reviews and actions were judged on. */
  now: Date;
  /** Valid: buildSite hands over only data without errors. */
  workspace: Workspace;
  /** Still being read while Astro bundles the site (see history-aside.ts); pages await it. */
  history: Promise<BuildHistory>;
}

const SLOT = Symbol.for('oversight.build-inputs');
type Slot = { [SLOT]?: BuildInputs };

export function handOverBuildInputs(inputs: BuildInputs): void {
  (globalThis as Slot)[SLOT] = { ...inputs, dataDir: resolve(inputs.dataDir) };
}

/** The inputs buildSite read from `dataDir`, if it is building that directory now. */
export function handedOverBuildInputs(dataDir: string): BuildInputs | undefined {
  const inputs = (globalThis as Slot)[SLOT];
  return inputs?.dataDir === resolve(dataDir) ? inputs : undefined;
}

export function clearBuildInputs(): void {
  delete (globalThis as Slot)[SLOT];
}
