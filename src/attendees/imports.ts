import type { JobStatus } from '../contract';
import type { AppDatabase, AttendeeJobRecord, AttendeeTaskRecord } from '../db';
import { ATTENDEES_KIND } from '../import/importKinds';
import { EXTRA_TIME_TYPE, type AttendeeRow } from '../import/attendeeRow';
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
 * the reason in a last column the import ignores, so they can be fixed and imported again.
 */
export function exportFailedPeople(tasks: Iterable<AttendeeTaskRecord>): Uint8Array {
  // the sitting is the job's event, not the person's: a re-import chooses it again
  const fields = ATTENDEES_KIND.fields.filter((f) => f.key !== 'venue' && f.key !== 'start');
  const headers = fields.map((f) => f.label);
  const rows: OutputCell[][] = [[...headers, FAILURE_REASON_HEADER]];
  for (const task of tasks) {
    const outcome = currentOutcome(task);
    if (outcome.status !== 'failed' || task.retried_in) continue;
    const p = task.person;
    const accommodations = (p.accommodations ?? []).filter((a) => a.type !== EXTRA_TIME_TYPE);
    const extra = (p.accommodations ?? []).find((a) => a.type === EXTRA_TIME_TYPE)?.time_extension ?? null;
    const cells: Record<string, OutputCell> = {
      first_name: p.first_name ?? null,
      last_name: p.last_name ?? null,
      full_name: null,
      email: p.email ?? null,
      phone: p.phone ?? null,
      assessment: p.assessment ?? null,
      accommodations: accommodations.length > 0 ? accommodations.map((a) => a.type).join('; ') : null,
      extra_time: extra,
    };
    rows.push([
      ...fields.map((f) => cells[f.key] ?? null),
      outcome.errors.map((e) => `${e.code}: ${e.message}`).join(' ') || null,
    ]);
  }
  return writeWorkbook([{ name: 'Failed people', rows, widths: [14, 16, 14, 28, 16, 14, 24, 10, 50] }]);
}
