import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { engineLocks, readEngineStatus } from './support/idb';

/** The engine renews its status at least this often (engine.ts: MAX_HEARTBEAT_MS). */
const HEARTBEAT_MS = 5_000;

/** Every owner that published the engine status while `beats` heartbeats went by. */
async function ownersOverHeartbeats(page: Page, beats: number): Promise<string[]> {
  const owners = new Set<string>();
  const first = (await readEngineStatus(page))!;
  owners.add(first.owner);
  for (;;) {
    const status = (await readEngineStatus(page))!;
    owners.add(status.owner);
    if (status.heartbeat_at - first.heartbeat_at >= beats * HEARTBEAT_MS) return [...owners];
    await page.waitForTimeout(100);
  }
}

/**
 * Two tabs of one profile (two pages of one browser context): each tab starts an engine worker,
 * the engine Web Lock lets exactly one run; closing its tab hands the engine to the other.
 */
test('with two tabs exactly one engine runs, and closing its tab hands it to the other', async ({
  context,
}) => {
  const first = await context.newPage();
  await first.goto('/');
  await expect(first.getByRole('status', { name: 'Engine' })).toHaveText(/Running|Idle/);
  const leader = await readEngineStatus(first);
  expect(leader).not.toBeNull();

  const second = await context.newPage();
  await second.goto('/');
  await expect(second.getByRole('status', { name: 'Engine' })).toHaveText(/Running|Idle/);

  // one worker holds the lock, the other waits for it
  await expect
    .poll(() => engineLocks(second))
    .toEqual({ held: [expect.any(String)], pending: [expect.any(String)] });
  const locks = await engineLocks(second);
  expect(locks.held[0]).not.toBe(locks.pending[0]);

  // the engine keeps heartbeating under one owner while both tabs are open: a second engine
  // would publish its own owner in between. Watch the status over three heartbeats.
  const owners = await ownersOverHeartbeats(second, 3);
  expect(owners).toEqual([leader!.owner]);
  expect(await engineLocks(first)).toEqual(locks);

  // closing the leader's tab releases its lock: the waiting worker takes over
  await first.close();
  await expect.poll(() => engineLocks(second)).toEqual({ held: [locks.pending[0]], pending: [] });
  await expect.poll(async () => (await readEngineStatus(second))?.owner).not.toBe(leader!.owner);
  await expect(second.getByRole('status', { name: 'Engine' })).toHaveText(/Running|Idle/);
});
