/**
 * What to do with the outcome of one request. The rule of the architecture: retry what may
 * succeed later, pause on a refused token, and show every other 4xx to the coordinator instead
 * of looping on it.
 */

export type OutcomeClass = 'ok' | 'retry' | 'auth' | 'permanent';

/** The facts of one request's outcome that decide its class. */
export type RequestOutcome =
  | { kind: 'response'; status: number; code?: string }
  | { kind: 'unreachable' | 'timeout' | 'tls' | 'invalid_response' };

/** Statuses that say "later": request timeout, too early, too many requests. */
const RETRYABLE_4XX = new Set([408, 425, 429]);

export function classifyOutcome(outcome: RequestOutcome): OutcomeClass {
  if (outcome.kind !== 'response') {
    // a 2xx whose body does not match the contract is a server fault: it may be fixed, and
    // the idempotency key makes the retry safe
    return 'retry';
  }
  const { status, code } = outcome;
  if (status >= 200 && status < 300) return 'ok';
  if (status === 401) return 'auth';
  if (RETRYABLE_4XX.has(status)) return 'retry';
  // the first request with this key is still running on the server: its answer will be replayed
  if (status === 409 && code === 'idempotency_key_in_use') return 'retry';
  if (status >= 500) return 'retry';
  if (status >= 400) return 'permanent';
  // 1xx/3xx never reach here through fetch (redirects are followed); treat as a fault to retry
  return 'retry';
}

/**
 * A refused stop or retry the server's own progress made moot: it answered 409 `conflict`
 * because nothing was left pending to cancel (it had already processed those items) or failed
 * to retry. The coordinator's goal is settled either way; the server's outcomes replace the
 * local ones, and any that differ are shown as changed outcomes instead of a refusal to decide.
 */
export function isOvertakenByServer(op: string, body: unknown, status: number, code: string): boolean {
  if (status !== 409 || code !== 'conflict') return false;
  if (op === 'batch.cancel' || op === 'batch.retry') return true;
  return op === 'batch.update' && (body as { status?: unknown } | undefined)?.status === 'cancelled';
}
