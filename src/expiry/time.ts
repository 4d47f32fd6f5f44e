/** An instant as the contract writes it: UTC, whole seconds, `Z` (`2026-03-26T08:00:00Z`). */
export function isoInstant(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
