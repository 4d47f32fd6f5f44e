/**
 * True when `error` (or an error it wraps) says the browser refused to store more data. Dexie
 * turns IndexedDB's QuotaExceededError into `Dexie.QuotaExceededError` (same name) and may
 * wrap it in an AbortError of the transaction (`inner`) or a bulk error (`failures`).
 */
export function isQuotaError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const e = error as { name?: unknown; inner?: unknown; cause?: unknown; failures?: unknown };
  if (e.name === 'QuotaExceededError') return true;
  if (isQuotaError(e.inner, depth + 1) || isQuotaError(e.cause, depth + 1)) return true;
  if (Array.isArray(e.failures)) return e.failures.some((failure) => isQuotaError(failure, depth + 1));
  return false;
}

/** One line for the coordinator's eyes. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
