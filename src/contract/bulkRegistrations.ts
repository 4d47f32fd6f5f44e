import { z } from 'zod';
import { IsoDate, IsoTimestamp, PaginationQuery, Uuid, listOf } from './common';

/** Part A of contract.md (seed 000). Shapes follow the seed's examples field for field; (ext) marks additions. */

export const DEFAULT_ACTIVITY_TYPES = ['peer_session', 'workshop'] as const;
export const DEFAULT_MAX_ITEMS = 10_000;
export const DUPLICATE_ACTIVITY_ERROR = 'Duplicate activity on this date';

export const MentorId = z
  .string()
  .trim()
  .min(1, 'Mentor id is required')
  .max(64, 'Mentor id is at most 64 characters');
/** The configured set is checked separately (see `activityTypeIn`); here only the shape. */
export const ActivityType = z
  .string()
  .min(1, 'Activity type is required')
  .max(64)
  .regex(/^[a-z][a-z0-9_]*$/, 'Activity type is a lower-case identifier such as peer_session');
export const DurationMinutes = z
  .number({ error: 'Duration must be a whole number of minutes' })
  .int('Duration must be a whole number of minutes')
  .min(1, 'Duration is at least 1 minute')
  .max(1440, 'Duration is at most 1440 minutes (one day)');
export const Notes = z.string().max(1000, 'Notes are at most 1000 characters');

export const ItemInput = z.strictObject({
  mentor_id: MentorId,
  activity_type: ActivityType,
  activity_date: IsoDate,
  duration_minutes: DurationMinutes,
  notes: Notes.optional(),
});
export type ItemInput = z.infer<typeof ItemInput>;

/** Refines an item schema so `activity_type` is one of `types`. */
export function itemInputFor(types: readonly string[]) {
  const allowed = new Set(types);
  return ItemInput.superRefine((item, ctx) => {
    if (!allowed.has(item.activity_type)) {
      ctx.addIssue({
        code: 'custom',
        path: ['activity_type'],
        message: `Unknown activity type "${item.activity_type}"; allowed: ${types.join(', ')}`,
        params: { code: 'invalid_activity_type' },
      });
    }
  });
}

export const BatchStatus = z.enum(['processing', 'completed', 'failed', 'partial', 'cancelled']);
export type BatchStatus = z.infer<typeof BatchStatus>;

export const ItemStatus = z.enum(['pending', 'processing', 'success', 'failed', 'cancelled']);
export type ItemStatus = z.infer<typeof ItemStatus>;

export const BatchCreate = z.strictObject({
  coordinator_id: z.string().min(1).max(64),
  items: z.array(ItemInput).min(1, 'A batch holds at least one item'),
  /** (ext) */
  label: z.string().max(200).optional(),
  /** (ext) the client's own id for the batch, mapped to `batch_id`. */
  client_batch_id: Uuid.optional(),
});
export type BatchCreate = z.infer<typeof BatchCreate>;

/** 202 answer to POST. */
export const BatchCreated = z.object({
  batch_id: z.string(),
  coordinator_id: z.string(),
  status: BatchStatus,
  total_items: z.number().int(),
  submitted_at: IsoTimestamp,
  /** (ext) */
  client_batch_id: Uuid.optional(),
  label: z.string().optional(),
  updated_at: IsoTimestamp.optional(),
});
export type BatchCreated = z.infer<typeof BatchCreated>;

export const BatchSummary = z.object({
  batch_id: z.string(),
  coordinator_id: z.string(),
  total_items: z.number().int(),
  completed: z.number().int(),
  failed: z.number().int(),
  status: BatchStatus,
  submitted_at: IsoTimestamp,
  /** (ext) */
  completed_at: IsoTimestamp.nullable().optional(),
  updated_at: IsoTimestamp.optional(),
  label: z.string().nullable().optional(),
  client_batch_id: Uuid.nullable().optional(),
  cancellation_reason: z.string().nullable().optional(),
});
export type BatchSummary = z.infer<typeof BatchSummary>;

export const Item = z.object({
  item_id: z.string(),
  mentor_id: z.string(),
  activity_type: z.string(),
  activity_date: IsoDate,
  status: ItemStatus,
  /** present when status is success */
  activity_id: z.string().optional(),
  /** present when status is failed */
  error: z.string().optional(),
  /** (ext) */
  duration_minutes: z.number().int().optional(),
  notes: z.string().nullable().optional(),
});
export type Item = z.infer<typeof Item>;

export const BatchDetail = z.object({
  batch_id: z.string(),
  coordinator_id: z.string(),
  status: BatchStatus,
  total_items: z.number().int(),
  completed: z.number().int(),
  failed: z.number().int(),
  items: z.array(Item),
  submitted_at: IsoTimestamp,
  completed_at: IsoTimestamp.nullable(),
  /** (ext) */
  updated_at: IsoTimestamp.optional(),
  label: z.string().nullable().optional(),
  client_batch_id: Uuid.nullable().optional(),
  cancellation_reason: z.string().nullable().optional(),
});
export type BatchDetail = z.infer<typeof BatchDetail>;

export const BatchListQuery = PaginationQuery.extend({
  status: BatchStatus.optional(),
  coordinator_id: z.string().optional(),
  /** (ext) change feed: order by updated_at ascending from this instant */
  updated_since: IsoTimestamp.optional(),
});
export type BatchListQuery = z.infer<typeof BatchListQuery>;

export const BatchList = listOf(BatchSummary);
export type BatchList = z.infer<typeof BatchList>;

export const BatchUpdate = z
  .strictObject({
    status: z.literal('cancelled').optional(),
    cancellation_reason: z.string().min(1).max(500).optional(),
    /** (ext) */
    label: z.string().max(200).optional(),
  })
  .refine((body) => body.status !== undefined || body.label !== undefined, {
    message: 'Give status "cancelled" (with a cancellation_reason) or a label',
    params: { code: 'empty_update' },
  })
  .refine((body) => body.cancellation_reason === undefined || body.status === 'cancelled', {
    message: 'cancellation_reason goes with status "cancelled"',
    path: ['cancellation_reason'],
    params: { code: 'unexpected_field' },
  });
export type BatchUpdate = z.infer<typeof BatchUpdate>;

export const BatchUpdated = z.object({
  batch_id: z.string(),
  status: BatchStatus,
  updated_at: IsoTimestamp,
  cancellation_reason: z.string().optional(),
  label: z.string().optional(),
});
export type BatchUpdated = z.infer<typeof BatchUpdated>;

export const BatchDeleted = z.object({
  success: z.literal(true),
  deleted_batch_id: z.string(),
});
export type BatchDeleted = z.infer<typeof BatchDeleted>;

/**
 * (ext) The body of a retry, optional: corrections of failed items (their mentor, activity type
 * or date) applied before they go back to pending, so a fixed duplicate can succeed. A retry
 * without a body is the seed's: every failed item again, as it was.
 */
export const ItemCorrection = z.strictObject({
  item_id: z.string().regex(/^item-\d{3,}$/, 'An item id looks like item-003'),
  mentor_id: MentorId.optional(),
  activity_type: ActivityType.optional(),
  activity_date: IsoDate.optional(),
});
export type ItemCorrection = z.infer<typeof ItemCorrection>;

export const BatchRetry = z.strictObject({
  corrections: z.array(ItemCorrection).max(DEFAULT_MAX_ITEMS).optional(),
});
export type BatchRetry = z.infer<typeof BatchRetry>;

export const BatchRetried = z.object({
  batch_id: z.string(),
  retried_items: z.number().int(),
  status: z.literal('processing'),
  retry_started_at: IsoTimestamp,
});
export type BatchRetried = z.infer<typeof BatchRetried>;

export const BatchCancelled = z.object({
  batch_id: z.string(),
  cancelled_items: z.number().int(),
  status: z.literal('cancelled'),
  cancelled_at: IsoTimestamp,
});
export type BatchCancelled = z.infer<typeof BatchCancelled>;

export const BatchIdParams = z.object({ batch_id: z.string().min(1).max(100) });
