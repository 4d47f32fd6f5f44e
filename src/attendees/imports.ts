import type { JobStatus } from '../contract';
import type { AppDatabase, AttendeeJobRecord, AttendeeTaskRecord } from '../db';
import { ATTENDEES_KIND } from '../import/importKinds';
import { EXTRA_TIME_TYPE, venueMatcher, type AttendeeRow } from '../import/attendeeRow';
import { getEvent } from '../events/events';
import { wallClockAtVenue } from '../events/venueTime';
import { listVenues } from '../reference/queries';
import { FAILURE_REASON_HEADER } from '../import/export';
import { writeWorkbook, type OutputCell } from '../import/workbookWriter';
import { AttendeeImportError, importPeople, type ImportPeopleResult } from './importPeople';
import type { LocalCommandOptions } from '../reference/context';
import { storePeopleTables } from './storePeople';
import { countOutcomes, currentOutcome, type JobCounts } from './results';

/**
 * An attendee import as the job page shows it: its groups (seed 001 jobs) taken together. A task
 * sent again by a retry counts in the retry's job only, so the counts are of each person's latest
 * try.
 */

export interface ImportTask extends AttendeeTaskRecord {
  /** the local id of the job the task is in */
  job: string;
}

export interface ImportView {
  importId: string;
  label: string;
  eventId: string;
  /** `processing` while a group waits for the server; then `ended`, or `failed` if any task failed */
  status: JobStatus;
  counts: JobCounts;
  jobs: AttendeeJobRecord[];
  /** each person's latest try, in the order they were imported */
  tasks: ImportTask[];
  createdAt: string;
  notifiedAt: string | null;
}

export function importViewOf(jobs: readonly AttendeeJobRecord[]): ImportView {
  const sorted = [...jobs].sort((a, b) => a.group - b.group);
  const first = sorted[0];
  if (!first) throw new RangeError('An import has at least one job');
  const tasks: ImportTask[] = [];
  for (const job of sorted) {
    for (const task of job.tasks) if (!task.retried_in) tasks.push({ ...task, job: job.id });
  }
  const counts = countOutcomes(tasks);
  const processing = sorted.some((j) => j.status === 'processing' && j.tasks.some((t) => !t.retried_in));
  return {
    importId: first.import_id,
    label: first.label,
    eventId: first.event_id,
    status: processing ? 'processing' : counts.failed > 0 ? 'failed' : 'ended',
    counts,
    jobs: sorted,
    tasks,
    createdAt: first.created_at,
    notifiedAt: first.notified_at ?? null,
  };
}

export async function getImport(db: AppDatabase, importId: string): Promise<ImportView | null> {
  const jobs = await db.attendeeJobs.where('import_id').equals(importId).toArray();
  return jobs.length === 0 ? null : importViewOf(jobs);
}

/** Every attendee import on this computer, the newest first. */
export async function listImports(db: AppDatabase): Promise<ImportView[]> {
  const byImport = new Map<string, AttendeeJobRecord[]>();
  await db.attendeeJobs.each((job) => {
    const list = byImport.get(job.import_id);
    if (list) list.push(job);
    else byImport.set(job.import_id, [job]);
  });
  return [...byImport.values()].map(importViewOf).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** One event an import registered people on, as the job page lists it. */
export interface ImportEvent {
  eventId: string;
  /** the local ids of the import's jobs on this event */
  jobIds: string[];
  /** the venue's name; the event's venue id when the venue is not on this computer */
  venueName: string;
  /**
   * the Venue cell a re-import reads back as this venue: its name, or its id when another venue
   * on this computer has the same name; null when the event or its venue is not on this computer
   */
  venueCell: string | null;
  /** the start on the venue's clock (`2026-04-02T09:00`); null when the event is not on this computer */
  wallClock: string | null;
  provisional: boolean;
  /** each person's latest try on this event */
  counts: JobCounts;
}

/** The events the import's jobs went to (a file naming several sittings spans several), by start. */
export async function eventsOfImport(db: AppDatabase, view: ImportView): Promise<ImportEvent[]> {
  const jobsOf = new Map<string, string[]>();
  for (const job of view.jobs) jobsOf.set(job.event_id, [...(jobsOf.get(job.event_id) ?? []), job.id]);
  const venues = await listVenues(db);
  const matchVenue = venueMatcher(venues);
  const out: (ImportEvent & { start: string })[] = [];
  for (const [eventId, jobIds] of jobsOf) {
    const event = await getEvent(db, eventId);
    const venue = event ? venues.find((v) => v.venue_id === event.event_venue) : undefined;
    const inJobs = new Set(jobIds);
    const wallClock = event && venue ? wallClockAtVenue(event.event_start, venue.time_zone) : null;
    out.push({
      eventId,
      jobIds,
      venueName: venue?.name ?? event?.event_venue ?? eventId,
      venueCell:
        venue && wallClock ? ('venue' in matchVenue(venue.name) ? venue.name : venue.venue_id) : null,
      wallClock,
      provisional: event?.provisional === true,
      counts: countOutcomes(view.tasks.filter((t) => inJobs.has(t.job))),
      start: event?.event_start ?? '',
    });
  }
  out.sort((a, b) => a.start.localeCompare(b.start) || a.venueName.localeCompare(b.venueName));
  return out.map(({ start: _start, ...event }) => event);
}

/** The person a task sends, back as an import row (for a retry with fixes, and the export). */
export function rowOfTask(task: AttendeeTaskRecord): AttendeeRow {
  const p = task.person;
  return {
    first_name: p.first_name ?? '',
    last_name: p.last_name ?? '',
    email: p.email ?? '',
    ...(p.phone ? { phone: p.phone } : {}),
    ...(p.assessment ? { assessment: p.assessment } : {}),
    accommodations: p.accommodations ?? [],
  };
}

/** What the coordinator may correct on a failed task before it is retried. */
export type TaskFix = Partial<Pick<AttendeeRow, 'first_name' | 'last_name' | 'email' | 'assessment'>>;

/**
 * Sends the import's failed tasks again as new jobs (with `fixes` by registration id applied),
 * registered locally first with the desk's rules as any import. The tasks keep their client ids,
 * since the server made nothing for a failed task.
 */
export async function retryFailedTasks(
  db: AppDatabase,
  importId: string,
  fixes: Readonly<Record<string, TaskFix>> = {},
  options: LocalCommandOptions = {},
): Promise<ImportPeopleResult> {
  // the people import's tables, and the settings each retried group's `importPeople` reads its
  // coordinator from inside this transaction
  const tables = [...storePeopleTables(db), db.settings];
  // one transaction: the new jobs and the marks on the tasks they take over are stored together
  return db.transaction('rw', tables, async () => {
    const view = await getImport(db, importId);
    // only what the server refused: a task not answered yet is still on its way
    const failed = (view?.tasks ?? []).filter((t) => t.server?.status === 'failed');
    if (!view || failed.length === 0) {
      throw new AttendeeImportError('nothing_to_import', 'No failed task is left to retry in this import.');
    }
    // an import of a file naming several sittings has jobs on several events: each task is
    // retried on the event of the job it failed in
    const eventOfJob = new Map(view.jobs.map((j) => [j.id, j.event_id]));
    const byEvent = new Map<string, ImportTask[]>();
    for (const task of failed) {
      const eventId = eventOfJob.get(task.job) ?? view.eventId;
      byEvent.set(eventId, [...(byEvent.get(eventId) ?? []), task]);
    }
    const result: ImportPeopleResult = { importId, jobIds: [], registered: 0, failed: 0 };
    for (const [eventId, tasks] of byEvent) {
      const stored = await importPeople(
        db,
        {
          eventId,
          label: view.label,
          importId,
          retryOf: tasks[0]!.job,
          people: tasks.map((task) => ({
            row: { ...rowOfTask(task), ...cleanFix(fixes[task.person.registration_id]) },
            rowNumber: task.row_number,
            registrationId: task.person.registration_id,
            learnerId: task.person.learner_id,
          })),
        },
        options,
      );
      result.jobIds.push(...stored.jobIds);
      result.registered += stored.registered;
      result.failed += stored.failed;
    }
    const newJobOf = new Map<string, string>();
    for (const job of await db.attendeeJobs.bulkGet(result.jobIds)) {
      for (const t of job?.tasks ?? []) newJobOf.set(t.person.registration_id, job!.id);
    }
    const taken = (t: AttendeeTaskRecord) => !t.retried_in && newJobOf.has(t.person.registration_id);
    for (const job of view.jobs) {
      if (!job.tasks.some(taken)) continue;
      await db.attendeeJobs.put({
        ...job,
        tasks: job.tasks.map((t) =>
          taken(t) ? { ...t, retried_in: newJobOf.get(t.person.registration_id)! } : t,
        ),
      });
    }
    return result;
  });
}

function cleanFix(fix: TaskFix | undefined): TaskFix {
  const out: TaskFix = {};
  for (const [key, value] of Object.entries(fix ?? {}) as [keyof TaskFix, string | undefined][]) {
    if (value !== undefined && value.trim() !== '') out[key] = value.trim();
  }
  return out;
}

/**
 * The failed people in the import's layout (the "People for an event" template's columns), with
 * the reason in a last column the import ignores, so they can be fixed and imported again. Each
 * row carries the Venue and Start of the event it failed on (from `eventsOfImport`), the start on
 * the venue's clock as text the import reads, so the re-import puts it on the same sitting; a row
 * whose event is not on this computer leaves them empty, for the wizard's chosen event.
 */
export function exportFailedPeople(
  tasks: Iterable<ImportTask>,
  events: readonly ImportEvent[] = [],
): Uint8Array {
  const parts = new Set(Object.values(ATTENDEES_KIND.splitFields ?? {}).flat());
  const fields = ATTENDEES_KIND.fields.filter((f) => !parts.has(f.key));
  const eventOfJob = new Map(events.flatMap((e) => e.jobIds.map((id) => [id, e] as const)));
  const headers = fields.map((f) => f.label);
  const rows: OutputCell[][] = [[...headers, FAILURE_REASON_HEADER]];
  for (const task of tasks) {
    const outcome = currentOutcome(task);
    if (outcome.status !== 'failed' || task.retried_in) continue;
    const p = task.person;
    const accommodations = (p.accommodations ?? []).filter((a) => a.type !== EXTRA_TIME_TYPE);
    const extra = (p.accommodations ?? []).find((a) => a.type === EXTRA_TIME_TYPE)?.time_extension ?? null;
    const event = eventOfJob.get(task.job);
    const sitting = event?.venueCell && event.wallClock ? event : null;
    const cells: Record<string, OutputCell> = {
      first_name: p.first_name ?? null,
      last_name: p.last_name ?? null,
      full_name: null,
      email: p.email ?? null,
      phone: p.phone ?? null,
      assessment: p.assessment ?? null,
      accommodations: accommodations.length > 0 ? accommodations.map((a) => a.type).join('; ') : null,
      extra_time: extra,
      venue: sitting?.venueCell ?? null,
      // `2026-04-02 09:00`: year first, so the day-order setting cannot misread it
      start: sitting?.wallClock?.replace('T', ' ') ?? null,
    };
    rows.push([
      ...fields.map((f) => cells[f.key] ?? null),
      outcome.errors.map((e) => `${e.code}: ${e.message}`).join(' ') || null,
    ]);
  }
  return writeWorkbook([
    { name: 'Failed people', rows, widths: [14, 16, 14, 28, 16, 14, 24, 10, 24, 16, 50] },
  ]);
}
