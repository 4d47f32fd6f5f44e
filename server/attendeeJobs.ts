import type {
  Job,
  JobList,
  JobListQuery,
  JobTaskList,
  Registration,
  TaskError,
  TaskStatus,
} from '../src/contract';
import { jobProgress } from '../src/domain/attendeeJob';
import type { AttendeeRegistrar } from './attendeeRegistrar';
import type { Principal } from './auth';
import type { Database } from './db/database';
import { notFound } from './errors';

/** Part C4's records: jobs and their tasks, SQL in, seed 001 shapes out. The worker settles the tasks. */

interface JobRow {
  job_id: string;
  event_id: string;
  coordinator_id: string;
  pending: number;
  succeeded: number;
  failed: number;
  created_at: Date;
  updated_at: Date;
}

const JOB_COLUMNS = 'job_id, event_id, coordinator_id, pending, succeeded, failed, created_at, updated_at';

export function jobOf(row: JobRow): Job {
  return {
    type: 'jobs',
    id: row.job_id,
    attributes: {
      ...jobProgress({ pending: row.pending, succeeded: row.succeeded, failed: row.failed }),
      event_id: row.event_id,
      created_at: row.created_at.toISOString(),
      updated_at: row.updated_at.toISOString(),
    },
  };
}

const scope = (principal: Principal) => (principal.isAdmin ? null : principal.id);

export class AttendeeJobStore {
  constructor(
    private readonly db: Database,
    private readonly registrar: AttendeeRegistrar,
  ) {}

  /** Stores the job and its tasks in one statement; each task keeps its place in the list. */
  async create(eventId: string, tasks: Record<string, unknown>[], principal: Principal): Promise<Job> {
    if (!(await this.registrar.eventVisible(this.db, eventId, principal))) throw notFound('event', eventId);
    const [row] = await this.db.query<JobRow>(
      `WITH j AS (
         INSERT INTO attendee_jobs (job_id, event_id, coordinator_id, total_items, pending)
         VALUES (gen_random_uuid()::text, $1, $2, $3, $3)
         RETURNING ${JOB_COLUMNS}
       ), t AS (
         INSERT INTO attendee_job_tasks (job_id, task_no, attributes, registration_id)
         SELECT j.job_id, x.ord - 1, x.a,
                CASE WHEN jsonb_typeof(x.a->'registration_id') = 'string'
                     THEN x.a->>'registration_id' ELSE gen_random_uuid()::text END
         FROM j, jsonb_array_elements($4::jsonb) WITH ORDINALITY AS x(a, ord)
       )
       SELECT ${JOB_COLUMNS} FROM j`,
      [eventId, principal.id, tasks.length, JSON.stringify(tasks)],
    );
    return jobOf(row!);
  }

  async get(jobId: string, principal: Principal): Promise<Job> {
    return jobOf(await this.row(jobId, principal));
  }

  async list(query: JobListQuery, principal: Principal): Promise<JobList> {
    const where = ['($1::text IS NULL OR coordinator_id = $1)'];
    const params: unknown[] = [scope(principal)];
    if (query.status) where.push(`status = $${params.push(query.status)}`);
    if (query.event_id) where.push(`event_id = $${params.push(query.event_id)}`);
    if (query.updated_since) where.push(`updated_at >= $${params.push(query.updated_since)}::timestamptz`);
    const order = query.updated_since ? 'updated_at ASC, seq ASC' : 'seq DESC';
    const filter = where.join(' AND ');
    const [rows, count] = await Promise.all([
      this.db.query<JobRow>(
        `SELECT ${JOB_COLUMNS} FROM attendee_jobs WHERE ${filter} ORDER BY ${order}
         LIMIT ${query.limit} OFFSET ${(query.page - 1) * query.limit}`,
        params,
      ),
      this.db.query<{ total: number }>(
        `SELECT count(*)::int AS total FROM attendee_jobs WHERE ${filter}`,
        params,
      ),
    ]);
    return {
      data: rows.map(jobOf),
      pagination: { page: query.page, limit: query.limit, total: count[0]?.total ?? 0 },
    };
  }

  /** One page of the job's tasks in submitted order, as the 207 lists them. */
  async tasks(jobId: string, page: number, limit: number, principal: Principal): Promise<JobTaskList> {
    const job = await this.row(jobId, principal);
    const rows = await this.db.query<{
      task_no: number;
      status: TaskStatus;
      registration: Registration | null;
      errors: TaskError[];
    }>(
      `SELECT task_no, status, registration, errors FROM attendee_job_tasks
       WHERE job_id = $1 ORDER BY task_no LIMIT $2 OFFSET $3`,
      [jobId, limit, (page - 1) * limit],
    );
    return {
      data: rows.map((r) => ({
        status: r.status,
        errors: r.errors,
        ...(r.registration ? { data: r.registration } : {}),
        index: r.task_no,
      })),
      meta: { page, limit, total: job.pending + job.succeeded + job.failed },
    };
  }

  private async row(jobId: string, principal: Principal): Promise<JobRow> {
    const [row] = await this.db.query<JobRow>(
      `SELECT ${JOB_COLUMNS} FROM attendee_jobs WHERE job_id = $1 AND ($2::text IS NULL OR coordinator_id = $2)`,
      [jobId, scope(principal)],
    );
    if (!row) throw notFound('job', jobId);
    return row;
  }
}
