import type Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { upgradedProfile } from './upgradedProfile';
import { learnersByEmail } from '../../../src/learners/byEmail';
import { dexieSource } from '../../../src/search/memoryIndex';
import { learnerSearchFields, registrationSearchFields } from '../../../src/search/searchText';

const EVENT = '6f1c2d3e-0000-4000-8000-000000000001';
const learner = {
  learner_id: '6f1c2d3e-0000-4000-8000-0000000000a1',
  first_name: 'Zoë',
  last_name: 'Müller',
  email: 'zoe@example.org',
  phone: null,
  coordinator_id: 'coord-119',
  created_at: '2026-05-01T09:00:00.000Z',
  updated_at: '2026-05-01T09:00:00.000Z',
};
const registration = {
  registration_id: '6f1c2d3e-0000-4000-8000-0000000000b1',
  code: 'DX3Q7K2M',
  event_id: EVENT,
  learner: { learner_id: learner.learner_id, first_name: 'Zoë', last_name: 'Müller', email: learner.email },
  status: 'active',
  updated_at: '2026-05-01T09:00:00.000Z',
};

/** A profile written by version 4: a learner and a registration made offline, not yet sent. */
async function versionFourProfile(old: Dexie) {
  await old
    .table('learners')
    .add({ ...learner, ...learnerSearchFields(learner), sync_state: 'local', written_at: 1000 });
  await old.table('registrations').add({
    ...registration,
    ...registrationSearchFields(registration.learner),
    // version 4 stored a registration's words too (no longer written, see searchText.ts)
    search_words: ['zoe', 'muller'],
    sync_state: 'local',
    written_at: 1000,
  });
}

describe('upgrading a version-4 profile to version 5 (unused indexes dropped)', () => {
  it('keeps every learner and registration, whole, and every index a query reads', async () => {
    const db = await upgradedProfile(4, versionFourProfile);
    expect(db.verno).toBeGreaterThanOrEqual(5);
    // the records keep the fields whose index went
    expect(await db.registrations.get(registration.registration_id)).toMatchObject({
      code: 'DX3Q7K2M',
      updated_at: registration.updated_at,
      search_words: ['zoe', 'muller'],
    });
    expect(await db.learners.get(learner.learner_id)).toMatchObject({ updated_at: learner.updated_at });
    // the queries of the desk, the search and sync still find them
    const ids = (rows: { registration_id: string }[]) => rows.map((r) => r.registration_id);
    expect(ids(await db.registrations.where('event_id').equals(EVENT).toArray())).toEqual([
      registration.registration_id,
    ]);
    expect(await db.registrations.where('[event_id+status]').equals([EVENT, 'active']).count()).toBe(1);
    expect(await db.registrations.where('learner.learner_id').equals(learner.learner_id).count()).toBe(1);
    expect(await db.registrations.where('sync_state').equals('local').count()).toBe(1);
    // (written_at and the learners' email are read through version 6's indexes since)
    expect(await dexieSource(db.registrations).writtenSince(1000)).toHaveLength(1);
    expect((await learnersByEmail(db, ['ZOE@example.org'])).size).toBe(1);
    expect(await db.learners.where('search_words').startsWith('mul').count()).toBe(1);
    expect(await dexieSource(db.learners).writtenSince(1000)).toHaveLength(1);
    db.close();
  });
});
