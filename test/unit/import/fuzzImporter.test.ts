import { afterAll, describe, expect, it } from 'vitest';
import { FuzzImporter } from './fuzzImporter';

/** The fuzz harness survives the files it exists to find: the run goes on, the file can be kept. */
describe("the fuzz suite's capped importer", () => {
  // a heap far below the ~200 MB a line of 8 million commas takes (8 million empty cells)
  const importer = new FuzzImporter(64, 60_000);
  afterAll(() => importer.close());

  it('reports a file that fills its heap as out of memory, and reads the next file', async () => {
    const line = { name: 'commas.csv', bytes: new Uint8Array(8 * 1024 * 1024).fill(44) };
    expect((await importer.run(line)).result).toBe('out_of_memory');
    const next = await importer.run({ name: 'ok.csv', bytes: new TextEncoder().encode('Mentor ID\nm-1\n') });
    expect(next.result).toBe('rows');
  }, 120_000);
});
