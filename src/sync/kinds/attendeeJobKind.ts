import { z } from 'zod';
import { AttendeeAttributes, Job, JobList, JobTaskList, MAX_JOB_TASKS, paths, Uuid } from '../../contract';
import type { AppDatabase, AttendeeJobRecord } from '../../db';
import { applyJobResults } from '../../attendees/settle';
import { POLL_BACKOFF, backoffDelay } from '../backoff';
import type { ApiClient } from '../client';
import { hasUnsentChanges } from '../outboxState';
import { forEachBounded } from '../pool';
import { onPullFailure, type PullOptions, type PullReport } from '../pullContext';
import { recordKey, rememberServerId } from '../recordIds';
import { syncTables, type OperationDescriptor, type RecordKindDescriptor } from '../recordKinds';
import { parseBody } from '../requests';

/**
 * Attendee jobs (contract C4, seed 001): one outbox entry per group of at most 50 people, sent to
 * `POST /events/:event_id/people/bulk` with each person's client ids. The 202's job is then polled
 * (`GET /jobs/:id`, backing off) until it leaves `processing`, and its 207 task results replace the
 * local outcomes. The job feed settles a polled job as soon as it lists it ended.
 */

export const ATTENDEE_JOB_CURSOR_KEY = 'sync.cursor.attendeeJobs';

/** What the outbox keeps for one job: the event and the people, as they are sent. */
export const AttendeeJobBody = z.strictObject({
  event_id: Uuid,
  tasks: z.array(AttendeeAttributes).min(1).max(MAX_JOB_TASKS),
});
export type AttendeeJobBody = z.infer<typeof AttendeeJobBody>;

export function getJob(client: ApiClient, jobId: string) {
  return client.send({ method: 'GET', path: paths.job(jobId), schema: Job });
}

export function getJobTasks(client: ApiClient, jobId: string) {
  return client.send({
    method: 'GET',
    path: paths.jobTasks(jobId),
    schema: JobTaskList,
    query: { page: 1, limit: MAX_JOB_TASKS },
  });
}

const operations: Record<string, OperationDescriptor> = {
  'attendeeJob.create': {
    label: 'Register people for an event',
    method: 'POST',
    create: true,
    editableBody: AttendeeJobBody,
    // a job for an event this laptop made waits until the server has the event
    heldBack: async (db, ref) => {
      const job = await db.attendeeJobs.get(ref.id);
      if (!job) return false;
      const event = await db.events.get(job.event_id);
      return event !== undefined && event.sync_state !== 'synced';
    },
    request: (entry) => {
      const body = parseBody(AttendeeJobBody, entry.body);
      if (!body.ok) return body;
      const { event_id, tasks } = body.value;
      return {
        ok: true,
        send: (c) =>
          c.send({
            method: 'POST',
            path: paths.eventPeopleBulk(event_id),
            schema: Job,
            body: {
              type: 'jobs',
              data: { attributes: { tasks: tasks.map((attributes) => ({ attributes })) } },
            },
            idempotencyKey: entry.idempotency_key,
          }),
      };
    },
  },
};

/**
 * A provisional event was mapped onto the server's (`mapProvisionalEvent`): the jobs on it, and
 * the groups not yet sent, go to the server's event. Without it a held group would be sent to the
 * provisional id once the event is gone, which the server does not know.
 */
export async function moveJobsToEvent(
  db: AppDatabase,
  fromEventId: string,
  toEventId: string,
): Promise<void> {
  const jobs = await db.attendeeJobs.where('event_id').equals(fromEventId).toArray();
  for (const job of jobs) {
    await db.attendeeJobs.update(job.id, { event_id: toEventId });
    await db.outbox
      .where('record')
      .equals(recordKey({ kind: 'attendeeJob', id: job.id }))
      .filter((entry) => entry.status !== 'done')
      .modify((entry) => {
        entry.body = { ...(entry.body as AttendeeJobBody), event_id: toEventId };
      });
  }
}

async function settle(options: PullOptions, local: AttendeeJobRecord, jobId: string, report: PullReport) {
  const { db, client, now } = options;
  const tasks = await getJobTasks(client, jobId);
  if (!tasks.ok) {
    await onPullFailure(report, tasks.error, async () => undefined);
    return postpone(options, local);
  }
  await db.transaction('rw', syncTables(db), async () => {
    const current = await db.attendeeJobs.get(local.id);
    if (!current) return;
    const changed = await applyJobResults(db, current, tasks.data.data, now());
    report.applied += 1;
    report.changed += changed;
  });
}

async function postpone(options: PullOptions, job: AttendeeJobRecord): Promise<void> {
  const attempts = (job.poll_attempts ?? 0) + 1;
  await options.db.attendeeJobs.update(job.id, {
    poll_attempts: attempts,
    next_poll_at: options.now() + backoffDelay(attempts, POLL_BACKOFF, options.random),
  });
}

async function pollDueJobs(options: PullOptions, report: PullReport): Promise<void> {
  const { db, now } = options;
  const due = (await polledJobs(db)).filter((job) => (job.next_poll_at ?? 0) <= now());
  await forEachBounded(due, options.concurrency ?? 4, async (job) => {
    if (report.authRefused || options.signal?.aborted || !job.job_id) return;
    const result = await getJob(options.client, job.job_id);
    if (!result.ok) {
      await onPullFailure(report, result.error, async () => undefined);
      return postpone(options, job);
    }
    if (result.data.attributes.status === 'processing') return postpone(options, job);
    return settle(options, job, result.data.id, report);
  });
}

/** Jobs the server has accepted whose outcome this laptop has not read yet. */
async function polledJobs(db: AppDatabase): Promise<AttendeeJobRecord[]> {
  return db.attendeeJobs
    .where('status')
    .equals('processing')
    .filter((job) => job.job_id !== undefined)
    .toArray();
}

/** One job of the feed: a job of ours the server ended is settled now rather than at its next poll. */
async function takeJob(options: PullOptions, job: Job, report: PullReport): Promise<boolean> {
  if (job.attributes.status === 'processing') return true;
  const local = await options.db.attendeeJobs.where('job_id').equals(job.id).first();
  // another laptop's job: its registrations arrive through the registration feed
  if (!local || local.status !== 'processing') return true;
  if (await hasUnsentChanges(options.db, recordKey({ kind: 'attendeeJob', id: local.id }))) return true;
  await settle(options, local, job.id, report);
  return !report.authRefused;
}

export const attendeeJobKind: RecordKindDescriptor = {
  kind: 'attendeeJob',
  page: 'attendees',
  tables: (db) => [db.attendeeJobs, db.registrations, db.learners, db.events],
  operations,
  pushOrder: 'parallel',
  setSyncState: async (db, localId, state) => {
    await db.attendeeJobs.update(localId, { sync_state: state });
  },
  storedServerId: async (db, localId) => (await db.attendeeJobs.get(localId))?.job_id,
  accept: async ({ db, now }, entry, ref, data) => {
    if (entry.op !== 'attendeeJob.create') return;
    const job = data as Job;
    await rememberServerId(db, ref, job.id);
    // polled at once: a small job is often done by the time its answer arrives
    await db.attendeeJobs.update(ref.id, { job_id: job.id, next_poll_at: now(), poll_attempts: 0 });
  },
  refetch: async (db, localId, now) => {
    await db.attendeeJobs.update(localId, { next_poll_at: now, poll_attempts: 0 });
  },
  subject: async (db, localId) => {
    const job = await db.attendeeJobs.get(localId);
    if (!job) return { name: 'A people import removed here', exists: false };
    return { name: `${job.label}: group ${job.group + 1} (${job.tasks.length} people)`, exists: true };
  },
  poll: pollDueJobs,
  nextPollAt: async (db) => {
    const times = (await polledJobs(db)).map((job) => job.next_poll_at ?? 0);
    return times.length === 0 ? undefined : Math.min(...times);
  },
  feed: {
    cursorKey: ATTENDEE_JOB_CURSOR_KEY,
    list: (client, query) => client.send({ method: 'GET', path: paths.jobs, schema: JobList, query }),
    updatedAt: (job) => (job as Job).attributes.updated_at,
    take: (options, job, report) => takeJob(options, job as Job, report),
  },
};
