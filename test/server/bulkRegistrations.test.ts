import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DUPLICATE_ACTIVITY_ERROR, paths } from '../../src/contract';
import {
  FORMATS,
  backends,
  expectMatchesExample,
  seedExamples,
  startTestServer,
  type TestServer,
} from './helpers';

const seed = seedExamples('000');
const example = (key: string) => {
  const found = seed.get(key);
  if (!found) throw new Error(`seed 000 has no ${key}`);
  return found;
};

type Body = Record<string, unknown>;
type ItemBody = { item_id: string; status: string; activity_id?: string; error?: string; mentor_id: string };

const item = (mentor_id: string, activity_date = '2026-03-24', activity_type = 'peer_session') => ({
  mentor_id,
  activity_type,
  activity_date,
  duration_minutes: 60,
});

/** The scenario of seed 000's GET example: 15 items, item-014 and item-015 duplicates, so 13 + 2 failed. */
function seedScenarioItems() {
  const items = [item('mentor-482')];
  for (let i = 2; i <= 12; i++) items.push(item(`mentor-${500 + i}`));
  items.push(item('mentor-590', '2026-03-24', 'workshop'));
  items.push(item('mentor-590', '2026-03-24', 'workshop')); // item-014: same mentor, type and date as item-013
  items.push(item('mentor-482')); // item-015: same as item-001
  return items;
}

for (const { backend, skip } of backends()) {
  describe.skipIf(skip)(`bulk registrations on ${backend.name}`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer(backend);
    });
    afterAll(async () => {
      await t?.close();
    });
    const api = () => t.api;
    const submit = async (items: unknown[], token: 'admin' | 'coord119' = 'coord119') => {
      const res = await api().post(paths.batches, { coordinator_id: 'coord-119', items }, token);
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      return res.body['batch_id'] as string;
    };

    describe('seed 000 examples, field for field', () => {
      let partialBatch = '';

      it('POST sends the request example as written and answers like the response example', async () => {
        const { request, response } = example('POST /api/v1/bulk-registrations');
        const res = await api().post(paths.batches, request, 'coord119');
        expect(res.status).toBe(202);
        expectMatchesExample(res.body, response);
      });

      it('GET :batch_id after processing matches the example (13 successes, 2 duplicates, partial)', async () => {
        for (let i = 0; i < 5; i++) await submit([item(`mentor-filler-${i}`, '2026-01-0' + (i + 1))]);
        partialBatch = await submit(seedScenarioItems());
        await t.server.worker.drain();
        const res = await api().get<Body>(paths.batch(partialBatch));
        expect(res.status).toBe(200);
        const ex = example('GET /api/v1/bulk-registrations/:batch_id').response as Body & {
          items: ItemBody[];
        };
        const { items: exItems, ...exRest } = ex;
        expectMatchesExample(res.body, exRest);
        const items = res.body['items'] as ItemBody[];
        expect(items).toHaveLength(15);
        for (const exItem of exItems) {
          expectMatchesExample(
            items.find((i) => i.item_id === exItem.item_id),
            exItem,
          );
        }
        expect(items[14]).toMatchObject({
          item_id: 'item-015',
          status: 'failed',
          error: DUPLICATE_ACTIVITY_ERROR,
        });
      });

      it('GET list matches the example (newest first, 7 batches)', async () => {
        const res = await api().get(paths.batches);
        expect(res.status).toBe(200);
        expectMatchesExample(res.body, example('GET /api/v1/bulk-registrations').response);
      });

      it('retry puts the 2 failed items back to pending, as the example', async () => {
        const res = await api().post(paths.batchRetry(partialBatch), undefined, 'coord119');
        expect(res.status).toBe(200);
        expectMatchesExample(res.body, example('POST /api/v1/bulk-registrations/:batch_id/retry').response);
        await t.server.worker.drain();
        const after = await api().get<Body>(paths.batch(partialBatch));
        expect(after.body).toMatchObject({ status: 'partial', completed: 13, failed: 2 });
      });

      it('cancel cancels the 3 pending items, as the example', async () => {
        const batchId = await submit([item('mentor-c1'), item('mentor-c2'), item('mentor-c3')]);
        const res = await api().post(paths.batchCancel(batchId), undefined, 'coord119');
        expect(res.status).toBe(200);
        expectMatchesExample(res.body, example('POST /api/v1/bulk-registrations/:batch_id/cancel').response);
        const after = await api().get<Body>(paths.batch(batchId));
        expect(after.body['status']).toBe('cancelled');
        expect((after.body['items'] as ItemBody[]).map((i) => i.status)).toEqual([
          'cancelled',
          'cancelled',
          'cancelled',
        ]);
        expect(after.body['completed_at']).toMatch(FORMATS.timestamp);
      });

      it('PUT sends the request example and DELETE answers like the example', async () => {
        const batchId = await submit([item('mentor-p1')]);
        const put = example('PUT /api/v1/bulk-registrations/:batch_id');
        const res = await api().put(paths.batch(batchId), put.request, 'coord119');
        expect(res.status).toBe(200);
        expectMatchesExample(res.body, put.response);
        expect(res.body['cancellation_reason']).toBe('Incorrect mentor list uploaded');
        const del = await api().delete(paths.batch(batchId), 'coord119');
        expect(del.status).toBe(200);
        expectMatchesExample(del.body, example('DELETE /api/v1/bulk-registrations/:batch_id').response);
        expect(del.body['deleted_batch_id']).toBe(batchId);
        expect((await api().get(paths.batch(batchId))).status).toBe(404);
      });
    });

    describe('rules', () => {
      it('assigns item ids in submitted order and activity ids pa-NNN', async () => {
        const batchId = await submit([item('mentor-o1', '2026-05-01'), item('mentor-o2', '2026-05-01')]);
        await t.server.worker.drain();
        const res = await api().get<{ items: ItemBody[] }>(paths.batch(batchId));
        expect(res.body.items.map((i) => [i.item_id, i.mentor_id, i.status])).toEqual([
          ['item-001', 'mentor-o1', 'success'],
          ['item-002', 'mentor-o2', 'success'],
        ]);
        for (const i of res.body.items) expect(i.activity_id).toMatch(FORMATS.activity_id);
      });

      it('a later batch repeating a registered activity fails it as a duplicate; all failed is "failed"', async () => {
        const first = await submit([item('mentor-d1', '2026-06-01')]);
        await t.server.worker.drain();
        const second = await submit([item('mentor-d1', '2026-06-01')]);
        await t.server.worker.drain();
        expect((await api().get(paths.batch(first))).body['status']).toBe('completed');
        const res = await api().get<Body>(paths.batch(second));
        expect(res.body).toMatchObject({ status: 'failed', completed: 0, failed: 1 });
        expect((res.body['items'] as ItemBody[])[0]!.error).toBe(DUPLICATE_ACTIVITY_ERROR);
      });

      it('a deleted batch keeps its registered activities (a repeat is still a duplicate)', async () => {
        const first = await submit([item('mentor-k1', '2026-06-02')]);
        await t.server.worker.drain();
        expect((await api().delete(paths.batch(first), 'coord119')).status).toBe(200);
        const again = await submit([item('mentor-k1', '2026-06-02')]);
        await t.server.worker.drain();
        expect((await api().get(paths.batch(again))).body['status']).toBe('failed');
      });

      it('reading a finished batch again shows later changes (label, retry)', async () => {
        const taken = await submit([item('mentor-r1', '2026-06-05')]);
        await t.server.worker.drain();
        const batchId = await submit([item('mentor-r1', '2026-06-05'), item('mentor-r2', '2026-06-05')]);
        await t.server.worker.drain();
        expect((await api().get(paths.batch(batchId))).body).toMatchObject({ status: 'partial', failed: 1 });
        await api().put(paths.batch(batchId), { label: 'after' }, 'coord119');
        expect((await api().get(paths.batch(batchId))).body['label']).toBe('after');
        await api().post(paths.batchRetry(batchId), undefined, 'coord119');
        const retrying = await api().get<{ items: ItemBody[] }>(paths.batch(batchId));
        expect(retrying.body.items.map((i) => i.status)).toEqual(['pending', 'success']);
        expect((await api().delete(paths.batch(taken), 'coord119')).status).toBe(200);
        await t.server.worker.drain(); // still a duplicate: the deleted batch's activity stays
        expect((await api().get(paths.batch(batchId))).body).toMatchObject({ status: 'partial', failed: 1 });
      });

      it('(ext) a retry with corrections changes failed items first, so a fixed duplicate succeeds', async () => {
        const batchId = await submit([item('mentor-c1', '2026-06-06'), item('mentor-c1', '2026-06-06')]);
        await t.server.worker.drain();
        expect((await api().get(paths.batch(batchId))).body).toMatchObject({ status: 'partial', failed: 1 });
        const notFailed = await api().post(
          paths.batchRetry(batchId),
          { corrections: [{ item_id: 'item-001', activity_date: '2026-06-07' }] },
          'coord119',
        );
        expect(notFailed.status).toBe(409);
        const badType = await api().post(
          paths.batchRetry(batchId),
          { corrections: [{ item_id: 'item-002', activity_type: 'yoga' }] },
          'coord119',
        );
        expect(badType.status).toBe(400);
        const res = await api().post(
          paths.batchRetry(batchId),
          { corrections: [{ item_id: 'item-002', activity_date: '2026-06-07' }] },
          'coord119',
        );
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ retried_items: 1, status: 'processing' });
        await t.server.worker.drain();
        const after = await api().get<{ status: string; items: ItemBody[] }>(paths.batch(batchId));
        expect(after.body.status).toBe('completed');
        expect(after.body.items[1]).toMatchObject({ status: 'success', activity_date: '2026-06-07' });
      });

      it('PUT with a label only re-labels any batch', async () => {
        const batchId = await submit([item('mentor-l1', '2026-06-03')]);
        const res = await api().put(paths.batch(batchId), { label: 'March import' }, 'coord119');
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ batch_id: batchId, status: 'processing', label: 'March import' });
        expect((await api().get(paths.batch(batchId))).body['label']).toBe('March import');
      });

      it('the change feed lists batches changed since an instant, oldest change first', async () => {
        const since = new Date().toISOString();
        const a = await submit([item('mentor-f1', '2026-06-04')]);
        const b = await submit([item('mentor-f2', '2026-06-04')]);
        await api().put(paths.batch(a), { label: 'touched' }, 'coord119');
        const res = await api().get<{ data: Body[] }>(`${paths.batches}?updated_since=${since}`);
        expect(res.status).toBe(200);
        expect(res.body.data.map((d) => d['batch_id'])).toEqual([b, a]);
        const stamps = res.body.data.map((d) => d['updated_at'] as string);
        expect([...stamps].sort()).toEqual(stamps);
      });

      it('filters by status and coordinator, and pages', async () => {
        const res = await api().get<{ data: Body[]; pagination: Body }>(
          `${paths.batches}?status=cancelled&limit=1`,
        );
        expect(res.status).toBe(200);
        expect(res.body.data.every((d) => d['status'] === 'cancelled')).toBe(true);
        expect(res.body.pagination).toMatchObject({ page: 1, limit: 1 });
        const none = await api().get<{ data: Body[] }>(`${paths.batches}?coordinator_id=coord-nobody`);
        expect(none.body.data).toEqual([]);
        const page2 = await api().get<{ data: Body[]; pagination: Body }>(`${paths.batches}?page=2&limit=2`);
        expect(page2.body.data).toHaveLength(2);
      });
    });

    describe('auth and scope', () => {
      it('401 without a token or with an unknown one', async () => {
        for (const res of [
          await api().get(paths.batches, null),
          await api().request('GET', paths.batches, {
            token: null,
            headers: { authorization: 'Bearer nope' },
          }),
        ]) {
          expect(res.status).toBe(401);
          expect((res.body['error'] as Body)['code']).toBe('unauthorized');
        }
      });

      it("another coordinator's batch answers 404 everywhere; its list is empty; admin sees it", async () => {
        const batchId = await submit([item('mentor-s1', '2026-07-01')]);
        for (const res of [
          await api().get(paths.batch(batchId), 'other'),
          await api().put(paths.batch(batchId), { label: 'x' }, 'other'),
          await api().delete(paths.batch(batchId), 'other'),
          await api().post(paths.batchRetry(batchId), undefined, 'other'),
          await api().post(paths.batchCancel(batchId), undefined, 'other'),
        ]) {
          expect(res.status).toBe(404);
          expect((res.body['error'] as Body)['code']).toBe('not_found');
        }
        const list = await api().get<{ data: Body[]; pagination: Body }>(paths.batches, 'other');
        expect(list.body.data).toEqual([]);
        expect(list.body.pagination['total']).toBe(0);
        expect((await api().get(paths.batch(batchId), 'admin')).status).toBe(200);
      });

      it('a coordinator cannot submit for another coordinator (400 on coordinator_id)', async () => {
        const res = await api().post(
          paths.batches,
          { coordinator_id: 'coord-119', items: [item('m')] },
          'other',
        );
        expect(res.status).toBe(400);
        expect(res.body['error']).toMatchObject({
          code: 'validation_failed',
          fields: [expect.objectContaining({ field: 'coordinator_id', code: 'forbidden_coordinator' })],
        });
      });
    });

    describe('illegal transitions answer 409 conflict with the reason', () => {
      it('delete while items are pending', async () => {
        const batchId = await submit([item('mentor-t1', '2026-08-01')]);
        const res = await api().delete(paths.batch(batchId), 'coord119');
        expect(res.status).toBe(409);
        expect(res.body['error']).toMatchObject({
          code: 'conflict',
          message: expect.stringContaining('pending'),
        });
      });

      it('retry with no failed items, cancel with no pending items, retry of a cancelled batch', async () => {
        const batchId = await submit([item('mentor-t2', '2026-08-02')]);
        await t.server.worker.drain();
        const retry = await api().post(paths.batchRetry(batchId), undefined, 'coord119');
        expect(retry.status).toBe(409);
        expect((retry.body['error'] as Body)['message']).toContain('no failed items');
        const cancel = await api().post(paths.batchCancel(batchId), undefined, 'coord119');
        expect(cancel.status).toBe(409);
        expect((cancel.body['error'] as Body)['message']).toContain('no pending items');

        const dup = await submit([item('mentor-t2', '2026-08-02'), item('mentor-t3', '2026-08-02')]);
        await t.server.worker.drain(); // item-001 fails as a duplicate
        const cancelled = await submit([item('mentor-t4', '2026-08-02')]);
        await api().post(paths.batchCancel(cancelled), undefined, 'coord119');
        expect((await api().post(paths.batchRetry(cancelled), undefined, 'coord119')).status).toBe(409);
        expect((await api().post(paths.batchRetry(dup), undefined, 'coord119')).status).toBe(200);
      });
    });

    describe('PUT status cancelled on a finished batch (the reason is given after the fact)', () => {
      it('is allowed: outcomes stay, the batch shows cancelled with its reason; cancelling again is 409 and changes nothing', async () => {
        const batchId = await submit([item('mentor-f1', '2026-08-09'), item('mentor-f1', '2026-08-09')]);
        await t.server.worker.drain();
        const before = await api().get<Body & { items: ItemBody[] }>(paths.batch(batchId));
        expect(before.body).toMatchObject({ status: 'partial', completed: 1, failed: 1 });

        const put = example('PUT /api/v1/bulk-registrations/:batch_id');
        const res = await api().put(paths.batch(batchId), put.request, 'coord119');
        expect(res.status).toBe(200);
        expectMatchesExample(res.body, put.response);
        expect(res.body).toMatchObject({
          batch_id: batchId,
          status: 'cancelled',
          cancellation_reason: 'Incorrect mentor list uploaded',
        });

        const after = await api().get<Body & { items: ItemBody[] }>(paths.batch(batchId));
        expect(after.body).toMatchObject({
          status: 'cancelled',
          completed: 1,
          failed: 1,
          cancellation_reason: 'Incorrect mentor list uploaded',
          completed_at: before.body['completed_at'],
        });
        expect(after.body.items).toEqual(before.body.items);
        const listed = await api().get<{ data: Body[] }>(`${paths.batches}?status=cancelled&limit=100`);
        expect(listed.body.data.map((b) => b['batch_id'])).toContain(batchId);

        const again = await api().put(
          paths.batch(batchId),
          { status: 'cancelled', cancellation_reason: 'Another reason', label: 'Renamed' },
          'coord119',
        );
        expect(again.status).toBe(409);
        expect(again.body['error']).toEqual({
          code: 'conflict',
          message: `Batch ${batchId} is already cancelled`,
        });
        const unchanged = await api().get<Body>(paths.batch(batchId));
        expect(unchanged.raw).toBe(after.raw);
        // a cancelled batch's failures cannot be retried, as for one cancelled while processing
        expect((await api().post(paths.batchRetry(batchId), undefined, 'coord119')).status).toBe(409);
      });

      it.each(['completed', 'failed'] as const)('a %s batch can be cancelled too', async (status) => {
        const mentor = `mentor-f-${status}`;
        const first = await submit([item(mentor, '2026-08-10')]);
        await t.server.worker.drain();
        const batchId = status === 'completed' ? first : await submit([item(mentor, '2026-08-10')]);
        await t.server.worker.drain();
        expect((await api().get<Body>(paths.batch(batchId))).body['status']).toBe(status);
        const res = await api().put(paths.batch(batchId), { status: 'cancelled' }, 'coord119');
        expect(res.status).toBe(200);
        expect((await api().get<Body>(paths.batch(batchId))).body['status']).toBe('cancelled');
      });
    });

    describe('bad input: each its own clear 4xx with the envelope', () => {
      const post = (body: unknown) => api().post(paths.batches, body, 'coord119');
      const fieldsOf = (res: { body: Body }) => (res.body['error'] as { fields: Body[] }).fields;

      it('malformed JSON is 400 invalid_json', async () => {
        const res = await api().request('POST', paths.batches, {
          token: 'coord119',
          rawBody: '{"coordinator_id": ',
        });
        expect(res.status).toBe(400);
        expect((res.body['error'] as Body)['code']).toBe('invalid_json');
      });

      it('a body that is not JSON is 415', async () => {
        const res = await api().request('POST', paths.batches, {
          token: 'coord119',
          headers: { 'content-type': 'text/plain' },
          rawBody: 'hello',
        });
        // rawBody sets application/json first; the explicit header wins
        expect(res.status).toBe(415);
        expect((res.body['error'] as Body)['code']).toBe('unsupported_media_type');
      });

      it('invalid date 2026-02-30, negative and fractional durations, wrong types, unknown fields', async () => {
        const res = await post({
          coordinator_id: 'coord-119',
          items: [
            { ...item('m1'), activity_date: '2026-02-30' },
            { ...item('m2'), duration_minutes: -5 },
            { ...item('m3'), duration_minutes: 1.5 },
            { ...item('m4'), duration_minutes: '60' },
            { ...item('m5'), colour: 'blue' },
            { ...item('m6'), activity_type: 'yoga' },
            { ...item(''), mentor_id: '' },
          ],
        });
        expect(res.status).toBe(400);
        expect((res.body['error'] as Body)['code']).toBe('validation_failed');
        const byField = Object.fromEntries(fieldsOf(res).map((f) => [f['field'], f['code']]));
        expect(byField).toMatchObject({
          'items[0].activity_date': 'invalid_date',
          'items[1].duration_minutes': 'out_of_range',
          'items[2].duration_minutes': 'invalid_type',
          'items[3].duration_minutes': 'invalid_type',
          'items[4]': 'unknown_field',
          'items[5].activity_type': 'invalid_activity_type',
          'items[6].mentor_id': 'out_of_range',
        });
      });

      it('an unknown top-level field and an empty batch are 400', async () => {
        const unknown = await post({ coordinator_id: 'coord-119', items: [item('m')], priority: 'high' });
        expect(unknown.status).toBe(400);
        expect(fieldsOf(unknown)[0]).toMatchObject({ code: 'unknown_field' });
        const empty = await post({ coordinator_id: 'coord-119', items: [] });
        expect(empty.status).toBe(400);
        expect(fieldsOf(empty)[0]).toMatchObject({
          field: 'items',
          message: 'A batch holds at least one item',
        });
      });

      it('10,001 items is 413 naming the limit', async () => {
        const items = Array.from({ length: 10_001 }, (_, i) => item(`m-${i}`));
        const res = await post({ coordinator_id: 'coord-119', items });
        expect(res.status).toBe(413);
        expect(res.body['error']).toMatchObject({
          code: 'payload_too_large',
          message: expect.stringContaining('10000'),
        });
      });

      it('a body over the size limit is 413 naming the limit', async () => {
        const res = await api().request('POST', paths.batches, {
          token: 'coord119',
          rawBody: JSON.stringify({
            coordinator_id: 'coord-119',
            items: [],
            pad: 'x'.repeat(17 * 1024 * 1024),
          }),
        });
        expect(res.status).toBe(413);
        expect(res.body['error']).toMatchObject({
          code: 'payload_too_large',
          message: expect.stringContaining('16 MiB'),
        });
      });

      it('bad list queries are 400 with the field', async () => {
        const res = await api().get(`${paths.batches}?limit=101&status=done`);
        expect(res.status).toBe(400);
        expect(
          fieldsOf(res)
            .map((f) => f['field'])
            .sort(),
        ).toEqual(['limit', 'status']);
      });

      it('unknown ids are 404 and an empty PUT is 400', async () => {
        expect((await api().get(paths.batch('batch-9999'))).status).toBe(404);
        expect((await api().post(paths.batchRetry('batch-9999'))).status).toBe(404);
        const batchId = await submit([item('mentor-e1', '2026-09-01')]);
        const res = await api().put(paths.batch(batchId), {}, 'coord119');
        expect(res.status).toBe(400);
        expect(fieldsOf(res)[0]).toMatchObject({ code: 'empty_update' });
        const route = await api().get('/api/v1/nothing-here');
        expect(route.status).toBe(404);
        expect((route.body['error'] as Body)['code']).toBe('not_found');
      });
    });

    describe('Idempotency-Key', () => {
      it('the same key and body replays the first answer with Idempotent-Replayed: true', async () => {
        const key = randomUUID();
        const body = { coordinator_id: 'coord-119', items: [item('mentor-i1', '2026-10-01')] };
        const first = await api().post(paths.batches, body, 'coord119', { 'idempotency-key': key });
        const second = await api().post(paths.batches, body, 'coord119', { 'idempotency-key': key });
        expect(first.status).toBe(202);
        expect(second.status).toBe(202);
        expect(second.raw).toBe(first.raw);
        expect(second.headers['idempotent-replayed']).toBe('true');
        expect(first.headers['idempotent-replayed']).toBeUndefined();
        const list = await api().get<{ data: Body[] }>(`${paths.batches}?limit=100`);
        expect(list.body.data.filter((b) => b['batch_id'] === first.body['batch_id'])).toHaveLength(1);
      });

      it('the same key with another body is 422 idempotency_key_reused', async () => {
        const key = randomUUID();
        await api().post(
          paths.batches,
          { coordinator_id: 'coord-119', items: [item('mentor-i2')] },
          'coord119',
          {
            'idempotency-key': key,
          },
        );
        const res = await api().post(
          paths.batches,
          { coordinator_id: 'coord-119', items: [item('mentor-i3')] },
          'coord119',
          { 'idempotency-key': key },
        );
        expect(res.status).toBe(422);
        expect((res.body['error'] as Body)['code']).toBe('idempotency_key_reused');
      });

      it('the same key while the first is in flight is 409 idempotency_key_in_use; keys are per principal', async () => {
        const key = randomUUID();
        const body = { coordinator_id: 'coord-119', items: [item('mentor-i4')] };
        const { createHash } = await import('node:crypto');
        const hash = createHash('sha256')
          .update(`POST ${paths.batches}\n${JSON.stringify(body)}`)
          .digest('hex');
        await t.server.db.query(
          `INSERT INTO idempotency_keys (principal, key, request_hash, state) VALUES ('coord-119', $1, $2, 'in_flight')`,
          [key, hash],
        );
        const res = await api().post(paths.batches, body, 'coord119', { 'idempotency-key': key });
        expect(res.status).toBe(409);
        expect((res.body['error'] as Body)['code']).toBe('idempotency_key_in_use');
        const admin = await api().post(paths.batches, body, 'admin', { 'idempotency-key': key });
        expect(admin.status).toBe(202);
      });

      it('a key that is not a UUID is 400; a 409 answer is not kept, so a retry with the key gets a fresh try', async () => {
        const bad = await api().post(
          paths.batches,
          { coordinator_id: 'coord-119', items: [item('x')] },
          'coord119',
          {
            'idempotency-key': 'abc',
          },
        );
        expect(bad.status).toBe(400);
        const batchId = await submit([item('mentor-i5', '2026-10-02')]);
        const key = randomUUID();
        const early = await api().delete(paths.batch(batchId), 'coord119', { 'idempotency-key': key });
        expect(early.status).toBe(409);
        await t.server.worker.drain();
        const later = await api().delete(paths.batch(batchId), 'coord119', { 'idempotency-key': key });
        expect(later.status).toBe(200);
        const replay = await api().delete(paths.batch(batchId), 'coord119', { 'idempotency-key': key });
        expect(replay.status).toBe(200);
        expect(replay.headers['idempotent-replayed']).toBe('true');
      });
    });
  });
}
