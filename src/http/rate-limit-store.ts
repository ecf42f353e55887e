import { getStore, type Store } from '@netlify/blobs';
import { memoryRateLimitStore, nextCount, type RateLimitStore, type WindowCount } from './rate-limit.ts';

/** What is counted: changes and reads of the git host each have their own limit, so neither uses up the other. */
export type Counted = 'changes' | 'reads';

const BLOB_STORES: Record<Counted, string> = { changes: 'oversight-rate-limits', reads: 'oversight-read-rate-limits' };
const stores = new Map<Counted, RateLimitStore>();

/**
 * Where Netlify Blobs is available, counts live there so every function instance shares them;
 * elsewhere, in memory. A deployed function is recognised as @netlify/blobs itself does, by the
 * context Netlify's runtime gives it: NETLIFY (set during builds) is not set in functions.
 */
export function rateLimitStore(env: Record<string, string | undefined>, counted: Counted): RateLimitStore {
  let store = stores.get(counted);
  if (store === undefined) {
    store = hasBlobsContext(env) ? blobsRateLimitStore(getStore(BLOB_STORES[counted])) : memoryRateLimitStore();
    stores.set(counted, store);
  }
  return store;
}

export function hasBlobsContext(env: Record<string, string | undefined>): boolean {
  return Boolean(env['NETLIFY_BLOBS_CONTEXT'] || (globalThis as { netlifyBlobsContext?: unknown }).netlifyBlobsContext);
}

/**
 * One blob a person, holding their count in the current window, overwritten as windows pass.
 * A read-then-write: a burst across function instances may slip a request or two past the limit.
 */
export function blobsRateLimitStore(blobs: Store): RateLimitStore {
  return {
    async increment(person, window) {
      const stored = (await blobs.get(person, { type: 'json' })) as WindowCount | null;
      const next = nextCount(stored, window);
      await blobs.setJSON(person, next);
      return next.count;
    },
  };
}
