import type Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { ITEM_PAGE_SIZE, batchesNamingMentor, readBatchItems } from '../../../src/db';
import { upgradedProfile } from './upgradedProfile';
import { allActivities } from '../../support/localRecords';

/** A profile written by the first release: one record per item and per activity. */
async function versionOneProfile(old: Dexie, items: number) {
  const at = '2026-03-26T10:00:00.000Z';
  await old.table('batches').add({ id: 'b1', label: 'March', status: 'partial', total_items: items });
  await old.table('batches').add({ id: 'empty', label: 'Nothing yet', status: 'processing', total_items: 0 });
  await old.table('items').bulkAdd(
    Array.from({ length: items }, (_, i) => ({
      batch: 'b1',
      seq: i + 1,
      item_id: `item-${String(i + 1).padStart(5, '0')}`,
      mentor_id: `Mentor-${i % 7}`,
      activity_type: 'workshop',
      activity_date: `2026-03-${String(1 + (i % 28)).padStart(2, '0')}`,
      duration_minutes: 45,
      status: i % 10 === 0 ? 'failed' : 'success',
    })),
  );
  await old.table('activities').bulkAdd([
    {
      activity_id: 'pa-1',
      mentor_id: 'Mentor-1',
      activity_type: 'workshop',
      activity_date: '2026-03-02',
      duration_minutes: 45,
      batch: 'b1',
      seq: 2,
      confirmed: true,
    },
    {
      activity_id: 'local-pa-b1-3',
      mentor_id: 'Mentor-2',
      activity_type: 'workshop',
      activity_date: '2026-03-03',
      duration_minutes: 45,
      batch: 'b1',
      seq: 3,
      confirmed: false,
    },
  ]);
  await old.table('settings').put({ key: 'coordinator.id', value: 'coord-119', at });
}

describe('upgrading a version-1 profile', () => {
  it('keeps every item in order, every activity and the settings', async () => {
    const count = ITEM_PAGE_SIZE * 2 + 17;
    const db = await upgradedProfile(1, (old) => versionOneProfile(old, count));
    const items = await readBatchItems(db, 'b1');
    expect(items).toHaveLength(count);
    expect(items.map((item) => item.seq)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    expect(items[10]).toMatchObject({ item_id: 'item-00011', mentor_id: 'Mentor-3', status: 'failed' });
    expect(await db.itemPages.count()).toBe(3);
    expect(await readBatchItems(db, 'empty')).toEqual([]);

    expect((await allActivities(db)).sort((a, b) => a.activity_id.localeCompare(b.activity_id))).toEqual([
      expect.objectContaining({ activity_id: 'local-pa-b1-3', mentor_id: 'Mentor-2', confirmed: false }),
      expect.objectContaining({
        activity_id: 'pa-1',
        mentor_id: 'Mentor-1',
        activity_type: 'workshop',
        activity_date: '2026-03-02',
        seq: 2,
        confirmed: true,
      }),
    ]);
    // the search by mentor finds the batch whatever the case
    expect(await batchesNamingMentor(db, 'mentor-6')).toEqual(new Set(['b1']));
    expect(await db.settings.get('coordinator.id')).toMatchObject({ value: 'coord-119' });
    // the old tables are gone
    expect(db.tables.map((table) => table.name)).not.toContain('items');
    expect(db.tables.map((table) => table.name)).not.toContain('activities');
    db.close();
  });
});
