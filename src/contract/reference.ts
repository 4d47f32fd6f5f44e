import { z } from 'zod';
import { IsoTimestamp, PaginationQuery, Uuid, listOf } from './common';

/** Part C1 of contract.md: the reference data seed 002's lookups need, and the learners. */

/** True when `zone` is an IANA time zone this runtime knows (`Europe/Paris`). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

const Text = (max: number) => z.string().trim().min(1).max(max);

export const TimeZone = z.string().refine(isTimeZone, {
  message: 'Must be an IANA time zone such as Europe/Paris',
  params: { code: 'invalid_time_zone' },
});

/** A change-feed query: `updated_since` plus the usual paging. */
export const FeedQuery = PaginationQuery.extend({ updated_since: IsoTimestamp.optional() });
export type FeedQuery = z.infer<typeof FeedQuery>;

export const VenueInput = z.strictObject({
  organization_id: Uuid,
  name: Text(200),
  address: z.string().trim().max(500).default(''),
  time_zone: TimeZone,
});
export type VenueInput = z.infer<typeof VenueInput>;

export const Venue = z.object({
  venue_id: Uuid,
  organization_id: Uuid,
  name: z.string(),
  address: z.string(),
  time_zone: z.string(),
  updated_at: IsoTimestamp,
});
export type Venue = z.infer<typeof Venue>;
export const VenueList = listOf(Venue);
export const VenueListQuery = FeedQuery.extend({ organization_id: Uuid.optional() });
export type VenueListQuery = z.infer<typeof VenueListQuery>;
export const VenueIdParams = z.object({ venue_id: Uuid });

const Code = Text(64);

export const ExamClassInput = z.strictObject({
  exam_type: Code,
  exam_formats: z.array(Code).max(100),
  billing_codes: z.array(Code).max(100),
});
export type ExamClassInput = z.infer<typeof ExamClassInput>;

/** `PUT /exam-classes/:organization_id` replaces that organisation's classes. */
export const ExamClassesInput = z.strictObject({
  data: z
    .array(ExamClassInput)
    .max(500)
    .refine((classes) => new Set(classes.map((c) => c.exam_type)).size === classes.length, {
      message: 'Each exam_type appears once',
      params: { code: 'duplicate' },
    }),
});
export type ExamClassesInput = z.infer<typeof ExamClassesInput>;

export const ExamClass = z.object({
  organization_id: Uuid,
  exam_type: z.string(),
  exam_formats: z.array(z.string()),
  billing_codes: z.array(z.string()),
});
export type ExamClass = z.infer<typeof ExamClass>;
export const ExamClassList = z.object({ data: z.array(ExamClass) });
export type ExamClassList = z.infer<typeof ExamClassList>;
export const ExamClassesQuery = z.object({ organization: Uuid });
export const OrganizationIdParams = z.object({ organization_id: Uuid });

export const AssessmentFormInput = z.strictObject({
  code: Code,
  title: Text(200),
  exam_type: Code,
  published: z.boolean(),
  bilingual: z.boolean(),
});
export type AssessmentFormInput = z.infer<typeof AssessmentFormInput>;

export const AssessmentForm = z.object({
  assessment_form_id: Uuid,
  code: z.string(),
  title: z.string(),
  exam_type: z.string(),
  published: z.boolean(),
  bilingual: z.boolean(),
  updated_at: IsoTimestamp,
});
export type AssessmentForm = z.infer<typeof AssessmentForm>;
export const AssessmentFormList = listOf(AssessmentForm);
export const AssessmentFormIdParams = z.object({ assessment_form_id: Uuid });

export const Email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'Must be an email address' }));

export const LearnerInput = z.strictObject({
  first_name: Text(100),
  last_name: Text(100),
  email: Email,
  phone: z.string().trim().max(32).nullable().optional(),
});
export type LearnerInput = z.infer<typeof LearnerInput>;

export const Learner = z.object({
  learner_id: Uuid,
  first_name: z.string(),
  last_name: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  /** (ext) the coordinator whose learner this is */
  coordinator_id: z.string(),
  created_at: IsoTimestamp,
  updated_at: IsoTimestamp,
});
export type Learner = z.infer<typeof Learner>;
export const LearnerList = listOf(Learner);
export const LearnerListQuery = FeedQuery.extend({ email: z.string().max(254).optional() });
export type LearnerListQuery = z.infer<typeof LearnerListQuery>;
export const LearnerIdParams = z.object({ learner_id: Uuid });
