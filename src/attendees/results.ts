import type { JobTask, Registration, TaskError } from '../contract';
import type { AttendeeJobRecord, AttendeeTaskRecord } from '../db';
import { countTasks, deriveJobStatus } from '../domain/attendeeJob';

/**
 * The server's 207 replaces the local outcomes of a job: a pure function from the job record and
 * the task results to the new record and what to write. A person the laptop admitted but the
 * server refused loses the local registration; one the laptop refused but the server registered
 * gains it; either way the change is kept on the task so the job page shows it.
 */

export interface AppliedResults {
  job: AttendeeJobRecord;
  /** the server's registrations, which replace the local ones */
  put: Registration[];
  /** registrations made here that the server refused: removed */
  remove: string[];
  /** registrations admitted on the server minus admitted here: the event's seat correction */
  seatDelta: number;
  /** tasks whose outcome differs from the local one */
  changed: number;
}

/** How an outcome reads on the job page: `registered`, or `failed: <code>`. */
export function outcomeLabel(outcome: { status: string; errors: readonly TaskError[] }): string {
  if (outcome.status === 'succeeded') return 'registered';
  if (outcome.status === 'pending') return 'waiting';
  return `failed: ${outcome.errors[0]?.code ?? 'unknown'}`;
}

/** The outcome that stands for a task: the server's once known, else the local one. */
export function currentOutcome(task: AttendeeTaskRecord): { status: string; errors: TaskError[] } {
  return task.server ?? task.local;
}

export function applyTaskResults(
  job: AttendeeJobRecord,
  results: readonly JobTask[],
  nowIso: string,
): AppliedResults {
  const byIndex = new Map(results.map((r) => [r.index, r]));
  const put: Registration[] = [];
  const remove: string[] = [];
  let seatDelta = 0;
  let changed = 0;
  const tasks = job.tasks.map((task): AttendeeTaskRecord => {
    const result = byIndex.get(task.index);
    if (!result || result.status === 'pending') return task;
    const server = { status: result.status, errors: result.errors };
    const before = outcomeLabel(task.server ?? task.local);
    const after = outcomeLabel(server);
    const wasLocal = task.local.status === 'succeeded';
    if (result.status === 'succeeded' && result.data) put.push(result.data);
    // a replayed result (a poll after the answer was applied) changes nothing twice
    if (!task.server) {
      if (wasLocal && result.status !== 'succeeded') {
        remove.push(task.person.registration_id);
        seatDelta -= 1;
      } else if (!wasLocal && result.status === 'succeeded') {
        seatDelta += 1;
      }
    }
    const localLabel = outcomeLabel(task.local);
    const next: AttendeeTaskRecord = { ...task, server };
    // a replayed result leaves the mark as it stands: gone once the coordinator has seen it
    if (task.server && before === after) return next;
    if (localLabel !== after) {
      if (before !== after || !task.outcome_changed) changed += 1;
      next.outcome_changed = { from: localLabel, to: after, at: task.outcome_changed?.at ?? nowIso };
    } else {
      delete next.outcome_changed;
    }
    return next;
  });
  const status = deriveJobStatus(countTasks(tasks.map((t) => (t.server ? t.server.status : 'pending'))));
  return {
    job: {
      ...job,
      tasks,
      status,
      updated_at: nowIso,
      sync_state: status === 'processing' ? job.sync_state : 'synced',
    },
    put,
    remove,
    seatDelta,
    changed,
  };
}

/** The coordinator has seen what the server changed in this job: the tasks' marks go. */
export function withChangesSeen(job: AttendeeJobRecord): AttendeeJobRecord {
  if (!job.tasks.some((t) => t.outcome_changed)) return job;
  return {
    ...job,
    tasks: job.tasks.map(({ outcome_changed: _seen, ...task }) => task),
  };
}

export interface JobCounts {
  total: number;
  registered: number;
  failed: number;
  /** tasks whose server outcome is not known yet */
  waiting: number;
  changed: number;
}

/** The counts the job page and the notification show, over the current outcomes. */
export function countOutcomes(tasks: readonly AttendeeTaskRecord[]): JobCounts {
  const counts = { total: 0, registered: 0, failed: 0, waiting: 0, changed: 0 };
  for (const task of tasks) {
    counts.total += 1;
    if (!task.server) counts.waiting += 1;
    if (task.outcome_changed) counts.changed += 1;
    if (currentOutcome(task).status === 'succeeded') counts.registered += 1;
    else counts.failed += 1;
  }
  return counts;
}
