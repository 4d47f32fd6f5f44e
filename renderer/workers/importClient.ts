import type {
  ImportProgress,
  ImportRequest,
  ImportResults,
  WorkerFailure,
  WorkerToPage,
} from './importProtocol';

/** A refusal from the import worker, with the sentence to show. */
export class ImportWorkerError extends Error {
  override readonly name = 'ImportWorkerError';
  constructor(readonly failure: WorkerFailure) {
    super(failure.message);
  }
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  onProgress: ((progress: ImportProgress) => void) | undefined;
}

/** The page's handle on the import worker: one request, one promise, progress on the way. */
export class ImportClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor() {
    this.worker = new Worker(new URL('./import.worker.ts', import.meta.url), {
      type: 'module',
      name: 'import',
    });
    this.worker.addEventListener('message', (event: MessageEvent<WorkerToPage>) => {
      const message = event.data;
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      if (message.kind === 'progress') waiting.onProgress?.(message.progress);
      else {
        this.pending.delete(message.id);
        if (message.kind === 'result') waiting.resolve(message.result);
        else waiting.reject(new ImportWorkerError(message.failure));
      }
    });
    this.worker.addEventListener('error', (event) => {
      const failure: WorkerFailure = {
        code: 'internal',
        message: event.message || 'The import worker stopped.',
      };
      for (const waiting of this.pending.values()) waiting.reject(new ImportWorkerError(failure));
      this.pending.clear();
    });
  }

  request<T extends ImportRequest>(
    request: T,
    onProgress?: (progress: ImportProgress) => void,
  ): Promise<ImportResults[T['type']]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, onProgress });
      this.worker.postMessage({ id, request });
    });
  }

  terminate(): void {
    this.worker.terminate();
    this.pending.clear();
  }
}
