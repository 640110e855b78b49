/**
 * What the availability tracker needs from the cache: two bounded round trips,
 * whose calls report their outcome (`succeeded`, `failed`) like any other.
 */
export interface AvailabilityHooks {
  /** Writes a probe key; resolves true when the store answered in time. */
  probe(): Promise<boolean>;
  /** Replaces the `all` version (a full invalidation); resolves true when written. */
  bumpEpoch(): Promise<boolean>;
}

/** When calls that keep failing mean an outage, and how often to try the store again. */
export interface AvailabilityRules {
  /** While the store is down, how often to probe it. */
  probeEveryMs: number;
  /** Failed or timed-out calls in a row, with no success between them, that make an outage… */
  failuresToTrip: number;
  /** …once they have gone on for at least this long. */
  tripAfterMs: number;
}

interface Log {
  warn(message: string): void;
  log(message: string): void;
}

/**
 * A circuit breaker in front of the cache store.
 *
 * While the store is up, requests use it. A slow or failed call is not an
 * outage: on a busy machine a healthy Redis answers late now and then, and all
 * the calls waiting at that moment time out together. The store is marked
 * down only when the connection is lost, or when calls have kept failing with
 * no success between them, at least `failuresToTrip` of them for at least
 * `tripAfterMs`. Down, requests skip the cache entirely (no waiting at all), and
 * a probe runs every `probeEveryMs` until the store answers again.
 *
 * Coming back is not always enough to trust it. If this process could not
 * write an invalidation, or lost its connection (Redis may have restarted
 * from an old snapshot), entries from before those writes may still be
 * there: the probe then also replaces the `all` version, which invalidates
 * every entry, before this process uses the cache again. After a slow spell
 * alone, nothing was missed and the shared `all` is left as it is.
 */
export class CacheAvailability {
  private up = false;
  private epochOwed = false;
  /** Counts outages, so a recovery that raced with a new one does not count. */
  private incidents = 0;
  private failuresInARow = 0;
  private failingSince = 0;
  private recovering?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly hooks: AvailabilityHooks,
    private readonly rules: AvailabilityRules,
    private readonly logger: Log,
  ) {}

  get isUp(): boolean {
    return this.up;
  }

  /** Connects at boot. The first connection needs no epoch: this process has written nothing yet. */
  start(): Promise<void> {
    return this.recover();
  }

  /** A cache call answered in time: whatever failed before was no outage. */
  succeeded(): void {
    this.failuresInARow = 0;
  }

  /** A cache call failed or took too long: an outage only once failures have kept coming. */
  failed(reason: unknown): void {
    const now = Date.now();
    if (this.failuresInARow === 0) this.failingSince = now;
    this.failuresInARow += 1;
    if (
      this.failuresInARow >= this.rules.failuresToTrip &&
      now - this.failingSince >= this.rules.tripAfterMs
    ) {
      this.markDown(reason);
    }
  }

  /** The connection to the store dropped: down at once, and the epoch is owed (see above). */
  connectionLost(reason: unknown): void {
    this.epochOwed = true;
    this.markDown(reason);
  }

  /**
   * An invalidation could not be written. This process must not use the cache
   * until the epoch is replaced: down at once, whatever the store's state.
   */
  invalidationMissed(reason: unknown): void {
    this.epochOwed = true;
    this.markDown(reason);
  }

  /**
   * Health: re-checks an up store with a probe, so an idle process notices a
   * stalled Redis. Reports what the probe saw; the probe's call reports its
   * outcome like any other (one failure is no outage).
   */
  async check(): Promise<boolean> {
    return this.up && (await this.hooks.probe()) && this.up;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private markDown(reason: unknown): void {
    this.incidents += 1;
    this.failuresInARow = 0;
    if (this.up) {
      this.up = false;
      this.logger.warn(`cache unavailable, serving from the database: ${describe(reason)}`);
    }
    this.scheduleProbe();
  }

  private scheduleProbe(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.recover();
    }, this.rules.probeEveryMs);
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
      // No outage since the probe started, so no invalidation was missed after the epoch.
      this.epochOwed = false;
      this.failuresInARow = 0;
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
