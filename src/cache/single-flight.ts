/**
 * Coalesces concurrent calls by key within this process: while a call for a
 * key is running, later callers share its promise instead of starting their
 * own. This is what turns a burst of misses on a hot key into one database
 * read. Keys must name exactly the data wanted (the cache keys carry the
 * namespace versions), so joining a flight never returns data older than the
 * versions the caller read.
 */
export class SingleFlight<T> {
  private readonly running = new Map<string, Promise<T>>();

  /**
   * Runs `work` once for all concurrent callers of `key`. A successful flight
   * stays joinable until `keep(value)` settles (the cache keeps it while the
   * result is written to the store: a request whose lookup missed just before
   * that write landed would otherwise load again), and a moment longer, so that
   * replies that arrived together with the write's are handled first.
   */
  run(key: string, work: () => Promise<T>, keep?: (value: T) => Promise<unknown>): Promise<T> {
    const current = this.running.get(key);
    if (current) return current;
    const flight = work();
    this.running.set(key, flight);
    const forget = () => {
      if (this.running.get(key) === flight) this.running.delete(key);
    };
    flight.then(
      async (value) => {
        await keep?.(value).catch(() => undefined);
        setImmediate(forget);
      },
      // A failure is not kept: the next caller tries again.
      forget,
    );
    return flight;
  }

  /** How many flights are running or kept (for tests and diagnostics). */
  get size(): number {
    return this.running.size;
  }
}
