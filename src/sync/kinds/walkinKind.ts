import type { z } from 'zod';
import { WalkinDraftPut, WalkinSubmit, WalkinTransaction, paths } from '../../contract';
import type { AppDatabase } from '../../db';
import { furtherState, serverState } from '../../walkins/state';
import { recordKey } from '../recordIds';
import { parseBody } from '../requests';
import type { OperationDescriptor, PreparedRequest, RecordKindDescriptor } from '../recordKinds';

/**
 * Walk-in transactions (contract C5, seed 004), pushed: the draft's PUT, the submit POST and the
 * authorize POST with `authorizing_uuid`. The transaction UUID is made on the laptop, so the
 * record's server id is known from the start: `<reporting_term>/<transaction_uuid>`, the two
 * parts of its path. The server answers every call with the whole transaction, which replaces
 * the provisional local one (its `student_section_uuid`s, `is_provisional`, dates).
 */

/** `2026FA/<uuid>` -> the walk-in's path. */
function walkinPath(serverId: string | undefined): string | undefined {
  const at = serverId?.indexOf('/') ?? -1;
  if (serverId === undefined || at <= 0) return undefined;
  return paths.walkin(serverId.slice(0, at), serverId.slice(at + 1));
}

function post(
  body: unknown,
  serverId: string | undefined,
  idempotencyKey: string,
  method: 'PUT' | 'POST',
  schema: z.ZodType,
): PreparedRequest {
  const path = walkinPath(serverId);
  if (path === undefined)
    return { ok: false, message: 'This walk-in has no reporting term to send it under' };
  const parsed = parseBody(schema, body);
  if (!parsed.ok) return parsed;
  return {
    ok: true,
    send: (client) =>
      client.send({ method, path, schema: WalkinTransaction, body: parsed.value, idempotencyKey }),
  };
}

const operations: Record<string, OperationDescriptor> = {
  'walkin.draft': {
    label: 'Save walk-in draft',
    method: 'PUT',
    editableBody: WalkinDraftPut,
    request: (entry, _ref, serverId) =>
      post(entry.body, serverId, entry.idempotency_key, 'PUT', WalkinDraftPut),
  },
  'walkin.submit': {
    label: 'Submit walk-in',
    method: 'POST',
    request: (entry, _ref, serverId) =>
      post(entry.body, serverId, entry.idempotency_key, 'POST', WalkinSubmit),
  },
  'walkin.authorize': {
    label: 'Authorize walk-in',
    method: 'POST',
    editableBody: WalkinSubmit,
    request: (entry, _ref, serverId) =>
      post(entry.body, serverId, entry.idempotency_key, 'POST', WalkinSubmit),
  },
};

async function storedServerId(db: AppDatabase, localId: string): Promise<string | undefined> {
  const record = await db.walkins.get(localId);
  return record ? `${record.reporting_term}/${record.transaction_uuid}` : undefined;
}

export const walkinKind: RecordKindDescriptor = {
  kind: 'walkin',
  page: 'walkins',
  tables: (db) => [db.walkins],
  operations,
  pushOrder: 'parallel',
  setSyncState: async (db, localId, state) => {
    await db.walkins.update(localId, { sync_state: state });
  },
  storedServerId,
  accept: async ({ db }, _entry, ref, data) => {
    const parsed = WalkinTransaction.safeParse(data);
    if (!parsed.success) return;
    const answer = parsed.data;
    const record = await db.walkins.get(ref.id);
    if (!record) return;
    await db.walkins.put({
      ...record,
      server: answer,
      // the PUT's answer is a draft while the submit is still queued: the local state stays ahead
      local_state: furtherState(record.local_state, serverState(answer)),
      updated_at: answer.person.timestamp,
    });
  },
  // a discarded change: the walk-in returns to what the server last answered (a draft if nothing)
  refetch: async (db, localId) => {
    const record = await db.walkins.get(localId);
    if (!record) return;
    const state = record.server ? serverState(record.server) : 'draft';
    if (state === 'draft') {
      // a discarded draft PUT or submit: its later entries could only fail now; the next submit
      // queues them afresh
      const key = recordKey({ kind: 'walkin', id: localId });
      await db.outbox
        .where('record')
        .equals(key)
        .filter((e) => e.status !== 'done')
        .delete();
    }
    await db.walkins.update(localId, { local_state: state, sync_state: record.server ? 'synced' : 'local' });
  },
  subject: async (db, localId) => {
    const record = await db.walkins.get(localId);
    if (!record) return { name: 'A walk-in deleted here', exists: false };
    return { name: walkinName(record.form.person), exists: true };
  },
};

/** "Ada Lovelace", or "Walk-in (no name yet)". */
export function walkinName(person: Record<string, string | boolean>): string {
  const text = (name: string) => {
    const value = person[name];
    return typeof value === 'string' ? value.trim() : '';
  };
  const name = [text('preferred_name') || text('first_name'), text('last_name')]
    .filter((p) => p !== '')
    .join(' ');
  return name === '' ? 'Walk-in (no name yet)' : name;
}
