import type Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { upgradedProfile } from './upgradedProfile';
import { attendeeJobKind } from '../../../src/sync/kinds/attendeeJobKind';

const EVENT = '6f1c2d3e-0000-4000-8000-000000000001';
const job = (id: string, extra: Record<string, unknown>) => ({
  id,
  import_id: 'import-1',
  event_id: EVENT,
  group: 0,
  status: 'processing',
  sync_state: 'pushing',
  created_at: '2026-05-01T09:00:00.000Z',
  updated_at: '2026-05-01T09:00:00.000Z',
  label: 'people.csv',
  tasks: [],
  ...extra,
});

/** A profile written by version 5: one job accepted without a next poll, one not sent yet. */
async function versionFiveProfile(old: Dexie) {
  await old
    .table('attendeeJobs')
    .bulkAdd([
      job('accepted', { job_id: 'job-1' }),
      job('unsent', { sync_state: 'local' }),
      job('ended', { job_id: 'job-2', status: 'ended', sync_state: 'synced' }),
    ]);
}

describe('upgrading a version-5 profile through version 7 (polled jobs indexed by their next poll)', () => {
  it('keeps every job and polls an accepted one that had no next poll at once', async () => {
    const db = await upgradedProfile(5, versionFiveProfile);
    expect(db.verno).toBeGreaterThanOrEqual(7);
    expect(await db.attendeeJobs.get('accepted')).toMatchObject({ job_id: 'job-1', next_poll_at: 0 });
    // a job the server has not accepted, or has ended, has nothing to poll
    expect((await db.attendeeJobs.get('unsent'))?.next_poll_at).toBeUndefined();
    expect((await db.attendeeJobs.get('ended'))?.next_poll_at).toBeUndefined();
    expect(await db.attendeeJobs.count()).toBe(3);
    expect(await attendeeJobKind.nextPollAt!(db)).toBe(0);
    db.close();
  });
});
