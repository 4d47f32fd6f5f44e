import type Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import type { LearnerRecord } from '../../../src/db';
import { upgradedProfile } from './upgradedProfile';
import { learnersByEmail } from '../../../src/learners/byEmail';
import { dexieSource } from '../../../src/search/memoryIndex';
import { learnerSearchFields, registrationSearchFields } from '../../../src/search/searchText';

const EVENT = '6f1c2d3e-0000-4000-8000-000000000001';
const learnerOf = (n: number, email: string) => ({
  learner_id: `6f1c2d3e-0000-4000-8000-0000000000a${n}`,
  first_name: 'Zoë',
  last_name: `Müller${n}`,
  email,
  phone: null,
  coordinator_id: 'coord-119',
  created_at: '2026-05-01T09:00:00.000Z',
  updated_at: '2026-05-01T09:00:00.000Z',
});
const synced = learnerOf(1, 'Zoe.Muller@Example.org');
const local = learnerOf(2, 'zoe2@example.org');
const registrationOf = (n: number, learner: ReturnType<typeof learnerOf>) => ({
  registration_id: `6f1c2d3e-0000-4000-8000-0000000000b${n}`,
  code: 'DX3Q7K2M',
  event_id: EVENT,
  learner: {
    learner_id: learner.learner_id,
    first_name: learner.first_name,
    last_name: learner.last_name,
    email: learner.email,
  },
  status: 'active',
  updated_at: '2026-05-01T09:00:00.000Z',
  ...registrationSearchFields(learner),
});

/**
 * A profile written by version 5: a synced learner and registration, and a local pair, one of
 * each stored without `written_at` (the field was optional then).
 */
async function versionFiveProfile(old: Dexie) {
  await old.table('learners').bulkAdd([
    { ...synced, ...learnerSearchFields(synced), sync_state: 'synced', written_at: 1000 },
    { ...local, ...learnerSearchFields(local), sync_state: 'local' },
  ]);
  await old.table('registrations').bulkAdd([
    { ...registrationOf(1, synced), sync_state: 'synced' },
    { ...registrationOf(2, local), sync_state: 'local', written_at: 2000 },
  ]);
}

describe('upgrading a version-5 profile to version 6 (one index for sync state and write time)', () => {
  it('keeps every record and finds each one by sync state, write time and email', async () => {
    const db = await upgradedProfile(5, versionFiveProfile);
    expect(db.verno).toBeGreaterThanOrEqual(6);
    expect(await db.learners.get(synced.learner_id)).toMatchObject({ ...synced, written_at: 1000 });
    // the record stored without a stamp gets 0, so the compound index still holds it
    expect(await db.learners.get(local.learner_id)).toMatchObject({ ...local, written_at: 0 });
    expect(await db.registrations.get(registrationOf(1, synced).registration_id)).toMatchObject({
      code: 'DX3Q7K2M',
      written_at: 0,
    });

    // sync's queries, served from the compound index's first part
    expect(await db.learners.where('sync_state').equals('synced').primaryKeys()).toEqual([synced.learner_id]);
    expect(await db.learners.where('sync_state').equals('local').primaryKeys()).toEqual([local.learner_id]);
    expect(await db.registrations.where('sync_state').notEqual('synced').primaryKeys()).toEqual([
      registrationOf(2, local).registration_id,
    ]);
    expect(await db.registrations.where('sync_state').anyOf('local', 'pushing').count()).toBe(1);
    expect(await db.registrations.where('sync_state').equals('synced').count()).toBe(1);

    // the search's catch-up, across sync states
    const ids = (rows: { learner_id: string }[]) => rows.map((r) => r.learner_id).sort();
    expect(ids(await dexieSource<LearnerRecord>(db.learners).writtenSince(0))).toEqual([
      synced.learner_id,
      local.learner_id,
    ]);
    expect(ids(await dexieSource<LearnerRecord>(db.learners).writtenSince(1)).length).toBe(1);
    expect(await dexieSource(db.registrations).writtenSince(1500)).toMatchObject([{ written_at: 2000 }]);

    // the import's learners by email, ignoring case, without an email index
    const found = await learnersByEmail(db, [
      'zoe.muller@example.org',
      'ZOE2@EXAMPLE.ORG',
      'nobody@example.org',
    ]);
    expect([...found.keys()].sort()).toEqual(['zoe.muller@example.org', 'zoe2@example.org']);
    expect(found.get('zoe2@example.org')?.learner_id).toBe(local.learner_id);
    db.close();
  });
});
