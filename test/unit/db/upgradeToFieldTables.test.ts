import type Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { upgradedProfile } from './upgradedProfile';
import { saveLearner } from '../../../src/learners';

/** A profile written by version 3 (the last release): a batch, mentors and queued outbox entries. */
async function versionThreeProfile(old: Dexie) {
  await old
    .table('batches')
    .add({ id: 'b1', label: 'March', status: 'processing', total_items: 1, sync_state: 'pushing' });
  await old.table('mentors').bulkAdd([
    { mentor_id: 'M-1', name: 'Ada', coordinator_id: 'coord-119' },
    { mentor_id: 'M-2', name: 'Grace', coordinator_id: 'coord-119' },
  ]);
  await old.table('outbox').add({
    record: 'batch:b1',
    idempotency_key: '8a1f6f6e-4d9c-4bb0-9b53-1d1f0d3c0a01',
    method: 'POST',
    op: 'batch.create',
    body: { coordinator_id: 'coord-119', items: [] },
    status: 'pending',
    attempts: 0,
    next_attempt_at: 0,
    created_at: '2026-03-26T10:00:00.000Z',
  });
  await old
    .table('settings')
    .put({ key: 'coordinator.settings', value: { coordinator_id: 'coord-119', date_order: 'DMY' } });
}

describe('upgrading a version-3 profile to version 4', () => {
  it('keeps its batches, mentors, outbox and settings, and the field tables work', async () => {
    const db = await upgradedProfile(3, versionThreeProfile);
    expect(await db.batches.get('b1')).toMatchObject({ label: 'March', sync_state: 'pushing' });
    expect((await db.mentors.toArray()).map((m) => m.name)).toEqual(['Ada', 'Grace']);
    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({ record: 'batch:b1', op: 'batch.create', status: 'pending' });
    expect(db.verno).toBeGreaterThanOrEqual(4);
    // the new tables are there and indexed: a learner saved now takes the outbox's next seq
    const learner = await saveLearner(db, {
      first_name: 'Zoë',
      last_name: 'Müller',
      email: 'zoe@example.org',
    });
    expect(learner.coordinator_id).toBe('coord-119');
    expect((await db.learners.where('search_words').startsWith('mul').toArray()).length).toBe(1);
    expect((await db.outbox.orderBy('seq').toArray()).map((e) => e.op)).toEqual([
      'batch.create',
      'learner.create',
    ]);
    db.close();
  });
});
