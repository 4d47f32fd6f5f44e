import type {
  AssessmentForm,
  AssessmentFormInput,
  ExamClass,
  ExamClassesInput,
  FeedQuery,
  Venue,
  VenueInput,
  VenueListQuery,
} from '../src/contract';
import type { Principal } from './auth';
import type { Database, Queryable } from './db/database';
import { ApiError } from './errors';
import { iso } from './batches';

/** Part C1: venues, exam classes and assessment forms. Everyone reads them; only admin writes. */

export interface VenueRow {
  venue_id: string;
  organization_id: string;
  name: string;
  address: string;
  time_zone: string;
  updated_at: Date;
}

export const venueOf = (row: VenueRow): Venue => ({
  venue_id: row.venue_id,
  organization_id: row.organization_id,
  name: row.name,
  address: row.address,
  time_zone: row.time_zone,
  updated_at: iso(row.updated_at),
});

export interface FormRow {
  assessment_form_id: string;
  code: string;
  title: string;
  exam_type: string;
  published: boolean;
  bilingual: boolean;
  updated_at: Date;
}

export const formOf = (row: FormRow): AssessmentForm => ({
  assessment_form_id: row.assessment_form_id,
  code: row.code,
  title: row.title,
  exam_type: row.exam_type,
  published: row.published,
  bilingual: row.bilingual,
  updated_at: iso(row.updated_at),
});

export interface ClassRow {
  organization_id: string;
  exam_type: string;
  exam_formats: string[];
  billing_codes: string[];
}

export const classOf = (row: ClassRow): ExamClass => ({
  organization_id: row.organization_id,
  exam_type: row.exam_type,
  exam_formats: row.exam_formats,
  billing_codes: row.billing_codes,
});

export function requireAdmin(principal: Principal): void {
  if (!principal.isAdmin) {
    throw new ApiError(403, 'forbidden', 'Reference data is changed with an admin token only');
  }
}

/** Paging and the `updated_since` feed, shared by every reference list. */
function feedClause(query: FeedQuery, params: unknown[], where: string[]): string {
  if (query.updated_since) where.push(`updated_at >= $${params.push(query.updated_since)}::timestamptz`);
  return `${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
}

export class ReferenceStore {
  constructor(private readonly db: Database) {}

  async putVenue(venueId: string, input: VenueInput, q: Queryable = this.db): Promise<Venue> {
    const [row] = await q.query<VenueRow>(
      `INSERT INTO venues (venue_id, organization_id, name, address, time_zone, updated_at)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (venue_id) DO UPDATE SET organization_id = EXCLUDED.organization_id, name = EXCLUDED.name,
         address = EXCLUDED.address, time_zone = EXCLUDED.time_zone, updated_at = now()
       RETURNING *`,
      [venueId, input.organization_id, input.name, input.address, input.time_zone],
    );
    return venueOf(row!);
  }

  async listVenues(query: VenueListQuery) {
    const params: unknown[] = [];
    const where: string[] = [];
    if (query.organization_id) where.push(`organization_id = $${params.push(query.organization_id)}`);
    const filter = feedClause(query, params, where);
    const order = query.updated_since ? 'updated_at, venue_id' : 'name, venue_id';
    return this.page<VenueRow, Venue>('venues', filter, order, params, query, venueOf);
  }

  async venue(venueId: string, q: Queryable = this.db): Promise<Venue | null> {
    if (!isUuid(venueId)) return null;
    const [row] = await q.query<VenueRow>('SELECT * FROM venues WHERE venue_id = $1', [venueId], 'venue');
    return row ? venueOf(row) : null;
  }

  /** The venue with its organisation's exam classes, in one round trip (each lax lookup needs both). */
  async venueWithClasses(
    venueId: string | undefined,
    q: Queryable = this.db,
  ): Promise<{ venue: Venue | null; classes: ExamClass[] }> {
    if (venueId === undefined || !isUuid(venueId)) return { venue: null, classes: [] };
    const [row] = await q.query<VenueRow & { classes: ClassRow[] | null }>(
      `SELECT v.*, (SELECT jsonb_agg(jsonb_build_object('organization_id', c.organization_id,
                'exam_type', c.exam_type, 'exam_formats', c.exam_formats, 'billing_codes', c.billing_codes)
                ORDER BY c.position)
              FROM exam_classes c WHERE c.organization_id = v.organization_id) AS classes
       FROM venues v WHERE v.venue_id = $1`,
      [venueId.trim()],
      'venue_with_classes',
    );
    return row
      ? { venue: venueOf(row), classes: (row.classes ?? []).map(classOf) }
      : { venue: null, classes: [] };
  }

  async putExamClasses(organizationId: string, input: ExamClassesInput, q?: Queryable): Promise<ExamClass[]> {
    const write = async (tx: Queryable) => {
      await tx.query('DELETE FROM exam_classes WHERE organization_id = $1', [organizationId]);
      await tx.query(
        `INSERT INTO exam_classes (organization_id, exam_type, exam_formats, billing_codes, position)
         SELECT $1, x.e->>'exam_type', x.e->'exam_formats', x.e->'billing_codes', x.ord
         FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS x(e, ord)`,
        [organizationId, JSON.stringify(input.data)],
      );
      return this.classes(organizationId, tx);
    };
    return q ? write(q) : this.db.transaction(write);
  }

  async classes(organizationId: string, q: Queryable = this.db): Promise<ExamClass[]> {
    const rows = await q.query<ClassRow>(
      'SELECT * FROM exam_classes WHERE organization_id = $1 ORDER BY position',
      [organizationId],
    );
    return rows.map(classOf);
  }

  async putForm(formId: string, input: AssessmentFormInput, q: Queryable = this.db): Promise<AssessmentForm> {
    const [row] = await q.query<FormRow>(
      `INSERT INTO assessment_forms (assessment_form_id, code, title, exam_type, published, bilingual, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT (assessment_form_id) DO UPDATE SET code = EXCLUDED.code, title = EXCLUDED.title,
         exam_type = EXCLUDED.exam_type, published = EXCLUDED.published, bilingual = EXCLUDED.bilingual,
         updated_at = now()
       RETURNING *`,
      [formId, input.code, input.title, input.exam_type, input.published, input.bilingual],
    );
    return formOf(row!);
  }

  async listForms(query: FeedQuery) {
    const params: unknown[] = [];
    const filter = feedClause(query, params, []);
    const order = query.updated_since ? 'updated_at, assessment_form_id' : 'code, assessment_form_id';
    return this.page<FormRow, AssessmentForm>('assessment_forms', filter, order, params, query, formOf);
  }

  async form(formId: string | null, q: Queryable = this.db): Promise<AssessmentForm | null> {
    if (formId === null) return null;
    const [row] = await q.query<FormRow>(
      'SELECT * FROM assessment_forms WHERE assessment_form_id = $1',
      [formId],
      'form_by_id',
    );
    return row ? formOf(row) : null;
  }

  /** Seed 002's lookup: a published, non-bilingual form with that code (the earliest made, if several). */
  async usableFormByCode(
    code: string | null | undefined,
    q: Queryable = this.db,
  ): Promise<AssessmentForm | null> {
    if (!code?.trim()) return null;
    const [row] = await q.query<FormRow>(
      `SELECT * FROM assessment_forms WHERE code = $1 AND published AND NOT bilingual
       ORDER BY assessment_form_id LIMIT 1`,
      [code.trim()],
      'form_by_code',
    );
    return row ? formOf(row) : null;
  }

  private async page<Row, Out>(
    table: string,
    filter: string,
    order: string,
    params: unknown[],
    query: { page: number; limit: number },
    map: (row: Row) => Out,
  ) {
    const [rows, count] = await Promise.all([
      this.db.query<Row>(
        `SELECT * FROM ${table} ${filter} ORDER BY ${order} LIMIT ${query.limit} OFFSET ${(query.page - 1) * query.limit}`,
        params,
      ),
      this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} ${filter}`, params),
    ]);
    return { data: rows.map(map), pagination: { page: query.page, limit: query.limit, total: count[0]!.n } };
  }
}

export const isUuid = (value: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value.trim());
