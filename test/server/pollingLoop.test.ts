import { describe, expect, it } from 'vitest';
import { PollingLoop } from '../../server/pollingLoop';

/**
 * A worker on PGlite chains its queries by promises only (PGlite runs in the process), so its
 * loop must hand the event loop a turn between steps: else the server reads no request, not even
 * a client's poll, until the worker's backlog is gone.
 */
class Backlog extends PollingLoop {
  done = 0;
  constructor(private readonly size: number) {
    super({ pollMs: 10_000 });
  }
  async step(): Promise<boolean> {
    if (this.done === this.size) return false;
    // work that never leaves the microtask queue, as a PGlite transaction does not
    for (let i = 0; i < 10; i++) await Promise.resolve();
    this.done += 1;
    return true;
  }
}

describe('polling loop', () => {
  it('lets the event loop run between steps while work remains', async () => {
    const loop = new Backlog(1_000);
    loop.start();
    // what a request arriving on a socket meets: an I/O callback, run only when the loop turns
    const seenAt = await new Promise<number>((resolve) => setImmediate(() => resolve(loop.done)));
    await loop.stop();
    expect(seenAt).toBeLessThan(1_000);
    expect(seenAt).toBeGreaterThan(0);
  });
});
