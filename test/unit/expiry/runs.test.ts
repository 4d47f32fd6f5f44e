import Dexie from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import { RunCreate } from '../../../src/contract/expiryOrchestration';
import type { AppDatabase } from '../../../src/db';
import { addDays } from '../../../src/domain/expiryCalendar';
import {
  deleteRun,
  DISPATCH_CHUNK,
  ExpiryRunConflictError,
  ExpiryRunNotFoundError,
  getRunDetail,
  listRuns,
  resolveRun,
  setThresholds,
  updateMentor,
  upsertRoster,
} from '../../../src/expiry';
import { ClockHost, memoryDatabase, mentorRow, runExpiryJob } from './support';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

let db: AppDatabase;
let host: ClockHost;

beforeEach(async () => {
  db = memoryDatabase();
  host = new ClockHost(Date.parse('2026-03-26T08:00:00Z'));
  await upsertRoster(
    db,
    [
      mentorRow('mentor_sarah_chen', '2026-04-15'),
      mentorRow('mentor_james_okafor', '2026-03-30'),
      mentorRow('mentor_ana_lima', '2026-03-20', 'coord_ola_berg'),
      mentorRow('mentor_ben_ito', '2026-06-01'),
    ],
    host.now(),
  );
});

async function logged() {
  return (await db.notificationLog.toArray())
    .map((row) => `${row.mentor_id}|${row.expiry_date}|${row.threshold}`)
    .sort();
}

async function runOnce(runId = crypto.randomUUID()) {
  const result = await runExpiryJob(db, host, { triggered_by: 'desktop-scheduler', run_id: runId });
  expect(result.error).toBeUndefined();
  return getRunDetail(db, runId);
}

describe('an expiry run', () => {
  it('records every field of the seed run detail and the dispatched notifications', async () => {
    const runId = crypto.randomUUID();
    await runExpiryJob(db, host, { triggered_by: 'admin_manual', run_id: runId });
    const run = await getRunDetail(db, runId);
    expect(run).toMatchObject({
      run_id: runId,
      triggered_by: 'admin_manual',
      expirations_evaluated: 3,
      notifications_dispatched: 3,
      thresholds_hit: ['30_day', '7_day', 'expired'],
      status: 'completed',
      started_at: '2026-03-26T08:00:00Z',
      completed_at: '2026-03-26T08:00:00Z',
      evaluated_at: '2026-03-26T08:00:00Z',
      evaluated_on: '2026-03-26',
    });
    expect(run.dispatched_notifications).toEqual(
      expect.arrayContaining([
        {
          mentor_id: 'mentor_sarah_chen',
          coordinator_id: 'coord_maya_patel',
          threshold: '30_day',
          expiry_date: '2026-04-15',
        },
        {
          mentor_id: 'mentor_james_okafor',
          coordinator_id: 'coord_maya_patel',
          threshold: '7_day',
          expiry_date: '2026-03-30',
        },
        {
          mentor_id: 'mentor_ana_lima',
          coordinator_id: 'coord_ola_berg',
          threshold: 'expired',
          expiry_date: '2026-03-20',
        },
      ]),
    );
    expect(run.dispatched_notifications).toHaveLength(3);
  });

  it('writes one run.create outbox entry that the contract accepts, in the same step as completion', async () => {
    const run = await runOnce();
    const entries = await db.outbox.toArray();
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(entry).toMatchObject({
      record: `run:${run.run_id}`,
      method: 'POST',
      op: 'run.create',
      status: 'pending',
    });
    expect(entry?.idempotency_key).toMatch(/^[0-9a-f-]{36}$/);
    const body = RunCreate.parse(entry?.body);
    expect(body.run_id).toBe(run.run_id);
    expect(body.triggered_by).toBe('desktop-scheduler');
    expect(body.evaluated_at).toMatch(TIMESTAMP);
    expect(body.expirations.map((e) => e.mentor_id).sort()).toEqual([
      'mentor_ana_lima',
      'mentor_james_okafor',
      'mentor_sarah_chen',
    ]);
    expect(body.dispatched_notifications).toHaveLength(3);
    expect(body.dispatched_notifications?.every((n) => n.expiry_date !== undefined)).toBe(true);
  });

  it('dispatches nothing the second time on the same day', async () => {
    await runOnce();
    const before = await logged();
    host.advance(3 * 3600_000);
    const second = await runOnce();
    expect(second).toMatchObject({ status: 'completed', notifications_dispatched: 0 });
    expect(second.dispatched_notifications).toEqual([]);
    expect(await logged()).toEqual(before);
  });

  it('sends each threshold once as the days pass', async () => {
    for (let day = 0; day < 40; day++) {
      await runOnce();
      host.advance(86_400_000);
    }
    expect(await logged()).toEqual([
      'mentor_ana_lima|2026-03-20|expired',
      'mentor_ben_ito|2026-06-01|30_day',
      'mentor_james_okafor|2026-03-30|7_day',
      'mentor_james_okafor|2026-03-30|expired',
      'mentor_sarah_chen|2026-04-15|30_day',
      'mentor_sarah_chen|2026-04-15|7_day',
      'mentor_sarah_chen|2026-04-15|expired',
    ]);
  });

  it('never re-sends or regresses when the clock moves backwards', async () => {
    await runOnce();
    const before = await logged();
    // James got "7 days" first; on these dates he looks 30 days out, which must not be sent now
    for (const iso of ['2026-03-20T08:00:00Z', '2026-03-10T08:00:00Z', '2026-03-25T23:00:00Z']) {
      host.set(iso);
      const run = await runOnce();
      expect(run.notifications_dispatched).toBe(0);
    }
    expect(await logged()).toEqual(before);
    host.set('2026-04-10T08:00:00Z');
    expect((await runOnce()).notifications_dispatched).toBe(2);
    host.set('2026-04-01T08:00:00Z');
    expect((await runOnce()).notifications_dispatched).toBe(0);
  });

  it('reads only the records inside the windows once the expired ones were evaluated', async () => {
    await upsertRoster(
      db,
      [
        ...Array.from({ length: 300 }, (_, i) => mentorRow(`future-${i}`, addDays('2027-01-01', i))),
        ...Array.from({ length: 200 }, (_, i) => mentorRow(`lapsed-${i}`, addDays('2025-01-01', i))),
      ],
      host.now(),
    );
    // the first run ever must look at every expired record once
    expect((await runOnce()).expirations_evaluated).toBe(203);
    host.advance(86_400_000);
    const next = await runOnce();
    expect(next.expirations_evaluated).toBe(2);
    expect(next.notifications_dispatched).toBe(0);
  });

  it('starts afresh for a renewed expiry date', async () => {
    await runOnce();
    await updateMentor(db, 'mentor_ana_lima', { expiry_date: '2026-04-20' }, host.now());
    host.advance(86_400_000);
    const run = await runOnce();
    expect(run.dispatched_notifications).toEqual([
      {
        mentor_id: 'mentor_ana_lima',
        coordinator_id: 'coord_ola_berg',
        threshold: '30_day',
        expiry_date: '2026-04-20',
      },
    ]);
    expect(await logged()).toContain('mentor_ana_lima|2026-03-20|expired');
  });

  it('catches a correction to a date long past, after runs already covered that date', async () => {
    await runOnce();
    host.advance(86_400_000);
    await runOnce();
    await updateMentor(db, 'mentor_ben_ito', { expiry_date: '2025-12-31' }, host.now());
    host.advance(86_400_000);
    const run = await runOnce();
    expect(run.dispatched_notifications).toEqual([
      {
        mentor_id: 'mentor_ben_ito',
        coordinator_id: 'coord_maya_patel',
        threshold: 'expired',
        expiry_date: '2025-12-31',
      },
    ]);
  });

  it('catches a correction written while a run is between chunks', async () => {
    await runOnce();
    // three days later: the run reads from the 26th, so a date between is only caught as a recheck
    host.advance(3 * 86_400_000);
    await upsertRoster(
      db,
      Array.from({ length: DISPATCH_CHUNK + 1 }, (_, i) => mentorRow(`m-${i}`, '2026-04-20')),
      host.now(),
    );
    let correction: Promise<void> | undefined;
    const during = await runExpiryJob(db, host, undefined, {
      onChunk: (chunk) => {
        // outside the chunk's transaction: it commits between two chunks of the run
        if (chunk === 1) {
          correction = Dexie.ignoreTransaction(() =>
            updateMentor(db, 'mentor_ben_ito', { expiry_date: '2026-03-27' }, host.now()),
          );
        }
      },
    });
    expect(during.outcome).toBe('done');
    await correction;
    host.advance(86_400_000);
    const next = await runOnce();
    expect(next.dispatched_notifications).toContainEqual({
      mentor_id: 'mentor_ben_ito',
      coordinator_id: 'coord_maya_patel',
      threshold: 'expired',
      expiry_date: '2026-03-27',
    });
  });

  it('follows the configured thresholds when one is added or removed', async () => {
    await setThresholds(db, '90_day,30_day,expired');
    const run = await runOnce();
    expect(run.thresholds_hit).toEqual(['90_day', '30_day', 'expired']);
    expect(await logged()).toEqual([
      'mentor_ana_lima|2026-03-20|expired',
      'mentor_ben_ito|2026-06-01|90_day',
      'mentor_james_okafor|2026-03-30|30_day',
      'mentor_sarah_chen|2026-04-15|30_day',
    ]);
  });

  it('resumes an interrupted run and dispatches each notification once', async () => {
    const many = Array.from({ length: DISPATCH_CHUNK * 2 + 100 }, (_, i) =>
      mentorRow(`m-${String(i).padStart(5, '0')}`, addDays('2026-03-26', i % 31)),
    );
    await upsertRoster(db, many, host.now());
    const runId = crypto.randomUUID();
    const payload = { triggered_by: 'desktop-scheduler' as const, run_id: runId };
    const first = await runExpiryJob(db, host, payload, { abortAfterChunks: 1 });
    expect(first.outcome).toBe('aborted');
    const halfway = await db.expiryRuns.get(runId);
    expect(halfway?.status).toBe('running');
    expect(halfway?.notifications_dispatched).toBe(DISPATCH_CHUNK);
    expect(await db.outbox.count()).toBe(0);

    host.advance(60_000);
    const second = await runExpiryJob(db, host, payload, { job: first.job });
    expect(second.outcome).toBe('done');
    const run = await getRunDetail(db, runId);
    expect(run.status).toBe('completed');
    // the 1,100 added mentors and the 3 of the roster that reach a threshold
    expect(run.notifications_dispatched).toBe(many.length + 3);
    expect(new Set(await logged()).size).toBe(many.length + 3);
    expect(await db.notificationLog.count()).toBe(many.length + 3);
    // the run keeps the date it started evaluating, even when resumed later
    expect(run.evaluated_on).toBe('2026-03-26');
    const creates = (await db.outbox.toArray()).filter((entry) => entry.op === 'run.create');
    expect(creates).toHaveLength(1);
    expect(RunCreate.parse(creates[0]?.body).dispatched_notifications).toHaveLength(many.length + 3);
  });

  it('ends failed with the error, keeping what earlier chunks logged for delivery, and is pushed', async () => {
    await upsertRoster(
      db,
      Array.from({ length: DISPATCH_CHUNK + 10 }, (_, i) => mentorRow(`m-${i}`, '2026-04-01')),
      host.now(),
    );
    const runId = crypto.randomUUID();
    const result = await runExpiryJob(
      db,
      host,
      { triggered_by: 'admin_manual', run_id: runId },
      { failOnChunk: 2 },
    );
    expect(result.outcome).toBe('failed');
    const run = await getRunDetail(db, runId);
    // its counts are those of the chunk that committed: what it got through
    expect(run).toMatchObject({
      status: 'failed',
      error: 'The disk is full',
      completed_at: expect.stringMatching(TIMESTAMP),
      expirations_evaluated: DISPATCH_CHUNK,
      notifications_dispatched: DISPATCH_CHUNK,
    });
    // pushed with what it sent, so the server never sends those again
    const entries = await db.outbox.toArray();
    expect(entries.map((entry) => `${entry.op} ${entry.record}`)).toEqual([`run.create run:${runId}`]);
    const body = RunCreate.parse(entries[0]?.body);
    expect(body).toMatchObject({ triggered_by: 'admin_manual', run_id: runId });
    expect(body.expirations).toHaveLength(DISPATCH_CHUNK);
    expect(body.dispatched_notifications).toHaveLength(DISPATCH_CHUNK);
    expect(new Set(body.dispatched_notifications?.map((n) => `${n.mentor_id}|${n.threshold}`))).toEqual(
      new Set(run.dispatched_notifications.map((n) => `${n.mentor_id}|${n.threshold}`)),
    );

    const retry = await runOnce();
    expect(retry.notifications_dispatched).toBe(13);
    expect(await db.notificationLog.count()).toBe(DISPATCH_CHUNK + 13);
  });

  it('pushes a run that failed before evaluating anything, with nothing sent', async () => {
    const runId = crypto.randomUUID();
    // the first chunk's commit fails: nothing got through
    const result = await runExpiryJob(
      db,
      host,
      { triggered_by: 'desktop-scheduler', run_id: runId },
      { failOnChunk: 1 },
    );
    expect(result.outcome).toBe('failed');
    expect(await getRunDetail(db, runId)).toMatchObject({
      status: 'failed',
      expirations_evaluated: 0,
      notifications_dispatched: 0,
      thresholds_hit: [],
      dispatched_notifications: [],
    });
    const [entry] = await db.outbox.toArray();
    expect(RunCreate.parse(entry?.body)).toMatchObject({ expirations: [], dispatched_notifications: [] });
  });

  it('resolving a failed run pushes the notes after its create', async () => {
    const runId = crypto.randomUUID();
    await runExpiryJob(db, host, { triggered_by: 'admin_manual', run_id: runId }, { failOnChunk: 1 });
    await resolveRun(db, runId, 'Freed some disk space', host.now());
    expect((await db.outbox.toArray()).map((entry) => `${entry.op} ${entry.method}`)).toEqual([
      'run.create POST',
      'run.update PUT',
    ]);
  });
});

describe('resolving and deleting runs', () => {
  it('resolves a completed run with notes and pushes the update', async () => {
    const run = await runOnce();
    host.advance(60_000);
    const resolved = await resolveRun(db, run.run_id, ' Checked with the coordinator. ', host.now());
    expect(resolved).toMatchObject({ status: 'resolved', resolution_notes: 'Checked with the coordinator.' });
    const update = (await db.outbox.toArray()).find((entry) => entry.op === 'run.update');
    expect(update).toMatchObject({
      method: 'PUT',
      record: `run:${run.run_id}`,
      body: { status: 'resolved', resolution_notes: 'Checked with the coordinator.' },
    });
  });

  it('refuses to resolve or delete a running run, says why, and 404s an unknown one', async () => {
    const runId = crypto.randomUUID();
    await upsertRoster(
      db,
      Array.from({ length: DISPATCH_CHUNK + 1 }, (_, i) => mentorRow(`m-${i}`, '2026-04-01')),
      host.now(),
    );
    await runExpiryJob(db, host, { triggered_by: 'admin_manual', run_id: runId }, { abortAfterChunks: 1 });
    await expect(resolveRun(db, runId, 'done', host.now())).rejects.toThrow(ExpiryRunConflictError);
    await expect(resolveRun(db, runId, 'done', host.now())).rejects.toThrow(/still running/);
    await expect(deleteRun(db, runId, host.now())).rejects.toThrow(ExpiryRunConflictError);
    await expect(resolveRun(db, 'nope', 'done', host.now())).rejects.toThrow(ExpiryRunNotFoundError);
    await expect(resolveRun(db, runId, '   ', host.now())).rejects.toThrow(/Resolution notes/);
  });

  it('lets the coordinator resolve a run whose job was given up, instead of leaving it running', async () => {
    const runId = crypto.randomUUID();
    await upsertRoster(
      db,
      Array.from({ length: DISPATCH_CHUNK + 1 }, (_, i) => mentorRow(`m-${i}`, '2026-04-01')),
      host.now(),
    );
    const { job } = await runExpiryJob(
      db,
      host,
      { triggered_by: 'admin_manual', run_id: runId },
      { abortAfterChunks: 1 },
    );
    await db.jobs.update(job.id, { status: 'failed', error: 'Stopped after 5 attempts' });
    const resolved = await resolveRun(db, runId, 'Ran it again by hand', host.now());
    expect(resolved).toMatchObject({
      status: 'resolved',
      error: expect.stringMatching(/stopped before it ended/),
      // the part it got through, as the server is told of it
      expirations_evaluated: DISPATCH_CHUNK,
      notifications_dispatched: DISPATCH_CHUNK,
      // the first chunk reads the earliest dates: the roster's expired mentor, then 7-day ones
      thresholds_hit: ['7_day', 'expired'],
    });
    // what it sent reaches the server before the notes, so the server never sends it again
    const entries = await db.outbox.toArray();
    expect(entries.map((entry) => `${entry.op} ${entry.method}`)).toEqual([
      'run.create POST',
      'run.update PUT',
    ]);
    const body = RunCreate.parse(entries[0]?.body);
    expect(body.expirations).toHaveLength(DISPATCH_CHUNK);
    expect(body.dispatched_notifications).toHaveLength(DISPATCH_CHUNK);
  });

  it('deleting a run whose job was given up still tells the server what it sent', async () => {
    const runId = crypto.randomUUID();
    await upsertRoster(
      db,
      Array.from({ length: DISPATCH_CHUNK + 1 }, (_, i) => mentorRow(`m-${i}`, '2026-04-01')),
      host.now(),
    );
    const { job } = await runExpiryJob(
      db,
      host,
      { triggered_by: 'admin_manual', run_id: runId },
      { abortAfterChunks: 1 },
    );
    await db.jobs.update(job.id, { status: 'failed', error: 'Stopped after 5 attempts' });
    await deleteRun(db, runId, host.now());
    const entries = await db.outbox.toArray();
    expect(entries.map((entry) => `${entry.op} ${entry.method}`)).toEqual([
      'run.create POST',
      'run.delete DELETE',
    ]);
    expect(RunCreate.parse(entries[0]?.body).dispatched_notifications).toHaveLength(DISPATCH_CHUNK);
  });

  it('deletes a run but never forgets what it sent', async () => {
    const run = await runOnce();
    expect(await deleteRun(db, run.run_id, host.now())).toEqual({ deleted: true, run_id: run.run_id });
    await expect(getRunDetail(db, run.run_id)).rejects.toThrow(ExpiryRunNotFoundError);
    expect((await db.outbox.toArray()).map((entry) => `${entry.op} ${entry.method}`)).toEqual([
      'run.create POST',
      'run.delete DELETE',
    ]);
    const again = await runOnce();
    expect(again.notifications_dispatched).toBe(0);
  });

  it('lists runs latest first with the contract pagination', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await runOnce()).run_id);
      host.advance(3600_000);
    }
    await resolveRun(db, ids[0] as string, 'ok', host.now());
    const page = await listRuns(db, { page: 2, limit: 2 });
    expect(page.pagination).toEqual({ page: 2, limit: 2, total: 5 });
    expect(page.data.map((run) => run.run_id)).toEqual([ids[2], ids[1]]);
    const resolved = await listRuns(db, { status: 'resolved' });
    expect(resolved.pagination.total).toBe(1);
    expect(resolved.data.map((run) => run.run_id)).toEqual([ids[0]]);
    expect(Object.keys(page.data[0] ?? {})).toEqual(
      expect.arrayContaining([
        'run_id',
        'triggered_by',
        'expirations_evaluated',
        'notifications_dispatched',
        'thresholds_hit',
        'status',
        'started_at',
        'completed_at',
      ]),
    );
  });
});
