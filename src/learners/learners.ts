import { LearnerInput } from '../contract';
import type { AppDatabase, LearnerRecord } from '../db';
import { normalizeForSearch } from '../domain/nameSearch';
import { resolveContext, type LocalCommandOptions } from '../reference/context';
import { FieldInputError, LocalNotFoundError } from '../registrations/errors';
import { MemoryIndex, dexieSource, memoryIndexOf, type IndexRow } from '../search/memoryIndex';
import { learnerSearchFields } from '../search/searchText';
import { appendOutboxEntry } from '../sync/outbox';
import { hasOpenCreate } from '../sync/outboxState';
import { recordKey } from '../sync/recordIds';

/**
 * Learners on the laptop (contract C1): made or corrected at the desk offline, each under its
 * client UUID, and synced as the `learner` record kind (`POST /learners/:learner_id`).
 */

/** What the desk types for a learner; `learner_id` absent makes a new one. */
export interface LearnerDraft {
  learner_id?: string;
  first_name: string;
  last_name: string;
  email: string;
  phone?: string | null;
}

export const learnerRecordKey = (learnerId: string) => recordKey({ kind: 'learner', id: learnerId });

/**
 * Creates or updates the learner with its outbox entry, in one transaction: `learner.create` for
 * a new one, `learner.update` for a change (which waits for the create's answer before it goes).
 * Bad input is a `FieldInputError` naming the field (`last_name`, `email`), and nothing is stored.
 */
export async function saveLearner(
  db: AppDatabase,
  input: LearnerDraft,
  options?: LocalCommandOptions,
): Promise<LearnerRecord> {
  const { learner_id, ...fields } = input;
  const parsed = LearnerInput.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? 'learner');
    throw new FieldInputError(field, learnerInputMessage(field, issue.message));
  }
  const body = parsed.data;
  const ctx = await resolveContext(db, options);
  const id = learner_id?.trim().toLowerCase() || crypto.randomUUID();
  return db.transaction('rw', [db.learners, db.outbox], async () => {
    const current = await db.learners.get(id);
    if (learner_id !== undefined && !current) {
      throw new LocalNotFoundError('learner_id', 'This learner is not on this computer.');
    }
    const record: LearnerRecord = {
      learner_id: id,
      first_name: body.first_name,
      last_name: body.last_name,
      email: body.email,
      phone: body.phone ?? null,
      coordinator_id: current?.coordinator_id ?? ctx.coordinatorId,
      created_at: current?.created_at ?? ctx.nowIso,
      updated_at: ctx.nowIso,
      ...learnerSearchFields(body),
      sync_state: current?.sync_state === 'rejected' ? 'rejected' : 'pushing',
      local_changed_at: ctx.now,
      written_at: ctx.now,
    };
    await db.learners.put(record);
    const create = !current || current.sync_state === 'local';
    await appendOutboxEntry(
      db,
      {
        record: learnerRecordKey(id),
        op: create && !(await hasOpenCreate(db, learnerRecordKey(id))) ? 'learner.create' : 'learner.update',
        method: 'POST',
        body,
      },
      ctx.now,
    );
    return record;
  });
}

function learnerInputMessage(field: string, message: string): string {
  const names: Record<string, string> = {
    first_name: 'First name',
    last_name: 'Last name',
    email: 'Email',
    phone: 'Phone',
  };
  return `${names[field] ?? field}: ${message}`;
}

export async function getLearner(db: AppDatabase, learnerId: string): Promise<LearnerRecord | undefined> {
  return db.learners.get(learnerId.trim().toLowerCase());
}

interface LearnerRow extends IndexRow {
  text: string;
}

const learnerIndex = (db: AppDatabase) =>
  memoryIndexOf(
    db,
    'learners',
    () =>
      new MemoryIndex<LearnerRecord, LearnerRow>(dexieSource(db.learners), (l) => ({
        id: l.learner_id,
        key: Date.parse(l.updated_at),
        text: l.search_text,
      })),
  );

const byName = (a: LearnerRecord, b: LearnerRecord) =>
  a.last_name.localeCompare(b.last_name) || a.first_name.localeCompare(b.first_name);

/**
 * Learners whose name or email matches what is typed so far, at most `limit`: every typed word is
 * a prefix of one of the learner's words (`search_words` index; case and accents ignored), then,
 * when that finds fewer than `limit`, learners whose name or email contains the text anywhere.
 * Prefix matches come first, each group by last then first name.
 */
export async function findLearners(db: AppDatabase, text: string, limit = 10): Promise<LearnerRecord[]> {
  const query = normalizeForSearch(text);
  if (query === '' || limit <= 0) return [];
  const words = query.split(' ');
  // the longest word narrows the index range most; the others are checked on the few found
  const longest = words.reduce((a, b) => (b.length > a.length ? b : a));
  const PREFIX_SCAN = Math.max(limit * 20, 200);
  const candidates = await db.learners.where('search_words').startsWith(longest).limit(PREFIX_SCAN).toArray();
  const seen = new Set<string>();
  const prefix: LearnerRecord[] = [];
  for (const learner of candidates) {
    if (seen.has(learner.learner_id)) continue;
    seen.add(learner.learner_id);
    if (words.every((w) => learner.search_words.some((lw) => lw.startsWith(w)))) prefix.push(learner);
  }
  prefix.sort(byName);
  if (prefix.length >= limit || query.length < 2) return prefix.slice(0, limit);

  const index = learnerIndex(db);
  await index.catchUp();
  const more: string[] = [];
  for (const row of index.newestFirst()) {
    if (!seen.has(row.id) && row.text.includes(query)) {
      more.push(row.id);
      if (prefix.length + more.length >= limit) break;
    }
  }
  const found = (await db.learners.bulkGet(more)).filter((l): l is LearnerRecord => l !== undefined);
  return [...prefix, ...found.sort(byName)].slice(0, limit);
}
