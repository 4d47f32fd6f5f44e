import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { isImportError } from '../../../src/import/errors';
import { prepareImport } from '../../../src/import/prepareImport';
import { readWorkbookAsync } from '../../../src/import/readWorkbook';

/**
 * The fuzz suite's importer, in a worker thread whose heap is capped (see `fuzzImporter.ts`): a
 * file that needs more memory than the cap kills this thread, not the test process, so the file
 * can still be kept.
 */

export interface FuzzRequest {
  name: string;
  bytes: Uint8Array;
  maxBytes?: number;
}

export type FuzzReply =
  | { ms: number; heapBytes: number; result: 'rows' }
  | { ms: number; heapBytes: number; result: 'import_error'; code: string; message: string }
  | { result: 'thrown'; error: string };

/** Reads and prepares the file as the app's import worker does. */
async function importHostile(file: FuzzRequest): Promise<FuzzReply> {
  const heapBefore = getHeapStatistics().used_heap_size;
  const started = performance.now();
  const measured = () => ({
    ms: performance.now() - started,
    heapBytes: getHeapStatistics().used_heap_size - heapBefore,
  });
  try {
    const workbook = await readWorkbookAsync(file.bytes, {
      fileName: file.name,
      ...(file.maxBytes ? { maxBytes: file.maxBytes } : {}),
    });
    try {
      prepareImport(workbook, { kind: 'registrations' });
    } catch (error) {
      if (!isImportError(error)) throw error;
    }
    return { ...measured(), result: 'rows' };
  } catch (error) {
    if (!isImportError(error)) {
      return {
        result: 'thrown',
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      };
    }
    return { ...measured(), result: 'import_error', code: error.code, message: error.message };
  }
}

parentPort?.on('message', (file: FuzzRequest) => {
  void importHostile(file).then((reply) => parentPort?.postMessage(reply));
});
