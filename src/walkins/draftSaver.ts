import { Dexie, RangeSet, cmp, type IndexableType, type ObservabilitySet } from 'dexie';
import type { AppDatabase } from '../db';
import type { WalkinFormValues, WalkinLocalRecord } from '../db/fieldRecords';
import { WalkinError } from './commands';
import { putDraft } from './putDraft';

/**
 * The walk-in form's draft save, one write per keystroke with no read before it: a read-then-put
 * costs the browser's database two round trips, and the read's answer also waits for the page to
 * finish rendering the keystroke. The form owns what is typed, so the saver builds the record from
 * the one the form opened with and what it last wrote, and sends the put (with its commit) at once.
 *
 * Whoever else writes the record (the sync's answer, a submit or a discard from another window)
 * must not be overwritten by that copy. So each put is preceded, in its own transaction, by a read
 * that the put does not wait for; it says what the put replaced. When that was not what the form
 * last wrote, the other writer's fields are put back on top of the typed ones (or, for a walk-in no
 * longer a draft, the record is put back as the other writer left it and the form stops saving).
 *
 * The write goes to IndexedDB itself, not through Dexie: Dexie's handling of a commit (telling its
 * live queries, this page's and the engine worker's, which re-read the record) runs before anyone
 * else sees the commit, and costs the page a few milliseconds per keystroke. The saver tells
 * Dexie's observers itself once the page is free again, as Dexie would have.
 *
 * Who sends the write is a `DraftWriter`: the page itself (`pageDraftWriter`), or a worker (the
 * window's form), whose thread sees the commit at once, while the page's sees it only after it has
 * rendered the keystroke. A writer may skip a record when a later one of the same walk-in comes
 * before it could start (`superseded`): the later write stores that keystroke too.
 */

/** What became of one record sent to a `DraftWriter`. */
export type DraftWriteOutcome =
  /** committed; `replaced` is what the put replaced (undefined: there was no record) */
  | { kind: 'stored'; replaced: WalkinLocalRecord | undefined }
  /** not written: a later record of the same walk-in, sent after it, has committed instead */
  | { kind: 'superseded' };

export interface DraftWriter {
  /**
   * Puts `record` in a transaction that first reads what it replaces, the commit sent with the
   * put. Records of one walk-in commit in the order sent; resolves once committed or superseded.
   */
  write(db: AppDatabase, record: WalkinLocalRecord): Promise<DraftWriteOutcome>;
}

export interface DraftChange {
  form: WalkinFormValues;
  reporting_term?: string;
}

export interface DraftSaver {
  /** stores the change in a write of its own, sent now; resolves once it has committed */
  save(change: DraftChange, now: number): Promise<void>;
  /** resolves once every change saved so far is stored (or its write failed) */
  idle(): Promise<void>;
}

/** The fields a keystroke writes; every other field is someone else's. */
const TYPED: ReadonlySet<string> = new Set(['form', 'reporting_term', 'updated_at', 'local_changed_at']);

type OtherFields = Record<string, unknown>;

/** The fields outside TYPED that `found` has otherwise than `wrote` (undefined: `found` lacks it). */
function othersChanges(wrote: WalkinLocalRecord, found: WalkinLocalRecord): OtherFields | null {
  const a = wrote as unknown as OtherFields;
  const b = found as unknown as OtherFields;
  let changes: OtherFields | null = null;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (TYPED.has(key) || JSON.stringify(a[key]) === JSON.stringify(b[key])) continue;
    (changes ??= {})[key] = b[key];
  }
  return changes;
}

function withChanges(record: WalkinLocalRecord, changes: OtherFields): WalkinLocalRecord {
  const merged: OtherFields = { ...record, ...changes };
  for (const [key, value] of Object.entries(changes)) if (value === undefined) delete merged[key];
  return merged as unknown as WalkinLocalRecord;
}

/** What the put changed, in the form Dexie's live queries observe (as its own put would say it). */
function mutatedParts(db: AppDatabase, replaced: WalkinLocalRecord | undefined, stored: WalkinLocalRecord) {
  const table = db.walkins;
  const part = (index: string) => `idb://${db.name}/${table.name}/${index}`;
  const parts: ObservabilitySet = { [part('')]: new RangeSet(stored.transaction_uuid) };
  // the walk-ins' indexes are each one plain field
  const keyOf = (record: WalkinLocalRecord | undefined, field: string) =>
    (record as unknown as Record<string, IndexableType | undefined> | undefined)?.[field];
  for (const { name } of table.schema.indexes) {
    const before = keyOf(replaced, name);
    const after = keyOf(stored, name);
    if (before !== undefined && after !== undefined && cmp(before, after) === 0) continue;
    const keys = new RangeSet();
    if (before !== undefined) keys.addKey(before);
    if (after !== undefined) keys.addKey(after);
    parts[part(name)] = keys;
  }
  return parts;
}

/** Writes from the page's own thread, one transaction per record, each sent at once. */
export const pageDraftWriter: DraftWriter = {
  async write(db, record) {
    if (!db.isOpen()) await db.open();
    const tx = db.backendDB().transaction(db.walkins.name, 'readwrite');
    return { kind: 'stored', replaced: await putDraft(tx, db.walkins.name, record) };
  },
};

const notDraft = () =>
  new WalkinError('walkin_state', 'This walk-in was submitted; it can no longer be edited.');

export function draftSaver(
  db: AppDatabase,
  opened: WalkinLocalRecord,
  writer: DraftWriter = pageDraftWriter,
): DraftSaver {
  const id = opened.transaction_uuid;
  /** the record as the latest keystroke's write leaves it */
  let base = opened;
  /** the record as this form's last committed write left it: what the next commit should replace */
  let stored = opened;
  let stopped: WalkinError | null = opened.local_state === 'draft' ? null : notDraft();
  let last: Promise<unknown> = Promise.resolve();

  /** Another writer wrote `found` before the put of `wrote`'s successor replaced it. */
  const reconcile = async (wrote: WalkinLocalRecord, found: WalkinLocalRecord | undefined) => {
    if (!found) {
      // deleted meanwhile: the put made it again
      stopped = new WalkinError('walkin_not_found', 'This walk-in is no longer on this computer.');
      await db.walkins.delete(id);
      throw stopped;
    }
    const theirs = othersChanges(wrote, found);
    if (!theirs) return;
    if (found.local_state !== 'draft') {
      stopped = notDraft();
      await db.walkins.put(found);
      throw stopped;
    }
    // the keystrokes sent from now on carry them; the ones sent already are repaired here
    base = withChanges(base, theirs);
    await db.transaction('rw', db.walkins, async () => {
      const current = await db.walkins.get(id);
      if (current) await db.walkins.put(withChanges(current, theirs));
    });
  };

  return {
    save(change, now) {
      if (stopped) return Promise.reject(stopped);
      const next: WalkinLocalRecord = {
        ...base,
        form: change.form,
        reporting_term: change.reporting_term ?? base.reporting_term,
        updated_at: new Date(now).toISOString(),
        local_changed_at: now,
      };
      base = next;
      const saved = writer.write(db, next).then((outcome) => {
        if (outcome.kind === 'superseded') return;
        // commits come in the order sent, so this runs for each in turn before the next one's
        const wrote = stored;
        stored = next;
        const parts = mutatedParts(db, outcome.replaced, next);
        // Dexie's observers re-read after the page has shown the keystroke
        setTimeout(() => Dexie.on.storagemutated.fire(parts), 0);
        return reconcile(wrote, outcome.replaced);
      });
      last = Promise.all([last, saved.catch(() => undefined)]);
      return saved;
    },
    idle: () => last.then(() => undefined),
  };
}
