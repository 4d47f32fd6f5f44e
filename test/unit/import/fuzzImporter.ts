import { Worker } from 'node:worker_threads';
import type { FuzzReply, FuzzRequest } from './fuzzWorker';

/**
 * Runs the importer on fuzz files in one worker thread with a capped heap, so that a file that
 * would fill the memory, or never return, is a finding with its file kept instead of a test
 * process killed by the operating system's or V8's out-of-memory handler (issue #13: the long
 * pass died at 4 GB and kept nothing). The worker is started again after each death.
 */

export type FuzzOutcome = FuzzReply | { result: 'out_of_memory' } | { result: 'timed_out'; ms: number };

// the worker is TypeScript: tsx loads it, as vitest does the tests
const BOOT = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx).then(({ tsImport }) => tsImport(workerData.entry, workerData.entry));
`;

export class FuzzImporter {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;

  constructor(
    private readonly heapLimitMb: number,
    private readonly hangMs: number,
  ) {}

  async run(file: FuzzRequest): Promise<FuzzOutcome> {
    const worker = await this.started();
    const started = performance.now();
    return new Promise<FuzzOutcome>((resolve) => {
      const done = (outcome: FuzzOutcome) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        resolve(outcome);
      };
      const onMessage = (reply: FuzzReply) => done(reply);
      const onError = (error: Error & { code?: string }) => {
        this.forget(worker);
        done(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? { result: 'out_of_memory' }
            : { result: 'thrown', error: error.stack ?? String(error) },
        );
      };
      const onExit = (code: number) => {
        this.forget(worker);
        done({ result: 'thrown', error: `the importer's worker exited (code ${code})` });
      };
      const timer = setTimeout(() => {
        this.forget(worker);
        void worker.terminate();
        done({ result: 'timed_out', ms: performance.now() - started });
      }, this.hangMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      // a copy, moved rather than cloned (one copy of a 100 MB file, not two): the caller keeps
      // its bytes to write them out if this file fails
      const bytes = file.bytes.slice();
      worker.postMessage({ ...file, bytes }, [bytes.buffer]);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.ready = null;
    if (worker) await worker.terminate();
  }

  private forget(worker: Worker): void {
    if (this.worker === worker) {
      this.worker = null;
      this.ready = null;
    }
  }

  private async started(): Promise<Worker> {
    if (!this.worker) {
      const worker = new Worker(BOOT, {
        eval: true,
        workerData: {
          tsx: import.meta.resolve('tsx/esm/api'),
          entry: new URL('./fuzzWorker.ts', import.meta.url).href,
        },
        resourceLimits: { maxOldGenerationSizeMb: this.heapLimitMb },
      });
      this.worker = worker;
      // the first file waits for the importer to load, not the hang timer
      this.ready = warmUp(worker);
    }
    await this.ready;
    return this.worker!;
  }
}

function warmUp(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = () => {
      worker.off('error', reject);
      resolve();
    };
    worker.once('message', onMessage);
    worker.once('error', reject);
    worker.postMessage({ name: 'warm-up.csv', bytes: new TextEncoder().encode('Mentor ID\nm-1\n') });
  });
}
