/**
 * Page side of `attendee-sync.bench.ts`: 10,000 people imported offline through `importPeople`
 * (200 jobs of 50) in Chromium's IndexedDB, then the host comes online and the app's engine with
 * its sync triggers pushes the groups to the reference server (started by the Node side), polls
 * the jobs and writes their 207s. Timed from "online" until no job is `processing` locally.
 */
import { importPeople } from '../../../../src/attendees/importPeople';
import type { Event } from '../../../../src/contract';
import { AppDatabase } from '../../../../src/db';
import { createEngine } from '../../../../src/engine/engine';
import type { Host, TickReason } from '../../../../src/engine/host';
import { jobHandlers } from '../../../../src/engine/jobs';
import { syncTriggersService } from '../../../../src/engine/services';
import { updateCoordinatorSettings } from '../../../../src/settings/coordinatorSettings';
import { IndexedDbTokenStore, saveServerSettings } from '../../../../src/sync/settings';
import { benchLog, defineBench } from '../benchPage';

interface Args {
  people: number;
  url: string;
  token: string;
  coordinator: string;
  event: Event;
  limitMs: number;
  /** log every request and the jobs' progress (ATTENDEE_SYNC_TIMELINE=1) */
  timeline?: boolean;
}

/** A host on the real clock whose online state the bench switches. */
class BenchHost implements Host {
  private online = false;
  private readonly listeners = new Set<(online: boolean) => void>();
  now = () => Date.now();
  timeZone = () => 'UTC';
  isOnline = () => this.online;
  onOnlineChange(listener: (online: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  notify(): void {}
  onTick(_listener: (reason: TickReason) => void): () => void {
    return () => undefined;
  }
  setOnline(online: boolean): void {
    this.online = online;
    for (const listener of this.listeners) listener(online);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Wraps fetch to log each request's start and end (ms from online), printed as a timeline. */
function traceRequests(started: number) {
  const lines: string[] = [];
  const at = () => (performance.now() - started).toFixed(0).padStart(6);
  const original = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const what = `${init?.method ?? 'GET'} ${url.pathname.replace('/api/v1', '')}${url.search}`;
    const begun = performance.now();
    const response = await original(input, init);
    const body = await response.clone().text();
    lines.push(
      `${at()} ${(performance.now() - begun).toFixed(0).padStart(5)}ms ${response.status} ${what} (${body.length} B)`,
    );
    return response;
  };
  const note = (text: string) => lines.push(`${at()} -- ${text}`);
  return {
    note,
    print: () => {
      window.fetch = original;
      for (const line of lines) benchLog(line);
    },
  };
}

defineBench(async (raw) => {
  const { people, url, token, coordinator, event, limitMs, timeline } = raw as Args;
  const db = new AppDatabase(`attendee-sync-bench-${crypto.randomUUID()}`);
  await db.open();
  const host = new BenchHost();
  const engine = createEngine({ db, host, ownerId: 'attendee-sync-bench', handlers: jobHandlers });
  let stopTriggers: (() => void) | undefined;
  let trace: ReturnType<typeof traceRequests> | undefined;
  try {
    // the event as the laptop's pull stores it
    await db.events.put({ ...event, sync_state: 'synced', local_date: event.event_start.slice(0, 10) });
    await updateCoordinatorSettings(db, { coordinator_id: coordinator });
    await saveServerSettings(db, new IndexedDbTokenStore(db), { url, token });
    const rows = Array.from({ length: people }, (_, i) => ({
      row: {
        first_name: `First${i + 1}`,
        last_name: `Last${i + 1}`,
        email: `person${i + 1}@example.org`,
        accommodations: [],
      },
      rowNumber: i + 2,
    }));
    const imported = await importPeople(db, { eventId: event.event_id, label: 'Sync bench', people: rows });
    if (imported.jobIds.length !== Math.ceil(people / 50) || imported.registered !== people) {
      throw new Error(`the import made ${imported.jobIds.length} jobs, ${imported.registered} registered`);
    }
    benchLog(`imported ${people} people offline as ${imported.jobIds.length} jobs`);
    await engine.start();
    stopTriggers = syncTriggersService(db, host);

    const started = performance.now();
    trace = timeline ? traceRequests(started) : undefined;
    host.setOnline(true);
    let lastCounts = '';
    for (;;) {
      const open = await db.attendeeJobs.where('status').equals('processing').count();
      if (trace) {
        const counts = `${await db.attendeeJobs.orderBy('job_id').count()} accepted, ${open} processing`;
        if (counts !== lastCounts) trace.note(counts);
        lastCounts = counts;
      }
      if (open === 0) break;
      if (performance.now() - started > limitMs) throw new Error(`not settled in ${limitMs} ms`);
      await sleep(20);
    }
    const ms = performance.now() - started;
    let succeeded = 0;
    await db.attendeeJobs.each((job) => {
      succeeded += job.tasks.filter((t) => t.server?.status === 'succeeded').length;
    });
    if (succeeded !== people) throw new Error(`the server registered ${succeeded} of ${people} people`);
    return { attendee_sync_10k_ms: Math.round(ms) };
  } finally {
    trace?.print();
    stopTriggers?.();
    await engine.stop();
    db.close();
  }
});
