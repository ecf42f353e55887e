/**
 * Counts requests of one kind (changes, or reads of the git host) per person in fixed one-minute
 * windows. A store keeps one count a person, for the current window, so it never grows past the
 * number of people.
 */
export interface RateLimitStore {
  /** Adds one to the person's count in `window` (a new window starts at one) and returns it. */
  increment(person: string, window: number): Promise<number>;
}

export interface WindowCount {
  window: number;
  count: number;
}

/** The count after one more request in `window`, given what was stored (any earlier window restarts). */
export function nextCount(stored: WindowCount | null | undefined, window: number): WindowCount {
  return { window, count: stored?.window === window ? stored.count + 1 : 1 };
}

/** Counts in this instance's memory, in `counts` (keyed by person), which a test may pass to see what is kept. */
export function memoryRateLimitStore(counts = new Map<string, WindowCount>()): RateLimitStore {
  return {
    increment(person, window) {
      const next = nextCount(counts.get(person), window);
      counts.set(person, next);
      return Promise.resolve(next.count);
    },
  };
}

export interface RateDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

export async function checkRate(store: RateLimitStore, personId: string, perMinute: number, now: number = Date.now()): Promise<RateDecision> {
  const window = Math.floor(now / 60_000);
  const count = await store.increment(personId, window);
  return { allowed: count <= perMinute, retryAfterSeconds: 60 - Math.floor((now % 60_000) / 1000) };
}
