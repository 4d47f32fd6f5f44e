import { randomUUID } from 'node:crypto';
import { DUPLICATE_ACTIVITY_ERROR } from '../src/contract';
import type { Database } from './db/database';

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
}

/**
 * Processes submitted items. Each step claims one batch (a lease on the batch row, taken with
 * FOR UPDATE SKIP LOCKED so several server processes share the work) and its next pending items in
 * item order, then settles them in one set-based statement. Only one worker holds a batch at a time,
 * so an earlier item of a batch always wins the duplicate rule against a later one; across batches
 * the unique index on activities decides. A claim whose worker died expires (claimed_until / lease_until)
 * and the next claimer puts its items back to pending.
 */
export class BatchWorker {
  private running = false;
  private stopping = false;
  private loopDone: Promise<void> = Promise.resolve();
  private wakeUp: (() => void) | null = null;
  private current: Claim | null = null;
  private lastCleanup = 0;

  constructor(
    private readonly db: Database,
    private readonly options: WorkerOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    this.loopDone = this.loop();
  }

  /** New work arrived in this process: skip the poll wait. */
  wake(): void {
    this.wakeUp?.();
  }

  /** Finishes the step in progress, hands back anything still claimed and stops. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.stopping = true;
    this.wake();
    await this.loopDone;
    this.running = false;
  }

  /** Processes until no claimable work is left (tests and benchmarks drive it directly). */
  async drain(): Promise<number> {
    let steps = 0;
    while (await this.step()) steps++;
    return steps;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let worked = false;
      try {
        worked = await this.step();
        await this.cleanupNow();
      } catch (error) {
        this.options.onError?.(error);
        await this.release().catch(() => undefined);
        await this.sleep(1000);
        continue;
      }
      if (!worked) await this.sleep(this.options.pollMs);
    }
    await this.release().catch((error: unknown) => this.options.onError?.(error));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
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
      const [batch] = await tx.query<{ seq: number; batch_id: string; coordinator_id: string }>(
        `SELECT seq::int AS seq, batch_id, coordinator_id FROM batches
         WHERE open_items > 0 AND (lease_until IS NULL OR lease_until < now())
         ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      if (!batch) return null;
      const lease = `${this.options.leaseMs} milliseconds`;
      await tx.query(
        `UPDATE batches SET lease_token = $2, lease_until = now() + $3::interval WHERE seq = $1`,
        [batch.seq, token, lease],
      );
      // Items left processing by a worker whose lease ran out go back to the queue first.
      await tx.query(
        `UPDATE batch_items SET status = 'pending', claim_token = NULL, claimed_until = NULL
         WHERE batch_seq = $1 AND status = 'processing' AND (claimed_until IS NULL OR claimed_until < now())`,
        [batch.seq],
      );
      const claimed = await tx.query<{ n: number }>(
        `WITH next AS (
           SELECT batch_seq, item_no FROM batch_items
           WHERE batch_seq = $1 AND status = 'pending'
           ORDER BY item_no LIMIT $4 FOR UPDATE SKIP LOCKED
         ), c AS (
           UPDATE batch_items i SET status = 'processing', claim_token = $2, claimed_until = now() + $3::interval
           FROM next WHERE i.batch_seq = next.batch_seq AND i.item_no = next.item_no
           RETURNING 1
         )
         SELECT count(*)::int AS n FROM c`,
        [batch.seq, token, lease, this.options.chunkSize],
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
      };
    });
  }

  /** Registers the claimed items in item order, fails duplicates, updates the counters, frees the lease. */
  private async settle(claim: Claim): Promise<void> {
    await this.db.query(
      `WITH mine AS (
         SELECT batch_seq, item_no, mentor_id, activity_type, activity_date, duration_minutes, notes
         FROM batch_items WHERE batch_seq = $1 AND claim_token = $2 AND status = 'processing'
         FOR UPDATE
       ), firsts AS (
         SELECT DISTINCT ON (mentor_id, activity_type, activity_date) *
         FROM mine ORDER BY mentor_id, activity_type, activity_date, item_no
       ), ins AS (
         INSERT INTO activities (mentor_id, activity_type, activity_date, duration_minutes, notes,
                                 coordinator_id, batch_id, item_no)
         SELECT mentor_id, activity_type, activity_date, duration_minutes, notes, $3, $4, item_no
         FROM firsts ORDER BY item_no
         ON CONFLICT (mentor_id, activity_type, activity_date) DO NOTHING
         RETURNING activity_id, item_no
       ), done AS (
         UPDATE batch_items b SET
           status = CASE WHEN ins.activity_id IS NULL THEN 'failed' ELSE 'success' END,
           activity_id = ins.activity_id,
           error = CASE WHEN ins.activity_id IS NULL THEN $5 ELSE NULL END,
           claim_token = NULL, claimed_until = NULL
         FROM mine LEFT JOIN ins ON ins.item_no = mine.item_no
         WHERE b.batch_seq = mine.batch_seq AND b.item_no = mine.item_no
         RETURNING b.status
       )
       UPDATE batches SET
         completed = completed + (SELECT count(*) FROM done WHERE status = 'success'),
         failed = failed + (SELECT count(*) FROM done WHERE status = 'failed'),
         open_items = open_items - (SELECT count(*) FROM done),
         updated_at = now(),
         lease_token = CASE WHEN lease_token = $2 THEN NULL ELSE lease_token END,
         lease_until = CASE WHEN lease_token = $2 THEN NULL ELSE lease_until END
       WHERE seq = $1`,
      [claim.batchSeq, claim.token, claim.coordinatorId, claim.batchId, DUPLICATE_ACTIVITY_ERROR],
    );
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
