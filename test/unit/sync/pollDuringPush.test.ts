import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../../src/db';
import { allPolls } from '../../../src/sync/pollSet';
import { runSyncCycle } from '../../../src/sync/syncer';
import {
  RealClockHost,
  TestServer,
  configure,
  item,
  memoryDatabase,
  submitLocalBatch,
  testDependencies,
} from './support';

/**
 * While a push is still sending, a batch the server already answered is fetched back and its
 * outcomes stored. The reference data refresh waits for the push: on a server that takes its
 * requests one at a time (PGlite) its reads sat between the POSTs and held them back.
 */

let server: TestServer;
beforeAll(async () => {
  server = await TestServer.start();
}, 180_000);
afterAll(async () => {
  await server.close();
});

/** a held request gives up after this long, so a test that fails ends rather than hangs */
const HOLD_LIMIT_MS = 5_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function signal(): { promise: Promise<void>; fire: () => void } {
  let fire!: () => void;
  const promise = new Promise<void>((resolve) => (fire = resolve));
  return { promise, fire };
}

/** true once the batch is synced and no poll of it is left */
async function finalLocally(db: AppDatabase, id: string): Promise<boolean> {
  return (
    (await db.batches.get(id))?.sync_state === 'synced' &&
    !(await allPolls(db)).some((poll) => poll.batch === id)
  );
}

/** waits (a held request) until `check` holds or the hold limit passed; answers `check` then */
async function heldUntil(check: () => Promise<boolean>): Promise<boolean> {
  const until = Date.now() + HOLD_LIMIT_MS;
  while (!(await check()) && Date.now() < until) await sleep(10);
  return check();
}

/** one sync cycle whose requests go through `held`; expects it to end settled */
async function syncThrough(db: AppDatabase, held: typeof fetch): Promise<void> {
  const status = await runSyncCycle({
    db,
    host: new RealClockHost(),
    reason: 'change',
    deps: testDependencies({ fetch: held, timeoutMs: 3 * HOLD_LIMIT_MS }),
  });
  expect(status).toMatchObject({ state: 'idle', pending: 0, rejected: 0 });
}

/** a profile pointed at the server with two batches of one item each waiting to be pushed */
async function twoLocalBatches(firstMentor: string, secondMentor: string) {
  const db = memoryDatabase();
  await configure(db, server.url);
  const first = await submitLocalBatch(db, [item(firstMentor)], { label: 'first' });
  const second = await submitLocalBatch(db, [item(secondMentor)], { label: 'second' });
  return { db, first, second };
}

describe('polling while the push is still sending', () => {
  it('stores an answered batch before the last batch is answered, and pulls the reference data after the push', async () => {
    const { db, first, second } = await twoLocalBatches('pdp-mentor-a', 'pdp-mentor-b');

    let storedBeforeSecondAnswered: boolean | undefined;
    let posts = 0;
    let answered = 0;
    const referenceReads: number[] = [];

    const held: typeof fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const method = init?.method ?? 'GET';
      const isPost = method === 'POST' && url.pathname.endsWith('/bulk-registrations');
      // how many POSTs were answered when each reference read went out
      if (/\/(venues|assessment-forms|exam-classes)\b/.test(url.pathname)) referenceReads.push(answered);
      if (isPost) {
        posts += 1;
        // the second is still on its way until the first batch's outcomes are stored
        if (posts === 2) storedBeforeSecondAnswered = await heldUntil(() => finalLocally(db, first));
      }
      const response = await fetch(input, init);
      if (isPost) answered += 1;
      return response;
    };

    await syncThrough(db, held);

    expect(posts).toBe(2);
    expect(storedBeforeSecondAnswered).toBe(true);
    expect((await db.batches.get(second))?.sync_state).toBe('synced');
    // the refresh came in the same cycle, but none of its reads queued between the POSTs
    expect(referenceReads.length).toBeGreaterThan(0);
    expect(referenceReads.every((n) => n === 2)).toBe(true);
  }, 60_000);

  it('stores a batch answered while the poll of another still waits on the server', async () => {
    const { db, first, second } = await twoLocalBatches('pdp-mentor-c', 'pdp-mentor-d');

    const firstPollStarted = signal();
    let heldPath: string | undefined;
    let secondStoredWhileFirstPollWaited: boolean | undefined;
    let posts = 0;

    const held: typeof fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const method = init?.method ?? 'GET';
      if (method === 'POST' && url.pathname.endsWith('/bulk-registrations')) {
        posts += 1;
        // the second create is answered only once the first batch's poll is on its way
        if (posts === 2) await Promise.race([firstPollStarted.promise, sleep(HOLD_LIMIT_MS)]);
      } else if (method === 'GET' && /\/bulk-registrations\/[^/]+$/.test(url.pathname)) {
        heldPath ??= url.pathname;
        if (url.pathname === heldPath) {
          // the first batch's detail is answered late, as a busy one-request-at-a-time server does
          firstPollStarted.fire();
          secondStoredWhileFirstPollWaited ??= await heldUntil(() => finalLocally(db, second));
        }
      }
      return fetch(input, init);
    };

    await syncThrough(db, held);

    expect(posts).toBe(2);
    expect(secondStoredWhileFirstPollWaited).toBe(true);
    expect(await finalLocally(db, first)).toBe(true);
  }, 60_000);
});
