import { beforeEach, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../../src/db';
import {
  listMentors,
  MentorNotFoundError,
  RosterRowError,
  setThresholds,
  updateMentor,
  upsertRoster,
} from '../../../src/expiry';
import { ClockHost, memoryDatabase, mentorRow, runExpiryJob } from './support';

let db: AppDatabase;
const now = Date.parse('2026-03-26T08:00:00Z');
const asOf = { now, timeZone: 'UTC' };

beforeEach(async () => {
  db = memoryDatabase();
  await upsertRoster(
    db,
    [
      mentorRow('m-expired', '2026-03-26'),
      mentorRow('m-7', '2026-04-02'),
      mentorRow('m-30-near', '2026-04-03'),
      mentorRow('m-30', '2026-04-25'),
      { ...mentorRow('m-fine', '2026-04-26T00:00:00Z', 'coord_ola_berg'), name: 'Grace Hopper' },
    ],
    now,
  );
});

describe('upsertRoster', () => {
  it('adds, updates and leaves unchanged rows, keeping the calendar date of a timestamp', async () => {
    const outcome = await upsertRoster(
      db,
      [
        mentorRow('m-expired', '2026-03-26'),
        { ...mentorRow('m-7', '2027-04-02'), email: 'james@example.org' },
        mentorRow('m-new', '2026-05-01'),
      ],
      now + 1000,
    );
    expect(outcome).toEqual({ added: 1, updated: 1, unchanged: 1 });
    expect(await db.expiryRecords.get('m-7')).toMatchObject({ expiry_date: '2027-04-02' });
    expect(await db.mentors.get('m-7')).toMatchObject({ email: 'james@example.org' });
    expect(await db.expiryRecords.get('m-fine')).toMatchObject({ expiry_date: '2026-04-26' });
  });

  it('writes nothing when a row is invalid, and names the row and field', async () => {
    const attempt = upsertRoster(
      db,
      [mentorRow('m-ok', '2026-05-01'), mentorRow('m-bad', '2026-02-30')],
      now,
    );
    await expect(attempt).rejects.toThrow(RosterRowError);
    await expect(attempt).rejects.toThrow(/Row 2, expiry_date/);
    expect(await db.mentors.get('m-ok')).toBeUndefined();
  });
});

describe('updateMentor', () => {
  it('changes the expiry date and the name by hand', async () => {
    await updateMentor(db, 'm-fine', { expiry_date: '2026-03-01', name: 'Grace B. Hopper' }, now);
    const page = await listMentors(db, { state: 'expired' }, asOf);
    expect(page.data.map((m) => [m.mentor_id, m.name])).toEqual([
      ['m-fine', 'Grace B. Hopper'],
      ['m-expired', 'Mentor m-expired'],
    ]);
  });

  it('refuses an unknown mentor and an invalid date', async () => {
    await expect(updateMentor(db, 'nobody', { name: 'x' }, now)).rejects.toThrow(MentorNotFoundError);
    await expect(updateMentor(db, 'm-7', { expiry_date: '2026-13-01' }, now)).rejects.toThrow(/expiry_date/);
  });
});

describe('listMentors', () => {
  it('shows each mentor state on the coordinator local date, soonest expiry first', async () => {
    const page = await listMentors(db, {}, asOf);
    expect(page.data.map((m) => [m.mentor_id, m.state, m.days_left])).toEqual([
      ['m-expired', 'expired', 0],
      ['m-7', '7_day', 7],
      ['m-30-near', '30_day', 8],
      ['m-30', '30_day', 30],
      ['m-fine', 'fine', 31],
    ]);
    expect(page.pagination).toEqual({ page: 1, limit: 20, total: 5 });
  });

  it.each([
    ['expired', ['m-expired']],
    ['7_day', ['m-7']],
    ['30_day', ['m-30-near', 'm-30']],
    ['fine', ['m-fine']],
    ['60_day', []],
  ] as const)('filters by state %s', async (state, expected) => {
    const page = await listMentors(db, { state }, asOf);
    expect(page.data.map((m) => m.mentor_id)).toEqual(expected);
    expect(page.pagination.total).toBe(expected.length);
  });

  it('derives the states from the configured thresholds', async () => {
    await setThresholds(db, '60_day,30_day,expired');
    const page = await listMentors(db, {}, asOf);
    expect(page.data.map((m) => m.state)).toEqual(['expired', '30_day', '30_day', '30_day', '60_day']);
    expect((await listMentors(db, { state: '30_day' }, asOf)).pagination.total).toBe(3);
  });

  it('filters by coordinator, by name and by the run that notified them', async () => {
    expect(
      (await listMentors(db, { coordinator_id: 'coord_ola_berg' }, asOf)).data.map((m) => m.mentor_id),
    ).toEqual(['m-fine']);
    expect((await listMentors(db, { search: 'grace' }, asOf)).data.map((m) => m.mentor_id)).toEqual([
      'm-fine',
    ]);
    const runId = crypto.randomUUID();
    await runExpiryJob(db, new ClockHost(now), { triggered_by: 'admin_manual', run_id: runId });
    const attention = await listMentors(db, { attention_run_ids: [runId] }, asOf);
    expect(attention.data.map((m) => m.mentor_id)).toEqual(['m-expired', 'm-7', 'm-30-near', 'm-30']);
  });

  it('paginates', async () => {
    const page = await listMentors(db, { page: 2, limit: 2 }, asOf);
    expect(page.data.map((m) => m.mentor_id)).toEqual(['m-30-near', 'm-30']);
    expect(page.pagination).toEqual({ page: 2, limit: 2, total: 5 });
  });

  it('uses the local date: just after midnight in Auckland a mentor is already expired', async () => {
    const aucklandMidnight = { now: Date.parse('2026-04-01T11:30:00Z'), timeZone: 'Pacific/Auckland' };
    const utcSameInstant = { now: aucklandMidnight.now, timeZone: 'UTC' };
    await upsertRoster(db, [mentorRow('m-midnight', '2026-04-02')], now);
    const local = await listMentors(db, { state: 'expired' }, aucklandMidnight);
    const utc = await listMentors(db, { state: 'expired' }, utcSameInstant);
    expect(local.data.map((m) => m.mentor_id)).toContain('m-midnight');
    expect(utc.data.map((m) => m.mentor_id)).not.toContain('m-midnight');
  });
});

describe('a roster write that makes a reminder due', () => {
  const rosterChecks = () =>
    db.jobs
      .where('kind')
      .equals('expiry.run')
      .filter((job) => (job.payload as { triggered_by: string }).triggered_by === 'roster-change')
      .toArray();

  it('queues one expiry run for an import with an expired mentor, none for one that is all fine', async () => {
    const fresh = memoryDatabase();
    await upsertRoster(fresh, [mentorRow('m-later', '2027-01-01')], now);
    expect(await fresh.jobs.count()).toBe(0);
    await upsertRoster(fresh, [mentorRow('m-late', '2026-03-20'), mentorRow('m-soon', '2026-03-30')], now);
    const jobs = await fresh.jobs.toArray();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ kind: 'expiry.run', status: 'queued' });
    expect(jobs[0]!.payload).toMatchObject({ triggered_by: 'roster-change' });
  });

  it('does not queue a second while one is still queued, and queues for a hand edit into a window', async () => {
    // the beforeEach import held expired mentors: one check is queued
    expect(await rosterChecks()).toHaveLength(1);
    await updateMentor(db, 'm-fine', { expiry_date: '2026-03-28' }, now);
    expect(await rosterChecks()).toHaveLength(1);
    await db.jobs.toCollection().modify({ status: 'done' });
    await updateMentor(db, 'm-fine', { name: 'Grace B. Hopper' }, now);
    expect(await rosterChecks()).toHaveLength(1);
    await updateMentor(db, 'm-30', { expiry_date: '2026-03-29' }, now);
    expect(await rosterChecks()).toHaveLength(2);
  });
});
