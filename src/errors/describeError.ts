/**
 * A sentence for the coordinator from whatever a job threw. Storage running out is the one
 * failure they can act on, and IndexedDB reports it in several shapes (a QuotaExceededError,
 * or an AbortError whose cause is one), so it gets its own words.
 */
export const STORAGE_FULL_MESSAGE =
  'This computer refused to store more data (storage quota exceeded). Free some disk space or delete old batches, then retry.';

/**
 * A browser's `fetch` that got no answer rejects with a bare TypeError whose words say nothing
 * ("Failed to fetch" in Chromium, "NetworkError when attempting to fetch resource." in Firefox,
 * "Load failed" in Safari): a server that is down, a wrong address, no network or a blocked
 * request all look alike. These are the words shown instead.
 */
export const NO_ANSWER_WORDS = 'no answer came (the server may be down, or the address may be wrong)';
export const NO_ANSWER_MESSAGE = `The server could not be reached: ${NO_ANSWER_WORDS}.`;

const BROWSER_FETCH_FAILURES = new Set([
  'Failed to fetch',
  'NetworkError when attempting to fetch resource.',
  'Load failed',
]);

export function isBrowserFetchFailure(error: unknown): boolean {
  return error instanceof TypeError && BROWSER_FETCH_FAILURES.has(error.message);
}

export function describeError(error: unknown): string {
  if (isQuotaError(error)) return STORAGE_FULL_MESSAGE;
  if (isBrowserFetchFailure(error)) return NO_ANSWER_MESSAGE;
  if (error instanceof Error && error.message) return error.message;
  return String(error);
}

function isQuotaError(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const { name, inner, cause } = error as { name?: unknown; inner?: unknown; cause?: unknown };
  if (name === 'QuotaExceededError') return true;
  return isQuotaError(inner, depth + 1) || isQuotaError(cause, depth + 1);
}
