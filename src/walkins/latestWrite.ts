/**
 * One write in flight per record, and only the latest value waiting behind it. A draft holds the
 * whole form, so a keystroke's value makes every earlier one that has not been written yet
 * pointless; writing only the latest keeps a slow database from falling ever further behind a
 * quick typist, and each keystroke is still stored by the first write that starts after it.
 */
export class LatestWrite<T> {
  private readonly inFlight = new Set<string>();
  private readonly waiting = new Map<string, T>();

  /**
   * A new value for `key`: returns it when it is to be written now (no write of `key` in flight);
   * otherwise it waits, replacing the value that waited before it, and null is returned.
   */
  offer(key: string, value: T): T | null {
    if (!this.inFlight.has(key)) {
      this.inFlight.add(key);
      return value;
    }
    this.waiting.set(key, value);
    return null;
  }

  /** The write of `key` ended (committed or failed): returns the value to write next, if one waits. */
  settled(key: string): T | null {
    const next = this.waiting.get(key);
    if (next === undefined) {
      this.inFlight.delete(key);
      return null;
    }
    this.waiting.delete(key);
    return next;
  }
}
