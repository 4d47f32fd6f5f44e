import {
  AssessmentFormList,
  ExamClassList,
  VenueList,
  paths,
  type AssessmentForm,
  type Venue,
} from '../contract';
import type { AppDatabase } from '../db';
import type { ApiClient, ApiFailure, ApiResult } from '../sync/client';
import { REFERENCE_PULLED_KEYS } from './queries';

/**
 * Pulling the reference data (contract C1) into the laptop's copy: venues and assessment forms
 * through their `updated_since` feeds, the exam classes of every venue's organisation in full
 * (they have no feed). Run by the `reference` record kind's pull step; each part's time is kept
 * under `REFERENCE_PULLED_KEYS` once it completed.
 */

/** How often the sync cycle refreshes the copy on its own; start and Sync now refresh at once. */
export const REFERENCE_REFRESH_MS = 10 * 60_000;
/** After a failed pull, the next try. */
export const REFERENCE_RETRY_MS = 60_000;
export const REFERENCE_NEXT_PULL_KEY = 'reference.next_pull_at';
const CURSORS = { venues: 'reference.cursor.venues', assessmentForms: 'reference.cursor.assessmentForms' };
const PAGE_LIMIT = 100;
const START = '1970-01-01T00:00:00Z';

export interface ReferencePullResult {
  venues: number;
  examClasses: number;
  assessmentForms: number;
}

type Page<T> = { data: T[]; pagination: { total: number; limit: number } };

/** Reads a feed from its cursor, storing each page; the cursor moves after a full pass. */
async function followFeed<T extends { updated_at: string }>(
  db: AppDatabase,
  cursorKey: string,
  list: (query: { updated_since: string; page: number; limit: number }) => Promise<ApiResult<Page<T>>>,
  store: (rows: T[]) => Promise<void>,
): Promise<{ ok: true; count: number } | { ok: false; error: ApiFailure }> {
  const row = await db.settings.get(cursorKey);
  const cursor = typeof row?.value === 'string' ? row.value : START;
  let newest = cursor;
  let count = 0;
  for (let page = 1; ; page++) {
    const result = await list({ updated_since: cursor, page, limit: PAGE_LIMIT });
    if (!result.ok) return result;
    await store(result.data.data);
    count += result.data.data.length;
    for (const r of result.data.data) if (r.updated_at > newest) newest = r.updated_at;
    if (
      result.data.data.length < PAGE_LIMIT ||
      page * result.data.pagination.limit >= result.data.pagination.total
    ) {
      break;
    }
  }
  await db.settings.put({ key: cursorKey, value: newest });
  return { ok: true, count };
}

/** Brings the copy up to date; throws nothing: a failure is returned as the API failure. */
export async function pullReference(
  db: AppDatabase,
  client: ApiClient,
  now: number,
): Promise<{ ok: true; pulled: ReferencePullResult } | { ok: false; error: ApiFailure }> {
  const venues = await followFeed<Venue>(
    db,
    CURSORS.venues,
    (query) => client.send({ method: 'GET', path: paths.venues, schema: VenueList, query }),
    async (rows) => {
      await db.venues.bulkPut(rows.map((v) => ({ ...v, pulled_at: now })));
    },
  );
  if (!venues.ok) return venues;
  await db.settings.put({ key: REFERENCE_PULLED_KEYS.venues, value: now });

  const forms = await followFeed<AssessmentForm>(
    db,
    CURSORS.assessmentForms,
    (query) => client.send({ method: 'GET', path: paths.assessmentForms, schema: AssessmentFormList, query }),
    async (rows) => {
      await db.assessmentForms.bulkPut(rows.map((f) => ({ ...f, pulled_at: now })));
    },
  );
  if (!forms.ok) return forms;
  await db.settings.put({ key: REFERENCE_PULLED_KEYS.assessmentForms, value: now });

  // exam classes have no feed: each organisation's are read whole and replace the copy's
  const organizations = new Set((await db.venues.toArray()).map((v) => v.organization_id));
  let classes = 0;
  for (const organization of organizations) {
    const result = await client.send({
      method: 'GET',
      path: paths.eventClasses,
      schema: ExamClassList,
      query: { organization },
    });
    if (!result.ok) return result;
    await db.transaction('rw', db.examClasses, async () => {
      await db.examClasses.where('organization_id').equals(organization).delete();
      await db.examClasses.bulkPut(result.data.data.map((c) => ({ ...c, pulled_at: now })));
    });
    classes += result.data.data.length;
  }
  await db.settings.put({ key: REFERENCE_PULLED_KEYS.examClasses, value: now });
  return { ok: true, pulled: { venues: venues.count, examClasses: classes, assessmentForms: forms.count } };
}
