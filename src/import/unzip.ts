import * as XLSX from 'xlsx';
import type { ZipContainer } from './xlsxFast';
import { zipEntries, zipEntryData } from './zipSize';

/** Why an archive could not be unpacked: damaged, or bigger unpacked than it says. */
export type UnzipProblem = 'damaged' | 'too_large';

export class UnzipFailure extends Error {
  constructor(readonly problem: UnzipProblem) {
    super(`zip ${problem}`);
  }
}

/**
 * Unpacks a zip with the platform's own inflate (`DecompressionStream`), as the container SheetJS
 * parses. SheetJS's JavaScript inflate loops for ever on a damaged stream (past its end it reads
 * zeros: empty blocks without end), so a bit-flipped .xlsx would hang the import; the native one
 * rejects it. Every entry is held to the size the directory declares, so an archive that lies
 * about its sizes (a zip bomb) stops at the limit instead of filling the memory.
 */
export async function unzipNative(bytes: Uint8Array, maxExpandedBytes: number): Promise<ZipContainer> {
  const entries = zipEntries(bytes);
  if (entries === null) throw new UnzipFailure('damaged');
  const container = cfb.cfb_new();
  let total = 0;
  for (const entry of entries) {
    if (entry.name.endsWith('/')) continue;
    total += entry.size;
    if (total > maxExpandedBytes) throw new UnzipFailure('too_large');
    const data = zipEntryData(bytes, entry);
    if (data === null) throw new UnzipFailure('damaged');
    const content =
      entry.method === 0 ? data : entry.method === 8 ? await inflateRaw(data, entry.size) : null;
    if (content === null || content.length !== entry.size) throw new UnzipFailure('damaged');
    cfb.cfb_add(container, entry.name, content);
  }
  return container;
}

const cfb = XLSX.CFB.utils as unknown as {
  cfb_new(): ZipContainer;
  cfb_add(container: ZipContainer, name: string, content: Uint8Array): void;
};

async function inflateRaw(data: Uint8Array, size: number): Promise<Uint8Array> {
  const out = new Uint8Array(size);
  let at = 0;
  const source = new ReadableStream<Uint8Array<ArrayBuffer>>({
    start(controller) {
      controller.enqueue(data as Uint8Array<ArrayBuffer>);
      controller.close();
    },
  });
  const stream = source.pipeThrough(new DecompressionStream('deflate-raw'));
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (at + value.length > size) {
        await reader.cancel();
        throw new UnzipFailure('damaged');
      }
      out.set(value, at);
      at += value.length;
    }
  } catch (error) {
    if (error instanceof UnzipFailure) throw error;
    throw new UnzipFailure('damaged');
  }
  return at === size ? out : out.subarray(0, at);
}
