import { randomUUID } from 'node:crypto';
import type { Learner, LearnerInput, LearnerListQuery } from '../src/contract';
import { learnerSearchText } from '../src/domain/nameSearch';
import type { Principal } from './auth';
import type { Database, Queryable } from './db/database';
import { notFound } from './errors';
import { iso } from './batches';
import { isUuid } from './reference';

/**
 * Learners (part C1), made by coordinators under client UUIDs. A learner belongs to the coordinator
 * who made it: others neither see it nor register it (404 / `Learner not found.`); admin sees all.
 */

export interface LearnerRow {
  learner_id: string;
  coordinator_id: string;
  first_name: string;
  last_name: string;
  email: string;
  phone: string | null;
  created_at: Date;
  updated_at: Date;
}

export const learnerOf = (row: LearnerRow): Learner => ({
  learner_id: row.learner_id,
  first_name: row.first_name,
  last_name: row.last_name,
  email: row.email,
  phone: row.phone,
  coordinator_id: row.coordinator_id,
  created_at: iso(row.created_at),
  updated_at: iso(row.updated_at),
});

const scope = (principal: Principal) => (principal.isAdmin ? null : principal.id);

const LEARNER_COLUMNS =
  'learner_id, coordinator_id, first_name, last_name, email, email_lower, phone, created_at, updated_at';

/** Contract C4's match: $1 the email, $2 the principal's scope; the earliest made wins. */
const BY_EMAIL = `SELECT * FROM learners WHERE email_lower = lower($1) AND ($2::text IS NULL OR coordinator_id = $2)
  ORDER BY created_at, learner_id LIMIT 1`;

export class LearnerStore {
  constructor(private readonly db: Database) {}

  /** Creates or updates; a learner of another coordinator is 404. Its registrations show the new name. */
  async upsert(learnerId: string, input: LearnerInput, principal: Principal): Promise<Learner> {
    return this.db.transaction(async (tx) => {
      const [existing] = await tx.query<LearnerRow>(
        'SELECT * FROM learners WHERE learner_id = $1 FOR UPDATE',
        [learnerId],
      );
      if (existing && !principal.isAdmin && existing.coordinator_id !== principal.id) {
        throw notFound('learner', learnerId);
      }
      const learner = await this.write(tx, learnerId, input, existing?.coordinator_id ?? principal.id);
      if (existing) {
        await tx.query(
          `UPDATE registrations SET first_name = $2, last_name = $3, email = $4, search_text = $5,
             email_lower = lower($4), updated_at = now()
           WHERE learner_id = $1 AND (first_name <> $2 OR last_name <> $3 OR email <> $4)`,
          [learnerId, learner.first_name, learner.last_name, learner.email, learnerSearchText(learner)],
        );
      }
      return learner;
    });
  }

  private async write(
    tx: Queryable,
    learnerId: string,
    input: LearnerInput,
    owner: string,
  ): Promise<Learner> {
    const [row] = await tx.query<LearnerRow>(
      `INSERT INTO learners (${LEARNER_COLUMNS})
       VALUES ($1, $2, $3, $4, $5, lower($5), $6, now(), now())
       ON CONFLICT (learner_id) DO UPDATE SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
         email = EXCLUDED.email, email_lower = EXCLUDED.email_lower, phone = EXCLUDED.phone, updated_at = now()
       RETURNING *`,
      [learnerId, owner, input.first_name, input.last_name, input.email, input.phone ?? null],
      'learner_upsert',
    );
    return learnerOf(row!);
  }

  async get(learnerId: string, principal: Principal): Promise<Learner> {
    const learner = await this.visible(learnerId, principal);
    if (!learner) throw notFound('learner', learnerId);
    return learner;
  }

  /** The learner if this principal may see (and register) it, else null. */
  async visible(
    learnerId: string | undefined,
    principal: Principal,
    q: Queryable = this.db,
  ): Promise<Learner | null> {
    if (learnerId === undefined || !isUuid(learnerId)) return null;
    const [row] = await q.query<LearnerRow>(
      'SELECT * FROM learners WHERE learner_id = $1 AND ($2::text IS NULL OR coordinator_id = $2)',
      [learnerId.trim(), scope(principal)],
      'learner_visible',
    );
    return row ? learnerOf(row) : null;
  }

  /**
   * Contract C4's match: this principal's learner with that email (case-insensitively; the earliest
   * made), else a new one under `learnerId` (or a fresh id). `made` says it is new, so it is on no
   * event yet.
   */
  async matchOrCreate(
    q: Queryable,
    person: { first_name: string; last_name: string; email: string; phone?: string | null | undefined },
    learnerId: string | undefined,
    principal: Principal,
  ): Promise<{ learner: Learner; made: boolean }> {
    // a fresh id names no learner yet: the match and the insert go in one statement, one round trip
    if (learnerId === undefined) {
      const [row] = await q.query<LearnerRow & { made: boolean }>(
        `WITH found AS (${BY_EMAIL}),
         made AS (INSERT INTO learners (${LEARNER_COLUMNS})
           SELECT $3, $4, $5, $6, $1, lower($1), $7, now(), now() WHERE NOT EXISTS (SELECT 1 FROM found)
           RETURNING *)
         SELECT *, false AS made FROM found UNION ALL SELECT *, true AS made FROM made`,
        [
          person.email,
          scope(principal),
          randomUUID(),
          principal.id,
          person.first_name,
          person.last_name,
          person.phone ?? null,
        ],
        'learner_match_or_make',
      );
      return { learner: learnerOf(row!), made: row!.made };
    }
    const [row] = await q.query<LearnerRow>(BY_EMAIL, [person.email, scope(principal)], 'learner_by_email');
    if (row) return { learner: learnerOf(row), made: false };
    const [existing] = await q.query<LearnerRow>(
      'SELECT * FROM learners WHERE learner_id = $1',
      [learnerId],
      'learner_by_id',
    );
    if (existing) {
      if (!principal.isAdmin && existing.coordinator_id !== principal.id)
        throw notFound('learner', learnerId);
      return { learner: learnerOf(existing), made: false };
    }
    const learner = await this.write(q, learnerId, { ...person, phone: person.phone ?? null }, principal.id);
    return { learner, made: true };
  }

  async list(query: LearnerListQuery, principal: Principal) {
    const params: unknown[] = [scope(principal)];
    const where = ['($1::text IS NULL OR coordinator_id = $1)'];
    if (query.email) where.push(`email_lower = lower($${params.push(query.email.trim())})`);
    if (query.updated_since) where.push(`updated_at >= $${params.push(query.updated_since)}::timestamptz`);
    const filter = where.join(' AND ');
    const order = query.updated_since ? 'updated_at, learner_id' : 'last_name, first_name, learner_id';
    const [rows, count] = await Promise.all([
      this.db.query<LearnerRow>(
        `SELECT * FROM learners WHERE ${filter} ORDER BY ${order}
         LIMIT ${query.limit} OFFSET ${(query.page - 1) * query.limit}`,
        params,
      ),
      this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM learners WHERE ${filter}`, params),
    ]);
    return {
      data: rows.map(learnerOf),
      pagination: { page: query.page, limit: query.limit, total: count[0]!.n },
    };
  }
}
