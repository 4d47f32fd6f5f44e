import { createHmac, randomUUID } from 'node:crypto';
import { backoffDelay, type BackoffPolicy } from '../src/sync/backoff';
import type { Database, Queryable } from './db/database';
import { leaseInterval } from './lease';
import { PollingLoop } from './pollingLoop';

/**
 * Webhooks from a durable outbox. An event is written to `webhook_deliveries` (one row per URL) in the
 * transaction that caused it, so it is sent even if the process dies right after; the sender posts it
 * on its own loop, so a receiver that fails or hangs holds up neither the work that made the event nor
 * any other delivery. Failures are retried with exponential backoff and full jitter until the retry
 * window (24 h by default) has passed; then the delivery is abandoned, and says so in its row.
 */

export const SIGNATURE_HEADER = 'X-Signature';

/** `sha256=<hex HMAC-SHA256 of the body>`, as the receiver recomputes it with the shared secret. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** Queues `body` for every URL, inside the caller's transaction. */
export async function enqueueWebhook(
  tx: Queryable,
  urls: readonly string[],
  event: string,
  body: string,
  retryWindowMs: number,
): Promise<void> {
  if (urls.length === 0) return;
  await tx.query(
    `INSERT INTO webhook_deliveries (url, event, body, give_up_at)
     SELECT u, $2, $3, now() + $4::interval FROM unnest($1::text[]) AS u`,
    [urls, event, body, leaseInterval(retryWindowMs)],
  );
}

export interface WebhookSenderOptions {
  secret: string | undefined;
  timeoutMs: number;
  retry: Pick<BackoffPolicy, 'baseMs' | 'capMs'>;
  pollMs: number;
  /** deliveries in flight at once, across every receiver */
  maxInFlight?: number;
  onError?: (error: unknown) => void;
  random?: () => number;
}

interface Due {
  delivery_id: string;
  url: string;
  body: string;
  attempts: number;
  give_up_at: Date;
  lease_token: string;
}

export class WebhookSender extends PollingLoop {
  private readonly inFlight = new Map<string, AbortController>();
  private readonly sends = new Set<Promise<void>>();
  private readonly maxInFlight: number;
  private lastCleanup = 0;

  constructor(
    private readonly db: Database,
    private readonly options: WebhookSenderOptions,
  ) {
    super({ pollMs: options.pollMs, ...(options.onError ? { onError: options.onError } : {}) });
    this.maxInFlight = options.maxInFlight ?? 32;
  }

  /** Claims what is due and starts sending it; does not wait for the answers. */
  async step(): Promise<boolean> {
    const room = this.maxInFlight - this.inFlight.size;
    if (room <= 0 || this.stopping || this.options.secret === undefined) return false;
    const token = randomUUID();
    // The lease outlasts an attempt, so a delivery is only taken over when its sender died.
    const lease = leaseInterval(this.options.timeoutMs + 30_000);
    const due = await this.db.query<Due>(
      `WITH due AS (
         SELECT delivery_id FROM webhook_deliveries
         WHERE delivered_at IS NULL AND abandoned_at IS NULL AND next_attempt_at <= now()
           AND (lease_until IS NULL OR lease_until < now())
         ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED
       )
       UPDATE webhook_deliveries d SET lease_token = $2, lease_until = now() + $3::interval
       FROM due WHERE d.delivery_id = due.delivery_id
       RETURNING d.delivery_id::text AS delivery_id, d.url, d.body, d.attempts, d.give_up_at, d.lease_token`,
      [room, token, lease],
    );
    for (const delivery of due) {
      const send = this.send(delivery).catch((error: unknown) => this.options.onError?.(error));
      this.sends.add(send);
      void send.finally(() => {
        this.sends.delete(send);
        this.wake();
      });
    }
    return due.length > 0;
  }

  /** Waits until nothing is in flight (tests). */
  async idle(): Promise<void> {
    while (this.sends.size > 0) await Promise.all([...this.sends]);
  }

  /** An attempt cut short by shutdown counts as failed and is retried by whoever runs next. */
  protected override async stopped(): Promise<void> {
    for (const controller of this.inFlight.values()) controller.abort(new Error('server stopping'));
    await this.idle();
  }

  protected override async between(): Promise<void> {
    if (Date.now() - this.lastCleanup < 10 * 60_000) return;
    this.lastCleanup = Date.now();
    await this.db.query(
      `DELETE FROM webhook_deliveries
       WHERE coalesce(delivered_at, abandoned_at) < now() - interval '7 days'`,
    );
  }

  private async send(delivery: Due): Promise<void> {
    const controller = new AbortController();
    this.inFlight.set(delivery.delivery_id, controller);
    const timer = setTimeout(
      () => controller.abort(new Error(`no answer within ${this.options.timeoutMs} ms`)),
      this.options.timeoutMs,
    );
    let status: number | null = null;
    let failure: string | null = null;
    try {
      const res = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signBody(delivery.body, this.options.secret!),
          'X-Webhook-Delivery': delivery.delivery_id,
        },
        body: delivery.body,
        signal: controller.signal,
        redirect: 'manual',
      });
      status = res.status;
      await res.body?.cancel().catch(() => undefined);
      if (status < 200 || status >= 300) failure = `answered ${status}`;
    } catch (error) {
      const reason = controller.signal.aborted ? controller.signal.reason : error;
      failure = reason instanceof Error ? reason.message : String(reason);
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(delivery.delivery_id);
    }
    await this.record(delivery, status, failure);
  }

  private async record(delivery: Due, status: number | null, failure: string | null): Promise<void> {
    const attempts = delivery.attempts + 1;
    if (failure === null) {
      await this.db.query(
        `UPDATE webhook_deliveries SET delivered_at = now(), attempts = $3, last_status = $4, last_error = NULL,
           lease_token = NULL, lease_until = NULL
         WHERE delivery_id = $1::bigint AND lease_token = $2`,
        [delivery.delivery_id, delivery.lease_token, attempts, status],
      );
      return;
    }
    const delay = backoffDelay(
      attempts,
      { ...this.options.retry, maxRetryAfterMs: this.options.retry.capMs },
      this.options.random ?? Math.random,
    );
    await this.db.query(
      `UPDATE webhook_deliveries SET attempts = $3, last_status = $4, last_error = $5,
         next_attempt_at = now() + $6::interval,
         abandoned_at = CASE WHEN now() + $6::interval > give_up_at THEN now() END,
         lease_token = NULL, lease_until = NULL
       WHERE delivery_id = $1::bigint AND lease_token = $2`,
      [
        delivery.delivery_id,
        delivery.lease_token,
        attempts,
        status,
        failure.slice(0, 500),
        leaseInterval(delay),
      ],
    );
  }
}
