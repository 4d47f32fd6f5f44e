import { IDBIndex, IDBObjectStore } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../../src/db';
import { registerLaxLocal } from '../../../src/registrations';
import { countIdbRequests } from '../../support/idbRequests';
import { NOW, freshDatabase, laxBody, learner, seedReference } from './support';

/**
 * What one registration at the desk costs in IndexedDB requests (each a round trip to the
 * browser's database process, so the desk's wait on a busy laptop): a fixed number, whatever the
 * size of the sitting, and the exam classes read only when an event has to be made.
 */

const at = { now: NOW, coordinatorId: 'coord-119' };
let db: AppDatabase;

beforeEach(async () => {
  db = freshDatabase();
  await seedReference(db);
});

async function requestsOf(learnerId: string) {
  const counter = countIdbRequests({ IDBObjectStore, IDBIndex });
  const made = registerLaxLocal(db, laxBody(learnerId), at);
  // stopped whether it succeeds or not, so a failure leaves the engine as it was
  const requests = await made.then(counter.stop, counter.stop);
  return { result: await made, requests, timeline: counter.timeline() };
}

const writes = (requests: string[]) => requests.filter((r) => /\.(put|add|delete)$/.test(r)).sort();

describe('register-lax in IndexedDB requests', () => {
  it('on an event already here: 8 requests, one write each for the event, the registration and the outbox, however full the sitting', async () => {
    await registerLaxLocal(db, laxBody(await learner(db, 'First', 'One')), at);
    for (let i = 0; i < 30; i++)
      await registerLaxLocal(db, laxBody(await learner(db, `P${i}`, 'Seated')), at);

    const { result, requests } = await requestsOf(await learner(db, 'Ann', 'Lee'));

    expect(result.madeProvisionalEvent).toBe(false);
    expect(result.event.registered_count).toBe(32);
    expect(requests).toHaveLength(8);
    expect(requests.some((r) => r.startsWith('examClasses'))).toBe(false);
    expect(writes(requests)).toEqual(['events.put', 'outbox.add', 'registrations.put']);
  });

  it('making a provisional event: one request more, for the venue organisation’s exam classes', async () => {
    const { result, requests } = await requestsOf(await learner(db, 'Ann', 'Lee'));

    expect(result.madeProvisionalEvent).toBe(true);
    expect(requests).toHaveLength(9);
    expect(requests.filter((r) => r.startsWith('examClasses'))).toHaveLength(1);
    expect(writes(requests)).toEqual(['events.put', 'outbox.add', 'registrations.put']);
  });

  it('making a provisional event: the exam classes are asked for while the other reads are answered, not after them', async () => {
    const { timeline } = await requestsOf(await learner(db, 'Ann', 'Lee'));

    const asked = timeline.indexOf('> examClasses.getAll');
    const reads = timeline.filter((e) => e.startsWith('< ') && !/examClasses|\.(put|add)$/.test(e));
    expect(asked).toBeGreaterThan(-1);
    // the venue and the events at its start are in, the learner's registrations not yet
    expect(asked).toBeGreaterThan(timeline.indexOf('< events[[event_venue+event_start]].getAll'));
    expect(asked).toBeLessThan(Math.max(...reads.map((e) => timeline.indexOf(e))));
  });
});
