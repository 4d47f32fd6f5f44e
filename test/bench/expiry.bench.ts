/**
 * `npm run bench -- expiry`: an expiry run in Chromium over 100,000 and 1,000,000 mentors with
 * the same 1,000 inside the thresholds' windows. `expiry_1m_ms` is the run from job claim to
 * completion (seeding excluded; target at most 2,000); the two `expiry_records_read_*` figures
 * show the records read follow the windows, not the roster (they must be within 10%).
 */
import { loadavg } from 'node:os';
import { runInChromium } from './chromium/runInChromium';

export async function run(): Promise<Record<string, number>> {
  console.log(
    `  load average before: ${loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')} (2 cores shared)`,
  );
  const figures = await runInChromium(new URL('./chromium/entries/expiry.ts', import.meta.url), {
    args: { rosters: [100_000, 1_000_000], inWindow: 1_000 },
  });
  console.log(
    `  load average after: ${loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')}`,
  );
  const small = figures['expiry_records_read_100k'] ?? Number.NaN;
  const large = figures['expiry_records_read_1m'] ?? Number.NaN;
  const ms = figures['expiry_1m_ms'] ?? Number.NaN;
  if (!(Math.abs(large - small) <= 0.1 * Math.min(small, large))) {
    console.log(`  FAIL records read: ${small} over 100k vs ${large} over 1m (more than 10% apart)`);
  }
  if (!(ms <= 2_000)) console.log(`  FAIL expiry_1m_ms ${ms} is over the 2,000 ms target`);
  return figures;
}
