import { describe, expect, it } from 'vitest';
import type { Registration } from '../../../src/contract';
import type { AppDatabase } from '../../../src/db';
import { registerLaxLocal } from '../../../src/registrations';
import { recordKey } from '../../../src/sync/recordIds';
import { acknowledgeRegistrationChanges } from '../../../src/sync/kinds/registrationChanges';
import { registrationKind } from '../../../src/sync/kinds/registrationKind';
import { syncTables } from '../../../src/sync/recordKinds';
import { runSyncCycle } from '../../../src/sync/syncer';
import { TestHost } from '../engine/support';
import { item, submitLocalBatch } from '../sync/support';
import { REF, freshDatabase, laxBody, learner, seedReference } from './support';

/**
 * The sync status's `changed`: every kind's records whose server outcome differed from this
 * computer's and that the coordinator has not marked as seen, batches and registrations alike.
 */

/** A registration made here, answered by the server with `answer` applied to it. */
async function answered(db: AppDatabase, first: string, answer: (r: Registration) => Registration) {
  const made = await registerLaxLocal(db, laxBody(await learner(db, first, 'Changed')));
  const id = made.registration.registration_id;
  const [entry] = await db.outbox
    .where('record')
    .equals(recordKey({ kind: 'registration', id }))
    .toArray();
  await db.transaction('rw', syncTables(db), async () => {
    await registrationKind.accept(
      { db, now: () => Date.now(), timeZone: 'UTC' },
      entry!,
      { kind: 'registration', id },
      answer(made.registration),
    );
  });
  return id;
}

const cancelled = (r: Registration): Registration => ({
  ...r,
  status: 'cancelled',
  cancellation_reason: 'duplicate',
});
const same = (r: Registration) => r;

async function batchWithChangedItems(db: AppDatabase) {
  const id = await submitLocalBatch(db, [item('m-1'), item('m-2')], { provisional: ['success', 'success'] });
  await db.batches.update(id, { changed_outcomes: 2 });
}

const cases: Array<[string, (db: AppDatabase) => Promise<unknown>, number]> = [
  ['nothing the server decided otherwise', (db) => answered(db, 'Ann', same), 0],
  ['a registration the server cancelled', (db) => answered(db, 'Ann', cancelled), 1],
  [
    'two such registrations',
    async (db) => {
      await answered(db, 'Ann', cancelled);
      await answered(db, 'Bob', (r) => ({ ...r, assessment: 'CPA2', assessment_form_id: REF.forms.cpa2 }));
    },
    2,
  ],
  ['a batch counts once, however many of its items changed', batchWithChangedItems, 1],
  [
    'a batch and a registration',
    async (db) => {
      await batchWithChangedItems(db);
      await answered(db, 'Ann', cancelled);
    },
    2,
  ],
  [
    'a registration marked as seen',
    async (db) => {
      const seen = await answered(db, 'Ann', cancelled);
      await answered(db, 'Bob', cancelled);
      await acknowledgeRegistrationChanges(db, [seen]);
    },
    1,
  ],
  [
    'a registration removed from this computer since',
    async (db) => db.registrations.delete(await answered(db, 'Ann', cancelled)),
    0,
  ],
];

describe('the sync status counts what the server changed', () => {
  it.each(cases)('%s', async (_, arrange, expected) => {
    const db = freshDatabase();
    await seedReference(db);
    await arrange(db);
    // not configured: the cycle only publishes the counts
    const status = await runSyncCycle({ db, host: new TestHost(), reason: 'manual' });
    expect(status.state).toBe('not-configured');
    expect(status.changed).toBe(expected);
  });

  it('marking as seen clears the registration’s mark too', async () => {
    const db = freshDatabase();
    await seedReference(db);
    const id = await answered(db, 'Ann', cancelled);
    expect((await db.registrations.get(id))?.outcome_changed?.from).toMatch(/^active on event/);
    await acknowledgeRegistrationChanges(db, [id]);
    expect((await db.registrations.get(id))?.outcome_changed).toBeUndefined();
    expect((await db.registrations.get(id))?.status).toBe('cancelled');
  });
});
