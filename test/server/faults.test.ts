import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/contract';
import { PG_URL, freshSchema, waitFor } from './helpers';
import { call, spawnServer, type ServerProcess } from './processes';

if (!PG_URL) console.log('Fault suite skipped: it needs PostgreSQL and TEST_DATABASE_URL is not set');

describe.skipIf(!PG_URL)('a server process that dies or stops in the middle of a batch', () => {
  const schema = freshSchema();
  let db: pg.Client;
  const env = () => ({
    DATABASE_URL: PG_URL!,
    DATABASE_SCHEMA: schema.schema,
    WORKER_CHUNK_SIZE: '25',
    CLAIM_LEASE_MS: '1000',
  });
  const running: ServerProcess[] = [];
  const start = async () => {
    const p = await spawnServer(env());
    running.push(p);
    return p;
  };

  beforeAll(async () => {
    db = new pg.Client({ connectionString: PG_URL });
    await db.connect();
  });
  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop('SIGKILL')));
    await db?.end();
    await schema.drop();
  });

  const progress = async (batchId: string) => {
    const { rows } = await db.query(
      `SELECT b.completed, b.failed, b.open_items, b.status,
              (SELECT count(*)::int FROM "${schema.schema}".batch_items i WHERE i.batch_seq = b.seq AND i.status = 'processing') AS processing,
              (SELECT count(*)::int FROM "${schema.schema}".activities a WHERE a.batch_id = b.batch_id) AS activities
       FROM "${schema.schema}".batches b WHERE b.batch_id = $1`,
      [batchId],
    );
    return rows[0] as {
      completed: number;
      failed: number;
      open_items: number;
      status: string;
      processing: number;
      activities: number;
    };
  };

  const submit = async (server: ServerProcess, prefix: string, n: number) => {
    const items = Array.from({ length: n }, (_, i) => ({
      mentor_id: `${prefix}-${i}`,
      activity_type: 'workshop',
      activity_date: '2026-05-05',
      duration_minutes: 45,
    }));
    const res = await call(server.url, 'POST', paths.batches, { coordinator_id: 'coord-119', items });
    expect(res.status).toBe(202);
    return res.body['batch_id'] as string;
  };

  it('SIGKILL mid-batch: a restart loses nothing, does nothing twice and finishes; SIGTERM hands claims back', async () => {
    const first = await start();
    const killed = await submit(first, 'kill', 3000);
    await waitFor(async () => (await progress(killed)).completed > 0, 60_000);
    await first.stop('SIGKILL');
    expect((await progress(killed)).completed).toBeLessThan(3000);

    const second = await start();
    const done = await waitFor(async () => {
      const p = await progress(killed);
      return p.status !== 'processing' ? p : null;
    }, 60_000);
    expect(done).toMatchObject({
      status: 'completed',
      completed: 3000,
      failed: 0,
      open_items: 0,
      processing: 0,
      activities: 3000,
    });
    const res = await call<{ items: { status: string }[] }>(second.url, 'GET', paths.batch(killed));
    expect(res.body.items.every((i) => i.status === 'success')).toBe(true);

    // Graceful stop in the middle of the next batch: exit 0, nothing left claimed, the next instance finishes.
    const termed = await submit(second, 'term', 3000);
    await waitFor(async () => (await progress(termed)).completed > 0, 60_000);
    expect(await second.stop('SIGTERM')).toBe(0);
    const after = await progress(termed);
    expect(after.processing).toBe(0);
    expect(after.completed + after.open_items).toBe(3000);

    await start();
    const finished = await waitFor(async () => {
      const p = await progress(termed);
      return p.status !== 'processing' ? p : null;
    }, 60_000);
    expect(finished).toMatchObject({ status: 'completed', completed: 3000, activities: 3000 });
  }, 240_000);
});
