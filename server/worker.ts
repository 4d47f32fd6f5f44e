import { randomUUID } from 'node:crypto';
import { DUPLICATE_ACTIVITY_ERROR } from '../src/contract';
import type { Database } from './db/database';
import { ASYNC_COMMIT, leaseInterval } from './lease';
import { PollingLoop } from './pollingLoop';

export interface WorkerOptions {
  chunkSize: number;
  leaseMs: number;
  pollMs: number;
  onError?: (error: unknown) => void;
}

interface Claim {
  batchSeq: number;
  batchId: string;
  coordinatorId: string;
  token: string;
  count: number;
  /** the claimed items' item_no range */
  lo: number;
  hi: number;
}

/**
 * Processes submitted items. Each step claims one batch (a lease on the batch row, taken with
 * FOR UPDATE SKIP LOCKED so several server processes share the work) and its next pending items in
 * item order, then settles them in one set-based statement. Only one worker holds a batch at a time,
 * so an earlier item of a batch always wins the duplicate rule against a later one; across batches
 * the unique index on activities decides. A claim whose worker died expires (claimed_until / lease_until)
 * and the next claimer puts its items back to pending.
 */
export class BatchWorker extends PollingLoop {
  private current: Claim | null = null;
  private lastCleanup = 0;

  constructor(
    private readonly db: Database,
    private readonly options: WorkerOptions,
  ) {
    super({ pollMs: options.pollMs, ...(options.onError ? { onError: options.onError } : {}) });
  }

  protected override recover(): Promise<void> {
    return this.release();
  }

  protected override stopped(): Promise<void> {
    return this.release();
  }

  protected override between(): Promise<void> {
    return this.cleanupNow();
  }

  /** One claim-and-settle step; false when nothing was claimable. */
  async step(): Promise<boolean> {
    const claim = await this.claim();
    if (!claim) return false;
    this.current = claim;
    if (this.stopping) {
      await this.release();
      return false;
    }
    await this.settle(claim);
    this.current = null;
    return true;
  }

  private async claim(): Promise<Claim | null> {
    const token = randomUUID();
    return this.db.transaction(async (tx) => {
      await tx.query(ASYNC_COMMIT);
      const [batch] = await tx.query<{
        seq: number;
        batch_id: string;
        coordinator_id: string;
        stale: boolean;
      }>(
        `SELECT seq::int AS seq, batch_id, coordinator_id, lease_until IS NOT NULL AS stale FROM batches
         WHERE open_items > 0 AND (lease_until IS NULL OR lease_until < now())
         ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      if (!batch) return null;
      const lease = leaseInterval(this.options.leaseMs);
      await tx.query(
        `UPDATE batches SET lease_token = $2, lease_until = now() + $3::interval WHERE seq = $1`,
        [batch.seq, token, lease],
      );
      // A lease that ran out (rather than being freed) means its worker died: its items go back to the queue.
      if (batch.stale)
        await tx.query(
          `UPDATE batch_items SET status = 'pending', claim_token = NULL, claimed_until = NULL
         WHERE batch_seq = $1 AND status = 'processing' AND (claimed_until IS NULL OR claimed_until < now())`,
          [batch.seq],
        );
      // Items are claimed in item order; the chunk is a key range, so both statements walk the primary key.
      const [range] = await tx.query<{ lo: number | null; hi: number | null }>(
        `WITH next AS (
           SELECT item_no FROM batch_items
           WHERE batch_seq = $1 AND status = 'pending'
           ORDER BY item_no LIMIT $2 FOR UPDATE SKIP LOCKED
         )
         SELECT min(item_no) AS lo, max(item_no) AS hi FROM next`,
        [batch.seq, this.options.chunkSize],
      );
      const claimed =
        range?.lo == null || range.hi == null
          ? []
          : await tx.query<{ n: number }>(
              `WITH c AS (
                 UPDATE batch_items SET status = 'processing', claim_token = $2, claimed_until = now() + $3::interval
                 WHERE batch_seq = $1 AND item_no BETWEEN $4 AND $5 AND status = 'pending'
                 RETURNING 1
               )
               SELECT count(*)::int AS n FROM c`,
              [batch.seq, token, lease, range.lo, range.hi],
            );
      const count = claimed[0]?.n ?? 0;
      if (count === 0) {
        // Counters say work is open but nothing is claimable (items held by a live claim elsewhere).
        await tx.query(`UPDATE batches SET lease_token = NULL, lease_until = NULL WHERE seq = $1`, [
          batch.seq,
        ]);
        return null;
      }
      return {
        batchSeq: batch.seq,
        batchId: batch.batch_id,
        coordinatorId: batch.coordinator_id,
        token,
        count,
        lo: range!.lo!,
        hi: range!.hi!,
      };
    });
  }

  /**
   * Registers the claimed items in item order, fails duplicates, updates the counters, frees the lease.
   * Separate set-based statements in one transaction, each walking the primary key range of the chunk
   * (a single statement joining CTEs left the planner guessing on fresh tables).
   */
  private async settle(claim: Claim): Promise<void> {
    const chunk = 'batch_seq = $1 AND item_no BETWEEN $3 AND $4 AND claim_token = $2';
    const range = [claim.batchSeq, claim.token, claim.lo, claim.hi];
    await this.db.transaction(async (tx) => {
      await tx.query(ASYNC_COMMIT);
      await tx.query(
        `WITH locked AS (SELECT 1 FROM batch_items WHERE ${chunk} AND status = 'processing' FOR UPDATE)
         SELECT count(*) FROM locked`,
        range,
      );
      const [registered] = await tx.query<{ n: number }>(
        `WITH firsts AS (
           SELECT DISTINCT ON (mentor_id, activity_type, activity_date)
                  item_no, mentor_id, activity_type, activity_date, duration_minutes, notes
           FROM batch_items WHERE ${chunk} AND status = 'processing'
           ORDER BY mentor_id, activity_type, activity_date, item_no
         ), ins AS (
           INSERT INTO activities (mentor_id, activity_type, activity_date, duration_minutes, notes,
                                   coordinator_id, batch_id, item_no)
           SELECT mentor_id, activity_type, activity_date, duration_minutes, notes, $5, $6, item_no
           FROM firsts ORDER BY item_no
           ON CONFLICT (mentor_id, activity_type, activity_date) DO NOTHING
           RETURNING activity_id, item_no
         ), ok AS (
           UPDATE batch_items b SET status = 'success', activity_id = ins.activity_id,
                  claim_token = NULL, claimed_until = NULL
           FROM ins WHERE b.batch_seq = $1 AND b.item_no = ins.item_no
           RETURNING 1
         )
         SELECT count(*)::int AS n FROM ok`,
        [...range, claim.coordinatorId, claim.batchId],
      );
      const [duplicates] = await tx.query<{ n: number }>(
        `WITH bad AS (
           UPDATE batch_items SET status = 'failed', error = $5, claim_token = NULL, claimed_until = NULL
           WHERE ${chunk} AND status = 'processing'
           RETURNING 1
         )
         SELECT count(*)::int AS n FROM bad`,
        [...range, DUPLICATE_ACTIVITY_ERROR],
      );
      const ok = registered?.n ?? 0;
      const failed = duplicates?.n ?? 0;
      await tx.query(
        `UPDATE batches SET completed = completed + $3, failed = failed + $4, open_items = open_items - $3 - $4,
           updated_at = now(),
           lease_token = CASE WHEN lease_token = $2 THEN NULL ELSE lease_token END,
           lease_until = CASE WHEN lease_token = $2 THEN NULL ELSE lease_until END
         WHERE seq = $1`,
        [claim.batchSeq, claim.token, ok, failed],
      );
    });
  }

  /** Puts this worker's claimed items back to pending and frees its batch lease. */
  private async release(): Promise<void> {
    const claim = this.current;
    if (!claim) return;
    await this.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE batch_items SET status = 'pending', claim_token = NULL, claimed_until = NULL
         WHERE batch_seq = $1 AND claim_token = $2 AND status = 'processing'`,
        [claim.batchSeq, claim.token],
      );
      await tx.query(
        `UPDATE batches SET lease_token = NULL, lease_until = NULL WHERE seq = $1 AND lease_token = $2`,
        [claim.batchSeq, claim.token],
      );
    });
    this.current = null;
  }

  /** Idempotency records are kept 48 hours (the contract promises at least 24). */
  private async cleanupNow(): Promise<void> {
    if (Date.now() - this.lastCleanup < 10 * 60_000) return;
    this.lastCleanup = Date.now();
    await this.db.query(`DELETE FROM idempotency_keys WHERE created_at < now() - interval '48 hours'`);
  }
}
