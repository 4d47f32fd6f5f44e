import { randomUUID } from 'node:crypto';
import type {
  WalkinArchive,
  WalkinDraftPut,
  WalkinListQuery,
  WalkinSubmit,
  WalkinTransaction,
  WalkinTransactionList,
} from '../src/contract';
import {
  type WalkinAction,
  type WalkinRecord,
  archiveWalkin,
  authorizeWalkin,
  checkWalkinAction,
  latestCalendarDate,
  missingSections,
  personErrors,
  saveDraft,
  submitErrors,
  submitWalkin,
  walkinAnswer,
} from '../src/domain/walkinTransaction';
import type { Principal } from './auth';
import { isUniqueViolation, type Database, type Queryable } from './db/database';
import { ResponseStatusError, validationException } from './responseStatus';
import type { SectionStore } from './sections';

/**
 * Contract C5's walk-in transactions: each call is one database transaction that locks the row,
 * asks the shared rules (`src/domain/walkinTransaction.ts`) what the call may do, and writes the
 * whole record at once. A transaction belongs to the principal that created it.
 */

interface Row {
  reporting_term: string;
  owner: string;
  record: WalkinRecord;
}

const notFound = (term: string, uuid: string) =>
  new ResponseStatusError(404, 'NotFound', `No walk-in transaction ${uuid} in term ${term}.`);

const sees = (row: Row, principal: Principal) => principal.isAdmin || row.owner === principal.id;

export class WalkinStore {
  constructor(
    private readonly db: Database,
    private readonly sections: SectionStore,
  ) {}

  async get(term: string, uuid: string, principal: Principal): Promise<WalkinTransaction> {
    const [row] = await this.db.query<Row>(
      'SELECT reporting_term, owner, record FROM walkin_transactions WHERE transaction_uuid = $1',
      [uuid],
    );
    if (!row || row.reporting_term !== term || !sees(row, principal)) throw notFound(term, uuid);
    return walkinAnswer(row.record);
  }

  /** PUT: creates or replaces the draft. */
  async putDraft(
    term: string,
    uuid: string,
    draft: WalkinDraftPut,
    principal: Principal,
  ): Promise<WalkinTransaction> {
    const wrong = personErrors(draft.person, { today: latestCalendarDate(new Date()), complete: false });
    if (wrong.length > 0) throw validationException(wrong);
    const attempt = () =>
      this.db.transaction(async (tx) => {
        const row = await lock(tx, uuid);
        if (row && !sees(row, principal)) throw notFound(term, uuid);
        if (row && row.reporting_term !== term) {
          throw new ResponseStatusError(
            409,
            'Conflict',
            `Transaction ${uuid} belongs to term ${row.reporting_term}, not ${term}; a transaction_uuid names one transaction.`,
          );
        }
        const existing = row?.record ?? null;
        allowed(existing, 'draft', term, uuid);
        const sections = await this.sections.forTerm(
          tx,
          term,
          draft.registrations.map((r) => r.section_uuid),
        );
        const missing = missingSections(draft, sections, term);
        if (missing.length > 0) {
          const message =
            missing.length === 1
              ? missing[0]!.message
              : `${missing.length} sections not found in term ${term}.`;
          throw new ResponseStatusError(400, 'NotFound', message, missing);
        }
        const now = await clock(tx);
        const record = saveDraft(existing, draft, sections, {
          transaction_uuid: uuid,
          reporting_term: term,
          by: principal.id,
          now,
          newUuid: randomUUID,
        });
        if (existing) await update(tx, record);
        else {
          await tx.query(
            `INSERT INTO walkin_transactions (transaction_uuid, reporting_term, owner, started_at, updated_at, record)
             VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
            [uuid, term, record.owner, record.started_datetime, record.updated_at, JSON.stringify(record)],
          );
        }
        return walkinAnswer(record);
      });
    try {
      return await attempt();
    } catch (error) {
      // Two first PUTs raced: the other one created it, so this one replaces it.
      if (isUniqueViolation(error)) return attempt();
      throw error;
    }
  }

  /** Seed 004's POST: submits; with `authorizing_uuid` also authorizes (or authorizes a submitted one). */
  async submit(
    term: string,
    uuid: string,
    body: WalkinSubmit,
    principal: Principal,
  ): Promise<WalkinTransaction> {
    return this.db.transaction(async (tx) => {
      const record = await this.lockVisible(tx, term, uuid, principal);
      const effect = allowed(record, body.authorizing_uuid ? 'authorize' : 'submit', term, uuid);
      if (effect === 'unchanged') return walkinAnswer(record);
      const now = await clock(tx);
      let next = record;
      if (effect === 'submit' || effect === 'submit_and_authorize') {
        const errors = submitErrors(record, latestCalendarDate(new Date(now)));
        if (errors.length > 0) throw validationException(errors);
        next = submitWalkin(
          next,
          now,
          await personId(tx, 'walkin_person_ids', 'person_uuid', record.person.uuid),
        );
      }
      if (body.authorizing_uuid && (effect === 'authorize' || effect === 'submit_and_authorize')) {
        next = authorizeWalkin(
          next,
          now,
          await personId(tx, 'walkin_staff_ids', 'staff_uuid', body.authorizing_uuid),
        );
      }
      await update(tx, next);
      return walkinAnswer(next);
    });
  }

  async archive(
    term: string,
    uuid: string,
    body: WalkinArchive,
    principal: Principal,
  ): Promise<WalkinTransaction> {
    return this.db.transaction(async (tx) => {
      const record = await this.lockVisible(tx, term, uuid, principal);
      allowed(record, 'archive', term, uuid);
      const now = await clock(tx);
      const by = body.archiving_uuid
        ? await personId(tx, 'walkin_staff_ids', 'staff_uuid', body.archiving_uuid)
        : null;
      const next = archiveWalkin(record, now, by);
      await update(tx, next);
      return walkinAnswer(next);
    });
  }

  /** A term's transactions, newest first; with `updated_since`, changed at or after it, oldest change first. */
  async list(term: string, query: WalkinListQuery, principal: Principal): Promise<WalkinTransactionList> {
    const where = `reporting_term = $1 AND ($2::text IS NULL OR owner = $2)
      AND ($3::timestamptz IS NULL OR updated_at >= $3)`;
    const params = [term, principal.isAdmin ? null : principal.id, query.updated_since ?? null];
    const order = query.updated_since ? 'updated_at, transaction_uuid' : 'started_at DESC, transaction_uuid';
    const [rows, counted] = await Promise.all([
      this.db.query<{ record: WalkinRecord }>(
        `SELECT record FROM walkin_transactions WHERE ${where} ORDER BY ${order} LIMIT $4 OFFSET $5`,
        [...params, query.limit, (query.page - 1) * query.limit],
      ),
      this.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM walkin_transactions WHERE ${where}`,
        params,
      ),
    ]);
    return {
      data: rows.map((r) => walkinAnswer(r.record)),
      pagination: { page: query.page, limit: query.limit, total: counted[0]?.n ?? 0 },
    };
  }

  private async lockVisible(tx: Queryable, term: string, uuid: string, principal: Principal) {
    const row = await lock(tx, uuid);
    if (!row || row.reporting_term !== term || !sees(row, principal)) throw notFound(term, uuid);
    return row.record;
  }
}

/** What the rules let `action` do, or the 404/409 they give. */
function allowed(record: WalkinRecord | null, action: WalkinAction, term: string, uuid: string) {
  const step = checkWalkinAction(record, action);
  if (step.ok) return step.effect;
  if (step.status === 404) throw notFound(term, uuid);
  throw new ResponseStatusError(step.status, step.errorCode, step.message);
}

async function lock(tx: Queryable, uuid: string): Promise<Row | undefined> {
  const [row] = await tx.query<Row>(
    'SELECT reporting_term, owner, record FROM walkin_transactions WHERE transaction_uuid = $1 FOR UPDATE',
    [uuid],
  );
  return row;
}

/** The database's clock, read after the row lock, so a later change never carries an earlier time. */
async function clock(tx: Queryable): Promise<string> {
  const [row] = await tx.query<{ now: Date }>('SELECT clock_timestamp() AS now');
  return row!.now.toISOString();
}

async function update(tx: Queryable, record: WalkinRecord): Promise<void> {
  await tx.query(
    'UPDATE walkin_transactions SET updated_at = $2, record = $3::jsonb WHERE transaction_uuid = $1',
    [record.transaction_uuid, record.updated_at, JSON.stringify(record)],
  );
}

/** The integer id seed 004 gives a person UUID: the same UUID always gets the same id. */
async function personId(
  tx: Queryable,
  table: 'walkin_staff_ids' | 'walkin_person_ids',
  column: 'staff_uuid' | 'person_uuid',
  uuid: string,
): Promise<number> {
  await tx.query(`INSERT INTO ${table} (${column}) VALUES ($1) ON CONFLICT (${column}) DO NOTHING`, [uuid]);
  const [row] = await tx.query<{ person_id: number }>(`SELECT person_id FROM ${table} WHERE ${column} = $1`, [
    uuid,
  ]);
  return row!.person_id;
}
