import { expect, test } from '@playwright/test';
import { readBatchOutcome, readJob, readJobProgress, seedBatch } from './support/idb';

const ITEMS = 20_000;

/**
 * The durable queue: a batch job interrupted by a reload (its worker dies mid-chunk) is claimed
 * again after its lease and resumes where it stopped. Every item ends processed exactly once:
 * processing one twice would fail it as a duplicate of its own registration.
 */
test('a batch job survives a reload in the middle of its work with no item processed twice', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await page.goto('/');
  await expect(page.getByRole('status', { name: 'Engine' })).toHaveText(/Running|Idle/);

  const batchId = await seedBatch(page, ITEMS);
  const progress = page.getByRole('progressbar', {
    name: `Progress of Process batch: E2E batch of ${ITEMS}`,
  });

  // reload while the engine is between 10% and 90% of the batch
  await expect
    .poll(() => readJobProgress(page, batchId), { intervals: [50], timeout: 60_000 })
    .toBeGreaterThanOrEqual(0.1);
  const before = (await readJob(page, batchId))!;
  expect(before.progress_done / ITEMS).toBeLessThanOrEqual(0.9);
  await page.reload();

  // the reload cut the work short: the job is still leased to the tab's dead engine, part done
  const interrupted = (await readJob(page, batchId))!;
  expect(interrupted).toMatchObject({ status: 'running', lease_owner: before.lease_owner });
  expect(interrupted.progress_done).toBeGreaterThanOrEqual(before.progress_done);
  expect(interrupted.progress_done).toBeLessThan(ITEMS);

  // after the reload the coordinator still sees how far the job got
  await expect(progress).toHaveAttribute('value', /^[1-9]\d*$/);

  // the new tab's engine takes the job over once the dead runner's lease expired, and finishes
  await page.getByRole('button', { name: 'Recent' }).click();
  await expect(page.getByRole('listitem', { name: `Process batch: E2E batch of ${ITEMS}` })).toContainText(
    'Done',
    {
      timeout: 240_000,
    },
  );
  const completed = page.getByRole('region', { name: 'Batches' }).locator('div', { hasText: 'Completed' });
  await expect(completed.getByRole('definition')).toHaveText('1');

  const outcome = await readBatchOutcome(page, batchId);
  expect(outcome.job.status).toBe('done');
  expect(outcome.itemsByStatus).toEqual({ success: ITEMS });
  expect(outcome.duplicateFailures).toBe(0);
  expect(outcome.activities).toBe(ITEMS);
  expect(outcome).toMatchObject({ batchStatus: 'completed', completed: ITEMS, failed: 0 });
  expect(outcome.job).toMatchObject({ progress_done: ITEMS, progress_total: ITEMS });
});
