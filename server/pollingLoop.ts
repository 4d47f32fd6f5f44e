/**
 * The loop every background worker of the server runs: call `step()` while it finds work (with a
 * turn of the event loop between steps, so requests are read meanwhile), wait
 * `pollMs` (or until `wake()`) when it does not, back off a second after a failed step, and on
 * `stop()` finish the step in progress before handing back what it holds. `lanes` runs that many
 * steps side by side (each lane its own loop), for work whose steps wait on the database or the network.
 */
export interface PollingLoopOptions {
  pollMs: number;
  lanes?: number;
  onError?: (error: unknown) => void;
}

export abstract class PollingLoop {
  private running = false;
  protected stopping = false;
  private loopDone: Promise<void> = Promise.resolve();
  private readonly sleepers = new Set<() => void>();

  constructor(private readonly loopOptions: PollingLoopOptions) {}

  /** One unit of work; false when nothing was there to do. */
  abstract step(): Promise<boolean>;

  /** After a failed step: hand back what that step held. */
  protected async recover(): Promise<void> {}
  /** Once every lane has stopped. */
  protected async stopped(): Promise<void> {}
  /** Between steps, for housekeeping that need not run every time. */
  protected async between(): Promise<void> {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    const lanes = Array.from({ length: Math.max(1, this.loopOptions.lanes ?? 1) }, () => this.lane());
    this.loopDone = Promise.all(lanes).then(() =>
      this.stopped().catch((error: unknown) => this.loopOptions.onError?.(error)),
    );
  }

  /** New work arrived in this process: skip the poll wait. */
  wake(): void {
    for (const wakeUp of [...this.sleepers]) wakeUp();
  }

  /** Finishes the steps in progress, hands back anything still held and stops. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.stopping = true;
    this.wake();
    await this.loopDone;
    this.running = false;
  }

  /** Steps until no work is left (tests and benchmarks drive a worker directly). */
  async drain(): Promise<number> {
    let steps = 0;
    while (await this.step()) steps++;
    return steps;
  }

  private async lane(): Promise<void> {
    while (!this.stopping) {
      let worked = false;
      try {
        worked = await this.step();
        await this.between();
      } catch (error) {
        this.loopOptions.onError?.(error);
        await this.recover().catch(() => undefined);
        await this.sleep(1000);
        continue;
      }
      if (!worked) await this.sleep(this.loopOptions.pollMs);
      else await yieldToEventLoop();
    }
  }

  protected sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }
}

/**
 * One turn of the event loop. PGlite runs in this process: its queries are synchronous WASM calls
 * chained by promises, so a loop that keeps finding work never leaves the microtask queue, and
 * the process reads no request (nor a request's body) until the work runs out. On PostgreSQL the
 * queries are socket I/O and the loop turns anyway; there this costs one tick.
 */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
