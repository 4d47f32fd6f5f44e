import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
 * outcomes stored, even when another kind's pull step (the reference data pull) waits on a busy
 * server: on a server that takes its requests one at a time (PGlite) that pull sits behind the
 * remaining POSTs, and the batches' outcomes used to wait for it.
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

describe('polling while the push is still sending', () => {
  it('stores an answered batch before the last batch is answered, though the reference pull waits', async () => {
    const db = memoryDatabase();
    const host = new RealClockHost();
    await configure(db, server.url);
    const first = await submitLocalBatch(db, [item('pdp-mentor-a')], { label: 'first' });
    const second = await submitLocalBatch(db, [item('pdp-mentor-b')], { label: 'second' });

    const firstFinalLocally = async () =>
      (await db.batches.get(first))?.sync_state === 'synced' &&
      !(await allPolls(db)).some((poll) => poll.batch === first);
    const referencePullStarted = signal();
    const secondReleased = signal();
    let storedBeforeSecondAnswered: boolean | undefined;
    let posts = 0;

    const held: typeof fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const method = init?.method ?? 'GET';
      if (url.pathname.endsWith('/venues')) {
        // the reference pull is answered only once the server is done with the POSTs
        referencePullStarted.fire();
        await Promise.race([secondReleased.promise, sleep(HOLD_LIMIT_MS)]);
      } else if (method === 'POST' && url.pathname.endsWith('/bulk-registrations')) {
        posts += 1;
        if (posts === 1) {
          // the first create is answered after the reference pull began waiting
          await Promise.race([referencePullStarted.promise, sleep(HOLD_LIMIT_MS)]);
        } else {
          // the second is still on its way until the first batch's outcomes are stored
          const until = Date.now() + HOLD_LIMIT_MS;
          while (!(await firstFinalLocally()) && Date.now() < until) await sleep(10);
          storedBeforeSecondAnswered = await firstFinalLocally();
          secondReleased.fire();
        }
      }
      return fetch(input, init);
    };

    const status = await runSyncCycle({
      db,
      host,
      reason: 'change',
      deps: testDependencies({ fetch: held, timeoutMs: 3 * HOLD_LIMIT_MS }),
    });

    expect(posts).toBe(2);
    expect(storedBeforeSecondAnswered).toBe(true);
    expect(status).toMatchObject({ state: 'idle', pending: 0, rejected: 0 });
    expect((await db.batches.get(second))?.sync_state).toBe('synced');
  }, 60_000);
});
