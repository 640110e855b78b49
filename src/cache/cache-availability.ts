/** What the availability tracker needs from the cache: two bounded round trips. */
export interface AvailabilityHooks {
  /** Writes a probe key; resolves true when the store answered in time. */
  probe(): Promise<boolean>;
  /** Replaces the `all` version (a full invalidation); resolves true when written. */
  bumpEpoch(): Promise<boolean>;
}

interface Log {
  warn(message: string): void;
  log(message: string): void;
}

/**
 * A circuit breaker in front of the cache store.
 *
 * While the store is up, requests use it. The first failed or timed-out call
 * marks it down: requests then skip the cache entirely (no waiting at all, not
 * even the bounded wait), and a probe runs every `probeEveryMs` until the store
 * answers again.
 *
 * Coming back is not always enough to trust it. If this process could not
 * write an invalidation while the store was unreachable, or lost its
 * connection (Redis may have restarted from an old snapshot), entries from
 * before those writes may still be there: the probe then also replaces the
 * `all` version, which invalidates every entry, before the cache is used again.
 */
export class CacheAvailability {
  private up = false;
  private epochOwed = false;
  /** Counts failures, so a recovery that raced with a new failure does not count. */
  private incidents = 0;
  private recovering?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly hooks: AvailabilityHooks,
    private readonly probeEveryMs: number,
    private readonly logger: Log,
  ) {}

  get isUp(): boolean {
    return this.up;
  }

  /** Connects at boot. The first connection needs no epoch: this process has written nothing yet. */
  start(): Promise<void> {
    return this.recover();
  }

  /** A cache call failed or took too long. */
  failed(reason: unknown): void {
    this.incidents += 1;
    if (this.up) {
      this.up = false;
      this.logger.warn(`cache unavailable, serving from the database: ${describe(reason)}`);
    }
    this.scheduleProbe();
  }

  /** An invalidation may have been lost: the epoch must be replaced before the cache is used again. */
  invalidationMissed(reason: unknown): void {
    this.epochOwed = true;
    this.failed(reason);
  }

  /** Health: re-checks an up store with a probe, so an idle process notices a stalled Redis. */
  async check(): Promise<boolean> {
    if (this.up && !(await this.hooks.probe())) this.failed('health probe failed');
    return this.up;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private scheduleProbe(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.recover();
    }, this.probeEveryMs);
    // Never keep the process alive just to probe the cache.
    this.timer.unref();
  }

  private recover(): Promise<void> {
    this.recovering ??= this.attemptRecovery().finally(() => (this.recovering = undefined));
    return this.recovering;
  }

  private async attemptRecovery(): Promise<void> {
    if (this.stopped) return;
    const incidentsBefore = this.incidents;
    const owed = this.epochOwed;
    const healed = (await this.hooks.probe()) && (!owed || (await this.hooks.bumpEpoch()));
    if (healed && this.incidents === incidentsBefore) {
      // No failure since the probe started, so no invalidation was missed after the epoch.
      this.epochOwed = false;
      if (!this.up) this.logger.log('cache available');
      this.up = true;
    } else {
      this.scheduleProbe();
    }
  }
}

function describe(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}
