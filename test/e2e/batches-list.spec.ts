import { expect, test, type Page } from '@playwright/test';

/**
 * The batches list: newest first, paginated with its total, filtered by status and submission
 * day, searched by label or by a mentor id one of its items names. Batches are written straight
 * into IndexedDB as already processed (no job), so the engine leaves them alone.
 */

interface SeedBatch {
  label: string;
  status: 'completed' | 'partial' | 'failed' | 'cancelled';
  submitted_at: string;
  mentors: string[];
}

function seed(page: Page, batches: SeedBatch[]): Promise<void> {
  return page.evaluate(async (list) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('registration-orchestrator');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction(['batches', 'itemPages', 'batchMentors'], 'readwrite');
    for (const b of list) {
      const id = crypto.randomUUID();
      const failed = b.status === 'failed' ? b.mentors.length : b.status === 'partial' ? 1 : 0;
      tx.objectStore('batches').put({
        id,
        coordinator_id: 'coord-119',
        label: b.label,
        status: b.status,
        total_items: b.mentors.length,
        completed: b.mentors.length - failed,
        failed,
        cancelled_items: 0,
        submitted_at: b.submitted_at,
        completed_at: b.submitted_at,
        updated_at: b.submitted_at,
        sync_state: 'local',
        changed_outcomes: 0,
      });
      // a handful of items: one page (src/db/itemPages.ts)
      tx.objectStore('itemPages').put({
        batch: id,
        page: 0,
        items: b.mentors.map((mentor_id, i) => ({
          batch: id,
          seq: i + 1,
          item_id: `item-${String(i + 1).padStart(3, '0')}`,
          mentor_id,
          activity_type: 'workshop',
          activity_date: b.submitted_at.slice(0, 10),
          duration_minutes: 60,
          status: i < failed ? 'failed' : 'success',
        })),
      });
      tx.objectStore('batchMentors').put({
        batch: id,
        mentors: [...new Set(b.mentors.map((m) => m.toLowerCase()))].sort(),
      });
    }
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, batches);
}

test('the batches list pages, filters and searches', async ({ page }) => {
  await page.goto('/#/batches');
  await expect(page.getByText('No batch yet: import a spreadsheet.')).toBeVisible();
  const batches: SeedBatch[] = [];
  for (let i = 1; i <= 23; i++) {
    batches.push({
      label: `Week ${i}`,
      status: i % 5 === 0 ? 'partial' : 'completed',
      submitted_at: new Date(Date.UTC(2026, 2, i, 12)).toISOString(),
      mentors: [`mentor-${i}`],
    });
  }
  batches.push({
    label: 'Spring workshops',
    status: 'failed',
    submitted_at: '2026-04-10T12:00:00.000Z',
    mentors: ['ada-7', 'grace-3'],
  });
  await seed(page, batches);
  await page.reload();

  const table = page.getByRole('table', { name: 'Batches' });
  const pages = page.getByRole('navigation', { name: 'Pages' });
  await expect(pages).toContainText('Page 1 of 2 · 24 batches');
  await expect(table.getByRole('row')).toHaveCount(21);
  // newest first
  await expect(table.getByRole('row').nth(1)).toContainText('Spring workshops');
  await expect(table.getByRole('row').nth(1)).toContainText('Failed');
  await pages.getByRole('button', { name: 'Next' }).click();
  await expect(pages).toContainText('Page 2 of 2 · 24 batches');
  await expect(table.getByRole('row')).toHaveCount(5);
  await expect(table.getByRole('row').last()).toContainText('Week 1');

  // status: a new filter starts again on page 1
  await page.getByRole('combobox', { name: 'Status' }).selectOption('partial');
  await expect(pages).toContainText('Page 1 of 1 · 4 batches');
  await expect(table).toContainText('Week 20');
  await expect(table).toContainText('Week 5');
  await page.getByRole('combobox', { name: 'Status' }).selectOption('');

  // submission days (local calendar days)
  await page.getByLabel('Submitted from').fill('2026-03-10');
  await page.getByLabel('to', { exact: true }).fill('2026-03-12');
  await expect(pages).toContainText('3 batches');
  await expect(table).toContainText('Week 11');
  await page.getByLabel('Submitted from').fill('');
  await page.getByLabel('to', { exact: true }).fill('');

  // search by label, then by the start of a mentor id in any case
  await page.getByLabel('Search').fill('spring');
  await expect(pages).toContainText('1 batch');
  await page.getByLabel('Search').fill('GRACE');
  await expect(pages).toContainText('1 batch');
  await expect(table).toContainText('Spring workshops');
  await page.getByLabel('Search').fill('nobody');
  await expect(page.getByText('No batch matches these filters.')).toBeVisible();

  // a label opens the batch
  await page.getByLabel('Search').fill('spring');
  await table.getByRole('link', { name: 'Spring workshops' }).click();
  await expect(page.getByRole('status', { name: 'Batch status' })).toHaveText('Failed');
  await expect(page.getByRole('table', { name: 'Items', exact: true })).toContainText('grace-3');
});
