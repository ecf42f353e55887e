import { getStore, type Store } from '@netlify/blobs';
import type { SharedBlobCache } from '../node/git/github.ts';
import { hasBlobsContext } from './rate-limit-store.ts';

const STORE = 'oversight-git-blobs';

/**
 * On Netlify, the data files' contents by blob id in Netlify Blobs, so each new function
 * instance reads the data from there rather than spending a GitHub request a file. The store
 * holds what the data repository holds, restricted registers included, and is the site's own,
 * as the functions' memory is. Elsewhere there is none: one process keeps its own in memory.
 */
export function sharedBlobCache(env: Record<string, string | undefined>): SharedBlobCache | undefined {
  return hasBlobsContext(env) ? blobsBlobCache(getStore(STORE)) : undefined;
}

export function blobsBlobCache(blobs: Store): SharedBlobCache {
  return {
    async get(sha) {
      return (await blobs.get(sha, { type: 'text' })) ?? undefined;
    },
    async set(sha, content) {
      await blobs.set(sha, content);
    },
  };
}
