/** Raised when a cache call takes longer than its bound. */
export class CacheTimeoutError extends Error {
  constructor(ms: number) {
    super(`cache call took longer than ${ms} ms`);
    this.name = 'CacheTimeoutError';
  }
}

/**
 * Settles with `work`, or rejects with CacheTimeoutError after `ms`, whichever
 * comes first. The cache is an optimisation: a stalled Redis must cost a request
 * a bounded wait, never a hang. `work` keeps running after a timeout; its late
 * result or error is dropped.
 */
export function withinMs<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CacheTimeoutError(ms)), ms);
  });
  // A late rejection of `work` after the deadline must not become an unhandled rejection.
  work.catch(() => undefined);
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
