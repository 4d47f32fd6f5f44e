import { z } from 'zod';
import { IsoTimestamp, PaginationQuery, Uuid, listOf } from './common';

/** Contract part C1: the sections a walk-in registers for (seed 004's catalogue fields). */

/** A term as the college writes it (`2026FA`): letters, digits, `-` and `_`, at most 20. */
export const ReportingTerm = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,20}$/, 'A reporting term is 1 to 20 letters, digits, "-" or "_", such as 2026FA');
export type ReportingTerm = z.infer<typeof ReportingTerm>;

/**
 * True when `value` is a decimal with at most two places and at most `integerDigits` digits before
 * the point. Read from the number's shortest text (`0.1` is "0.1"), so 1.005 and 1e21 are refused
 * rather than rounded: the server stores hundredths exactly.
 */
export function isTwoPlaceDecimal(value: number, integerDigits: number): boolean {
  return new RegExp(`^\\d{1,${integerDigits}}(\\.\\d{1,2})?$`).test(String(value));
}

/** A non-negative decimal of at most two places on the wire (a JSON number, as seed 004's `decimal`). */
export const decimal = (integerDigits: number) =>
  z.number().refine((v) => isTwoPlaceDecimal(v, integerDigits), {
    message: `Must be a number ≥ 0 with at most ${integerDigits} digits before the point and 2 after`,
    params: { code: 'invalid_decimal' },
  });

/** `numeric(12,2)` and `numeric(6,2)` in the server's table. */
export const Amount = decimal(10);
export const CreditHours = decimal(4);

export const SectionPut = z.strictObject({
  reporting_term: ReportingTerm,
  course_name: z.string().trim().min(1).max(100),
  section_code: z.string().trim().min(1).max(50),
  course_title: z.string().trim().min(1).max(300),
  amount: Amount,
  credit_hours: CreditHours,
  is_oncampus: z.boolean(),
});
export type SectionPut = z.infer<typeof SectionPut>;

export const Section = z.object({
  section_uuid: z.string(),
  reporting_term: z.string(),
  course_name: z.string(),
  section_code: z.string(),
  course_title: z.string(),
  amount: z.number(),
  credit_hours: z.number(),
  is_oncampus: z.boolean(),
  /** (ext) change feed */
  updated_at: IsoTimestamp,
});
export type Section = z.infer<typeof Section>;

export const SectionIdParams = z.object({ section_uuid: Uuid });

export const SectionListQuery = PaginationQuery.extend({
  reporting_term: ReportingTerm.optional(),
  updated_since: IsoTimestamp.optional(),
});
export type SectionListQuery = z.infer<typeof SectionListQuery>;

export const SectionList = listOf(Section);
export type SectionList = z.infer<typeof SectionList>;
