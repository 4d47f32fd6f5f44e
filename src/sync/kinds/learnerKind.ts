import { Learner, LearnerInput, LearnerList, paths } from '../../contract';
import type { AppDatabase, LearnerRecord } from '../../db';
import { writtenNow } from '../../search/memoryIndex';
import { learnerSearchFields } from '../../search/searchText';
import { hasUnsentChanges } from '../outboxState';
import type { PullOptions, PullReport } from '../pullContext';
import { recordKey } from '../recordIds';
import { syncTables, type OperationDescriptor, type RecordKindDescriptor } from '../recordKinds';
import { parseBody } from '../requests';
import { isSyncedCopy, laterEntriesOpen, ownIdOnceCreated, unchangedIn } from './fieldKindParts';

/** Learners (`POST /learners/:learner_id`, create or update by client UUID). */

export const LEARNER_CURSOR_KEY = 'sync.cursor.learners';

const save = (label: string, create: boolean): OperationDescriptor => ({
  label,
  method: 'POST',
  create,
  editableBody: LearnerInput,
  request: (entry, ref) => {
    const body = parseBody(LearnerInput, entry.body);
    return body.ok
      ? {
          ok: true,
          send: (c) =>
            c.send({
              method: 'POST',
              path: paths.learner(ref.id),
              schema: Learner,
              body: body.value,
              idempotencyKey: entry.idempotency_key,
            }),
        }
      : body;
  },
});

/** The server's learner as stored here. */
export function learnerRecordOf(learner: Learner): LearnerRecord {
  return { ...learner, ...learnerSearchFields(learner), sync_state: 'synced', written_at: writtenNow() };
}

async function putServerLearner(db: AppDatabase, learner: Learner): Promise<void> {
  await db.learners.put(learnerRecordOf(learner));
}

async function takeLearner(options: PullOptions, learner: Learner, report: PullReport): Promise<boolean> {
  const { db } = options;
  await db.transaction('rw', syncTables(db), async () => {
    if (await hasUnsentChanges(db, recordKey({ kind: 'learner', id: learner.learner_id }))) return;
    const local = await db.learners.get(learner.learner_id);
    if (isSyncedCopy(local, learner.updated_at)) return;
    await putServerLearner(db, learner);
    report.fed += 1;
  });
  return true;
}

export const learnerKind: RecordKindDescriptor = {
  kind: 'learner',
  tables: (db) => [db.learners],
  operations: {
    'learner.create': save('Add learner', true),
    'learner.update': save('Change learner', false),
  },
  pushOrder: 'parallel',
  setSyncState: async (db, localId, state) => {
    await db.learners.update(localId, { sync_state: state });
  },
  storedServerId: async (db, localId) =>
    ownIdOnceCreated(db, { kind: 'learner', id: localId }, await db.learners.get(localId)),
  accept: async ({ db }, entry, _ref, data) => {
    if (data === undefined) return;
    // a later change here is still to go: the local copy holds it until its own answer
    if (await laterEntriesOpen(db, entry.record, entry.seq)) return;
    await putServerLearner(db, data as Learner);
  },
  // the feed read again from its start brings the server's copy back
  refetch: async (db) => {
    await db.settings.delete(LEARNER_CURSOR_KEY);
  },
  subject: async (db, localId) => {
    const learner = await db.learners.get(localId);
    if (!learner) return { name: 'A learner no longer here', exists: false };
    return { name: `Learner ${learner.first_name} ${learner.last_name}`, exists: true };
  },
  feed: {
    cursorKey: LEARNER_CURSOR_KEY,
    list: (client, query) => client.send({ method: 'GET', path: paths.learners, schema: LearnerList, query }),
    updatedAt: (learner) => (learner as Learner).updated_at,
    recordOf: (learner) => ({ kind: 'learner', id: (learner as Learner).learner_id }),
    unchanged: unchangedIn(
      (db, ids) => db.learners.bulkGet(ids),
      (learner: Learner) => learner.learner_id,
    ),
    take: (options, learner, report) => takeLearner(options, learner as Learner, report),
  },
  // the server deletes no learner; one goes missing when the token is another coordinator's
  sweep: {
    list: (client, query) => client.send({ method: 'GET', path: paths.learners, schema: LearnerList, query }),
    serverIdOf: (learner) => (learner as Learner).learner_id,
    readOne: (client, id) => client.send({ method: 'GET', path: paths.learner(id), schema: Learner }),
    syncedRecords: async (db) =>
      (await db.learners.where('sync_state').equals('synced').primaryKeys()).map((id) => ({
        localId: id,
        serverId: id,
      })),
    remove: async (db, localId) => {
      await db.learners.delete(localId);
    },
  },
};
