/**
 * Samples the JS heap of a page's dedicated worker (by its `name`) from outside the page, over the
 * DevTools protocol: `Target.setAutoAttach` on the page's CDP session attaches to its workers
 * (including those already running), and `Runtime.getHeapUsage` is sent to the worker's own
 * session every `intervalMs`. A sample counts `usedSize`, the V8 heap the worker's isolate holds at
 * that instant (live objects and garbage not yet collected), plus `backingStorageSize`, the bytes
 * of its ArrayBuffers (the file's bytes, the unzipped parts), which live outside that heap but are
 * the worker's memory all the same. Workers have no
 * `performance.memory`, and the page's own figures (`Performance.getMetrics`) are the UI thread's
 * isolate, not the worker's, hence the worker's session.
 *
 * The sessions are the non-flattened kind (`Target.sendMessageToTarget`), the only kind
 * Playwright's CDPSession can reach; a sample waits for the previous one's answer, so a busy
 * worker answers late instead of piling requests up. V8 answers at its interrupt checks, not only
 * when the worker is idle: on the 200,000-row import here, 13 to 20 samples a second arrived
 * (at load averages of 30 and 13).
 */
import type { CDPSession, Page } from 'playwright-core';

export interface WorkerHeapSampler {
  /** stops sampling; the largest `usedSize` seen and how many samples were taken */
  stop(): Promise<{ peakBytes: number; samples: number }>;
}

interface AttachedEvent {
  sessionId: string;
  targetInfo: { type: string; title: string; url: string };
}

interface HeapUsageAnswer {
  id: number;
  result?: { usedSize: number; totalSize: number; backingStorageSize?: number };
  error?: { message: string };
}

export async function sampleWorkerHeap(
  page: Page,
  workerName: string,
  intervalMs = 25,
): Promise<WorkerHeapSampler> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  let sessionId: string | null = null;
  let nextId = 1;
  const waiting = new Map<number, (answer: HeapUsageAnswer) => void>();
  cdp.on('Target.attachedToTarget', (event: AttachedEvent) => {
    // a worker created with `new Worker(url, { name })` has its name as the target's title
    if (event.targetInfo.type === 'worker' && event.targetInfo.title === workerName) {
      sessionId = event.sessionId;
    }
  });
  cdp.on('Target.receivedMessageFromTarget', (event: { message: string }) => {
    const answer = JSON.parse(event.message) as HeapUsageAnswer;
    waiting.get(answer.id)?.(answer);
    waiting.delete(answer.id);
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });

  let peakBytes = 0;
  let samples = 0;
  let running = true;
  const sampleOnce = async (): Promise<void> => {
    if (sessionId === null) return;
    const id = nextId++;
    const answered = new Promise<HeapUsageAnswer>((resolve) => waiting.set(id, resolve));
    await cdp.send('Target.sendMessageToTarget', {
      sessionId,
      message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }),
    });
    const answer = await answered;
    if (answer.result) {
      samples++;
      peakBytes = Math.max(peakBytes, answer.result.usedSize + (answer.result.backingStorageSize ?? 0));
    }
  };
  const loop = (async () => {
    while (running) {
      await sampleOnce().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await sampleOnce().catch(() => undefined);
      await cdp.detach().catch(() => undefined);
      if (samples === 0) throw new Error(`no heap sample of the "${workerName}" worker was answered`);
      return { peakBytes, samples };
    },
  };
}
