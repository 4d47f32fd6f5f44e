import type { RunCreate } from '../../../src/contract';
import type { AppDatabase, ExpiryRunRecord } from '../../../src/db';
import { appendOutboxEntry } from '../../../src/sync/outbox';
import { COORDINATOR, item, submitLocalBatch, type TestServer } from './support';
import { allActivities, allItems } from '../../support/localRecords';

/**
 * A coordinator's offline session: three batches (with duplicates inside a batch, so the
 * server's outcomes do not depend on timing), a relabel, a retry of failed items, a delete and
 * an expiry run. Mentor ids carry `prefix` so runs on one server do not meet.
 */
export async function offlineSession(db: AppDatabase, prefix: string): Promise<void> {
  const m = (n: number) => `${prefix}-mentor-${n}`;
  const a = await submitLocalBatch(db, [item(m(1)), item(m(2)), item(m(2)), item(m(3), '2026-03-25')], {
    label: 'A',
    provisional: ['success', 'success', 'failed', 'success'],
  });
  const b = await submitLocalBatch(db, [item(m(4)), item(m(4)), item(m(5), '2026-03-20', 'workshop')], {
    label: 'B',
  });
  const c = await submitLocalBatch(db, [item(m(6))], { label: 'C' });
  const now = Date.now();
  await db.transaction('rw', [db.batches, db.outbox], async () => {
    await db.batches.update(a, { label: 'A relabelled' });
    await appendOutboxEntry(
      db,
      { record: `batch:${a}`, op: 'batch.update', method: 'PUT', body: { label: 'A relabelled' } },
      now,
    );
    await appendOutboxEntry(db, { record: `batch:${b}`, op: 'batch.retry', method: 'POST' }, now);
    await db.batches.delete(c);
    await appendOutboxEntry(db, { record: `batch:${c}`, op: 'batch.delete', method: 'DELETE' }, now);
  });
  await localRun(db, {
    triggered_by: `${prefix}-daily-check`,
    expirations: [
      { mentor_id: m(1), coordinator_id: COORDINATOR, expiry_date: '2026-03-30' },
      { mentor_id: m(2), coordinator_id: COORDINATOR, expiry_date: '2026-03-01' },
    ],
    evaluated_at: '2026-03-26T08:00:00Z',
  });
}

/** What the expiry module does offline: the run row and its `run.create` entry together. */
export async function localRun(db: AppDatabase, body: Omit<RunCreate, 'run_id'>): Promise<string> {
  const runId = crypto.randomUUID();
  const now = Date.now();
  const record: ExpiryRunRecord = {
    run_id: runId,
    triggered_by: body.triggered_by,
    expirations_evaluated: body.expirations.length,
    notifications_dispatched: 0,
    thresholds_hit: [],
    status: 'completed',
    started_at: new Date(now).toISOString(),
    completed_at: new Date(now).toISOString(),
    evaluated_at: body.evaluated_at ?? new Date(now).toISOString(),
    evaluated_on: (body.evaluated_at ?? new Date(now).toISOString()).slice(0, 10),
    updated_at: new Date(now).toISOString(),
    sync_state: 'local',
  };
  await db.transaction('rw', [db.expiryRuns, db.outbox], async () => {
    await db.expiryRuns.add(record);
    await appendOutboxEntry(db, { record: `run:${runId}`, op: 'run.create', method: 'POST', body }, now);
  });
  return runId;
}

/** Local state in terms that do not depend on ids or timing: what the coordinator sees. */
export async function coordinatorView(db: AppDatabase, prefix: string) {
  const batches = await db.batches.toArray();
  const own = [];
  for (const batch of batches) {
    const items = await allItems(db, batch.id);
    if (!items.some((i) => i.mentor_id.startsWith(`${prefix}-`))) continue;
    own.push({
      label: batch.label,
      status: batch.status,
      sync_state: batch.sync_state,
      counts: [batch.total_items, batch.completed, batch.failed],
      items: items.map((i) => [i.item_id, i.mentor_id.slice(prefix.length), i.status, i.error ?? null]),
    });
  }
  const runs = (await db.expiryRuns.toArray())
    .filter((r) => r.triggered_by.startsWith(`${prefix}-`))
    .map((r) => ({
      by: r.triggered_by.slice(prefix.length),
      status: r.status,
      dispatched: r.notifications_dispatched,
      hit: r.thresholds_hit,
      sync: r.sync_state,
    }));
  const activities = (await allActivities(db))
    .filter((a) => a.mentor_id.startsWith(`${prefix}-`))
    .map((a) => [a.mentor_id.slice(prefix.length), a.activity_date, a.confirmed])
    .sort();
  return { batches: own.sort((x, y) => x.label.localeCompare(y.label)), runs, activities };
}

/** The server holds each of the local batches exactly once, with the same outcomes. */
export async function serverAgrees(server: TestServer, db: AppDatabase, prefix: string) {
  const onServer = (await server.batches()).filter((b) =>
    b.items.some((i) => i.mentor_id.startsWith(`${prefix}-`)),
  );
  const local = await db.batches.toArray();
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const remote of onServer) {
    const key = remote.client_batch_id ?? remote.batch_id;
    if (seen.has(key)) problems.push(`batch ${key} is on the server twice`);
    seen.add(key);
    const mine = local.find((l) => l.id === remote.client_batch_id);
    if (!mine) {
      problems.push(`server batch ${remote.batch_id} is not shown locally`);
      continue;
    }
    if (mine.batch_id !== remote.batch_id)
      problems.push(`${key}: local maps to ${mine.batch_id}, server ${remote.batch_id}`);
    if (mine.status !== remote.status)
      problems.push(`${key}: local status ${mine.status}, server ${remote.status}`);
    if (mine.label !== (remote.label ?? ''))
      problems.push(`${key}: local label ${mine.label}, server ${remote.label}`);
    for (const [index, r] of remote.items.entries()) {
      const l = (await allItems(db, mine.id))[index];
      if (l?.status !== r.status || l.activity_id !== r.activity_id || l.error !== r.error) {
        problems.push(`${key} ${r.item_id}: local ${JSON.stringify(l)}, server ${JSON.stringify(r)}`);
      }
    }
  }
  for (const l of local) {
    const ours = (await allItems(db, l.id))[0];
    if (ours?.mentor_id.startsWith(`${prefix}-`) && !seen.has(l.id))
      problems.push(`local batch ${l.label} is not on the server`);
  }
  return { problems, serverBatches: onServer.length };
}
