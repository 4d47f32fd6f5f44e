import { z } from 'zod';
import { IsoDate, IsoTimestamp, PaginationQuery, Uuid, listOf } from './common';
import { Venue } from './reference';

/**
 * Part C2 of contract.md (seed 002's events). The event fields of a request are loosely typed on
 * purpose: a missing or wrong venue, start, exam type, format or billing code answers seed 002's own
 * sentence (`Venue not found.`, `Invalid EventStartTime value.`), decided by `src/domain/events`.
 */

const Loose = z.string().max(200);

export const EventFields = {
  event_venue: Loose.optional(),
  event_start: Loose.optional(),
  event_exam_type: Loose.optional(),
  event_exam_format: Loose.optional(),
  event_billing_code: Loose.optional(),
};

/** `POST /events/:event_id`: creates the event, or changes the fields given. */
export const EventUpsert = z.strictObject({
  ...EventFields,
  /** none (or null) means unlimited */
  registration_limit: z.number().int().min(0).max(2_147_483_647).nullable().optional(),
});
export type EventUpsert = z.infer<typeof EventUpsert>;

export const EventCancel = z.strictObject({ reason: z.string().trim().min(1).max(500) });
export type EventCancel = z.infer<typeof EventCancel>;

export const EventStatus = z.enum(['scheduled', 'cancelled']);
export type EventStatus = z.infer<typeof EventStatus>;

export const Event = z.object({
  event_id: Uuid,
  event_venue: Uuid,
  event_start: IsoTimestamp,
  event_exam_type: z.string(),
  event_exam_format: z.string(),
  event_billing_code: z.string(),
  registration_limit: z.number().int().nullable(),
  status: EventStatus,
  cancellation_reason: z.string().nullable(),
  registered_count: z.number().int().min(0),
  coordinator_id: z.string(),
  created_at: IsoTimestamp,
  updated_at: IsoTimestamp,
});
export type Event = z.infer<typeof Event>;
export const EventList = listOf(Event);
export const EventIdParams = z.object({ event_id: Uuid });

/** `?date=` is required unless `updated_since` asks for the change feed. */
export const EventListQuery = PaginationQuery.extend({
  date: IsoDate.optional(),
  updated_since: IsoTimestamp.optional(),
}).refine((q) => q.date !== undefined || q.updated_since !== undefined, {
  message: 'Give date=YYYY-MM-DD (or updated_since for the change feed)',
  path: ['date'],
  params: { code: 'required' },
});
export type EventListQuery = z.infer<typeof EventListQuery>;

export const ScrapPaperQuery = z.object({ id: Uuid });

export const SeatAccommodation = z.object({
  type: z.string(),
  name: z.string().nullable(),
  time_extension: z.number().int().nullable(),
});

export const ScrapPaperRow = z.object({
  seat: z.number().int().min(1),
  registration_id: Uuid,
  code: z.string(),
  learner_name: z.string(),
  assessment: z.string().nullable(),
  accommodations: z.array(SeatAccommodation),
  /** minutes: the sum of the accommodations' time extensions */
  time_extension: z.number().int(),
});

export const ScrapPaper = z.object({
  event: Event,
  venue: Venue,
  registrations: z.array(ScrapPaperRow),
  scrap_paper_sheets: z.number().int().min(0),
});
export type ScrapPaper = z.infer<typeof ScrapPaper>;
