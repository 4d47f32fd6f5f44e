import { z } from 'zod';
import type { AccommodationInput, Venue } from '../contract';
import { instantAtVenue } from '../events/venueTime';
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
  /** the sitting the row names itself (the file's venue and start columns), found or made lax */
  venue_id?: string;
  /** ISO instant: the start cell read on the venue's clock */
  event_start?: string;
}

/** What a venue cell is matched against: the laptop's reference venues. */
export type VenueChoice = Pick<Venue, 'venue_id' | 'name' | 'time_zone'>;

/** What the row schema checks cells against; a list left out is not checked. */
export interface AttendeeReference {
  /** the codes of the published, non-bilingual assessment forms */
  assessmentCodes?: readonly string[] | undefined;
  /** the venues a venue cell may name (none pulled yet: a venue cannot be matched) */
  venues?: readonly VenueChoice[] | undefined;
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

/** A name as a coordinator may type it: case, accents and spacing aside ("Centre Édouard" = "centre edouard"). */
function foldName(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Finds the venue a cell names, by id or by name; an error sentence when none or several do. */
export function venueMatcher(
  venues: readonly VenueChoice[],
): (text: string) => { venue: VenueChoice } | { error: string } {
  const byKey = new Map<string, VenueChoice[]>();
  const add = (key: string, venue: VenueChoice) => {
    const list = byKey.get(key) ?? [];
    if (!list.includes(venue)) list.push(venue);
    byKey.set(key, list);
  };
  for (const venue of venues) {
    add(venue.venue_id.toLowerCase(), venue);
    add(foldName(venue.name), venue);
  }
  return (text) => {
    const found = byKey.get(foldName(text)) ?? [];
    if (found.length === 1) return { venue: found[0]! };
    if (found.length > 1) {
      return { error: `${found.length} venues are called "${text.trim()}": write the venue's id instead` };
    }
    if (venues.length === 0) {
      return { error: 'No venue is on this computer yet: sync to get the venues, then check the rows again' };
    }
    return { error: `No venue is called "${text.trim()}": write a venue's name as the desk lists it` };
  };
}

/**
 * The row schema, given the codes of the published, non-bilingual assessment forms the laptop
 * knows (undefined: not checked, as before the reference data was pulled). Issues name the field
 * whose cell the coordinator fixes.
 */
export function attendeeRowFor(reference: AttendeeReference = {}): z.ZodType<AttendeeRow> {
  const { assessmentCodes } = reference;
  const codes = assessmentCodes ? new Map(assessmentCodes.map((c) => [c.trim().toLowerCase(), c])) : null;
  const matchVenue = venueMatcher(reference.venues ?? []);
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
      venue: Cell,
      /** `YYYY-MM-DDTHH:MM` on the venue's clock, as `parseDateTimeCell` reads it */
      start: Cell,
      /** the start split in two columns: `YYYY-MM-DD` and `HH:MM`, as `parseTimeCell` reads it */
      start_date: Cell,
      start_time: Cell,
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
      const start =
        row.start !== undefined ? { start: row.start } : startOfDateAndTime(row.start_date, row.start_time);
      if ('issue' in start) {
        ctx.addIssue({ code: 'custom', ...start.issue });
        return z.NEVER;
      }
      const sitting = sittingOf(matchVenue, row.venue, start.start);
      if ('issue' in sitting) {
        ctx.addIssue({ code: 'custom', ...sitting.issue });
        return z.NEVER;
      }
      const phone = row.phone?.trim();
      return {
        ...person,
        ...(phone ? { phone } : {}),
        ...(assessment ? { assessment } : {}),
        accommodations,
        ...sitting,
      };
    });
}

type Issue = { issue: { path: string[]; message: string } };

/**
 * The start of a file that splits it in a Date and a Time column (`2026-04-02`, `09:00`), as the
 * Start column gives it (`2026-04-02T09:00`, on the venue's clock). One without the other is an
 * issue on the empty cell; neither is no start.
 */
export function startOfDateAndTime(
  date: string | undefined,
  time: string | undefined,
): { start?: string } | Issue {
  if (date === undefined && time === undefined) return {};
  if (time === undefined) {
    return {
      issue: {
        path: ['start_time'],
        message: 'A date needs its time: write the time the sitting starts, such as 09:00',
      },
    };
  }
  if (date === undefined) {
    return {
      issue: { path: ['start_date'], message: 'A time needs its date: write the day of the sitting' },
    };
  }
  return { start: `${date}T${time}` };
}

/**
 * The sitting a row names: both cells empty is none (the wizard's chosen event); one without the
 * other, or a venue no one knows, is an issue on the cell to fix.
 */
function sittingOf(
  matchVenue: ReturnType<typeof venueMatcher>,
  venueText: string | undefined,
  start: string | undefined,
): { venue_id?: string; event_start?: string } | Issue {
  const named = venueText?.trim();
  if (!named && !start) return {};
  if (!named) {
    return {
      issue: { path: ['venue'], message: 'A start needs its venue: write the venue of this sitting' },
    };
  }
  const found = matchVenue(named);
  if ('error' in found) return { issue: { path: ['venue'], message: found.error } };
  if (!start) {
    return {
      issue: { path: ['start'], message: 'A venue needs a start: write the date and time of the sitting' },
    };
  }
  const instant = instantAtVenue(start, found.venue.time_zone);
  if (!instant) return { issue: { path: ['start'], message: `"${start}" is not a date and time` } };
  return { venue_id: found.venue.venue_id, event_start: instant };
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
