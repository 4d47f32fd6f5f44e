import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type {
  DispatchedNotification,
  RunCreate,
  RunDeleted,
  RunDetail,
  RunList,
  RunListQuery,
  RunSummary,
  RunUpdate,
} from '../src/contract';
import type { Principal } from './auth';
import { iso } from './batches';
import { isUniqueViolation, type Database, type Queryable } from './db/database';
import { ApiError, conflict, notFound, validationFailed } from './errors';
import { shouldDispatch, thresholdFor } from '../src/domain/expiry';

/** Part B: expiry runs evaluated on POST, with the once-per-(mentor, expiry date, threshold) dispatch rule. */

interface RunRow {
  run_id: string;
  owner: string;
  triggered_by: string;
  status: RunSummary['status'];
  expirations_evaluated: number;
  notifications_dispatched: number;
  thresholds_hit: string[];
  error: string | null;
  resolution_notes: string | null;
  evaluated_at: Date;
  started_at: Date;
  completed_at: Date | null;
  updated_at: Date;
}

function summary(row: RunRow): RunSummary {
  return {
    run_id: row.run_id,
    triggered_by: row.triggered_by,
    expirations_evaluated: row.expirations_evaluated,
    notifications_dispatched: row.notifications_dispatched,
    thresholds_hit: row.thresholds_hit,
    status: row.status,
    started_at: iso(row.started_at),
    completed_at: row.completed_at ? iso(row.completed_at) : null,
    ...(row.error !== null ? { error: row.error } : {}),
    ...(row.resolution_notes !== null ? { resolution_notes: row.resolution_notes } : {}),
    evaluated_at: iso(row.evaluated_at),
    updated_at: iso(row.updated_at),
  };
}

const scope = (principal: Principal) => (principal.isAdmin ? null : principal.id);

export interface CreatedRun {
  run: RunDetail;
  /** true when `run_id` named a run this principal had already created: nothing was evaluated again */
  replayed: boolean;
}

export class RunStore {
  constructor(
    private readonly db: Database,
    private readonly thresholds: readonly string[],
  ) {}

  async create(input: RunCreate, principal: Principal): Promise<CreatedRun> {
    if (!principal.isAdmin) {
      const fields = [
        ...input.expirations.map((e, i) => ({
          c: e.coordinator_id,
          field: `expirations[${i}].coordinator_id`,
        })),
        ...(input.dispatched_notifications ?? []).map((d, i) => ({
          c: d.coordinator_id,
          field: `dispatched_notifications[${i}].coordinator_id`,
        })),
      ]
        .filter((x) => x.c !== principal.id)
        .map((x) => ({
          field: x.field,
          code: 'forbidden_coordinator',
          message: `A coordinator token may only submit its own records (${principal.id}), not ${x.c}`,
        }));
      if (fields.length > 0) throw validationFailed(fields);
    }
    const runId = input.run_id ?? randomUUID();
    if (input.run_id) {
      const existing = await this.findRow(this.db, runId, null);
      if (existing) {
        if (existing.owner !== principal.id) throw conflict(`run_id ${runId} is already used by another run`);
        return { run: await this.detail(this.db, existing), replayed: true };
      }
    }
    const evaluatedAt = input.evaluated_at ?? new Date().toISOString();
    try {
      const run = await this.db.transaction((tx) => this.evaluate(tx, runId, input, principal, evaluatedAt));
      return { run, replayed: false };
    } catch (error) {
      if (error instanceof ApiError) throw error;
      if (isUniqueViolation(error)) throw conflict(`run_id ${runId} is already used by another run`);
      // The evaluation could not finish: the run is recorded as failed, with why, and nothing was dispatched.
      const message = error instanceof Error ? error.message : String(error);
      const [row] = await this.db.query<RunRow>(
        `INSERT INTO expiry_runs (run_id, owner, triggered_by, status, expirations_evaluated, notifications_dispatched,
           thresholds_hit, error, evaluated_at, started_at, completed_at, updated_at)
         VALUES ($1, $2, $3, 'failed', 0, 0, '[]'::jsonb, $4, $5, now(), now(), now())
         RETURNING *`,
        [runId, principal.id, input.triggered_by, `Run failed: ${message}`, evaluatedAt],
      );
      return { run: { ...summary(row!), dispatched_notifications: [] }, replayed: false };
    }
  }

  private async evaluate(
    tx: Queryable,
    runId: string,
    input: RunCreate,
    principal: Principal,
    evaluatedAt: string,
  ): Promise<RunDetail> {
    await tx.query(
      `INSERT INTO expiry_runs (run_id, owner, triggered_by, status, expirations_evaluated, notifications_dispatched,
         thresholds_hit, evaluated_at, started_at, updated_at)
       VALUES ($1, $2, $3, 'running', $4, 0, '[]'::jsonb, $5, now(), now())`,
      [runId, principal.id, input.triggered_by, input.expirations.length, evaluatedAt],
    );
    // the client's own calendar date when it says it (a run at 20:00 in Los Angeles is already
    // the next day in UTC): otherwise the server would reach thresholds a day early
    const evaluationDate = input.evaluated_on ?? evaluatedAt.slice(0, 10);
    const reached = new Set<string>();
    const due: DueNotification[] = [];
    for (const e of input.expirations) {
      const threshold = thresholdFor(e.expiry_date, evaluationDate, this.thresholds);
      if (threshold === null) continue;
      reached.add(threshold);
      due.push({
        mentor_id: e.mentor_id,
        coordinator_id: e.coordinator_id,
        expiry_date: e.expiry_date,
        threshold,
      });
    }
    // What the client already delivered is recorded first, so the server never sends it again.
    const fromClient = await this.record(tx, runId, input.dispatched_notifications ?? [], 'client', 0);
    const fromServer = await this.record(tx, runId, await this.notRegressing(tx, due), 'server', fromClient);
    const hit = this.thresholds.filter((t) => reached.has(t));
    const [row] = await tx.query<RunRow>(
      `UPDATE expiry_runs SET status = 'completed', notifications_dispatched = $2, thresholds_hit = $3::jsonb,
         completed_at = clock_timestamp(), updated_at = clock_timestamp()
       WHERE run_id = $1 RETURNING *`,
      [runId, fromClient + fromServer, JSON.stringify(hit)],
    );
    return this.detail(tx, row!);
  }

  /**
   * Drops a due notification when something more urgent was already sent for that mentor and expiry
   * date (the shared dispatch rule: a run evaluating an earlier date never regresses to a wider window).
   */
  private async notRegressing(tx: Queryable, due: DueNotification[]): Promise<DueNotification[]> {
    if (due.length === 0) return due;
    const sent = await tx.query<{ mentor_id: string; expiry_date: string; threshold: string }>(
      `SELECT n.mentor_id, n.expiry_date::text AS expiry_date, n.threshold
       FROM expiry_notifications n
       JOIN jsonb_array_elements($1::jsonb) AS x(e) ON n.mentor_id = x.e->>0 AND n.expiry_date = (x.e->>1)::date`,
      [JSON.stringify(due.map((d) => [d.mentor_id, d.expiry_date]))],
    );
    const byKey = new Map<string, string[]>();
    for (const n of sent) {
      const key = `${n.mentor_id}|${n.expiry_date}`;
      byKey.set(key, [...(byKey.get(key) ?? []), n.threshold]);
    }
    return due.filter((d) => shouldDispatch(d.threshold, byKey.get(`${d.mentor_id}|${d.expiry_date}`) ?? []));
  }

  /** Inserts notifications not dispatched before; returns how many were new. */
  private async record(
    tx: Queryable,
    runId: string,
    notifications: readonly DueNotification[],
    deliveredBy: 'client' | 'server',
    firstOrd: number,
  ): Promise<number> {
    if (notifications.length === 0) return 0;
    const rows = JSON.stringify(
      notifications.map((n, i) => [n.mentor_id, n.expiry_date, n.threshold, n.coordinator_id, firstOrd + i]),
    );
    const inserted = await tx.query<{ n: number }>(
      `WITH ins AS (
         INSERT INTO expiry_notifications (mentor_id, expiry_date, threshold, coordinator_id, run_id, ord, delivered_by)
         SELECT x.e->>0, (x.e->>1)::date, x.e->>2, x.e->>3, $2, (x.e->>4)::int, $3
         FROM jsonb_array_elements($1::jsonb) AS x(e)
         ORDER BY (x.e->>4)::int
         ON CONFLICT (mentor_id, expiry_date, threshold) DO NOTHING
         RETURNING 1
       )
       SELECT count(*)::int AS n FROM ins`,
      [rows, runId, deliveredBy],
    );
    return inserted[0]?.n ?? 0;
  }

  async list(query: z.output<typeof RunListQuery>, principal: Principal): Promise<RunList> {
    const where = ['($1::text IS NULL OR owner = $1)'];
    const params: unknown[] = [scope(principal)];
    if (query.status) where.push(`status = $${params.push(query.status)}`);
    if (query.updated_since) where.push(`updated_at >= $${params.push(query.updated_since)}::timestamptz`);
    const order = query.updated_since ? 'updated_at ASC, run_id ASC' : 'started_at DESC, run_id ASC';
    const filter = where.join(' AND ');
    const [rows, count] = await Promise.all([
      this.db.query<RunRow>(
        `SELECT * FROM expiry_runs WHERE ${filter} ORDER BY ${order}
         LIMIT ${query.limit} OFFSET ${(query.page - 1) * query.limit}`,
        params,
      ),
      this.db.query<{ total: number }>(
        `SELECT count(*)::int AS total FROM expiry_runs WHERE ${filter}`,
        params,
      ),
    ]);
    return {
      data: rows.map(summary),
      pagination: { page: query.page, limit: query.limit, total: count[0]?.total ?? 0 },
    };
  }

  async get(runId: string, principal: Principal): Promise<RunDetail> {
    const row = await this.findRow(this.db, runId, scope(principal));
    if (!row) throw notFound('run', runId);
    return this.detail(this.db, row);
  }

  async update(runId: string, principal: Principal, body: RunUpdate): Promise<RunDetail> {
    return this.db.transaction(async (tx) => {
      const row = await this.findRow(tx, runId, scope(principal), true);
      if (!row) throw notFound('run', runId);
      if (row.status === 'running') {
        throw conflict(`Run ${runId} is still running; only a completed or failed run can be resolved`);
      }
      const [updated] = await tx.query<RunRow>(
        `UPDATE expiry_runs SET status = 'resolved', resolution_notes = $2, updated_at = now()
         WHERE run_id = $1 RETURNING *`,
        [runId, body.resolution_notes],
      );
      return this.detail(tx, updated!);
    });
  }

  async remove(runId: string, principal: Principal): Promise<RunDeleted> {
    return this.db.transaction(async (tx) => {
      const row = await this.findRow(tx, runId, scope(principal), true);
      if (!row) throw notFound('run', runId);
      if (row.status === 'running')
        throw conflict(`Run ${runId} is still running; it can be deleted once it ends`);
      // The dispatch records stay: deleting a run must not let its notifications be sent again.
      await tx.query('DELETE FROM expiry_runs WHERE run_id = $1', [runId]);
      return { deleted: true, run_id: runId };
    });
  }

  private async findRow(
    q: Queryable,
    runId: string,
    owner: string | null,
    lock = false,
  ): Promise<RunRow | null> {
    const rows = await q.query<RunRow>(
      `SELECT * FROM expiry_runs WHERE run_id = $1 AND ($2::text IS NULL OR owner = $2) ${lock ? 'FOR UPDATE' : ''}`,
      [runId, owner],
    );
    return rows[0] ?? null;
  }

  private async detail(q: Queryable, row: RunRow): Promise<RunDetail> {
    const notifications = await q.query<DispatchedNotification & { expiry_date: string }>(
      `SELECT mentor_id, coordinator_id, threshold, expiry_date::text AS expiry_date
       FROM expiry_notifications WHERE run_id = $1 ORDER BY ord`,
      [row.run_id],
    );
    const { status, started_at, completed_at, ...rest } = summary(row);
    return {
      ...rest,
      dispatched_notifications: notifications.map((n) => ({
        mentor_id: n.mentor_id,
        coordinator_id: n.coordinator_id,
        threshold: n.threshold,
        expiry_date: n.expiry_date,
      })),
      status,
      started_at,
      completed_at,
    };
  }
}

interface DueNotification {
  mentor_id: string;
  coordinator_id: string;
  expiry_date: string;
  threshold: string;
}
