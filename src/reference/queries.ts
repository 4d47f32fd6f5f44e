import Dexie from 'dexie';
import type { AppDatabase, AssessmentFormRecord, ExamClassRecord, VenueRecord } from '../db';

/**
 * Reads of the laptop's copy of the reference data (contract C1): what the desk and the event
 * form offer, and what the local commands check against. The copy is pulled by the `reference`
 * record kind (`src/sync/kinds/referenceKind.ts`).
 */

/** The settings key of each part's last complete pull (epoch ms). */
export const REFERENCE_PULLED_KEYS = {
  venues: 'reference.pulled_at.venues',
  examClasses: 'reference.pulled_at.examClasses',
  assessmentForms: 'reference.pulled_at.assessmentForms',
} as const;

/**
 * When the copy was last brought up to date (epoch ms): the oldest of its parts' last complete
 * pulls, or null when some part was never pulled ("reference data from 3 days ago").
 */
export async function referenceAge(db: AppDatabase): Promise<number | null> {
  const rows = await db.settings.bulkGet(Object.values(REFERENCE_PULLED_KEYS));
  let oldest: number | null = null;
  for (const row of rows) {
    if (typeof row?.value !== 'number') return null;
    oldest = oldest === null ? row.value : Math.min(oldest, row.value);
  }
  return oldest;
}

/** Every venue, by name. */
export async function listVenues(db: AppDatabase): Promise<VenueRecord[]> {
  return db.venues.orderBy('name').toArray();
}

export async function getVenue(db: AppDatabase, venueId: string): Promise<VenueRecord | undefined> {
  return db.venues.get(venueId.trim().toLowerCase());
}

/** The exam classes of one organisation (a venue's `organization_id`), by exam type. */
export function examClassesOf(db: AppDatabase, organizationId: string): Promise<ExamClassRecord[]> {
  // the primary key [organization_id+exam_type] keeps them by exam type; Dexie's own promise (no
  // async function), so a caller may chain it inside a transaction (register-lax's reads)
  return db.examClasses
    .where('[organization_id+exam_type]')
    .between([organizationId, Dexie.minKey], [organizationId, Dexie.maxKey])
    .toArray();
}

/**
 * The forms the desk offers for an exam type: published and not bilingual (the only ones seed
 * 002's lax lookup accepts), by code. Without `examType`, every usable form.
 */
export async function assessmentFormsFor(
  db: AppDatabase,
  examType?: string,
): Promise<AssessmentFormRecord[]> {
  const forms =
    examType === undefined
      ? await db.assessmentForms.toArray()
      : await db.assessmentForms.where('exam_type').equals(examType).toArray();
  return forms.filter(isUsable).sort((a, b) => a.code.localeCompare(b.code));
}

/** The usable (published, non-bilingual) form with that code, as the server's lookup finds it. */
export async function usableFormByCode(
  db: AppDatabase,
  code: string | null | undefined,
): Promise<AssessmentFormRecord | null> {
  const wanted = code?.trim();
  if (!wanted) return null;
  const forms = (await db.assessmentForms.where('code').equals(wanted).toArray()).filter(isUsable);
  // the server takes the first by id when several share a code
  forms.sort((a, b) => (a.assessment_form_id < b.assessment_form_id ? -1 : 1));
  return forms[0] ?? null;
}

/** Seed 002: only published, non-bilingual forms can be assigned. */
export const isUsable = (form: { published: boolean; bilingual: boolean }) =>
  form.published && !form.bilingual;
