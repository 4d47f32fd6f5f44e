import { z } from 'zod';
import type { AccommodationInput } from '../contract';
import { checkAttendee } from '../domain/registrationCommands';
import { RegistrationError } from '../domain/registrationErrors';

/**
 * One row of a "People for an event" file, ready to become a seed 001 task: the person's names and
 * email as `checkAttendee` (the server's own rule) accepts them, the optional phone and assessment
 * code, and the accommodations with the extra time as one more accommodation.
 */
export interface AttendeeRow {
  first_name: string;
  last_name: string;
  email: string;
  phone?: string;
  /** the assessment form's code, spelled as the form spells it */
  assessment?: string;
  accommodations: AccommodationInput[];
}

/** The accommodation type the "Extra time" column becomes, with its minutes as `time_extension`. */
export const EXTRA_TIME_TYPE = 'extra_time';

/** Lower-case words that start a family name ("Ludwig van Beethoven", "Juan de la Cruz"). */
const PARTICLES = new Set([
  'van',
  'von',
  'der',
  'den',
  'de',
  'del',
  'della',
  'da',
  'di',
  'du',
  'la',
  'le',
  'ter',
  'ten',
  'bin',
  'binti',
  'al',
  'el',
  'st',
  'mac',
]);

/**
 * Splits one full-name cell: "Lovelace, Ada" is last name first; otherwise the last word is the
 * last name, with the lower-case particles before it ("Vincent van Gogh" -> "Vincent", "van Gogh").
 * A single word has no last name: null.
 */
export function splitFullName(text: string): { first_name: string; last_name: string } | null {
  const clean = text.replace(/\s+/g, ' ').trim();
  const comma = clean.indexOf(',');
  if (comma >= 0) {
    const last = clean.slice(0, comma).trim();
    const first = clean.slice(comma + 1).trim();
    return first && last ? { first_name: first, last_name: last } : null;
  }
  const words = clean.split(' ').filter((w) => w !== '');
  if (words.length < 2) return null;
  let start = words.length - 1;
  while (start > 1 && PARTICLES.has(words[start - 1]!)) start--;
  return { first_name: words.slice(0, start).join(' '), last_name: words.slice(start).join(' ') };
}

/** "Separate room; Reader" or one per line: each piece is an accommodation type. */
export function accommodationsOf(text: string | undefined): string[] {
  if (!text) return [];
  const seen = new Set<string>();
  for (const piece of text.split(/[;\n,]/)) {
    const type = piece.trim();
    if (type !== '') seen.add(type);
  }
  return [...seen];
}

const Cell = z.string().optional();

/**
 * The row schema, given the codes of the published, non-bilingual assessment forms the laptop
 * knows (undefined: not checked, as before the reference data was pulled). Issues name the field
 * whose cell the coordinator fixes.
 */
export function attendeeRowFor(assessmentCodes?: readonly string[]): z.ZodType<AttendeeRow> {
  const codes = assessmentCodes ? new Map(assessmentCodes.map((c) => [c.trim().toLowerCase(), c])) : null;
  return z
    .strictObject({
      first_name: z.string().max(100, 'First name is at most 100 characters').optional(),
      last_name: z.string().max(100, 'Last name is at most 100 characters').optional(),
      full_name: Cell,
      email: Cell,
      phone: z.string().max(32, 'Phone is at most 32 characters').optional(),
      assessment: Cell,
      accommodations: Cell,
      extra_time: z.number().int().min(0).optional(),
    })
    .transform((row, ctx): AttendeeRow => {
      let names = { first_name: row.first_name ?? '', last_name: row.last_name ?? '' };
      if (!names.first_name.trim() && !names.last_name.trim() && row.full_name?.trim()) {
        const split = splitFullName(row.full_name);
        if (!split) {
          ctx.addIssue({
            code: 'custom',
            path: ['full_name'],
            message: `"${row.full_name.trim()}" has no last name: write it as "First Last" or "Last, First"`,
          });
          return z.NEVER;
        }
        names = split;
      }
      let person: { first_name: string; last_name: string; email: string };
      try {
        person = checkAttendee({ ...names, email: row.email ?? '' });
      } catch (error) {
        if (!(error instanceof RegistrationError)) throw error;
        // a name missing from a full-name cell is fixed there
        const field = /^(first_name|last_name)\b/.exec(error.message)?.[1] ?? 'email';
        const onFullName = field !== 'email' && !row.first_name && !row.last_name;
        ctx.addIssue({
          code: 'custom',
          path: [onFullName ? 'full_name' : field],
          message: issueMessage(error),
        });
        return z.NEVER;
      }
      let assessment: string | undefined;
      const code = row.assessment?.trim();
      if (code) {
        const known = codes ? codes.get(code.toLowerCase()) : code;
        if (known === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['assessment'],
            message: `No published assessment form has the code "${code}"`,
          });
          return z.NEVER;
        }
        assessment = known;
      }
      const accommodations: AccommodationInput[] = accommodationsOf(row.accommodations).map((type) => ({
        type,
      }));
      if (row.extra_time !== undefined && row.extra_time > 0) {
        accommodations.push({ type: EXTRA_TIME_TYPE, time_extension: row.extra_time });
      }
      const phone = row.phone?.trim();
      return {
        ...person,
        ...(phone ? { phone } : {}),
        ...(assessment ? { assessment } : {}),
        accommodations,
      };
    });
}

/** The domain's sentence, made to read as a cell's message ("Email is required"). */
function issueMessage(error: RegistrationError): string {
  if (error.code === 'invalid_email') return error.message.replace(/\.$/, '');
  const labels: Record<string, string> = {
    first_name: 'First name',
    last_name: 'Last name',
    email: 'Email',
  };
  const field = /^(\w+) is required/.exec(error.message)?.[1];
  return field && labels[field] ? `${labels[field]} is required` : error.message.replace(/\.$/, '');
}
