import type { Section, SectionList, SectionListQuery, SectionPut } from '../src/contract';
import { hundredthsFromText, hundredthsToText, toHundredths, fromHundredths } from '../src/domain/hundredths';
import type { WalkinSection } from '../src/domain/walkinTransaction';
import { iso } from './batches';
import type { Database, Queryable } from './db/database';

/** Contract C1's sections (seed 004's catalogue): admin PUT by id, read by every token. */

interface SectionRow {
  section_uuid: string;
  reporting_term: string;
  course_name: string;
  section_code: string;
  course_title: string;
  /** numeric as text, so no float ever touches it */
  amount: string;
  credit_hours: string;
  is_oncampus: boolean;
  updated_at: Date;
}

const COLUMNS = `section_uuid, reporting_term, course_name, section_code, course_title,
  amount::text AS amount, credit_hours::text AS credit_hours, is_oncampus, updated_at`;

function toSection(row: SectionRow): Section {
  return {
    section_uuid: row.section_uuid,
    reporting_term: row.reporting_term,
    course_name: row.course_name,
    section_code: row.section_code,
    course_title: row.course_title,
    amount: fromHundredths(hundredthsFromText(row.amount)),
    credit_hours: fromHundredths(hundredthsFromText(row.credit_hours)),
    is_oncampus: row.is_oncampus,
    updated_at: iso(row.updated_at),
  };
}

export class SectionStore {
  constructor(private readonly db: Database) {}

  /** See `upsertSection`. */
  async upsert(sectionUuid: string, input: SectionPut, q: Queryable = this.db): Promise<Section> {
    return upsertSection(q, sectionUuid, input);
  }

  /**
   * A term's catalogue in course order; with `updated_since`, the sections changed at or after it,
   * oldest change first (the desktop's refresh).
   */
  async list(query: SectionListQuery): Promise<SectionList> {
    const where = `($1::text IS NULL OR reporting_term = $1) AND ($2::timestamptz IS NULL OR updated_at >= $2)`;
    const params = [query.reporting_term ?? null, query.updated_since ?? null];
    const order = query.updated_since
      ? 'updated_at, section_uuid'
      : 'reporting_term, course_name, section_code, section_uuid';
    const [rows, counted] = await Promise.all([
      this.db.query<SectionRow>(
        `SELECT ${COLUMNS} FROM sections WHERE ${where} ORDER BY ${order} LIMIT $3 OFFSET $4`,
        [...params, query.limit, (query.page - 1) * query.limit],
      ),
      this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM sections WHERE ${where}`, params),
    ]);
    return {
      data: rows.map(toSection),
      pagination: { page: query.page, limit: query.limit, total: counted[0]?.n ?? 0 },
    };
  }

  /** The term's sections among `uuids`, as a transaction copies them (decimals in hundredths). */
  async forTerm(q: Queryable, term: string, uuids: readonly string[]): Promise<Map<string, WalkinSection>> {
    if (uuids.length === 0) return new Map();
    const rows = await q.query<SectionRow>(
      `SELECT ${COLUMNS} FROM sections WHERE reporting_term = $1 AND section_uuid = ANY($2::text[])`,
      [term, uuids],
    );
    return new Map(
      rows.map((row) => [
        row.section_uuid,
        {
          section_uuid: row.section_uuid,
          course_name: row.course_name,
          section_code: row.section_code,
          course_title: row.course_title,
          amount: hundredthsFromText(row.amount),
          credit_hours: hundredthsFromText(row.credit_hours),
          is_oncampus: row.is_oncampus,
        },
      ]),
    );
  }
}

/**
 * Creates or replaces the section. A PUT that changes nothing leaves `updated_at` alone, so
 * loading the same reference file again does not send every laptop the whole catalogue.
 */
export async function upsertSection(q: Queryable, sectionUuid: string, input: SectionPut): Promise<Section> {
  const params = [
    sectionUuid,
    input.reporting_term,
    input.course_name,
    input.section_code,
    input.course_title,
    hundredthsToText(toHundredths(input.amount)),
    hundredthsToText(toHundredths(input.credit_hours)),
    input.is_oncampus,
  ];
  const [changed] = await q.query<SectionRow>(
    `INSERT INTO sections AS s (section_uuid, reporting_term, course_name, section_code, course_title,
       amount, credit_hours, is_oncampus, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6::numeric, $7::numeric, $8, now())
     ON CONFLICT (section_uuid) DO UPDATE SET reporting_term = EXCLUDED.reporting_term,
       course_name = EXCLUDED.course_name, section_code = EXCLUDED.section_code,
       course_title = EXCLUDED.course_title, amount = EXCLUDED.amount, credit_hours = EXCLUDED.credit_hours,
       is_oncampus = EXCLUDED.is_oncampus, updated_at = now()
     WHERE (s.reporting_term, s.course_name, s.section_code, s.course_title, s.amount, s.credit_hours, s.is_oncampus)
       IS DISTINCT FROM (EXCLUDED.reporting_term, EXCLUDED.course_name, EXCLUDED.section_code,
         EXCLUDED.course_title, EXCLUDED.amount, EXCLUDED.credit_hours, EXCLUDED.is_oncampus)
     RETURNING ${COLUMNS}`,
    params,
  );
  if (changed) return toSection(changed);
  const [same] = await q.query<SectionRow>(`SELECT ${COLUMNS} FROM sections WHERE section_uuid = $1`, [
    sectionUuid,
  ]);
  return toSection(same!);
}
