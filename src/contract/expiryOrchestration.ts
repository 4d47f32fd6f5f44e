import { z } from 'zod';
import { IsoDate, IsoTimestamp, PaginationQuery, Uuid, isCalendarDate, listOf } from './common';

/** Part B of contract.md (seed 003). */

export const DEFAULT_THRESHOLDS = ['30_day', '7_day', 'expired'] as const;

/** `expired`, or `N_day` for a window of N days before the expiry date. */
export const Threshold = z
  .string()
  .regex(/^(expired|[1-9]\d{0,3}_day)$/, 'A threshold is "expired" or "N_day" such as "30_day"');
export type Threshold = z.infer<typeof Threshold>;

/**
 * The seed sends `2026-04-15T00:00:00Z`; contract.md speaks of dates. Both are accepted and the
 * calendar date is kept: a timestamp's UTC date part (expiry is a whole day, not an instant).
 */
export const ExpiryDate = z
  .string()
  .refine((v) => isCalendarDate(v.slice(0, 10)) && (v.length === 10 || IsoTimestamp.safeParse(v).success), {
    message: 'Must be a date YYYY-MM-DD or a UTC timestamp such as 2026-04-15T00:00:00Z',
    params: { code: 'invalid_date' },
  })
  .transform((v) => v.slice(0, 10));

export const Expiration = z.strictObject({
  mentor_id: z.string().trim().min(1).max(64),
  coordinator_id: z.string().trim().min(1).max(64),
  expiry_date: ExpiryDate,
});
export type Expiration = z.infer<typeof Expiration>;

export const DispatchedNotification = z.object({
  mentor_id: z.string().min(1).max(64),
  coordinator_id: z.string().min(1).max(64),
  threshold: Threshold,
  /** (ext) the expiry date the notification was about; a renewed date starts afresh */
  expiry_date: IsoDate.optional(),
});
export type DispatchedNotification = z.infer<typeof DispatchedNotification>;

export const RunStatus = z.enum(['running', 'completed', 'failed', 'resolved']);
export type RunStatus = z.infer<typeof RunStatus>;

export const RunCreate = z.strictObject({
  triggered_by: z.string().min(1).max(100),
  expirations: z.array(Expiration),
  /** (ext) client-made id: makes the POST idempotent by itself */
  run_id: Uuid.optional(),
  /** (ext) evaluation instant; default now */
  evaluated_at: IsoTimestamp.optional(),
  /**
   * (ext) the calendar date the thresholds are evaluated on, in the coordinator's zone (an
   * instant alone names two dates around midnight); default the UTC date of `evaluated_at`
   */
  evaluated_on: IsoDate.optional(),
  /** (ext) already delivered by the client: recorded as dispatched, never sent again */
  dispatched_notifications: z.array(DispatchedNotification.extend({ expiry_date: IsoDate })).optional(),
});
export type RunCreate = z.infer<typeof RunCreate>;

export const RunSummary = z.object({
  run_id: z.string(),
  triggered_by: z.string(),
  expirations_evaluated: z.number().int(),
  notifications_dispatched: z.number().int(),
  thresholds_hit: z.array(Threshold),
  status: RunStatus,
  started_at: IsoTimestamp,
  completed_at: IsoTimestamp.nullable(),
  /** (ext) */
  error: z.string().nullable().optional(),
  resolution_notes: z.string().nullable().optional(),
  evaluated_at: IsoTimestamp.optional(),
  updated_at: IsoTimestamp.optional(),
});
export type RunSummary = z.infer<typeof RunSummary>;

export const RunDetail = RunSummary.extend({
  dispatched_notifications: z.array(DispatchedNotification),
});
export type RunDetail = z.infer<typeof RunDetail>;

export const RunListQuery = PaginationQuery.extend({
  status: RunStatus.optional(),
  updated_since: IsoTimestamp.optional(),
});
export type RunListQuery = z.infer<typeof RunListQuery>;

export const RunList = listOf(RunSummary);
export type RunList = z.infer<typeof RunList>;

export const RunUpdate = z.strictObject({
  status: z.literal('resolved'),
  resolution_notes: z.string().min(1).max(2000),
});
export type RunUpdate = z.infer<typeof RunUpdate>;

export const RunDeleted = z.object({ deleted: z.literal(true), run_id: z.string() });
export type RunDeleted = z.infer<typeof RunDeleted>;

export const RunIdParams = z.object({ run_id: z.string().min(1).max(100) });
