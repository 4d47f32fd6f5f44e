import Dexie from 'dexie';
import { z } from 'zod';
import { AttendeeAttributes, Job, JobList, JobTaskList, MAX_JOB_TASKS, paths, Uuid } from '../../contract';
import type { AppDatabase, AttendeeJobRecord } from '../../db';
import { applyJobAnswers, type JobAnswer } from '../../attendees/settle';
import { POLL_BACKOFF, backoffDelay } from '../backoff';
import type { ApiClient } from '../client';
import { hasUnsentChanges } from '../outboxState';
import { forEachBounded } from '../pool';
import { FEED_PAGE_LIMIT, onPullFailure, type PullOptions, type PullReport } from '../pullContext';
import { recordKey, rememberServerId } from '../recordIds';
import { syncTables, type OperationDescriptor, type RecordKindDescriptor } from '../recordKinds';
import { parseBody } from '../requests';

/**
 * Attendee jobs (contract C4, seed 001): one outbox entry per group of at most 50 people, sent to
 * `POST /events/:event_id/people/bulk` with each person's client ids. The 202's job is then polled
 * (backing off, one listing of the event's jobs still processing for all of them) until it leaves
 * `processing`, and its 207 task results replace the local outcomes. The job feed settles a polled
 * job as soon as it lists it ended.
 */

export const ATTENDEE_JOB_CURSOR_KEY = 'sync.cursor.attendeeJobs';

/** What the outbox keeps for one job: the event and the people, as they are sent. */
export const AttendeeJobBody = z.strictObject({
  event_id: Uuid,
  tasks: z.array(AttendeeAttributes).min(1).max(MAX_JOB_TASKS),
});
export type AttendeeJobBody = z.infer<typeof AttendeeJobBody>;

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

/** jobs whose 207s are written in one transaction */
const SETTLE_CHUNK = 10;

/**
 * The poll step, one round when a job is due (the pull follows it while jobs fall due, beside
 * the feeds: `followPoll`): one listing of the jobs still processing on the server (not one
 * `GET /jobs/:id` per job), so every polled job is checked and a job the server ended is settled
 * whether or not it was due, its 207 fetched side by side with the others and written in bulk;
 * the due ones still processing back off, each on its own schedule.
 */
async function pollDueJobs(options: PullOptions, report: PullReport): Promise<void> {
  const { now } = options;
  // asked every 50 ms while the push sends: the index answers it without reading any job
  if (!(await anyJobDue(options.db, now()))) return;
  const polled = await polledJobs(options.db);
  const due = polled.filter((job) => (job.next_poll_at ?? 0) <= now());
  if (due.length === 0) return;
  const processing = await processingOnServer(options, polled, report);
  if (!processing) return postpone(options, due);
  await settleJobs(
    options,
    polled.filter((job) => !processing.has(job.job_id!)),
    report,
  );
  await postpone(
    options,
    due.filter((job) => processing.has(job.job_id!)),
  );
}

/**
 * The server ids of the jobs still processing on the events of `jobs`, from the job list
 * filtered by status: one request per event and hundred jobs, however many are polled. Undefined
 * when a page failed. A job missed because the list moved between two pages is read as ended:
 * its 207 then still shows pending tasks, and it is polled again.
 */
async function processingOnServer(
  options: PullOptions,
  jobs: readonly AttendeeJobRecord[],
  report: PullReport,
): Promise<Set<string> | undefined> {
  const processing = new Set<string>();
  for (const eventId of new Set(jobs.map((job) => job.event_id))) {
    for (let page = 1; ; page++) {
      const result = await options.client.send({
        method: 'GET',
        path: paths.jobs,
        schema: JobList,
        query: { status: 'processing', event_id: eventId, page, limit: FEED_PAGE_LIMIT },
      });
      if (!result.ok) {
        await onPullFailure(report, result.error, async () => undefined);
        return undefined;
      }
      for (const job of result.data.data) processing.add(job.id);
      const { data, pagination } = result.data;
      if (data.length < FEED_PAGE_LIMIT || page * pagination.limit >= pagination.total) break;
    }
  }
  return processing;
}

/**
 * Fetches the 207s of jobs the server ended, side by side, and writes them a chunk per
 * transaction, the next chunk fetched while the last one is written.
 */
async function settleJobs(
  options: PullOptions,
  jobs: readonly AttendeeJobRecord[],
  report: PullReport,
): Promise<void> {
  let writing: Promise<void> = Promise.resolve();
  for (let i = 0; i < jobs.length; i += SETTLE_CHUNK) {
    if (report.authRefused || options.signal?.aborted) break;
    const answers: JobAnswer[] = [];
    const failed: AttendeeJobRecord[] = [];
    await forEachBounded(jobs.slice(i, i + SETTLE_CHUNK), options.concurrency ?? 4, async (job) => {
      const tasks = await getJobTasks(options.client, job.job_id!);
      if (tasks.ok) answers.push({ job, results: tasks.data.data });
      else {
        await onPullFailure(report, tasks.error, async () => undefined);
        failed.push(job);
      }
    });
    await writing;
    writing = writeAnswers(options, answers, report);
    await postpone(options, failed);
  }
  await writing;
}

async function writeAnswers(options: PullOptions, answers: JobAnswer[], report: PullReport) {
  const { db, now } = options;
  if (answers.length === 0) return;
  const pending = await db.transaction('rw', syncTables(db), async () => {
    const current = await db.attendeeJobs.bulkGet(answers.map((a) => a.job.id));
    const present = answers.flatMap((a, i) => (current[i] ? [{ job: current[i], results: a.results }] : []));
    const settled = await applyJobAnswers(db, present, now());
    report.applied += settled.length;
    for (const s of settled) report.changed += s.changed;
    return present.flatMap((a, i) => (settled[i]!.status === 'processing' ? [a.job] : []));
  });
  // some tasks still pending (the listing moved under us): polled again, backing off
  await postpone(options, pending);
}

/** Each job's next poll, backing off from its attempts so far. */
async function postpone(options: PullOptions, jobs: readonly AttendeeJobRecord[]): Promise<void> {
  if (jobs.length === 0) return;
  const { db, now, random } = options;
  await db.transaction('rw', db.attendeeJobs, async () => {
    for (const job of jobs) {
      const attempts = (job.poll_attempts ?? 0) + 1;
      await db.attendeeJobs.update(job.id, {
        poll_attempts: attempts,
        next_poll_at: now() + backoffDelay(attempts, POLL_BACKOFF, random),
      });
    }
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

/** Processing jobs by their next poll, up to `until` (epoch ms): a range of `[status+next_poll_at]`. */
function processingUntil(db: AppDatabase, until: number | typeof Dexie.maxKey) {
  return db.attendeeJobs
    .where('[status+next_poll_at]')
    .between(['processing', Dexie.minKey], ['processing', until], true, true)
    .filter((job) => job.job_id !== undefined);
}

async function anyJobDue(db: AppDatabase, now: number): Promise<boolean> {
  return (await processingUntil(db, now).first()) !== undefined;
}

async function nextPollAt(db: AppDatabase): Promise<number | undefined> {
  // the index's order: the first polled job is the one due first
  return (await processingUntil(db, Dexie.maxKey).first())?.next_poll_at;
}

/** One job of the feed: a job of ours the server ended is settled now rather than at its next poll. */
async function takeJob(options: PullOptions, job: Job, report: PullReport): Promise<boolean> {
  if (job.attributes.status === 'processing') return true;
  const local = await options.db.attendeeJobs.where('job_id').equals(job.id).first();
  // another laptop's job: its registrations arrive through the registration feed
  if (!local || local.status !== 'processing') return true;
  if (await hasUnsentChanges(options.db, recordKey({ kind: 'attendeeJob', id: local.id }))) return true;
  await settleJobs(options, [local], report);
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
  nextPollAt,
  followPoll: true,
  feed: {
    cursorKey: ATTENDEE_JOB_CURSOR_KEY,
    list: (client, query) => client.send({ method: 'GET', path: paths.jobs, schema: JobList, query }),
    updatedAt: (job) => (job as Job).attributes.updated_at,
    take: (options, job, report) => takeJob(options, job as Job, report),
  },
};
