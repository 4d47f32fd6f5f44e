import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DUPLICATE_ACTIVITY_ERROR, paths } from '../../src/contract';
import { createServer, type Server } from '../../server/app';
import { Api, backends, filePglite, freshSchema, testConfig } from './helpers';

/**
 * Each instance keeps finished batches' JSON (server/batches.ts). Two apps on one database, each with its
 * own keep (and on PostgreSQL its own connection pool), stand for two server processes behind a load
 * balancer: a change made through B must be what the very next GET through A answers.
 */

type ItemBody = { item_id: string; status: string; error?: string };
type BatchBody = { status: string; label?: string; failed: number; items: ItemBody[] };

const item = (mentor_id: string, activity_date: string) => ({
  mentor_id,
  activity_type: 'peer_session',
  activity_date,
  duration_minutes: 60,
});

for (const { backend, skip } of backends()) {
  describe.skipIf(skip)(
    `a finished batch read through one instance after a change through another, on ${backend.name}`,
    () => {
      const schema = backend.url ? freshSchema() : null;
      let a: Server;
      let b: Server;
      let apiA: Api;
      let apiB: Api;

      beforeAll(async () => {
        const config = testConfig(backend, schema ? { DATABASE_SCHEMA: schema.schema } : {});
        const shared = backend.url ? undefined : await filePglite();
        a = await createServer(config, shared);
        b = await createServer(config, shared);
        await Promise.all([a.app.ready(), b.app.ready()]);
        apiA = new Api(a);
        apiB = new Api(b);
      });
      afterAll(async () => {
        await Promise.all([a?.close(), b?.close()]);
        await schema?.drop();
      });

      /** A finished batch submitted through B, read once through A so that A keeps its JSON. */
      async function finishedAndKeptByA(items: unknown[]): Promise<string> {
        const res = await apiB.post(paths.batches, { coordinator_id: 'coord-119', items });
        expect(res.status, JSON.stringify(res.body)).toBe(202);
        const id = res.body['batch_id'] as string;
        await b.worker.drain();
        const first = await apiA.get<BatchBody>(`${paths.batches}/${id}`);
        expect(first.body.status).not.toBe('processing');
        // The second read is the one served from what A kept: it must equal what B reads fresh.
        expect((await apiA.get(`${paths.batches}/${id}`)).raw).toBe(first.raw);
        expect((await apiB.get(`${paths.batches}/${id}`)).raw).toBe(first.raw);
        return id;
      }

      it('a label set through B is in the next GET through A', async () => {
        const id = await finishedAndKeptByA([item('mentor-c1', '2026-05-01')]);
        expect((await apiB.put(`${paths.batches}/${id}`, { label: 'Week 12' })).status).toBe(200);
        const after = await apiA.get<BatchBody>(`${paths.batches}/${id}`);
        expect(after.body.label).toBe('Week 12');
      });

      it('a retry through B shows in A as processing with the failed items pending, then as settled again', async () => {
        await finishedAndKeptByA([item('mentor-c2', '2026-05-02')]);
        const id = await finishedAndKeptByA([
          item('mentor-c2', '2026-05-02'),
          item('mentor-c3', '2026-05-02'),
        ]);
        const before = await apiA.get<BatchBody>(`${paths.batches}/${id}`);
        expect(before.body.status).toBe('partial');
        expect(before.body.items[0]).toMatchObject({ status: 'failed', error: DUPLICATE_ACTIVITY_ERROR });

        expect((await apiB.post(`${paths.batches}/${id}/retry`)).status).toBe(200);
        const retrying = await apiA.get<BatchBody>(`${paths.batches}/${id}`);
        expect(retrying.body.status).toBe('processing');
        expect(retrying.body.items[0]!.status).toBe('pending');
        expect(retrying.body.items[0]!.error).toBeUndefined();

        await b.worker.drain();
        const settled = await apiA.get<BatchBody>(`${paths.batches}/${id}`);
        expect(settled.body.status).toBe('partial');
        expect(settled.body.items[0]!.status).toBe('failed');
      });

      it('a batch deleted through B answers 404 through A', async () => {
        const id = await finishedAndKeptByA([item('mentor-c4', '2026-05-03')]);
        expect((await apiB.delete(`${paths.batches}/${id}`)).status).toBe(200);
        const gone = await apiA.get(`${paths.batches}/${id}`);
        expect(gone.status).toBe(404);
      });

      it('a change that leaves updated_at as it was is still seen (two changes can share a start time)', async () => {
        const id = await finishedAndKeptByA([item('mentor-c5', '2026-05-04')]);
        // updated_at is the changing transaction's start time, so two transactions that started in the same
        // microsecond leave the same value; SQL that keeps it stands in for that race.
        await b.db.query(
          `UPDATE batches SET label = 'relabelled', updated_at = updated_at WHERE batch_id = $1`,
          [id],
        );
        const after = await apiA.get<BatchBody>(`${paths.batches}/${id}`);
        expect(after.body.label).toBe('relabelled');
      });

      it('what A keeps is never shown to another coordinator: 404, while the owner still reads it', async () => {
        const id = await finishedAndKeptByA([item('mentor-c6', '2026-05-05')]);
        expect((await apiA.get(`${paths.batches}/${id}`, 'other')).status).toBe(404);
        expect((await apiA.get(`${paths.batches}/${id}`, 'coord119')).status).toBe(200);
      });
    },
  );
}
