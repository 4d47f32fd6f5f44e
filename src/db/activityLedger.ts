import type { ActivityIdentity } from '../domain/batchDuplicates';
import type { AppDatabase } from './database';
import type { MentorActivitiesRecord, RegisteredActivity } from './records';

/** The key of an activity inside its mentor's map. */
export function activityTypeDateKey(activity: ActivityIdentity): string {
  return `${activity.activity_type}\u0000${activity.activity_date}`;
}

/**
 * The registered activities of some mentors, read once and written back once: the way to read
 * or change activities inside a transaction over `mentorActivities`. `load` the mentors first;
 * `save` writes only the mentors that changed and drops the ones left with no activity.
 */
export class ActivityLedger {
  private readonly records = new Map<string, MentorActivitiesRecord>();
  private readonly touched = new Set<string>();

  private constructor(private readonly db: AppDatabase) {}

  static async load(db: AppDatabase, mentorIds: Iterable<string>): Promise<ActivityLedger> {
    const ledger = new ActivityLedger(db);
    await ledger.loadMore(mentorIds);
    return ledger;
  }

  /** Reads mentors not read yet. */
  async loadMore(mentorIds: Iterable<string>): Promise<void> {
    const missing = [...new Set(mentorIds)].filter((id) => !this.records.has(id));
    if (missing.length === 0) return;
    const found = await this.db.mentorActivities.bulkGet(missing);
    missing.forEach((mentor_id, i) => {
      this.records.set(mentor_id, found[i] ?? { mentor_id, activities: new Map() });
    });
  }

  get(identity: ActivityIdentity): RegisteredActivity | undefined {
    return this.mentor(identity.mentor_id).activities.get(activityTypeDateKey(identity));
  }

  set(identity: ActivityIdentity, activity: RegisteredActivity): void {
    this.mentor(identity.mentor_id).activities.set(activityTypeDateKey(identity), activity);
    this.touched.add(identity.mentor_id);
  }

  delete(identity: ActivityIdentity): void {
    if (this.mentor(identity.mentor_id).activities.delete(activityTypeDateKey(identity))) {
      this.touched.add(identity.mentor_id);
    }
  }

  async save(): Promise<void> {
    const put: MentorActivitiesRecord[] = [];
    const drop: string[] = [];
    for (const mentor_id of this.touched) {
      const record = this.mentor(mentor_id);
      if (record.activities.size === 0) drop.push(mentor_id);
      else put.push(record);
    }
    this.touched.clear();
    await this.db.mentorActivities.bulkPut(put);
    await this.db.mentorActivities.bulkDelete(drop);
  }

  private mentor(mentor_id: string): MentorActivitiesRecord {
    const record = this.records.get(mentor_id);
    if (!record) throw new Error(`Activities of mentor ${mentor_id} were not loaded`);
    return record;
  }
}
