/**
 * Registration figures on PostgreSQL (TEST_DATABASE_URL, default the local one), loopback only, bounded:
 * - server_register_lax_per_s: register-lax calls answered per second from 50 connections, each call a new
 *   learner on one of 1,000 events (round robin), as fast as the answers come
 * - server_register_lax_p99_ms: their p99 at a steady 1,500 calls a second (spread over each second)
 * - server_registration_search_p99_ms: a name substring search over 100,000 registrations at a steady
 *   100 requests a second (pg_trgm GIN index on the normalised name)
 * The server runs as its own process (as deployed), so the load tool does not share its event loop;
 * the load tool is `httpLoad.ts` (one keep-alive socket per connection, no pipelining).
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { learnerSearchText } from '../../src/domain/nameSearch';
import { confirmationCode } from '../../src/domain/confirmationCode';
import { httpLoad } from './httpLoad';
import { type CpuSample, processCpu } from './processCpu';
import { TOKEN, startServer } from './server.bench';

const PG_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const CONNECTIONS = 50;
const EVENTS = 1_000;
const VENUES = 10;
const LAX_RATE = 1_500;
const SEARCH_RATE = 100;
const SEARCH_ROWS = 100_000;
const SECONDS = 10;
const ORG = randomUUID();
const FIRST = ['Zoë', 'Jean', 'Amélie', 'Łukasz', 'Søren', 'Maria', 'José', 'Aiko', 'Chloé', 'Omar'];
const LAST = [
  'Müller',
  'Dupont',
  'García',
  'Novák',
  'Ångström',
  'Smith',
  'Okafor',
  'Tanaka',
  'Rossi',
  'Kowalski',
];

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

async function api(url: string, method: string, path: string, body: unknown): Promise<void> {
  const res = await fetch(url + path, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
}

interface LoadOptions {
  url: string;
  seconds: number;
  /** requests per second per connection; none: as fast as answers come */
  rate?: number;
  connections: number;
  body: () => string;
  path: () => string;
  cpu: ReturnType<typeof processCpu>;
}

/** The load, from the light client of `httpLoad.ts` (autocannon cost the server CPU here). */
async function load(o: LoadOptions) {
  const cpu = process.cpuUsage();
  const served = await o.cpu.start();
  const { latencies, failed, rps } = await httpLoad({
    ...o,
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
  });
  const used = process.cpuUsage(cpu);
  const perRequest: CpuSample = await served(latencies.length + failed);
  // what the load tool took of the machine's cores, reported so that its share is known
  console.log(
    `  load tool: ${(((used.user + used.system) / 1000 / (o.seconds * 1000)) * 100).toFixed(0)}% of a core over ${o.seconds} s`,
  );
  console.log(
    `  CPU per request: server ${perRequest.node.toFixed(2)} ms, PostgreSQL ${perRequest.pg.toFixed(2)} ms`,
  );
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] ?? NaN;
  return { failed, rps, p50: at(0.5), p99: at(0.99), cpu: perRequest };
}

export async function run(): Promise<Record<string, number>> {
  const schema = `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const db = new pg.Client({ connectionString: PG_URL });
  await db.connect();
  const appName = `bench-${schema}`;
  const server = await startServer(schema, appName);
  const cpu = processCpu(db, appName);
  try {
    await db.query(`SET search_path = "${schema}", public`);
    const venues = Array.from({ length: VENUES }, () => randomUUID());
    for (const v of venues) {
      await api(server.url, 'PUT', `/api/v1/venues/${v}`, {
        organization_id: ORG,
        name: 'Hall',
        time_zone: 'UTC',
      });
    }
    await api(server.url, 'PUT', `/api/v1/exam-classes/${ORG}`, {
      data: [{ exam_type: 'CPA', exam_formats: ['paper'], billing_codes: ['B1'] }],
    });
    await api(server.url, 'PUT', `/api/v1/assessment-forms/${randomUUID()}`, {
      code: 'CPA-1',
      title: 'CPA',
      exam_type: 'CPA',
      published: true,
      bilingual: false,
    });
    const starts = Array.from({ length: EVENTS }, (_, i) => ({
      venue: venues[i % VENUES]!,
      start: new Date(Date.parse('2027-06-01T08:00:00Z') + Math.floor(i / VENUES) * 3_600_000).toISOString(),
    }));
    for (let i = 0; i < EVENTS; i += 50) {
      await Promise.all(
        starts.slice(i, i + 50).map((s) =>
          api(server.url, 'POST', `/api/v1/events/${randomUUID()}`, {
            event_venue: s.venue,
            event_start: s.start,
            event_exam_type: 'CPA',
            event_exam_format: 'paper',
            event_billing_code: 'B1',
          }),
        ),
      );
    }
    // distinct learners for every call of every pass, made in SQL (their creation is not measured)
    const { rows: learners } = await db.query<{ learner_id: string }>(
      `INSERT INTO learners (learner_id, coordinator_id, first_name, last_name, email, email_lower, created_at, updated_at)
       SELECT gen_random_uuid(), 'admin', 'Bench', 'Learner' || n, 'b' || n || '@example.org', 'b' || n || '@example.org',
              now(), now()
       FROM generate_series(1, 120000) AS n RETURNING learner_id`,
    );
    let next = 0;
    const laxBody = () => {
      const n = next++;
      const s = starts[n % EVENTS]!;
      return JSON.stringify({
        event_venue: s.venue,
        event_start: s.start,
        learner: learners[n % learners.length]!.learner_id,
        assessment: 'CPA-1',
      });
    };
    const laxPath = () => `/api/v1/registrations/${randomUUID()}/commands/register-lax`;
    const lax = { url: server.url, connections: CONNECTIONS, body: laxBody, path: laxPath, cpu };
    await load({ ...lax, seconds: 3 }); // warm-up, not counted
    const max = await load({ ...lax, seconds: SECONDS });
    const steady = await load({ ...lax, seconds: SECONDS, rate: LAX_RATE / CONNECTIONS });
    if (max.failed + steady.failed > 0)
      throw new Error(`register-lax: ${max.failed + steady.failed} failed answers`);

    // Search: fill up to 100,000 registrations with accented names spread over the events.
    const { rows: counted } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM registrations');
    const { rows: events } = await db.query<{ event_id: string }>('SELECT event_id FROM events');
    const missing = Math.max(0, SEARCH_ROWS - counted[0]!.n);
    for (let from = 0; from < missing; from += 10_000) {
      const chunk = Array.from({ length: Math.min(10_000, missing - from) }, (_, i) => {
        const n = from + i;
        const first = FIRST[n % FIRST.length]!;
        const last = `${LAST[Math.floor(n / FIRST.length) % LAST.length]!}${n}`;
        const id = randomUUID();
        return [
          id,
          confirmationCode(id),
          events[n % events.length]!.event_id,
          first,
          last,
          learnerSearchText({ first_name: first, last_name: last }),
        ];
      });
      await db.query(
        `INSERT INTO registrations (registration_id, code, event_id, learner_id, first_name, last_name, email,
           accommodations, status, history, coordinator_id, search_text, email_lower, created_at, updated_at)
         SELECT (e->>0)::uuid, e->>1, (e->>2)::uuid, gen_random_uuid(), e->>3, e->>4, 'x@example.org', '[]', 'active',
                '[]', 'admin', e->>5, 'x@example.org', now(), now()
         FROM jsonb_array_elements($1::jsonb) AS e`,
        [JSON.stringify(chunk)],
      );
    }
    await db.query('ANALYZE registrations');
    let q = 0;
    const searchBody = () => {
      const n = (q++ * 7919) % SEARCH_ROWS;
      return JSON.stringify({ name: `${LAST[n % LAST.length]!.slice(1, 5)}${n}`.toUpperCase(), limit: 20 });
    };
    const search = {
      url: server.url,
      connections: 10,
      body: searchBody,
      path: () => '/api/v1/registrations/search',
      cpu,
    };
    await load({ ...search, seconds: 2, rate: SEARCH_RATE / 10 }); // warm-up
    const searched = await load({ ...search, seconds: SECONDS, rate: SEARCH_RATE / 10 });
    if (searched.failed > 0) throw new Error(`search: ${searched.failed} failed answers`);

    return {
      server_register_lax_per_s: Math.round(max.rps),
      server_register_lax_max_p99_ms: round(max.p99),
      server_register_lax_p50_ms: round(steady.p50),
      server_register_lax_p99_ms: round(steady.p99),
      server_register_lax_steady_rps: round(steady.rps),
      // CPU ms per register-lax at the most calls a second: what bounds the rate on a shared machine
      server_register_lax_node_cpu_ms: round(max.cpu.node, 2),
      server_register_lax_pg_cpu_ms: round(max.cpu.pg, 2),
      server_registration_search_p50_ms: round(searched.p50),
      server_registration_search_p99_ms: round(searched.p99),
      server_registration_search_rps: round(searched.rps),
      server_registration_search_node_cpu_ms: round(searched.cpu.node, 2),
      server_registration_search_pg_cpu_ms: round(searched.cpu.pg, 2),
    };
  } finally {
    await server.stop();
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await db.end();
  }
}
