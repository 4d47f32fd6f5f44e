import type { JobTask, Learner, Registration } from '../contract';
import type { AppDatabase, AttendeeJobRecord, LearnerRecord, RegistrationRecord } from '../db';
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

/** One job's 207, as the poll fetched it. */
export interface JobAnswer {
  job: AttendeeJobRecord;
  results: readonly JobTask[];
}

/** What writing one job's 207 did. */
export interface SettledJob {
  /** how many outcomes changed */
  changed: number;
  /** `processing` while some task is still pending on the server */
  status: AttendeeJobRecord['status'];
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
  const [settled] = await applyJobAnswers(db, [{ job, results }], now);
  return settled!.changed;
}

/**
 * `applyJobResults` for many jobs at once, in bulk writes: 200 jobs of 50 written one by one cost
 * 200 job puts, 10,000 learner reads and writes one at a time and 200 event reads, which took
 * longer than the server's whole run. Inside a transaction over the sync tables.
 */
export async function applyJobAnswers(
  db: AppDatabase,
  answers: readonly JobAnswer[],
  now: number,
): Promise<SettledJob[]> {
  const nowIso = new Date(now).toISOString();
  const applied = answers.map(({ job, results }) => applyTaskResults(job, results, nowIso));
  await db.attendeeJobs.bulkPut(applied.map((a) => ({ ...a.job, next_poll_at: now })));
  const put = applied.flatMap((a) => a.put);
  if (put.length > 0) {
    await db.registrations.bulkPut(put.map((r) => registrationRecordOf(r, 'synced', now)));
    await markLearnersSynced(db, put, answers, now);
  }
  const remove = applied.flatMap((a) => a.remove);
  if (remove.length > 0) await db.registrations.bulkDelete(remove);
  const seats = new Map<string, number>();
  for (const a of applied) {
    if (a.seatDelta !== 0) seats.set(a.job.event_id, (seats.get(a.job.event_id) ?? 0) + a.seatDelta);
  }
  for (const [eventId, delta] of seats) {
    const event = delta === 0 ? undefined : await db.events.get(eventId);
    if (event) await db.events.put({ ...event, ...withRegistered(event, delta, nowIso) });
  }
  return applied.map((a) => ({ changed: a.changed, status: a.job.status }));
}

/**
 * The server matched or made each registration's learner: a learner this import made locally is
 * now the server's (synced), or, when the server matched the email to another learner, replaced by
 * that one. Read and written in bulk, in the order the registrations come.
 */
async function markLearnersSynced(
  db: AppDatabase,
  registrations: readonly Registration[],
  answers: readonly JobAnswer[],
  now: number,
): Promise<void> {
  const sentLearner = new Map<string, string>();
  for (const { job } of answers) {
    for (const t of job.tasks) sentLearner.set(t.person.registration_id, t.person.learner_id);
  }
  const ids = new Set<string>();
  for (const registration of registrations) {
    ids.add(registration.learner.learner_id);
    const sentId = sentLearner.get(registration.registration_id);
    if (sentId) ids.add(sentId);
  }
  const known = new Map<string, LearnerRecord>();
  for (const learner of await db.learners.bulkGet([...ids]))
    if (learner) known.set(learner.learner_id, learner);
  const deleted = new Set<string>();
  const written = new Map<string, LearnerRecord>();
  for (const registration of registrations) {
    const serverId = registration.learner.learner_id;
    const sentId = sentLearner.get(registration.registration_id);
    if (sentId && sentId !== serverId && known.get(sentId)?.sync_state === 'local') {
      known.delete(sentId);
      deleted.add(sentId);
    }
    const local = known.get(serverId);
    if (local) {
      if (local.sync_state === 'local')
        written.set(serverId, { ...local, sync_state: 'synced', written_at: now });
      known.set(serverId, written.get(serverId) ?? local);
      continue;
    }
    const learner: Learner = {
      ...registration.learner,
      phone: null,
      coordinator_id: registration.coordinator_id,
      created_at: registration.created_at,
      updated_at: registration.updated_at,
    };
    const record: LearnerRecord = {
      ...learner,
      ...learnerSearchFields(learner),
      sync_state: 'synced',
      written_at: now,
    };
    known.set(serverId, record);
    written.set(serverId, record);
  }
  // a learner deleted and then written again (another registration's server learner) stays
  const gone = [...deleted].filter((id) => !written.has(id));
  if (gone.length > 0) await db.learners.bulkDelete(gone);
  if (written.size > 0) await db.learners.bulkPut([...written.values()]);
}
