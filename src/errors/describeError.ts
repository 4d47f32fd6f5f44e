/**
 * A sentence for the coordinator from whatever a job threw. Storage running out is the one
 * failure they can act on, and IndexedDB reports it in several shapes (a QuotaExceededError,
 * or an AbortError whose cause is one), so it gets its own words.
 */
export const STORAGE_FULL_MESSAGE =
  'This computer refused to store more data (storage quota exceeded). Free some disk space or delete old batches, then retry.';

export function describeError(error: unknown): string {
  if (isQuotaError(error)) return STORAGE_FULL_MESSAGE;
  if (error instanceof Error && error.message) return error.message;
  return String(error);
}

function isQuotaError(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const { name, inner, cause } = error as { name?: unknown; inner?: unknown; cause?: unknown };
  if (name === 'QuotaExceededError') return true;
  return isQuotaError(inner, depth + 1) || isQuotaError(cause, depth + 1);
}
