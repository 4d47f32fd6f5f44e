import type { JobTask, Learner, Registration } from '../contract';
import type { AppDatabase, AttendeeJobRecord, RegistrationRecord } from '../db';
import { withRegistered } from '../domain/events';
import { learnerSearchFields, registrationSearchFields } from '../search/searchText';
import { applyTaskResults } from './results';

export function registrationRecordOf(
  registration: Registration,
  syncState: RegistrationRecord['sync_state'],
  now: number,
): RegistrationRecord {
  return {
    ...registration,
    ...registrationSearchFields(registration.learner),
    sync_state: syncState,
    written_at: now,
    ...(syncState === 'local' ? { local_changed_at: now } : {}),
  };
}

/**
 * Writes a job's 207 results: the record with the server's outcomes, the server's registrations in
 * place of the local ones, the refused ones removed, and the event's seat count corrected. Call it
 * inside a transaction over the sync tables. Returns how many outcomes changed.
 */
export async function applyJobResults(
  db: AppDatabase,
  job: AttendeeJobRecord,
  results: readonly JobTask[],
  now: number,
): Promise<number> {
  const nowIso = new Date(now).toISOString();
  const applied = applyTaskResults(job, results, nowIso);
  await db.attendeeJobs.put({ ...applied.job, next_poll_at: now });
  if (applied.put.length > 0) {
    await db.registrations.bulkPut(applied.put.map((r) => registrationRecordOf(r, 'synced', now)));
    await markLearnersSynced(db, applied.put, job, now);
  }
  if (applied.remove.length > 0) await db.registrations.bulkDelete(applied.remove);
  if (applied.seatDelta !== 0) {
    const event = await db.events.get(job.event_id);
    if (event) await db.events.put({ ...event, ...withRegistered(event, applied.seatDelta, nowIso) });
  }
  return applied.changed;
}

/**
 * The server matched or made each registration's learner: a learner this import made locally is
 * now the server's (synced), or, when the server matched the email to another learner, replaced by
 * that one.
 */
async function markLearnersSynced(
  db: AppDatabase,
  registrations: readonly Registration[],
  job: AttendeeJobRecord,
  now: number,
): Promise<void> {
  const sentLearner = new Map(job.tasks.map((t) => [t.person.registration_id, t.person.learner_id]));
  for (const registration of registrations) {
    const serverId = registration.learner.learner_id;
    const sentId = sentLearner.get(registration.registration_id);
    const local = await db.learners.get(serverId);
    if (sentId && sentId !== serverId) {
      const made = await db.learners.get(sentId);
      if (made && made.sync_state === 'local') await db.learners.delete(sentId);
    }
    if (local) {
      if (local.sync_state === 'local')
        await db.learners.update(serverId, { sync_state: 'synced', written_at: now });
      continue;
    }
    const learner: Learner = {
      ...registration.learner,
      phone: null,
      coordinator_id: registration.coordinator_id,
      created_at: registration.created_at,
      updated_at: registration.updated_at,
    };
    await db.learners.put({
      ...learner,
      ...learnerSearchFields(learner),
      sync_state: 'synced',
      written_at: now,
    });
  }
}
