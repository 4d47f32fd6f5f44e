/**
 * server_attendee_job_10k_ms on PostgreSQL (TEST_DATABASE_URL, default the local one), loopback only:
 * 200 bulk jobs of 50 people each (10 jobs on each of 20 events), posted at once, until every task
 * result is readable (the job feed lists none processing, then every job's 207 is read back with
 * its 50 tasks settled). The server runs as its own
 * process with its default worker settings; the CPU its process and its PostgreSQL backends spent
 * per task is reported beside the time.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../../server/db/database';
import { bulkBody, eventFactory, people } from '../server/attendeeSetup';
import { processCpu } from './processCpu';
import { TOKEN, startServer } from './server.bench';

const PG_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const JOBS = 200;
const EVENTS = 20;

export async function run(): Promise<Record<string, number>> {
  const schema = `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const appName = `bench-${schema}`;
  const server = await startServer(schema, appName);
  const db = await openDatabase({ databaseUrl: PG_URL, dataDir: '', schema, poolSize: 2 });
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    const factory = await eventFactory(db);
    const events: string[] = [];
    for (let i = 0; i < EVENTS; i++) events.push(await factory.make({ owner: 'admin' }));
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const served = await processCpu(admin, appName).start();
    const started = performance.now();
    const ids = await Promise.all(
      Array.from({ length: JOBS }, async (_, j) => {
        const res = await fetch(`${server.url}/api/v1/events/${events[j % EVENTS]}/people/bulk`, {
          method: 'POST',
          headers,
          body: JSON.stringify(bulkBody(people(50, `bench-${j}`))),
        });
        if (res.status !== 202) throw new Error(`bulk POST answered ${res.status}: ${await res.text()}`);
        return ((await res.json()) as { id: string }).id;
      }),
    );
    // Wait on the job feed (one request a round), then read every job's 207.
    for (;;) {
      const res = await fetch(`${server.url}/api/v1/jobs?status=processing&limit=1`, { headers });
      const feed = (await res.json()) as { pagination: { total: number } };
      if (feed.pagination.total === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await Promise.all(
      ids.map(async (id) => {
        const res = await fetch(`${server.url}/api/v1/jobs/${id}/tasks?limit=50`, { headers });
        const page = (await res.json()) as { data: { status: string }[] };
        if (res.status !== 207 || page.data.length !== 50 || page.data.some((t) => t.status === 'pending'))
          throw new Error(`job ${id} is not readable as finished`);
      }),
    );
    const ms = Math.round(performance.now() - started);
    const perTask = await served(JOBS * 50);
    const [failed] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM attendee_job_tasks WHERE status <> 'succeeded'`,
    );
    if (failed!.n !== 0) throw new Error(`${failed!.n} tasks did not succeed`);
    console.log(
      `  CPU per task: server ${perTask.node.toFixed(3)} ms, PostgreSQL ${perTask.pg.toFixed(3)} ms`,
    );
    return {
      server_attendee_job_10k_ms: ms,
      // CPU ms per task (the posts, the work and the reads back): what bounds the time on a shared machine
      server_attendee_job_node_cpu_ms: Math.round(perTask.node * 1000) / 1000,
      server_attendee_job_pg_cpu_ms: Math.round(perTask.pg * 1000) / 1000,
    };
  } finally {
    await server.stop();
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await db.close();
    await admin.end();
  }
}
