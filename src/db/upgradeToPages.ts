import Dexie, { type Transaction } from 'dexie';
import { distinctMentors, paginate } from './itemPages';
import type { ItemRecord, MentorActivitiesRecord } from './records';
import { activityTypeDateKey } from './activityLedger';

/** A version-1 activity record (one per activity). */
interface ActivityRecordV1 {
  activity_id: string;
  mentor_id: string;
  activity_type: string;
  activity_date: string;
  duration_minutes: number;
  batch: string;
  seq: number;
  confirmed: boolean;
}

/**
 * The version-2 upgrade: every batch's items into pages (one batch at a time, so a large
 * database is never all in memory), the activities into one record per mentor.
 */
export async function moveToPages(tx: Transaction): Promise<void> {
  const items = tx.table<ItemRecord, [string, number]>('items');
  const pages = tx.table('itemPages');
  const batchMentors = tx.table('batchMentors');
  const batchIds = (await tx.table('batches').toCollection().primaryKeys()) as string[];
  for (const batch of batchIds) {
    const list = await items
      .where('[batch+seq]')
      .between([batch, Dexie.minKey], [batch, Dexie.maxKey])
      .toArray();
    await pages.bulkAdd(paginate(batch, list));
    await batchMentors.add({ batch, mentors: distinctMentors(list) });
  }

  const byMentor = new Map<string, MentorActivitiesRecord>();
  await tx.table<ActivityRecordV1, string>('activities').each((activity) => {
    let record = byMentor.get(activity.mentor_id);
    if (!record)
      byMentor.set(activity.mentor_id, (record = { mentor_id: activity.mentor_id, activities: new Map() }));
    record.activities.set(activityTypeDateKey(activity), {
      activity_id: activity.activity_id,
      duration_minutes: activity.duration_minutes,
      batch: activity.batch,
      seq: activity.seq,
      confirmed: activity.confirmed,
    });
  });
  await tx.table('mentorActivities').bulkAdd([...byMentor.values()]);
}
