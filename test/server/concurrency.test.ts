import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/contract';
import { PG_URL, freshSchema, waitFor } from './helpers';
import { call, spawnServer, type ServerProcess } from './processes';

if (!PG_URL) console.log('Concurrency suite skipped: it needs PostgreSQL and TEST_DATABASE_URL is not set');

/**
 * Two server processes on one PostgreSQL, many batches racing on shared mentors and dates:
 * each item is processed once and the duplicate rule holds (one success per mentor, type and date).
 */
describe.skipIf(!PG_URL)('two server processes on one PostgreSQL', () => {
  const schema = freshSchema();
  let a: ServerProcess;
  let b: ServerProcess;
  let db: pg.Client;

  beforeAll(async () => {
    const env = {
      DATABASE_URL: PG_URL!,
      DATABASE_SCHEMA: schema.schema,
      WORKER_CHUNK_SIZE: '40',
      WORKER_POLL_MS: '20',
    };
    // Started together: the migrations' advisory lock lets only one of them create the tables.
    [a, b] = await Promise.all([spawnServer(env), spawnServer(env)]);
    db = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema.schema}` });
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.end();
    await schema.drop();
  });

  it('processes every item exactly once with exactly one success per mentor, type and date', async () => {
    const mentors = Array.from({ length: 25 }, (_, i) => `mentor-${i}`);
    const dates = ['2026-04-01', '2026-04-02', '2026-04-03', '2026-04-04'];
    const types = ['peer_session', 'workshop'];
    let seed = 7;
    const pick = <T>(xs: T[]) => xs[(seed = (seed * 1103515245 + 12345) % 2147483648) % xs.length]!;
    const submissions = Array.from({ length: 16 }, (_, n) => ({
      server: n % 2 === 0 ? a : b,
      body: {
        coordinator_id: 'coord-119',
        items: Array.from({ length: 150 }, () => ({
          mentor_id: pick(mentors),
          activity_type: pick(types),
          activity_date: pick(dates),
          duration_minutes: 30,
        })),
      },
    }));
    const answers = await Promise.all(
      submissions.map((s) => call(s.server.url, 'POST', paths.batches, s.body)),
    );
    expect(answers.map((r) => r.status)).toEqual(submissions.map(() => 202));

    await waitFor(async () => {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM batches WHERE status = 'processing'`);
      return rows[0].n === 0;
    }, 60_000);

    const items = await db.query(
      `SELECT b.batch_id, i.item_no, i.mentor_id, i.activity_type, i.activity_date::text AS d, i.status, i.activity_id
       FROM batch_items i JOIN batches b ON b.seq = i.batch_seq`,
    );
    expect(items.rows).toHaveLength(16 * 150);
    expect(items.rows.filter((r) => r.status !== 'success' && r.status !== 'failed')).toEqual([]);

    // one activity per successful item, and each points back at that item
    const activities = await db.query(
      `SELECT activity_id, batch_id, item_no, mentor_id, activity_type, activity_date::text AS d FROM activities`,
    );
    const successes = items.rows.filter((r) => r.status === 'success');
    expect(activities.rows).toHaveLength(successes.length);
    const byId = new Map(activities.rows.map((r) => [r.activity_id, r]));
    for (const s of successes) {
      expect(byId.get(s.activity_id)).toMatchObject({
        batch_id: s.batch_id,
        item_no: s.item_no,
        mentor_id: s.mentor_id,
      });
    }

    // the duplicate rule: every key submitted has exactly one success, and within a batch it is the earliest item
    const keys = new Map<string, typeof items.rows>();
    for (const r of items.rows) {
      const key = `${r.mentor_id}|${r.activity_type}|${r.d}`;
      keys.set(key, [...(keys.get(key) ?? []), r]);
    }
    for (const [key, rows] of keys) {
      const won = rows.filter((r) => r.status === 'success');
      expect(won, key).toHaveLength(1);
      const winner = won[0]!;
      const sameBatch = rows.filter((r) => r.batch_id === winner.batch_id);
      expect(Math.min(...sameBatch.map((r) => r.item_no)), key).toBe(winner.item_no);
    }

    // the batches' counters agree with their items
    const counters = await db.query(
      `SELECT b.batch_id, b.completed, b.failed, b.open_items,
              (SELECT count(*)::int FROM batch_items i WHERE i.batch_seq = b.seq AND i.status = 'success') AS s,
              (SELECT count(*)::int FROM batch_items i WHERE i.batch_seq = b.seq AND i.status = 'failed') AS f
       FROM batches b`,
    );
    for (const c of counters.rows) expect([c.completed, c.failed, c.open_items]).toEqual([c.s, c.f, 0]);
  }, 120_000);
});
