import { RunCreate, RunUpdate, type RunDetail, type RunSummary } from '../../contract';
import { hasUnsentChanges } from '../outboxState';
import { onPullFailure, type PullOptions, type PullReport } from '../pullContext';
import { applyServerRun, needsRunDetail } from '../reconcileRun';
import { recordKey, rememberServerId } from '../recordIds';
import { syncTables, type OperationDescriptor, type RecordKindDescriptor } from '../recordKinds';
import { asObject, parseBody } from '../requests';

/** Expiry reminder runs (`/expiry-runs`); the local id is the run's id on the server too. */

export const RUN_CURSOR_KEY = 'sync.cursor.runs';

const need = (id: string | undefined) => id ?? '';

const operations: Record<string, OperationDescriptor> = {
  'run.create': {
    label: 'Record reminder run',
    method: 'POST',
    create: true,
    editableBody: RunCreate,
    request: (entry, ref) => {
      const body = parseBody(RunCreate, { run_id: ref.id, ...asObject(entry.body) });
      return body.ok ? { ok: true, send: (c) => c.createRun(body.value, entry.idempotency_key) } : body;
    },
  },
  'run.update': {
    label: 'Change reminder run',
    method: 'PUT',
    editableBody: RunUpdate,
    request: (entry, _ref, serverId) => {
      const body = parseBody(RunUpdate, entry.body);
      return body.ok
        ? { ok: true, send: (c) => c.updateRun(need(serverId), body.value, entry.idempotency_key) }
        : body;
    },
  },
  'run.delete': {
    label: 'Delete reminder run',
    method: 'DELETE',
    request: (entry, _ref, serverId) => ({
      ok: true,
      send: (c) => c.deleteRun(need(serverId), entry.idempotency_key),
    }),
  },
};

/** One run of the feed; false when the feed must stop (auth refused, a failure). */
async function takeRun(options: PullOptions, run: RunSummary, report: PullReport): Promise<boolean> {
  const { db, client, now, timeZone } = options;
  const key = recordKey({ kind: 'run', id: run.run_id });
  if (await hasUnsentChanges(db, key)) return true;
  const local = await db.expiryRuns.get(run.run_id);
  if (local && run.updated_at !== undefined && local.updated_at === run.updated_at) return true;
  let full: RunSummary | RunDetail = run;
  if (needsRunDetail(run)) {
    // the summary does not list what the run dispatched, and the log needs it (never sent again)
    const detail = await client.getRun(run.run_id);
    if (!detail.ok) {
      if (detail.error.kind === 'http' && detail.error.status === 404) return true;
      await onPullFailure(report, detail.error, async () => undefined);
      return false;
    }
    full = detail.data;
  }
  await db.transaction('rw', syncTables(db), async () => {
    if (await hasUnsentChanges(db, key)) return;
    const current = await db.expiryRuns.get(run.run_id);
    if (current && run.updated_at !== undefined && current.updated_at === run.updated_at) return;
    await rememberServerId(db, { kind: 'run', id: run.run_id }, run.run_id);
    await applyServerRun(db, full, timeZone, new Date(now()).toISOString());
    report.fed += 1;
  });
  return true;
}

export const runKind: RecordKindDescriptor = {
  kind: 'run',
  page: 'runs',
  tables: (db) => [db.expiryRuns, db.notificationLog],
  operations,
  // The server evaluates a run's expirations and dispatches what it does not know was sent, so
  // an earlier run's dispatches must reach it before a later run over the same mentors, or the
  // server sends them again.
  pushOrder: 'recorded',
  setSyncState: async (db, localId, state) => {
    await db.expiryRuns.update(localId, { sync_state: state });
  },
  accept: async ({ db, now, timeZone }, entry, ref, data) => {
    if (data === undefined || (entry.op !== 'run.create' && entry.op !== 'run.update')) return;
    const run = data as RunDetail;
    await rememberServerId(db, ref, run.run_id);
    // a run removed locally meanwhile stays removed (its delete follows in the outbox)
    if ((await db.expiryRuns.get(ref.id)) !== undefined) {
      await applyServerRun(db, { ...run, run_id: ref.id }, timeZone, new Date(now()).toISOString());
    }
  },
  // runs are not polled: reading the run feed from the start brings this one back as well
  refetch: async (db) => {
    await db.settings.delete(RUN_CURSOR_KEY);
  },
  subject: async (db, localId) => {
    const run = await db.expiryRuns.get(localId);
    if (!run) return { name: 'A reminder run deleted here', exists: false };
    return { name: `Reminder run of ${run.evaluated_on}`, exists: true };
  },
  feed: {
    cursorKey: RUN_CURSOR_KEY,
    list: (client, query) => client.listRuns(query),
    updatedAt: (run) => (run as RunSummary).updated_at,
    take: (options, run, report) => takeRun(options, run as RunSummary, report),
  },
  sweep: {
    list: (client, { page, limit }) => client.listRuns({ page, limit }),
    serverIdOf: (row) => (row as RunSummary).run_id,
    syncedRecords: async (db) =>
      (await db.expiryRuns.filter((r) => r.sync_state === 'synced').toArray()).map((r) => ({
        localId: r.run_id,
        serverId: r.run_id,
      })),
    remove: async (db, localId) => {
      await db.expiryRuns.delete(localId);
    },
  },
};
