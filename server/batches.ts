import type { z } from 'zod';
import type {
  BatchCancelled,
  BatchCreate,
  BatchCreated,
  BatchDeleted,
  BatchList,
  BatchListQuery,
  BatchRetried,
  BatchSummary,
  BatchUpdate,
  BatchUpdated,
  ItemCorrection,
} from '../src/contract';
import type { Database, Queryable } from './db/database';
import { conflict, notFound } from './errors';
import type { Principal } from './auth';

/** Part A's records: SQL in, contract shapes out. The worker (worker.ts) does the processing. */

interface BatchRow {
  seq: number;
  batch_id: string;
  coordinator_id: string;
  status: BatchSummary['status'];
  total_items: number;
  open_items: number;
  completed: number;
  failed: number;
  cancelled: boolean;
  submitted_at: Date;
  completed_at: Date | null;
  updated_at: Date;
  label: string | null;
  client_batch_id: string | null;
  cancellation_reason: string | null;
  /** batches.version: every change of the row moves it (migration 3), so a finished batch's JSON stays valid while it is unchanged */
  version: string;
}

const BATCH_COLUMNS = `seq::int AS seq, batch_id, coordinator_id, status, total_items, open_items, completed, failed,
  cancelled, submitted_at, completed_at, updated_at, label, client_batch_id, cancellation_reason,
  version::text AS version`;

export const iso = (d: Date) => d.toISOString();

function summary(row: BatchRow): BatchSummary {
  return {
    batch_id: row.batch_id,
    coordinator_id: row.coordinator_id,
    total_items: row.total_items,
    completed: row.completed,
    failed: row.failed,
    status: row.status,
    submitted_at: iso(row.submitted_at),
    completed_at: row.completed_at ? iso(row.completed_at) : null,
    updated_at: iso(row.updated_at),
    ...(row.label !== null ? { label: row.label } : {}),
    ...(row.client_batch_id !== null ? { client_batch_id: row.client_batch_id } : {}),
    ...(row.cancellation_reason !== null ? { cancellation_reason: row.cancellation_reason } : {}),
  };
}

/** `WHERE` clause part that hides other coordinators' batches. */
const scope = (principal: Principal) => (principal.isAdmin ? null : principal.id);

export class BatchStore {
  private readonly finished = new JsonCache(64 * 1024 * 1024);

  constructor(private readonly db: Database) {}

  async create(input: BatchCreate): Promise<BatchCreated> {
    const items = JSON.stringify(
      input.items.map((i) => [
        i.mentor_id,
        i.activity_type,
        i.activity_date,
        i.duration_minutes,
        i.notes ?? null,
      ]),
    );
    // One statement: the batch row and every item, set-based, so 10,000 items go in at once.
    const rows = await this.db.query<BatchRow>(
      `WITH b AS (
         INSERT INTO batches (seq, batch_id, coordinator_id, label, client_batch_id, total_items, open_items,
                              submitted_at, updated_at)
         SELECT s, padded_id('batch-', s, 4), $1, $2, $3, $4, $4, now(), now()
         FROM (SELECT nextval('batch_seq') AS s) AS n
         RETURNING *
       ), i AS (
         INSERT INTO batch_items (batch_seq, item_no, mentor_id, activity_type, activity_date, duration_minutes, notes)
         SELECT b.seq, x.ord, x.e->>0, x.e->>1, (x.e->>2)::date, (x.e->>3)::int, x.e->>4
         FROM b, jsonb_array_elements($5::jsonb) WITH ORDINALITY AS x(e, ord)
       )
       SELECT ${BATCH_COLUMNS} FROM b`,
      [input.coordinator_id, input.label ?? null, input.client_batch_id ?? null, input.items.length, items],
    );
    const row = rows[0]!;
    return {
      batch_id: row.batch_id,
      coordinator_id: row.coordinator_id,
      status: row.status,
      total_items: row.total_items,
      submitted_at: iso(row.submitted_at),
      updated_at: iso(row.updated_at),
      ...(row.label !== null ? { label: row.label } : {}),
      ...(row.client_batch_id !== null ? { client_batch_id: row.client_batch_id } : {}),
    };
  }

  async list(query: z.output<typeof BatchListQuery>, principal: Principal): Promise<BatchList> {
    const where = ['($1::text IS NULL OR coordinator_id = $1)'];
    const params: unknown[] = [scope(principal)];
    if (query.status) where.push(`status = $${params.push(query.status)}`);
    if (query.coordinator_id) where.push(`coordinator_id = $${params.push(query.coordinator_id)}`);
    if (query.updated_since) where.push(`updated_at >= $${params.push(query.updated_since)}::timestamptz`);
    const order = query.updated_since ? 'updated_at ASC, seq ASC' : 'seq DESC';
    const filter = where.join(' AND ');
    const [rows, count] = await Promise.all([
      this.db.query<BatchRow>(
        `SELECT ${BATCH_COLUMNS} FROM batches WHERE ${filter} ORDER BY ${order}
         LIMIT ${query.limit} OFFSET ${(query.page - 1) * query.limit}`,
        params,
      ),
      this.db.query<{ total: number }>(`SELECT count(*)::int AS total FROM batches WHERE ${filter}`, params),
    ]);
    return {
      data: rows.map(summary),
      pagination: { page: query.page, limit: query.limit, total: count[0]?.total ?? 0 },
    };
  }

  /**
   * The batch with every item, as JSON text: PostgreSQL builds the items array itself (json_strip_nulls
   * leaves out activity_id, error and notes where they are null), which keeps large batches cheap to serve.
   *
   * A finished batch's JSON is kept and served again while the batch's version is unchanged. The version is
   * read from the database on every request (one indexed, prepared lookup), never taken on trust, so a
   * change or delete made through another instance is seen by the very next GET here. Skipping that read
   * (trusting LISTEN/NOTIFY, or a time to live) would leave a window in which a client that has just had
   * its change acknowledged by one instance reads the old batch from another.
   */
  async getJson(batchId: string, principal: Principal): Promise<Buffer> {
    const [probe] = await this.db.query<{ seq: number; version: string }>(
      `SELECT seq::int AS seq, version::text AS version FROM batches
       WHERE batch_id = $1 AND ($2::text IS NULL OR coordinator_id = $2)`,
      [batchId, scope(principal)],
      'batch-version',
    );
    if (!probe) {
      this.finished.delete(batchId);
      throw notFound('batch', batchId);
    }
    const cached = this.finished.get(batchId);
    if (cached && cached.seq === probe.seq && cached.version === probe.version) return cached.json;

    // The row and its items in one statement, so both come from one snapshot (a retry committing in between
    // cannot mix a finished head with pending items).
    const [row] = await this.db.query<BatchRow & { items: string }>(
      `SELECT ${BATCH_COLUMNS},
              (SELECT coalesce(json_agg(json_strip_nulls(json_build_object(
                        'item_id', padded_id('item-', i.item_no, 3),
                        'mentor_id', i.mentor_id,
                        'activity_type', i.activity_type,
                        'activity_date', i.activity_date::text,
                        'status', i.status,
                        'activity_id', i.activity_id,
                        'error', i.error,
                        'duration_minutes', i.duration_minutes,
                        'notes', i.notes)) ORDER BY i.item_no), '[]')::text
               FROM batch_items i WHERE i.batch_seq = batches.seq) AS items
       FROM batches WHERE batch_id = $1 AND ($2::text IS NULL OR coordinator_id = $2)`,
      [batchId, scope(principal)],
    );
    if (!row) throw notFound('batch', batchId);
    const json = Buffer.from(batchJson(row, row.items), 'utf8');
    if (row.open_items === 0) this.finished.set(batchId, { seq: row.seq, version: row.version, json });
    return json;
  }

  async update(batchId: string, principal: Principal, body: BatchUpdate): Promise<BatchUpdated> {
    return this.db.transaction(async (tx) => {
      const row = await this.find(tx, batchId, principal, true);
      if (body.status === 'cancelled') {
        // Any batch not yet cancelled, finished ones included: the reason is often found after the fact.
        if (row.cancelled) throw conflict(`Batch ${row.batch_id} is already cancelled`);
        await this.cancelPending(tx, row, body.cancellation_reason ?? null, { requirePending: false });
      }
      if (body.label !== undefined) {
        await tx.query('UPDATE batches SET label = $2, updated_at = now() WHERE seq = $1', [
          row.seq,
          body.label,
        ]);
      }
      const after = await this.find(tx, batchId, principal, false);
      return {
        batch_id: after.batch_id,
        status: after.status,
        updated_at: iso(after.updated_at),
        ...(body.status === 'cancelled' && after.cancellation_reason !== null
          ? { cancellation_reason: after.cancellation_reason }
          : {}),
        ...(body.label !== undefined ? { label: body.label } : {}),
      };
    });
  }

  async cancel(batchId: string, principal: Principal): Promise<BatchCancelled> {
    return this.db.transaction(async (tx) => {
      const row = await this.find(tx, batchId, principal, true);
      const { cancelled, at } = await this.cancelPending(tx, row, null, { requirePending: true });
      return {
        batch_id: row.batch_id,
        cancelled_items: cancelled,
        status: 'cancelled',
        cancelled_at: iso(at),
      };
    });
  }

  /** (ext) `corrections` change failed items before they go back to pending (see `BatchRetry`). */
  async retry(
    batchId: string,
    principal: Principal,
    corrections: readonly ItemCorrection[] = [],
  ): Promise<BatchRetried> {
    return this.db.transaction(async (tx) => {
      const row = await this.find(tx, batchId, principal, true);
      if (row.cancelled)
        throw conflict(`Batch ${row.batch_id} is cancelled; a cancelled batch cannot be retried`);
      if (row.failed === 0) throw conflict(`Batch ${row.batch_id} has no failed items to retry`);
      for (const correction of corrections) {
        const corrected = await tx.query(
          `UPDATE batch_items SET mentor_id = COALESCE($3, mentor_id), activity_type = COALESCE($4, activity_type),
                  activity_date = COALESCE($5::date, activity_date)
           WHERE batch_seq = $1 AND item_no = $2 AND status = 'failed' RETURNING 1`,
          [
            row.seq,
            Number(correction.item_id.slice('item-'.length)),
            correction.mentor_id ?? null,
            correction.activity_type ?? null,
            correction.activity_date ?? null,
          ],
        );
        if (corrected.length === 0) {
          throw conflict(
            `${correction.item_id} of batch ${row.batch_id} is not a failed item; only failed items can be corrected`,
          );
        }
      }
      const [result] = await tx.query<{ retried: number; at: Date }>(
        `WITH r AS (
           UPDATE batch_items SET status = 'pending', error = NULL
           WHERE batch_seq = $1 AND status = 'failed' RETURNING 1
         )
         UPDATE batches SET failed = failed - (SELECT count(*) FROM r), open_items = open_items + (SELECT count(*) FROM r),
                updated_at = now()
         WHERE seq = $1
         RETURNING (SELECT count(*) FROM r)::int AS retried, updated_at AS at`,
        [row.seq],
      );
      return {
        batch_id: row.batch_id,
        retried_items: result!.retried,
        status: 'processing',
        retry_started_at: iso(result!.at),
      };
    });
  }

  async remove(batchId: string, principal: Principal): Promise<BatchDeleted> {
    return this.db.transaction(async (tx) => {
      const row = await this.find(tx, batchId, principal, true);
      if (row.open_items > 0) {
        throw conflict(
          `Batch ${row.batch_id} still has ${row.open_items} pending or processing items; cancel it or wait until it finishes before deleting`,
        );
      }
      await tx.query('DELETE FROM batch_items WHERE batch_seq = $1', [row.seq]);
      await tx.query('DELETE FROM batches WHERE seq = $1', [row.seq]);
      this.finished.delete(row.batch_id);
      return { success: true, deleted_batch_id: row.batch_id };
    });
  }

  /**
   * Cancels the batch's pending items and marks it cancelled (its finished items keep their outcomes).
   * `requirePending`: POST .../cancel is about pending items, so none left is a 409 there.
   */
  private async cancelPending(
    tx: Queryable,
    row: BatchRow,
    reason: string | null,
    { requirePending }: { requirePending: boolean },
  ) {
    const [result] = await tx.query<{ cancelled: number; at: Date }>(
      `WITH c AS (
         UPDATE batch_items SET status = 'cancelled' WHERE batch_seq = $1 AND status = 'pending' RETURNING 1
       )
       SELECT (SELECT count(*) FROM c)::int AS cancelled, now() AS at`,
      [row.seq],
    );
    const cancelled = result!.cancelled;
    if (requirePending && cancelled === 0) {
      throw conflict(
        row.cancelled
          ? `Batch ${row.batch_id} is already cancelled and has no pending items left`
          : `Batch ${row.batch_id} has no pending items to cancel (status ${row.status})`,
      );
    }
    await tx.query(
      `UPDATE batches SET cancelled = true, cancelled_items = cancelled_items + $2, open_items = open_items - $2,
              cancelled_at = now(), updated_at = now(), cancellation_reason = coalesce($3, cancellation_reason)
       WHERE seq = $1`,
      [row.seq, cancelled, reason],
    );
    return { cancelled, at: result!.at };
  }

  private async find(q: Queryable, batchId: string, principal: Principal, lock: boolean): Promise<BatchRow> {
    const rows = await q.query<BatchRow>(
      `SELECT ${BATCH_COLUMNS} FROM batches WHERE batch_id = $1 AND ($2::text IS NULL OR coordinator_id = $2)
       ${lock ? 'FOR UPDATE' : ''}`,
      [batchId, scope(principal)],
    );
    if (!rows[0]) throw notFound('batch', batchId);
    return rows[0];
  }
}

/** The batch as the seed's GET shows it, with the items array (JSON text built by PostgreSQL) spliced in. */
function batchJson(row: BatchRow, items: string): string {
  const {
    batch_id,
    coordinator_id,
    status,
    total_items,
    completed,
    failed,
    submitted_at,
    completed_at,
    ...ext
  } = summary(row);
  // The seed's field order first, then the (ext) fields.
  const head = JSON.stringify({ batch_id, coordinator_id, status, total_items, completed, failed });
  const tail = JSON.stringify({ submitted_at, completed_at: completed_at ?? null, ...ext });
  return `${head.slice(0, -1)},"items":${items},${tail.slice(1)}`;
}

interface CachedBatch {
  seq: number;
  version: string;
  json: Buffer;
}

/** Finished batches' JSON (encoded once) by batch id, least recently used first out, bounded by total size. */
class JsonCache {
  private readonly entries = new Map<string, CachedBatch>();
  private size = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string) {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: CachedBatch) {
    this.delete(key);
    if (entry.json.byteLength > this.maxBytes) return;
    this.entries.set(key, entry);
    this.size += entry.json.byteLength;
    for (const [oldest, old] of this.entries) {
      if (this.size <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.size -= old.json.byteLength;
    }
  }

  delete(key: string) {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.size -= entry.json.byteLength;
  }
}
