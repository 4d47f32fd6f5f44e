import type { ResponseError } from '../contract';
import { commitWhenSent, type AppDatabase, type OutboxEntry } from '../db';
import type { WalkinFormValues, WalkinLocalRecord } from '../db/fieldRecords';
import { toHundredths } from '../domain/hundredths';
import {
  authorizeWalkin,
  latestCalendarDate,
  missingSections,
  saveDraft,
  submitErrors,
  submitWalkin,
  type WalkinSection,
} from '../domain/walkinTransaction';
import { AppError } from '../errors/appError';
import { appendOutboxEntry } from '../sync/outbox';
import { openEntriesOf } from '../sync/outboxState';
import { recordKey } from '../sync/recordIds';
import { syncTables } from '../sync/recordKinds';
import { retryRejected } from '../sync/rejections';
import { draftFromForm, emptyForm } from './form';
import { loadStaffUuid } from './staffSettings';

/**
 * The desk's walk-in commands, offline first. Each is one Dexie transaction: the draft is saved on
 * every change, and submit and authorize apply the server's own rules
 * (`src/domain/walkinTransaction.ts`) to the local catalogue and queue their outbox entries in
 * the same transaction, so each contract call is queued exactly once, or not at all.
 */

export class WalkinError extends AppError<'walkin_invalid' | 'walkin_state' | 'walkin_not_found'> {
  constructor(
    code: 'walkin_invalid' | 'walkin_state' | 'walkin_not_found',
    message: string,
    /** each problem with its field, as the server names them */
    readonly errors: ResponseError[] = [],
  ) {
    super(code, message);
  }
}

export const walkinRecordKey = (transactionUuid: string) =>
  recordKey({ kind: 'walkin', id: transactionUuid });

/** Who the local copy names as having saved it until the server's answer says. */
export const LOCAL_PRINCIPAL = 'this laptop';

async function mustGet(db: AppDatabase, transactionUuid: string): Promise<WalkinLocalRecord> {
  const record = await db.walkins.get(transactionUuid);
  if (!record) throw new WalkinError('walkin_not_found', 'This walk-in is no longer on this computer.');
  return record;
}

/** A new, empty walk-in draft in `reportingTerm`; returns its transaction UUID. */
export async function startWalkin(db: AppDatabase, reportingTerm: string, now: number): Promise<string> {
  const transactionUuid = crypto.randomUUID();
  const at = new Date(now).toISOString();
  await db.walkins.add({
    transaction_uuid: transactionUuid,
    reporting_term: reportingTerm,
    local_state: 'draft',
    sync_state: 'local',
    created_at: at,
    updated_at: at,
    local_changed_at: now,
    form: emptyForm(),
  });
  return transactionUuid;
}

/**
 * Saves what is typed, as typed: one write per change (a keystroke), so a reload or a crash
 * loses nothing. Only a draft may change; the term may change while it is one.
 */
export async function saveWalkinForm(
  db: AppDatabase,
  transactionUuid: string,
  change: { form: WalkinFormValues; reporting_term?: string },
  now: number,
): Promise<void> {
  await db.transaction('rw', db.walkins, async (tx) => {
    const record = await mustGet(db, transactionUuid);
    if (record.local_state !== 'draft') {
      throw new WalkinError('walkin_state', 'This walk-in was submitted; it can no longer be edited.');
    }
    const written = db.walkins.put({
      ...record,
      form: change.form,
      reporting_term: change.reporting_term ?? record.reporting_term,
      updated_at: new Date(now).toISOString(),
      local_changed_at: now,
    });
    // the keystroke is safe once committed: the commit goes with the put, not after its answer
    commitWhenSent(tx);
    await written;
  });
}

/** The term's catalogue as the rules read it (decimals in hundredths). */
async function localCatalogue(db: AppDatabase, term: string): Promise<Map<string, WalkinSection>> {
  const rows = await db.sections.where('reporting_term').equals(term).toArray();
  return new Map(
    rows.map((s) => [
      s.section_uuid,
      {
        section_uuid: s.section_uuid,
        course_name: s.course_name,
        section_code: s.section_code,
        course_title: s.course_title,
        amount: toHundredths(s.amount),
        credit_hours: toHundredths(s.credit_hours),
        is_oncampus: s.is_oncampus,
      },
    ]),
  );
}

const invalid = (errors: ResponseError[]) =>
  new WalkinError(
    'walkin_invalid',
    errors.length === 1
      ? (errors[0]?.message ?? 'The walk-in is not complete.')
      : `${errors[0]?.message ?? 'The walk-in is not complete.'} (and ${errors.length - 1} more; see the fields)`,
    errors,
  );

/**
 * Submits the draft, and with `authorize` authorizes it too by the staff UUID set in Settings.
 * Checked as the server checks it (a complete person, at least one section, each in the term's
 * catalogue), then queued: the draft's PUT, the submit POST and, when authorizing, the POST with
 * `authorizing_uuid`.
 */
export async function submitLocalWalkin(
  db: AppDatabase,
  transactionUuid: string,
  options: { authorize: boolean },
  now: number,
): Promise<void> {
  await db.transaction('rw', syncTables(db), async () => {
    const record = await mustGet(db, transactionUuid);
    if (record.local_state !== 'draft') {
      throw new WalkinError('walkin_state', 'This walk-in was submitted already.');
    }
    const staff = options.authorize ? await requireStaff(db) : null;
    const at = new Date(now).toISOString();
    const today = latestCalendarDate(new Date(now));
    const checked = draftFromForm(record.form, today);
    if (!checked.ok) throw invalid(checked.errors);
    const sections = await localCatalogue(db, record.reporting_term);
    const missing = missingSections(checked.draft, sections, record.reporting_term);
    if (missing.length > 0) throw invalid(missing);
    let local = saveDraft(record.local ?? null, checked.draft, sections, {
      transaction_uuid: transactionUuid,
      reporting_term: record.reporting_term,
      by: LOCAL_PRINCIPAL,
      now: at,
      newUuid: () => crypto.randomUUID(),
    });
    const errors = submitErrors(local, today);
    if (errors.length > 0) throw invalid(errors);
    local = submitWalkin(local, at, null);
    if (staff !== null) local = authorizeWalkin(local, at, null);
    const key = walkinRecordKey(transactionUuid);
    // the person's id is fixed here, so a replay after Edit and retry names the same person
    const body = { ...checked.draft, person: { ...checked.draft.person, uuid: local.person.uuid } };
    await appendOutboxEntry(db, { record: key, op: 'walkin.draft', method: 'PUT', body }, now);
    await appendOutboxEntry(db, { record: key, op: 'walkin.submit', method: 'POST', body: {} }, now);
    if (staff !== null) {
      await appendOutboxEntry(
        db,
        { record: key, op: 'walkin.authorize', method: 'POST', body: { authorizing_uuid: staff } },
        now,
      );
    }
    const { refused: _fixed, ...rest } = record;
    await db.walkins.put({
      ...rest,
      local,
      local_state: staff !== null ? 'authorized' : 'submitted',
      sync_state: 'pushing',
      updated_at: at,
      local_changed_at: now,
    });
  });
}

/** Authorizes a submitted walk-in by the staff UUID set in Settings. */
export async function authorizeLocalWalkin(
  db: AppDatabase,
  transactionUuid: string,
  now: number,
): Promise<void> {
  await db.transaction('rw', syncTables(db), async () => {
    const record = await mustGet(db, transactionUuid);
    if (record.local_state !== 'submitted' || !record.local) {
      throw new WalkinError(
        'walkin_state',
        record.local_state === 'draft'
          ? 'Submit this walk-in before authorizing it.'
          : 'This walk-in was authorized already.',
      );
    }
    const staff = await requireStaff(db);
    const at = new Date(now).toISOString();
    await appendOutboxEntry(
      db,
      {
        record: walkinRecordKey(transactionUuid),
        op: 'walkin.authorize',
        method: 'POST',
        body: { authorizing_uuid: staff },
      },
      now,
    );
    await db.walkins.put({
      ...record,
      local: authorizeWalkin(record.local, at, null),
      local_state: 'authorized',
      sync_state: 'pushing',
      updated_at: at,
      local_changed_at: now,
    });
  });
}

async function requireStaff(db: AppDatabase): Promise<string> {
  const staff = await loadStaffUuid(db);
  if (staff === null) {
    throw new WalkinError(
      'walkin_invalid',
      'Set your staff UUID in Settings first: a walk-in is authorized in your name.',
    );
  }
  return staff;
}

export type RetryPlan =
  /** send the refused entry again as it is (an authorize: the draft on the server is fine) */
  | { kind: 'resend'; seq: number }
  /** the draft or its submit was refused: drop the open entries and edit the draft again */
  | { kind: 'reopen' }
  | { kind: 'none' };

/**
 * What Edit and retry does for a walk-in's open entries. A refused draft PUT or submit changed
 * nothing on the server (a refusal never does), so the draft is reopened for editing and queued
 * afresh on the next submit; a refused authorize leaves the submitted draft on the server as it
 * is, so only the authorize goes again.
 */
export function retryPlan(open: readonly Pick<OutboxEntry, 'seq' | 'op' | 'status'>[]): RetryPlan {
  const refused = open.find((e) => e.status === 'rejected');
  if (!refused) return { kind: 'none' };
  if (refused.op === 'walkin.authorize') return { kind: 'resend', seq: refused.seq as number };
  return { kind: 'reopen' };
}

/** Edit and retry from the walk-in's page (the Sync page links here). */
export async function editAndRetryWalkin(
  db: AppDatabase,
  transactionUuid: string,
  now: number,
): Promise<void> {
  const key = walkinRecordKey(transactionUuid);
  const plan = retryPlan(await openEntriesOf(db, key));
  if (plan.kind === 'none') return;
  if (plan.kind === 'resend') {
    await retryRejected(db, plan.seq, now);
    return;
  }
  await db.transaction('rw', syncTables(db), async () => {
    const open = await openEntriesOf(db, key);
    if (retryPlan(open).kind !== 'reopen') return;
    await db.outbox.bulkDelete(open.map((e) => e.seq as number));
    const record = await mustGet(db, transactionUuid);
    const rejection = open.find((e) => e.status === 'rejected')?.rejection;
    await db.walkins.put({
      // `local` stays: the next submit keeps its person id and section ids (`saveDraft`)
      ...record,
      ...(rejection
        ? {
            refused: {
              message: rejection.message,
              errors: (rejection.fields ?? []).map((f) => ({
                errorCode: f.code,
                fieldName: f.field,
                message: f.message,
              })),
            },
          }
        : {}),
      local_state: 'draft',
      sync_state: record.server ? 'synced' : 'local',
      updated_at: new Date(now).toISOString(),
      local_changed_at: now,
    });
  });
}
