import { describe, expect, it } from 'vitest';
import type { Event, JobTask, Registration } from '../../../src/contract';
import {
  applyJobResults,
  attendeeNotificationService,
  eventsOfImport,
  exportFailedPeople,
  getImport,
  importPeople,
  notifyEndedImports,
  retryFailedTasks,
} from '../../../src/attendees';
import { fileSittings, importPeopleFromFile } from '../../../src/attendees/fileSittings';
import { markImportChangesSeen } from '../../../src/attendees/seenChanges';
import type { AppDatabase } from '../../../src/db';
import { acceptedValues, prepareImport, readWorkbook, validateRows } from '../../../src/import';
import type { AttendeeRow } from '../../../src/import/attendeeRow';
import { TestHost, eventually, memoryDatabase } from '../engine/support';

const NOW = Date.UTC(2026, 5, 1, 8);
const iso = new Date(NOW).toISOString();

async function withEvent(db: AppDatabase, limit: number | null = null): Promise<Event> {
  const event: Event = {
    event_id: crypto.randomUUID(),
    event_venue: crypto.randomUUID(),
    event_start: '2026-06-01T09:00:00.000Z',
    event_exam_type: 'ielts',
    event_exam_format: 'paper',
    event_billing_code: 'B1',
    registration_limit: limit,
    status: 'scheduled',
    cancellation_reason: null,
    registered_count: 0,
    coordinator_id: 'coord-119',
    created_at: iso,
    updated_at: iso,
  };
  await db.events.put({ ...event, sync_state: 'synced', local_date: '2026-06-01' });
  return event;
}

const row = (n: number, over: Partial<AttendeeRow> = {}): AttendeeRow => ({
  first_name: `First${n}`,
  last_name: `Last${n}`,
  email: `p${n}@example.org`,
  accommodations: [],
  ...over,
});

/** What the server's 207 would say: each task succeeded unless its index is in `failing`. */
async function serverAnswers(db: AppDatabase, importId: string, failing: Set<number>) {
  for (const job of await db.attendeeJobs.where('import_id').equals(importId).toArray()) {
    if (job.status !== 'processing') continue;
    const results: JobTask[] = [];
    for (const [index, task] of job.tasks.entries()) {
      if (failing.has(index)) {
        results.push({
          index,
          status: 'failed',
          errors: [{ code: 'registration_limit_reached', message: 'Event registration limit reached.' }],
        });
        continue;
      }
      const local = await db.registrations.get(task.person.registration_id);
      results.push({ index, status: 'succeeded', errors: [], data: local as Registration });
    }
    await db.transaction('rw', db.attendeeJobs, db.registrations, db.learners, db.events, () =>
      applyJobResults(db, job, results, NOW + 1000),
    );
  }
}

describe('an import on the job page: notification, retry, export', () => {
  it('raises one notification when every job has ended, never again for the same ending', async () => {
    const db = memoryDatabase();
    const host = new TestHost(NOW);
    await withEvent(db);
    const event = (await db.events.toArray())[0]!;
    const people = Array.from({ length: 60 }, (_, i) => ({ row: row(i + 1), rowNumber: i + 2 }));
    const { importId } = await importPeople(
      db,
      { eventId: event.event_id, label: 'Spring sitting', people },
      { now: NOW },
    );
    expect(await notifyEndedImports(db, host)).toBe(0);
    await serverAnswers(db, importId, new Set([3, 7]));
    expect(await notifyEndedImports(db, host)).toBe(1);
    expect(await notifyEndedImports(db, host)).toBe(0);
    expect(host.notifications).toEqual([
      expect.objectContaining({ title: 'Spring sitting: 56 registered, 4 failed' }),
    ]);
  });

  it('the engine service notifies as the sync settles the jobs', async () => {
    const db = memoryDatabase();
    const host = new TestHost(NOW);
    const event = await withEvent(db);
    const { importId } = await importPeople(
      db,
      { eventId: event.event_id, label: 'Autumn list', people: [{ row: row(1), rowNumber: 2 }] },
      { now: NOW },
    );
    const stop = attendeeNotificationService((e) => {
      throw e;
    })(db, host);
    try {
      await serverAnswers(db, importId, new Set());
      await eventually(() => host.notifications.length > 0, 'the import-ended notification');
      expect(host.notifications.map((n) => n.title)).toEqual(['Autumn list: 1 registered, 0 failed']);
    } finally {
      stop();
    }
  });

  it('retries the failed tasks with a fix, under their own client ids, and counts each person once', async () => {
    const db = memoryDatabase();
    const event = await withEvent(db);
    const people = [1, 2, 3].map((n) => ({ row: row(n), rowNumber: n + 1 }));
    const { importId } = await importPeople(
      db,
      { eventId: event.event_id, label: 'List', people },
      { now: NOW },
    );
    await serverAnswers(db, importId, new Set([1]));
    const before = (await getImport(db, importId))!;
    expect(before.counts).toMatchObject({ registered: 2, failed: 1, changed: 1 });
    const failed = before.tasks.find((t) => t.server?.status === 'failed')!;

    const retry = await retryFailedTasks(
      db,
      importId,
      { [failed.person.registration_id]: { assessment: '', email: 'fixed@example.org' } },
      { now: NOW + 2000 },
    );
    expect(retry.jobIds).toHaveLength(1);
    const during = (await getImport(db, importId))!;
    expect(during.status).toBe('processing');
    expect(during.counts.total).toBe(3);
    const resent = (await db.attendeeJobs.get(retry.jobIds[0]!))!;
    expect(resent.tasks.map((t) => [t.person.registration_id, t.person.email])).toEqual([
      [failed.person.registration_id, 'fixed@example.org'],
    ]);
    expect(resent.retry_of).toBe(failed.job);
    // nothing failed is left: a second retry has nothing to send
    await expect(retryFailedTasks(db, importId)).rejects.toThrow(
      'No failed task is left to retry in this import.',
    );

    await serverAnswers(db, importId, new Set());
    const after = (await getImport(db, importId))!;
    expect(after.status).toBe('ended');
    expect(after.counts).toMatchObject({ total: 3, registered: 3, failed: 0 });
  });

  it('marks the changed outcomes as seen: the count goes down, and a replayed answer does not bring them back', async () => {
    const db = memoryDatabase();
    const event = await withEvent(db);
    const people = [1, 2, 3].map((n) => ({ row: row(n), rowNumber: n + 1 }));
    const { importId } = await importPeople(
      db,
      { eventId: event.event_id, label: 'List', people },
      { now: NOW },
    );
    await serverAnswers(db, importId, new Set([1]));
    expect((await getImport(db, importId))!.counts).toMatchObject({ registered: 2, failed: 1, changed: 1 });

    expect(await markImportChangesSeen(db, importId)).toBe(1);
    const seen = (await getImport(db, importId))!;
    expect(seen.counts).toMatchObject({ registered: 2, failed: 1, changed: 0 });
    expect(seen.tasks.map((t) => t.outcome_changed)).toEqual([undefined, undefined, undefined]);

    // the same 207 read again (a poll repeated after a lost answer) is not a new change
    const job = seen.jobs[0]!;
    const replay: JobTask[] = await Promise.all(
      job.tasks.map(async (t) => ({
        index: t.index,
        status: t.server!.status,
        errors: t.server!.errors,
        ...(t.server!.status === 'succeeded'
          ? { data: (await db.registrations.get(t.person.registration_id)) as Registration }
          : {}),
      })),
    );
    const changed = await db.transaction(
      'rw',
      db.attendeeJobs,
      db.registrations,
      db.learners,
      db.events,
      () => applyJobResults(db, job, replay, NOW + 5000),
    );
    expect(changed).toBe(0);
    expect((await getImport(db, importId))!.counts.changed).toBe(0);
  });

  it('exports the failed people in the import layout, and the file imports again as they were', async () => {
    const db = memoryDatabase();
    const event = await withEvent(db);
    const people = [
      {
        row: row(1, {
          assessment: 'IELTS-AC',
          phone: '+44 1',
          accommodations: [{ type: 'Reader' }, { type: 'extra_time', time_extension: 25 }],
        }),
        rowNumber: 2,
      },
      { row: row(2), rowNumber: 3 },
    ];
    const { importId } = await importPeople(
      db,
      { eventId: event.event_id, label: 'List', people },
      { now: NOW },
    );
    await serverAnswers(db, importId, new Set([0]));
    const view = (await getImport(db, importId))!;
    const bytes = exportFailedPeople(view.tasks);
    const workbook = readWorkbook(bytes, { fileName: 'failed.xlsx' });
    expect(workbook.sheets[0]!.rows[0]).toContain('Why it failed (ignored on import)');
    const prepared = prepareImport(workbook, { kind: 'attendees' });
    const state = validateRows(prepared.table, prepared.proposal.mapping, 'attendees', { dateOrder: 'DMY' });
    expect(acceptedValues(state)).toEqual([
      {
        first_name: 'First1',
        last_name: 'Last1',
        email: 'p1@example.org',
        phone: '+44 1',
        assessment: 'IELTS-AC',
        accommodations: [{ type: 'Reader' }, { type: 'extra_time', time_extension: 25 }],
      },
    ]);
  });

  it('exports each failed row with the Venue and Start of its sitting, and the re-import puts it there again', async () => {
    const db = memoryDatabase();
    const org = crypto.randomUUID();
    const paris = { venue_id: crypto.randomUUID(), name: 'Centre Nord', time_zone: 'Europe/Paris' };
    const toronto = { venue_id: crypto.randomUUID(), name: 'Toronto Centre', time_zone: 'America/Toronto' };
    // a second venue of the same name: the export names that one by its id
    const twin = { venue_id: crypto.randomUUID(), name: 'Toronto Centre', time_zone: 'America/Toronto' };
    for (const v of [paris, toronto, twin]) {
      await db.venues.put({ ...v, organization_id: org, address: '', updated_at: iso, pulled_at: NOW });
    }
    const atParis = await withEvent(db);
    await db.events.put({
      ...atParis,
      event_venue: paris.venue_id,
      event_start: '2026-06-02T07:00:00.000Z',
      sync_state: 'synced',
      local_date: '2026-06-02',
    });
    const atToronto = await withEvent(db);
    await db.events.put({
      ...atToronto,
      event_venue: toronto.venue_id,
      event_start: '2026-06-02T13:30:00.000Z',
      sync_state: 'synced',
      local_date: '2026-06-02',
    });
    const sitting = (venue: { venue_id: string }, event_start: string) => ({
      venue_id: venue.venue_id,
      event_start,
    });
    const people = [
      { row: row(1, sitting(paris, '2026-06-02T07:00:00.000Z')), rowNumber: 2 },
      { row: row(2, sitting(toronto, '2026-06-02T13:30:00.000Z')), rowNumber: 3 },
      { row: row(3, sitting(paris, '2026-06-02T07:00:00.000Z')), rowNumber: 4 },
      { row: row(4, sitting(toronto, '2026-06-02T13:30:00.000Z')), rowNumber: 5 },
    ];
    const { importId } = await importPeopleFromFile(db, { label: 'Two sittings', people }, { now: NOW });
    // the first person of each sitting's job fails on the server
    await serverAnswers(db, importId, new Set([0]));
    const view = (await getImport(db, importId))!;
    const events = await eventsOfImport(db, view);
    expect(events.map((e) => [e.eventId, e.venueName, e.wallClock, e.counts.total, e.counts.failed])).toEqual(
      [
        [atParis.event_id, 'Centre Nord', '2026-06-02T09:00', 2, 1],
        [atToronto.event_id, 'Toronto Centre', '2026-06-02T09:30', 2, 1],
      ],
    );

    const workbook = readWorkbook(exportFailedPeople(view.tasks, events), { fileName: 'failed.xlsx' });
    const header = workbook.sheets[0]!.rows[0]!;
    const venueColumn = header.indexOf('Venue');
    const startColumn = header.indexOf('Start');
    expect(workbook.sheets[0]!.rows.slice(1).map((r) => [r[venueColumn], r[startColumn]])).toEqual([
      ['Centre Nord', '2026-06-02 09:00'],
      [toronto.venue_id, '2026-06-02 09:30'],
    ]);
    const prepared = prepareImport(workbook, { kind: 'attendees' });
    const state = validateRows(prepared.table, prepared.proposal.mapping, 'attendees', {
      // month first: the export's start is year first, so the setting cannot turn it around
      dateOrder: 'MDY',
      venues: [paris, toronto, twin],
    });
    const again = acceptedValues(state) as AttendeeRow[];
    expect(again).toEqual([people[0]!.row, people[1]!.row]);
    // re-imported, each row lands on the event it failed on
    const second = await importPeopleFromFile(
      db,
      { label: 'Fixed', people: again.map((r, i) => ({ row: r, rowNumber: i + 2 })) },
      { now: NOW },
    );
    const jobs = await db.attendeeJobs.where('import_id').equals(second.importId).toArray();
    const eventOfEmail = new Map(
      jobs.flatMap((j) => j.tasks.map((t) => [t.person.email, j.event_id] as const)),
    );
    expect(eventOfEmail).toEqual(
      new Map([
        ['p1@example.org', atParis.event_id],
        ['p2@example.org', atToronto.event_id],
      ]),
    );
  });

  it('the re-import finds a sitting whose start is not on a whole minute, which the Start cell cannot write', async () => {
    const db = memoryDatabase();
    const venue = { venue_id: crypto.randomUUID(), name: 'Hall A', time_zone: 'Europe/London' };
    await db.venues.put({
      ...venue,
      organization_id: crypto.randomUUID(),
      address: '',
      updated_at: iso,
      pulled_at: NOW,
    });
    // the contract keeps a start to the millisecond: an event made as `new Date().toISOString()`
    const event = await withEvent(db);
    const start = '2026-06-02T08:00:27.431Z';
    await db.events.put({
      ...event,
      event_venue: venue.venue_id,
      event_start: start,
      sync_state: 'synced',
      local_date: '2026-06-02',
    });
    const { importId } = await importPeople(
      db,
      { eventId: event.event_id, label: 'Chosen event', people: [{ row: row(1), rowNumber: 2 }] },
      { now: NOW },
    );
    await serverAnswers(db, importId, new Set([0]));
    const view = (await getImport(db, importId))!;
    const workbook = readWorkbook(exportFailedPeople(view.tasks, await eventsOfImport(db, view)), {
      fileName: 'failed.xlsx',
    });
    const header = workbook.sheets[0]!.rows[0]!;
    expect(workbook.sheets[0]!.rows[1]![header.indexOf('Start')]).toBe('2026-06-02 09:00');
    const prepared = prepareImport(workbook, { kind: 'attendees' });
    const state = validateRows(prepared.table, prepared.proposal.mapping, 'attendees', {
      dateOrder: 'DMY',
      venues: [venue],
    });
    const again = (acceptedValues(state) as AttendeeRow[]).map((r, i) => ({ row: r, rowNumber: i + 2 }));
    // the review names the event, not a new one, and the import puts the row on it
    expect(
      (
        await fileSittings(
          db,
          again.map((p) => p.row),
        )
      ).map((s) => [s.eventId, s.wallClock]),
    ).toEqual([[event.event_id, '2026-06-02T09:00']]);
    const second = await importPeopleFromFile(db, { label: 'Again', people: again }, { now: NOW });
    expect(second.eventsMade).toEqual([]);
    const jobs = await db.attendeeJobs.where('import_id').equals(second.importId).toArray();
    expect(jobs.map((j) => j.event_id)).toEqual([event.event_id]);
    expect(await db.events.count()).toBe(1);
  });
});
