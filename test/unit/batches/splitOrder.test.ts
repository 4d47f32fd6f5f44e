import { afterEach, expect, it } from 'vitest';
import type { AppDatabase } from '../../../src/db';
import { createBatches, listBatches } from '../../../src/batches';
import { memoryDatabase } from '../engine/support';
import { item } from './support';

let db: AppDatabase | undefined;
afterEach(() => db?.close());

it('lists the parts of a split import in part order, every time', async () => {
  db = memoryDatabase();
  for (let run = 0; run < 5; run++) {
    const label = `File ${run}`;
    await createBatches(
      db,
      {
        coordinatorId: 'coord-119',
        label,
        items: Array.from({ length: 6 }, (_, i) => item(`m-${i}`)),
        maxItems: 1,
      },
      Date.parse('2026-03-02T09:15:00Z') + run * 60_000,
    );
  }
  const { data } = await listBatches(db, { limit: 100 });
  const expected = [4, 3, 2, 1, 0].flatMap((run) =>
    [1, 2, 3, 4, 5, 6].map((part) => `File ${run} (part ${part} of 6)`),
  );
  expect(data.map((batch) => batch.label)).toEqual(expected);
});
