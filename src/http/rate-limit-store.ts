import { getStore } from '@netlify/blobs';
import { memoryRateLimitStore, type RateLimitStore } from './rate-limit.ts';

let store: RateLimitStore | undefined;

/**
 * On Netlify, counts live in Netlify Blobs so every function instance shares them
 * (a read-then-write, so a burst across instances may slip a request or two past
 * the limit); elsewhere, in memory.
 */
export function rateLimitStore(env: Record<string, string | undefined>): RateLimitStore {
  store ??= env['NETLIFY'] ? blobsStore() : memoryRateLimitStore();
  return store;
}

function blobsStore(): RateLimitStore {
  const blobs = getStore('oversight-rate-limits');
  return {
    async increment(key) {
      const current = Number((await blobs.get(key)) ?? 0);
      await blobs.set(key, String(current + 1));
      return current + 1;
    },
  };
}
