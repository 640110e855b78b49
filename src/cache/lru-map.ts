/**
 * The in-process store behind Keyv when there is no Redis: a Map that forgets
 * its least recently used entries once the total size passes a bound.
 *
 * Keyv's own Map store drops an expired entry only when it is read again, and
 * with versioned keys an old entry is never read again: without a bound the
 * process would grow with every write. Size is counted in characters of key
 * and value (Keyv stores values serialized to strings).
 */
export class LruMap extends Map<string, unknown> {
  private weight = 0;

  constructor(private readonly maxChars: number) {
    super();
  }

  override get(key: string): unknown {
    if (!super.has(key)) return undefined;
    const value = super.get(key);
    // Re-insert so that Map order (insertion order) is least recently used first.
    super.delete(key);
    super.set(key, value);
    return value;
  }

  override set(key: string, value: unknown): this {
    this.delete(key);
    super.set(key, value);
    this.weight += weightOf(key, value);
    for (const oldest of super.keys()) {
      if (this.weight <= this.maxChars || oldest === key) break;
      this.delete(oldest);
    }
    return this;
  }

  override delete(key: string): boolean {
    if (!super.has(key)) return false;
    this.weight -= weightOf(key, super.get(key));
    return super.delete(key);
  }

  override clear(): void {
    super.clear();
    this.weight = 0;
  }

  /** Characters held, for tests. */
  get chars(): number {
    return this.weight;
  }
}

function weightOf(key: string, value: unknown): number {
  return key.length + (typeof value === 'string' ? value.length : 64);
}
