/**
 * `npm run bench -- attendees`: issue #12's attendee import in Chromium.
 *
 * - `attendee_import_10k_ms`: a 10,000-person .xlsx for one event, from the file's bytes to every
 *   registration stored locally with its job records (200 jobs of 50) and their outbox entries.
 *   Target <= 4,000. Split as the batch import's figure is: `attendee_import_10k_read_ms` (the
 *   file's bytes to its rows), `_check_ms` (columns matched, rows validated) and `_store_ms`
 *   (`importPeople`).
 */
import { cpus, loadavg } from 'node:os';
import { runInChromium } from './chromium/runInChromium';

export async function run(): Promise<Record<string, number>> {
  const figures = await runInChromium(new URL('./chromium/entries/attendees.ts', import.meta.url), {
    args: { people: 10_000 },
  });
  const ms = figures['attendee_import_10k_ms']!;
  console.log(
    `  import: read ${figures['attendee_import_10k_read_ms']} ms, checked ${figures['attendee_import_10k_check_ms']} ms, stored ${figures['attendee_import_10k_store_ms']} ms`,
  );
  console.log(
    `  ${ms <= 4_000 ? 'ok  ' : 'FAIL'} attendee_import_10k_ms ${ms} <= 4,000 (load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores)`,
  );
  return figures;
}
