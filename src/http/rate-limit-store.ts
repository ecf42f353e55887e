import { getStore, type Store } from '@netlify/blobs';
import { memoryRateLimitStore, nextCount, type RateLimitStore, type WindowCount } from './rate-limit.ts';

let store: RateLimitStore | undefined;

/** On Netlify, counts live in Netlify Blobs so every function instance shares them; elsewhere, in memory. */
export function rateLimitStore(env: Record<string, string | undefined>): RateLimitStore {
  store ??= env['NETLIFY'] ? blobsRateLimitStore(getStore('oversight-rate-limits')) : memoryRateLimitStore();
  return store;
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
