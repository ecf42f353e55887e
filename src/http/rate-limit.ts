/** Counts state-changing requests per person in fixed one-minute windows. */
export interface RateLimitStore {
  /** Adds one to the key's count and returns the new count. */
  increment(key: string): Promise<number>;
}

export function memoryRateLimitStore(): RateLimitStore {
  const counts = new Map<string, number>();
  return {
    increment(key) {
      // Old windows are dropped as new ones start, so memory stays small.
      const window = key.slice(key.lastIndexOf(':') + 1);
      for (const k of counts.keys()) if (!k.endsWith(`:${window}`)) counts.delete(k);
      const next = (counts.get(key) ?? 0) + 1;
      counts.set(key, next);
      return Promise.resolve(next);
    },
  };
}

export interface RateDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

export async function checkRate(store: RateLimitStore, personId: string, perMinute: number, now: number = Date.now()): Promise<RateDecision> {
  const window = Math.floor(now / 60_000);
  const count = await store.increment(`${personId}:${window}`);
  return { allowed: count <= perMinute, retryAfterSeconds: 60 - Math.floor((now % 60_000) / 1000) };
}
