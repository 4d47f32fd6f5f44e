import { afterEach, beforeEach, expect, it } from 'vitest';
import type { RunDetail } from '../../../src/contract/expiryOrchestration';
import { addDays } from '../../../src/domain/expiryCalendar';
import { getRunDetail, upsertRoster } from '../../../src/expiry';
import {
  COORDINATOR,
  configure,
  memoryDatabase,
  RealClockHost,
  syncUntilSettled,
  TestServer,
  TOKENS,
} from '../sync/support';
import { ClockHost, mentorRow, runExpiryJob } from './support';

/**
 * A run pushed from west of UTC in the evening: the server evaluates it on the coordinator's local
 * date (the evaluated_on extension), so it reaches no threshold the coordinator's computer did not.
 */

let server: TestServer;
beforeEach(async () => {
  server = await TestServer.start();
});
afterEach(async () => {
  await server.close();
});

it('the server evaluates a pushed run on the coordinator’s local date, not the UTC one', async () => {
  // 20:00 in Los Angeles on the 10th is 04:00Z on the 11th
  const host = new ClockHost(Date.parse('2026-03-11T04:00:00Z'), 'America/Los_Angeles');
  const db = memoryDatabase();
  // 8 days from the local date (30-day window), 7 from the UTC date (7-day)
  await upsertRoster(db, [mentorRow('m-8', addDays('2026-03-10', 8), COORDINATOR)], host.now());
  await configure(db, server.url, TOKENS.coord);
  const runId = crypto.randomUUID();
  await runExpiryJob(db, host, { triggered_by: 'desktop-scheduler', run_id: runId });
  const local = await getRunDetail(db, runId);
  await syncUntilSettled(db, new RealClockHost());
  const held = await server.call<RunDetail>(
    'GET',
    `/api/v1/expiry-orchestration/${runId}`,
    undefined,
    TOKENS.coord,
  );
  expect(held.notifications_dispatched).toBe(local.notifications_dispatched);
  expect(held.thresholds_hit).toEqual(local.thresholds_hit);
});
