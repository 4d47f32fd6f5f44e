/**
 * Page side of `expiry.bench.ts`: an `expiry.run` job over a roster of N mentors of which a
 * fixed number are inside the thresholds' windows, in Chromium's IndexedDB.
 */
import { AppDatabase, type ExpiryRecord } from '../../../../src/db';
import { addDays } from '../../../../src/domain/expiryCalendar';
import type { Host } from '../../../../src/engine/host';
import { claimNextJob, enqueueJob, finishJob, renewLease } from '../../../../src/engine/queue';
import { EXPIRY_RUN_JOB, expiryRunHandler, type ExpiryRunPayload } from '../../../../src/expiry/runJob';
import { benchLog, defineBench } from '../benchPage';

interface ExpiryBenchArgs {
  rosters: number[];
  inWindow: number;
}

const TODAY = '2026-03-26';
const SEED_CHUNK = 20_000;
const SETTLE_MS = 15_000;
/** of the mentors outside the windows, this share expired long ago; the rest expire after the windows */
const LAPSED_SHARE = 0.02;

function fixedHost(iso: string): Host {
  const now = Date.parse(iso);
  return {
    now: () => now,
    timeZone: () => 'Europe/London',
    isOnline: () => false,
    onOnlineChange: () => () => undefined,
    notify: () => undefined,
    onTick: () => () => undefined,
  };
}

async function seed(db: AppDatabase, records: ExpiryRecord[]): Promise<void> {
  for (let start = 0; start < records.length; start += SEED_CHUNK) {
    await db.expiryRecords.bulkAdd(records.slice(start, start + SEED_CHUNK));
  }
}

function record(id: number, expiryDate: string): ExpiryRecord {
  return {
    mentor_id: `m-${String(id).padStart(8, '0')}`,
    coordinator_id: `coord-${id % 50}`,
    expiry_date: expiryDate,
    updated_at: '2026-01-01T00:00:00Z',
  };
}

/** Claims and runs one job as the engine does (lease, progress renewals, finish); returns the ms it took. */
async function runJob(db: AppDatabase, host: Host, payload: ExpiryRunPayload): Promise<number> {
  await enqueueJob(db, { kind: EXPIRY_RUN_JOB, subject: payload.run_id, payload }, host.now());
  const started = performance.now();
  const owner = 'bench';
  const job = await claimNextJob(db, {
    owner,
    now: host.now(),
    leaseMs: 15_000,
    kinds: new Set([EXPIRY_RUN_JOB]),
    maxAttempts: 5,
  });
  if (!job) throw new Error('the job was not claimed');
  await expiryRunHandler({
    db,
    host,
    job,
    signal: new AbortController().signal,
    progress: async (done, total) => {
      await renewLease(db, job.id, { owner, now: host.now(), leaseMs: 15_000, progress: { done, total } });
    },
  });
  await finishJob(db, job.id, owner, { status: 'done' }, host.now());
  const elapsed = performance.now() - started;
  const run = await db.expiryRuns.get(payload.run_id);
  if (run?.status !== 'completed') throw new Error(`run ended ${run?.status}: ${run?.error}`);
  return elapsed;
}

async function benchRoster(
  size: number,
  inWindow: number,
): Promise<{ ms: number; read: number; dispatched: number }> {
  const name = `bench-expiry-${size}`;
  await AppDatabase.delete(name);
  const db = new AppDatabase(name);
  try {
    const outside = size - inWindow;
    const lapsed = Math.round(outside * LAPSED_SHARE);
    const seedStart = performance.now();
    const roster: ExpiryRecord[] = [];
    for (let i = 0; i < outside; i++) {
      roster.push(
        i < lapsed ? record(i, addDays(TODAY, -2 - (i % 3000))) : record(i, addDays(TODAY, 31 + (i % 1500))),
      );
    }
    await seed(db, roster);
    // yesterday's scheduled run: it evaluates (and notifies) the lapsed mentors once
    await runJob(db, fixedHost(`${addDays(TODAY, -1)}T08:00:00Z`), {
      triggered_by: 'desktop-scheduler',
      run_id: crypto.randomUUID(),
    });
    // the mentors inside today's windows arrive after it (a roster import), so today's run has work to do
    await seed(
      db,
      Array.from({ length: inWindow }, (_, i) => record(outside + i, addDays(TODAY, i % 31))),
    );
    benchLog(`${size} mentors seeded in ${Math.round(performance.now() - seedStart)} ms`);
    // the store at rest, as at the daily time: seeding's own after-work (LevelDB compaction of
    // a million fresh rows) is seeding, not the run
    db.close();
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    await db.open();

    const runId = crypto.randomUUID();
    const ms = await runJob(db, fixedHost(`${TODAY}T08:00:00Z`), {
      triggered_by: 'desktop-scheduler',
      run_id: runId,
    });
    const run = await db.expiryRuns.get(runId);
    benchLog(
      `${size} mentors: run ${Math.round(ms)} ms, read ${run?.expirations_evaluated}, sent ${run?.notifications_dispatched}`,
    );
    return { ms, read: run?.expirations_evaluated ?? -1, dispatched: run?.notifications_dispatched ?? -1 };
  } finally {
    db.close();
    await AppDatabase.delete(name);
  }
}

defineBench(async (raw) => {
  const args = raw as ExpiryBenchArgs;
  const figures: Record<string, number> = {};
  for (const size of args.rosters) {
    const label = size >= 1_000_000 ? `${size / 1_000_000}m` : `${size / 1000}k`;
    const result = await benchRoster(size, args.inWindow);
    figures[`expiry_${label}_ms`] = Math.round(result.ms);
    figures[`expiry_records_read_${label}`] = result.read;
    figures[`expiry_notifications_${label}`] = result.dispatched;
  }
  return figures;
});
