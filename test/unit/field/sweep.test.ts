import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../../src/contract';
import type { AppDatabase } from '../../../src/db';
import { saveLearner } from '../../../src/learners';
import { applyRegistrationCommand, registerLaxLocal } from '../../../src/registrations';
import { createApiClient, type ApiResult } from '../../../src/sync/client';
import { pullOutcomes } from '../../../src/sync/pull';
import { registerRecordKind } from '../../../src/sync/recordKinds';
import { discardRejected } from '../../../src/sync/rejections';
import {
  RealClockHost,
  TOKENS,
  TestServer,
  configure,
  memoryDatabase,
  syncUntilSettled,
} from '../sync/support';
import { referenceOnServer } from './serverReference';

/**
 * Records the server deleted, or stopped showing this coordinator, leave the laptop on "Sync now"
 * (the sweep), unless this laptop still has a change of them the server has not answered.
 */

const OTHER_TOKEN = 'sweep-test-coord-777';
let server: TestServer;
beforeAll(async () => {
  server = await TestServer.start([TOKENS.coord, TOKENS.admin, `${OTHER_TOKEN}:coord-777`]);
}, 180_000);
afterAll(async () => {
  await server.close();
});

const host = new RealClockHost();

async function laptop(): Promise<AppDatabase> {
  const db = memoryDatabase();
  await configure(db, server.url, TOKENS.coord);
  return db;
}

/** Registers two new learners at the venue's `start` on this laptop and syncs them. */
async function twoRegistrations(db: AppDatabase, venue: string, code: string, start: string) {
  const ids: string[] = [];
  for (const first of ['Ann', 'Bob']) {
    const learner = await saveLearner(db, {
      first_name: first,
      last_name: 'Sweep',
      email: `${first}-${crypto.randomUUID()}@example.org`.toLowerCase(),
    });
    const made = await registerLaxLocal(db, {
      event_venue: venue,
      event_start: start,
      event_exam_type: 'CPA',
      event_exam_format: 'paper',
      event_billing_code: 'B1',
      learner: learner.learner_id,
      assessment: code,
    });
    ids.push(made.registration.registration_id);
  }
  await syncUntilSettled(db, host);
  return ids as [string, string];
}

async function cancelOffline(db: AppDatabase, registrationId: string) {
  await applyRegistrationCommand(db, registrationId, { command: 'cancel', body: { reason: 'moved away' } });
}

describe('a registration deleted on the server', () => {
  it('leaves the laptop on "Sync now"; one with a change of its own stays, refused as deleted, until discarded', async () => {
    const { venue, code } = await referenceOnServer(server);
    const db = await laptop();
    await syncUntilSettled(db, host);
    const [gone, edited] = await twoRegistrations(db, venue, code, '2026-07-06T07:30:00.000Z');
    expect((await db.registrations.get(gone))?.sync_state).toBe('synced');

    await server.call('DELETE', paths.registration(gone));
    await server.call('DELETE', paths.registration(edited));
    await cancelOffline(db, edited);
    await syncUntilSettled(db, host, undefined, { reason: 'manual' });

    expect(await db.registrations.get(gone)).toBeUndefined();
    const kept = await db.registrations.get(edited);
    expect(kept).toMatchObject({ status: 'cancelled', sync_state: 'rejected' });
    const [refused] = await db.outbox.where('status').equals('rejected').toArray();
    expect(refused).toMatchObject({
      op: 'registration.cancel',
      rejection: { status: 404, message: 'Registration not found.' },
    });

    // discarding the refused change lets the next sweep drop it as well
    await discardRejected(db, refused!.seq!, Date.now());
    await syncUntilSettled(db, host, undefined, { reason: 'manual' });
    expect(await db.registrations.get(edited)).toBeUndefined();
  }, 240_000);

  it('is not swept by a background cycle (only on start and "Sync now")', async () => {
    const { venue, code } = await referenceOnServer(server);
    const db = await laptop();
    await syncUntilSettled(db, host);
    const [gone] = await twoRegistrations(db, venue, code, '2026-07-07T07:30:00.000Z');
    await server.call('DELETE', paths.registration(gone));
    await syncUntilSettled(db, host, undefined, { reason: 'tick' });
    expect(await db.registrations.get(gone)).toBeDefined();
    await syncUntilSettled(db, host, undefined, { reason: 'startup' });
    expect(await db.registrations.get(gone)).toBeUndefined();
  }, 240_000);
});

describe('an event the server no longer shows this coordinator', () => {
  it('leaves with its registrations, but waits while one of them has a change not answered', async () => {
    const { venue, code } = await referenceOnServer(server);
    const start = '2026-07-08T07:30:00.000Z';
    // another coordinator's event (the admin's): this coordinator sees it through its registrations
    const eventId = crypto.randomUUID();
    await server.call('POST', paths.event(eventId), {
      event_venue: venue,
      event_start: start,
      event_exam_type: 'CPA',
      event_exam_format: 'paper',
      event_billing_code: 'B1',
    });
    const db = await laptop();
    await syncUntilSettled(db, host);
    const [first, second] = await twoRegistrations(db, venue, code, start);
    expect((await db.registrations.get(first))?.event_id).toBe(eventId);
    expect((await db.events.get(eventId))?.sync_state).toBe('synced');

    await server.call('DELETE', paths.registration(first));
    await server.call('DELETE', paths.registration(second));
    await cancelOffline(db, second);
    await syncUntilSettled(db, host, undefined, { reason: 'manual' });
    // the refused cancel keeps its registration, and the registration its event
    expect(await db.registrations.get(first)).toBeUndefined();
    expect(await db.registrations.get(second)).toBeDefined();
    expect(await db.events.get(eventId)).toBeDefined();

    const [refused] = await db.outbox.where('status').equals('rejected').toArray();
    await discardRejected(db, refused!.seq!, Date.now());
    await syncUntilSettled(db, host, undefined, { reason: 'manual' });
    expect(await db.registrations.get(second)).toBeUndefined();
    expect(await db.events.get(eventId)).toBeUndefined();
  }, 240_000);
});

describe('a learner the server does not show this token', () => {
  it('leaves on "Sync now" once the laptop is pointed at another coordinator', async () => {
    const db = await laptop();
    const learner = await saveLearner(db, {
      first_name: 'Cleo',
      last_name: 'Sweep',
      email: `cleo-${crypto.randomUUID()}@example.org`,
    });
    await syncUntilSettled(db, host);
    await syncUntilSettled(db, host, undefined, { reason: 'manual' });
    expect((await db.learners.get(learner.learner_id))?.sync_state).toBe('synced');

    await configure(db, server.url, OTHER_TOKEN);
    await syncUntilSettled(db, host, undefined, { reason: 'manual' });
    expect(await db.learners.get(learner.learner_id)).toBeUndefined();
  }, 240_000);
});

describe('a record the listing skipped', () => {
  it('is read once more, and only a 404 removes it', async () => {
    const db = await laptop();
    const removed: string[] = [];
    const answers: Record<string, ApiResult<unknown>> = {
      // moved out of the page the listing read (edited meanwhile): still on the server
      skipped: { ok: true, status: 200, data: {}, replayed: false },
      deleted: {
        ok: false,
        error: {
          kind: 'http',
          status: 404,
          code: 'not_found',
          message: 'Not found',
          retryAfter: null,
          envelope: true,
        },
      },
    };
    const unregister = registerRecordKind({
      kind: 'sweepProbe',
      tables: (d) => [d.settings],
      operations: {},
      pushOrder: 'parallel',
      setSyncState: async () => undefined,
      accept: async () => undefined,
      refetch: async () => undefined,
      subject: async () => ({ name: 'probe', exists: true }),
      sweep: {
        list: async () => ({
          ok: true,
          status: 200,
          replayed: false,
          data: { data: [{ id: 'listed' }], pagination: { total: 1, limit: 100 } },
        }),
        serverIdOf: (row) => (row as { id: string }).id,
        readOne: async (_client, id) => answers[id]!,
        syncedRecords: async () =>
          ['listed', 'skipped', 'deleted'].map((id) => ({ localId: id, serverId: id })),
        remove: async (_db, id) => {
          removed.push(id);
        },
      },
    });
    try {
      const report = await pullOutcomes({
        db,
        client: createApiClient({ baseUrl: server.url, token: TOKENS.coord }),
        now: () => Date.now(),
        random: () => 0.1,
        timeZone: 'UTC',
        sweep: true,
      });
      expect(report.lastError).toBeUndefined();
      expect(removed).toEqual(['deleted']);
    } finally {
      unregister();
    }
  }, 120_000);
});
