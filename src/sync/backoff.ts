/**
 * Retry delays: exponential backoff with full jitter (a random delay between 0 and the capped
 * exponential step), so many clients that failed together do not retry together. A server's
 * `Retry-After` wins over the computed delay: it knows when it can take the request again.
 */

export interface BackoffPolicy {
  /** step of the first retry */
  baseMs: number;
  /** no step grows beyond this */
  capMs: number;
  /** a `Retry-After` further away than this is clamped (a broken header must not park a record for days) */
  maxRetryAfterMs: number;
}

/** For outbox entries. */
export const PUSH_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 5 * 60_000, maxRetryAfterMs: 60 * 60_000 };
/**
 * For polling a batch the server is still processing: short first steps (a small batch is done
 * in a blink) and a low cap (a large batch's outcomes show within two seconds of it finishing).
 */
export const POLL_BACKOFF: BackoffPolicy = { baseMs: 100, capMs: 2_000, maxRetryAfterMs: 10 * 60_000 };
/** For the health probe while the server is unreachable. */
export const PROBE_BACKOFF: BackoffPolicy = {
  baseMs: 1_000,
  capMs: 2 * 60_000,
  maxRetryAfterMs: 10 * 60_000,
};

/** A source of numbers in [0, 1), injected so tests can pin the jitter. */
export type RandomSource = () => number;

/**
 * Delay before attempt `attempt + 1`, after `attempt` (1-based) failed attempts. `retryAfter` is
 * the raw header (`120` or an HTTP date); `now` (epoch ms) resolves a date.
 */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy,
  random: RandomSource,
  retryAfter?: { header: string | null | undefined; now: number },
): number {
  const fromServer = retryAfter ? parseRetryAfter(retryAfter.header, retryAfter.now) : undefined;
  if (fromServer !== undefined) return Math.min(fromServer, policy.maxRetryAfterMs);
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  // 2^exponent overflows to Infinity long after it passed any cap; Math.min handles that
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * step);
}

/**
 * `Retry-After` in milliseconds from `now`: delta-seconds (`120`) or an HTTP date
 * (`Wed, 21 Oct 2026 07:28:00 GMT`). Undefined when absent or unreadable; a date in the past is 0.
 */
export function parseRetryAfter(header: string | null | undefined, now: number): number | undefined {
  if (header === null || header === undefined) return undefined;
  const value = header.trim();
  if (value === '') return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // only the HTTP-date form; Date.parse would also take "5" or "tomorrow"-ish strings
  if (!/^[A-Za-z]{3},? /.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
