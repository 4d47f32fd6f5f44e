import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/contract';
import {
  FORMATS,
  backends,
  expectMatchesExample,
  seedExamples,
  startTestServer,
  type TestServer,
} from './helpers';

const seed = seedExamples('003');
const example = (key: string) => {
  const found = seed.get(key);
  if (!found) throw new Error(`seed 003 has no ${key}`);
  return found;
};

type Body = Record<string, unknown>;
const exp = (mentor_id: string, expiry_date: string, coordinator_id = 'coord_maya_patel') => ({
  mentor_id,
  coordinator_id,
  expiry_date,
});

/** Seed 003's GET example: 12 evaluated on 2026-03-26, three thresholds reached, one notification each. */
function seedRunBody() {
  const expirations = [
    exp('mentor_sarah_chen', '2026-04-20'), // 25 days: 30_day
    exp('mentor_james_okafor', '2026-03-30'), // 4 days: 7_day
    exp('mentor_lena_ortiz', '2026-03-20'), // past: expired
  ];
  for (let i = 0; i < 9; i++) expirations.push(exp(`mentor_far_${i}`, '2027-01-01'));
  return { triggered_by: 'expiry-check-edge-function', expirations, evaluated_at: '2026-03-26T08:00:00Z' };
}

for (const { backend, skip } of backends()) {
  describe.skipIf(skip)(`expiry orchestration on ${backend.name}`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer(backend);
    });
    afterAll(async () => {
      await t?.close();
    });
    const api = () => t.api;

    describe('seed 003 examples, field for field', () => {
      let runId = '';

      it('GET list and GET :run_id match the examples', async () => {
        const created = await api().post(paths.runs, seedRunBody(), 'maya');
        expect(created.status).toBe(201);
        runId = created.body['run_id'] as string;
        const list = await api().get(paths.runs, 'maya');
        expect(list.status).toBe(200);
        expectMatchesExample(list.body, example('GET /api/v1/expiry-orchestration').response);
        const one = await api().get(paths.run(runId), 'maya');
        expect(one.status).toBe(200);
        // The example lists two of its three notifications: those two come first, in order.
        expectMatchesExample(one.body, example('GET /api/v1/expiry-orchestration/:run_id').response);
        expect(one.body['dispatched_notifications']).toHaveLength(3);
      });

      it('POST: the request example with the example instant gives exactly the response example', async () => {
        const { request, response } = example('POST /api/v1/expiry-orchestration');
        const res = await api().post(
          paths.runs,
          { ...(request as Body), evaluated_at: '2026-03-26T14:00:00Z' },
          'maya',
        );
        expect(res.status).toBe(201);
        expectMatchesExample(res.body, response);
      });

      it('POST: the request example as written (evaluated now) answers with the same fields', async () => {
        const { request, response } = example('POST /api/v1/expiry-orchestration');
        const res = await api().post(paths.runs, request, 'admin');
        expect(res.status).toBe(201);
        // Evaluated today, 2026-04-15 may already be past: which threshold is hit depends on the clock.
        expectMatchesExample(res.body, response, ['thresholds_hit', 'notifications_dispatched']);
        expect(['30_day', '7_day', 'expired', undefined]).toContain(
          (res.body['thresholds_hit'] as string[])[0],
        );
      });

      it('PUT sends the request example and answers the whole resolved run; DELETE as the example', async () => {
        const put = example('PUT /api/v1/expiry-orchestration/:run_id');
        const res = await api().put(paths.run(runId), put.request, 'maya');
        expect(res.status).toBe(200);
        expectMatchesExample(res.body, put.response);
        const del = await api().delete(paths.run(runId), 'maya');
        expect(del.status).toBe(200);
        expectMatchesExample(del.body, example('DELETE /api/v1/expiry-orchestration/:run_id').response);
        expect(del.body['run_id']).toBe(runId);
        expect((await api().get(paths.run(runId), 'maya')).status).toBe(404);
      });
    });

    describe('dispatch rule: one notification per (mentor, expiry date, threshold), ever', () => {
      const run = (expirations: unknown[], evaluated_at: string, extra: Body = {}) =>
        api().post(paths.runs, { triggered_by: 'daily', expirations, evaluated_at, ...extra }, 'admin');

      it('a daily run never repeats one; the next threshold and a renewed date start afresh', async () => {
        const record = [exp('mentor_rule_1', '2026-06-30')];
        const first = await run(record, '2026-06-01T06:00:00Z');
        expect(first.body).toMatchObject({ notifications_dispatched: 1, thresholds_hit: ['30_day'] });
        const nextDay = await run(record, '2026-06-02T06:00:00Z');
        expect(nextDay.body).toMatchObject({ notifications_dispatched: 0, thresholds_hit: ['30_day'] });
        expect(nextDay.body['dispatched_notifications']).toEqual([]);
        const weekBefore = await run(record, '2026-06-25T06:00:00Z');
        expect(weekBefore.body).toMatchObject({ notifications_dispatched: 1, thresholds_hit: ['7_day'] });
        const renewed = await run([exp('mentor_rule_1', '2027-06-30')], '2027-06-01T06:00:00Z');
        expect(renewed.body['dispatched_notifications']).toEqual([
          {
            mentor_id: 'mentor_rule_1',
            coordinator_id: 'coord_maya_patel',
            threshold: '30_day',
            expiry_date: '2027-06-30',
          },
        ]);
      });

      it('a run evaluating an earlier date never regresses to a wider window', async () => {
        const record = [exp('mentor_rule_5', '2026-06-30')];
        expect((await run(record, '2026-06-25T06:00:00Z')).body['thresholds_hit']).toEqual(['7_day']);
        const earlier = await run(record, '2026-06-05T06:00:00Z');
        expect(earlier.body).toMatchObject({ thresholds_hit: ['30_day'], notifications_dispatched: 0 });
      });

      it('a deleted run does not make its notifications due again', async () => {
        const record = [exp('mentor_rule_2', '2026-06-30')];
        const first = await run(record, '2026-06-01T06:00:00Z');
        await api().delete(paths.run(first.body['run_id'] as string));
        expect((await run(record, '2026-06-01T07:00:00Z')).body['notifications_dispatched']).toBe(0);
      });

      it('notifications the client already delivered are recorded and never sent again', async () => {
        const delivered = [
          {
            mentor_id: 'mentor_rule_3',
            coordinator_id: 'coord_maya_patel',
            threshold: '7_day',
            expiry_date: '2026-06-05',
          },
        ];
        const offline = await run([exp('mentor_rule_3', '2026-06-05')], '2026-06-01T06:00:00Z', {
          dispatched_notifications: delivered,
        });
        expect(offline.status).toBe(201);
        expect(offline.body['dispatched_notifications']).toEqual(delivered);
        expect(offline.body['notifications_dispatched']).toBe(1);
        const again = await run([exp('mentor_rule_3', '2026-06-05')], '2026-06-02T06:00:00Z');
        expect(again.body['notifications_dispatched']).toBe(0);
      });

      it('run_id makes the POST idempotent by itself', async () => {
        const runId = randomUUID();
        const body = [exp('mentor_rule_4', '2026-06-10')];
        const first = await run(body, '2026-06-01T06:00:00Z', { run_id: runId });
        expect(first.status).toBe(201);
        expect(first.body['run_id']).toBe(runId);
        const second = await run(body, '2026-06-01T06:00:00Z', { run_id: runId });
        expect(second.status).toBe(201);
        expect(second.headers['idempotent-replayed']).toBe('true');
        expect(second.body).toEqual(first.body);
        const taken = await api().post(
          paths.runs,
          { triggered_by: 'x', expirations: [], run_id: runId },
          'maya',
        );
        expect(taken.status).toBe(409);
      });
    });

    describe('scope, transitions and bad input', () => {
      it("a coordinator sees only its own runs; another's answer 404", async () => {
        const mine = await api().post(
          paths.runs,
          { triggered_by: 'x', expirations: [exp('m', '2030-01-01', 'coord-777')] },
          'other',
        );
        expect(mine.status).toBe(201);
        const id = mine.body['run_id'] as string;
        expect((await api().get(paths.run(id), 'maya')).status).toBe(404);
        expect(
          (await api().put(paths.run(id), { status: 'resolved', resolution_notes: 'n' }, 'maya')).status,
        ).toBe(404);
        expect((await api().delete(paths.run(id), 'maya')).status).toBe(404);
        const list = await api().get<{ data: Body[] }>(`${paths.runs}?limit=100`, 'other');
        expect(list.body.data.map((r) => r['run_id'])).toEqual([id]);
        expect((await api().get(paths.run(id), 'admin')).status).toBe(200);
      });

      it("a coordinator cannot submit another coordinator's expirations (400 naming the field)", async () => {
        const res = await api().post(
          paths.runs,
          {
            triggered_by: 'x',
            expirations: [exp('m', '2030-01-01', 'coord-777'), exp('m2', '2030-01-01', 'coord-119')],
          },
          'other',
        );
        expect(res.status).toBe(400);
        expect(res.body['error']).toMatchObject({
          code: 'validation_failed',
          fields: [
            expect.objectContaining({
              field: 'expirations[1].coordinator_id',
              code: 'forbidden_coordinator',
            }),
          ],
        });
      });

      it('resolving or deleting a running run is 409; resolving a completed one works', async () => {
        const runId = randomUUID();
        await t.server.db.query(
          `INSERT INTO expiry_runs (run_id, owner, triggered_by, status, expirations_evaluated, notifications_dispatched,
             thresholds_hit, evaluated_at, started_at, updated_at)
           VALUES ($1, 'admin', 'test', 'running', 0, 0, '[]'::jsonb, now(), now(), now())`,
          [runId],
        );
        const running = await api().put(paths.run(runId), { status: 'resolved', resolution_notes: 'done' });
        expect(running.status).toBe(409);
        expect(running.body['error']).toMatchObject({
          code: 'conflict',
          message: expect.stringContaining('running'),
        });
        expect((await api().delete(paths.run(runId))).status).toBe(409);
        const list = await api().get<{ data: Body[] }>(`${paths.runs}?status=running`);
        expect(list.body.data.map((r) => r['run_id'])).toEqual([runId]);
      });

      it('invalid dates, unknown fields, a bad PUT and unknown ids are clear 4xx', async () => {
        const bad = await api().post(paths.runs, {
          triggered_by: 'x',
          expirations: [exp('m', '2026-02-30'), { ...exp('m', '2026-03-01'), colour: 1 }],
        });
        expect(bad.status).toBe(400);
        const fields = (bad.body['error'] as { fields: Body[] }).fields;
        expect(fields.map((f) => [f['field'], f['code']])).toEqual([
          ['expirations[0].expiry_date', 'invalid_date'],
          ['expirations[1]', 'unknown_field'],
        ]);
        const created = await api().post(paths.runs, { triggered_by: 'x', expirations: [] });
        expect(created.body).toMatchObject({
          status: 'completed',
          expirations_evaluated: 0,
          thresholds_hit: [],
        });
        const id = created.body['run_id'] as string;
        const put = await api().put(paths.run(id), { status: 'completed', resolution_notes: 'x' });
        expect(put.status).toBe(400);
        expect((await api().put(paths.run(id), { status: 'resolved' })).status).toBe(400);
        expect((await api().get(paths.run(randomUUID()))).status).toBe(404);
        expect((await api().get(`${paths.runs}?updated_since=yesterday`)).status).toBe(400);
      });

      it('the change feed orders runs by updated_at from the instant given', async () => {
        const since = new Date().toISOString();
        const a = await api().post(paths.runs, { triggered_by: 'feed-a', expirations: [] });
        await api().post(paths.runs, { triggered_by: 'feed-b', expirations: [] });
        await api().put(paths.run(a.body['run_id'] as string), {
          status: 'resolved',
          resolution_notes: 'ok',
        });
        const feed = await api().get<{ data: Body[] }>(`${paths.runs}?updated_since=${since}`);
        expect(feed.body.data.map((r) => r['triggered_by'])).toEqual(['feed-b', 'feed-a']);
        for (const r of feed.body.data) expect(r['updated_at']).toMatch(FORMATS.timestamp);
      });
    });
  });
}
