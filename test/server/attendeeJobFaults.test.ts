import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/contract';
import { openDatabase, type Database } from '../../server/db/database';
import { bulkBody, eventFactory, people } from './attendeeSetup';
import { PG_URL, freshSchema, waitFor } from './helpers';
import { call, spawnServer, type ServerProcess } from './processes';

if (!PG_URL)
  console.log('Attendee job fault suite skipped: it needs PostgreSQL and TEST_DATABASE_URL is not set');

/** A server process killed (SIGKILL) in the middle of attendee jobs: after a restart each job completes once. */
describe.skipIf(!PG_URL)('an attendee-job worker killed mid-job', () => {
  const schema = freshSchema();
  const env = {
    DATABASE_URL: PG_URL!,
    DATABASE_SCHEMA: schema.schema,
    ATTENDEE_CHUNK_SIZE: '5',
    ATTENDEE_WORKER_LANES: '1',
    CLAIM_LEASE_MS: '1000',
    WORKER_POLL_MS: '20',
  };
  const running: ServerProcess[] = [];
  let db: Database;
  beforeAll(async () => {
    running.push(await spawnServer(env));
    db = await openDatabase({ databaseUrl: PG_URL, dataDir: '', schema: schema.schema, poolSize: 2 });
  }, 120_000);
  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop('SIGKILL')));
    await db?.close();
    await schema.drop();
  });

  it('registers each person once and ends every job once after a restart', async () => {
    const events = await eventFactory(db);
    const eventId = await events.make({ owner: 'admin' });
    const jobs: string[] = [];
    for (let j = 0; j < 20; j++) {
      const res = await call<{ id: string }>(
        running[0]!.url,
        'POST',
        paths.eventPeopleBulk(eventId),
        bulkBody(people(50, `crash-${j}`)),
      );
      expect(res.status).toBe(202);
      jobs.push(res.body.id);
    }
    const settled = async () =>
      (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM attendee_job_tasks WHERE status <> 'pending'`,
        )
      )[0]!.n;
    await waitFor(async () => (await settled()) >= 20, 60_000);
    await running[0]!.stop('SIGKILL');
    const atKill = await settled();
    expect(atKill).toBeLessThan(1000);

    running.push(await spawnServer(env));
    await waitFor(async () => {
      const [row] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM attendee_jobs WHERE status = 'processing'`,
      );
      return row!.n === 0;
    }, 90_000);

    const regs = await db.query<{ email: string; n: number }>(
      `SELECT l.email, count(*)::int AS n FROM registrations r JOIN learners l ON l.learner_id = r.learner_id
       WHERE r.event_id = $1 GROUP BY l.email`,
      [eventId],
    );
    expect(regs).toHaveLength(1000);
    expect(regs.filter((r) => r.n !== 1)).toEqual([]);
    const tasks = await db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM attendee_job_tasks GROUP BY status`,
    );
    expect(tasks).toEqual([{ status: 'succeeded', n: 1000 }]);
    for (const id of jobs) {
      const res = await call<{ attributes: Record<string, unknown> }>(running[1]!.url, 'GET', paths.job(id));
      expect(res.body.attributes).toMatchObject({
        status: 'ended',
        total_items: 50,
        total_processed_items: 50,
        total_success: 50,
        total_fail: 0,
      });
    }
  }, 240_000);
});
