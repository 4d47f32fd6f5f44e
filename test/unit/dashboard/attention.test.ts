import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { AppDatabase, type BatchRecord, type OutboxEntry } from '../../../src/db';
import { loadAttention, loadExpiriesByWeek, loadOutcomesByDay } from '../../../src/dashboard';
import { listBatches } from '../../../src/batches';
import { listMentors, upsertRoster } from '../../../src/expiry';

let db: AppDatabase;
const today = '2026-12-03';
const NOW = Date.parse('2026-12-03T12:00:00Z');

function batch(id: string, status: BatchRecord['status'], failed: number, submitted_at: string): BatchRecord {
  return {
    id,
    coordinator_id: 'coord-1',
    label: id,
    status,
    total_items: 10,
    completed: 10 - failed,
    failed,
    cancelled_items: 0,
    submitted_at,
    completed_at: submitted_at,
    updated_at: submitted_at,
    sync_state: 'synced',
    changed_outcomes: 0,
  };
}

function outbox(status: OutboxEntry['status']): OutboxEntry {
  return {
    record: `batch:${crypto.randomUUID()}`,
    idempotency_key: crypto.randomUUID(),
    method: 'POST',
    op: 'batch.create',
    status,
    attempts: 0,
    next_attempt_at: 0,
    created_at: '2026-12-03T10:00:00Z',
  };
}

beforeEach(async () => {
  db = new AppDatabase(`dashboard-${crypto.randomUUID()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.batches.bulkPut([
    batch('a', 'partial', 3, '2026-12-03T09:00:00.000Z'),
    batch('b', 'failed', 10, '2026-12-01T09:00:00.000Z'),
    batch('c', 'completed', 0, '2026-11-20T09:00:00.000Z'),
    batch('old', 'completed', 0, '2026-10-01T09:00:00.000Z'),
  ]);
  await db.outbox.bulkAdd([outbox('rejected'), outbox('pending'), outbox('inflight'), outbox('done')]);
  const mentor = (mentor_id: string, expiry_date: string) => ({
    mentor_id,
    name: mentor_id,
    coordinator_id: 'coord-1',
    expiry_date,
  });
  await upsertRoster(
    db,
    [
      mentor('m-expired-long-ago', '2026-01-01'),
      mentor('m-expires-today', today),
      mentor('m-tomorrow', '2026-12-04'),
      mentor('m-in-7', '2026-12-10'),
      mentor('m-in-8', '2026-12-11'),
      mentor('m-in-60', '2027-02-01'),
    ],
    NOW,
  );
});

describe('the dashboard attention counts', () => {
  it('counts failed items and their batches, refusals, waiting changes, expired and within 7 days', async () => {
    expect(await loadAttention(db, today)).toEqual({
      failedItems: 13,
      failedBatches: 2,
      refused: 1,
      waiting: 2,
      expired: 2,
      expiringSoon: 2,
    });
  });

  it('each count is the length of the list its link opens', async () => {
    const attention = await loadAttention(db, today);
    const failed = await listBatches(db, { withFailedItems: true });
    expect(failed.data.map((b) => b.id)).toEqual(['a', 'b']);
    expect(failed.pagination.total).toBe(attention.failedBatches);
    const asOf = { now: NOW, timeZone: 'UTC' };
    const expired = await listMentors(db, { state: 'expired' }, asOf);
    expect(expired.pagination.total).toBe(attention.expired);
    const soon = await listMentors(db, { expires_within_days: 7 }, asOf);
    expect(soon.data.map((m) => m.mentor_id)).toEqual(['m-tomorrow', 'm-in-7']);
    expect(soon.pagination.total).toBe(attention.expiringSoon);
  });

  it('charts the last 30 days by local submission day and the next 90 days by week', async () => {
    const days = await loadOutcomesByDay(db, today, (iso) => iso.slice(0, 10));
    expect(days.filter((d) => d.succeeded + d.failed > 0)).toEqual([
      { day: '2026-11-20', succeeded: 10, failed: 0, cancelled: 0 },
      { day: '2026-12-01', succeeded: 0, failed: 10, cancelled: 0 },
      { day: '2026-12-03', succeeded: 7, failed: 3, cancelled: 0 },
    ]);
    const weeks = await loadExpiriesByWeek(db, today);
    // the first week is exactly the panel's "within 7 days"; today's and older expiries are not charted
    expect(weeks.map((w) => w.count)).toEqual([2, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
  });
});
