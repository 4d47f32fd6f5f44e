import type { AppDatabase, ItemRecord, RegisteredActivity } from '../../src/db';

/** A registered activity flattened out of its mentor's record, for assertions. */
export interface ActivityView {
  activity_id: string;
  mentor_id: string;
  activity_type: string;
  activity_date: string;
  duration_minutes: number;
  batch: string;
  seq: number;
  confirmed: boolean;
}

/** Every stored item, of one batch or of all, in batch then seq order. */
export async function allItems(db: AppDatabase, batch?: string): Promise<ItemRecord[]> {
  const pages = await db.itemPages.toArray();
  return pages.filter((page) => batch === undefined || page.batch === batch).flatMap((page) => page.items);
}

/** Every registered activity. */
export async function allActivities(db: AppDatabase): Promise<ActivityView[]> {
  const mentors = await db.mentorActivities.toArray();
  return mentors.flatMap((record) =>
    [...record.activities].map(([key, activity]) => viewOf(record.mentor_id, key, activity)),
  );
}

/** Withdraws the registered activities `which` picks (as when the server refused them). */
export async function withdrawActivities(
  db: AppDatabase,
  which: (activity: ActivityView) => boolean,
): Promise<void> {
  await db.transaction('rw', db.mentorActivities, async () => {
    for (const record of await db.mentorActivities.toArray()) {
      for (const [key, activity] of record.activities) {
        if (which(viewOf(record.mentor_id, key, activity))) {
          record.activities.delete(key);
        }
      }
      await db.mentorActivities.put(record);
    }
  });
}

/** A mentor's map entry back as one activity (the key is `activityTypeDateKey`). */
function viewOf(mentor_id: string, key: string, activity: RegisteredActivity): ActivityView {
  const [activity_type = '', activity_date = ''] = key.split('\u0000');
  return { mentor_id, activity_type, activity_date, ...activity };
}
