import { describe, expect, it } from 'vitest';
import type { VenueChoice } from '../../../src/import/attendeeRow';
import type { CellValue } from '../../../src/import/cells';
import { proposeMapping } from '../../../src/import/columnMatching';
import { parseDateTimeCell, parseTimeCell } from '../../../src/import/dates';
import { ImportError } from '../../../src/import/errors';
import { ATTENDEES_KIND } from '../../../src/import/importKinds';
import type { ImportTable } from '../../../src/import/importTable';
import { fixCell, summarize, validateRows } from '../../../src/import/rowValidation';

/** People files that name their sitting: the venue and start columns, matched and checked. */

const PARIS: VenueChoice = {
  venue_id: '0b7f3c1e-5f7a-4d2a-9c1e-1a2b3c4d5e6f',
  name: 'Centre Éducatif Nord',
  time_zone: 'Europe/Paris',
};
const TORONTO: VenueChoice = {
  venue_id: '7d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6',
  name: 'Toronto Exam Centre',
  time_zone: 'America/Toronto',
};
const VENUES = [PARIS, TORONTO];

function table(headers: string[], rows: CellValue[][]): ImportTable {
  return {
    fileName: 'sittings.xlsx',
    sheetName: 'People',
    headers,
    rows,
    rowNumbers: rows.map((_, i) => i + 2),
    dateSystem: 1900,
  };
}

const HEADERS = ['Name', 'Email', 'Exam centre', 'Sitting'];
const mapping = () => proposeMapping(HEADERS, ATTENDEES_KIND).mapping;
const validate = (rows: CellValue[][], venues: VenueChoice[] | undefined = VENUES) =>
  validateRows(table(HEADERS, rows), mapping(), 'attendees', {
    dateOrder: 'DMY',
    ...(venues ? { venues } : {}),
  });

describe('People for an event: venue and start columns', () => {
  it.each([
    [['Venue', 'Start'], 0, 1],
    [['Centre', 'Date'], 0, 1],
    [['Location', 'Time'], 0, 1],
    [['Exam centre', 'Sitting'], 0, 1],
    [['Test Center', 'Date and time'], 0, 1],
    [['Start time', 'Venue name'], 1, 0],
  ])('headers %j map to venue and start', (headers, venue, start) => {
    const got = proposeMapping(['First name', 'Last name', 'Email', ...headers], ATTENDEES_KIND).mapping;
    expect(got['venue']).toBe(venue + 3);
    expect(got['start']).toBe(start + 3);
  });

  it('leaves a file without them on the chosen event', () => {
    const got = proposeMapping(['First name', 'Last name', 'Email', 'Extra time'], ATTENDEES_KIND).mapping;
    expect(got).toMatchObject({ venue: null, start: null });
  });

  it('refuses a venue column without a start column, and a start without a venue', () => {
    const t = table(['Name', 'Email', 'Venue'], [['Ada Lovelace', 'ada@example.org', 'Toronto Exam Centre']]);
    expect(() =>
      validateRows(t, { full_name: 0, email: 1, venue: 2 }, 'attendees', {
        dateOrder: 'DMY',
        venues: VENUES,
      }),
    ).toThrow(ImportError);
    expect(() =>
      validateRows(t, { full_name: 0, email: 1, start: 2 }, 'attendees', {
        dateOrder: 'DMY',
        venues: VENUES,
      }),
    ).toThrow(/"Start" but none for "Venue"/);
  });

  it.each([
    // venue matched by name whatever the case and accents, or by id; the start read on its clock
    ['centre educatif NORD', '02/04/2026 09:00', PARIS.venue_id, '2026-04-02T07:00:00.000Z'],
    ['Centre Éducatif  Nord', '2026-04-02T9:30', PARIS.venue_id, '2026-04-02T07:30:00.000Z'],
    [TORONTO.venue_id.toUpperCase(), '2 April 2026 2pm', TORONTO.venue_id, '2026-04-02T18:00:00.000Z'],
    ['Toronto Exam Centre', { serial: 46114.375 }, TORONTO.venue_id, '2026-04-02T13:00:00.000Z'],
    ['toronto exam centre', 46114.5, TORONTO.venue_id, '2026-04-02T16:00:00.000Z'],
  ])('venue %j at %j is the sitting %s, %s', (venue, start, venueId, instant) => {
    const cell: CellValue =
      typeof start === 'object' ? ({ kind: 'excel-date', ...start } as CellValue) : start;
    const state = validate([['Ada Lovelace', 'ada@example.org', venue, cell]]);
    expect(state.rows[0]!.errors).toEqual([]);
    expect(state.rows[0]!.value).toMatchObject({ venue_id: venueId, event_start: instant });
  });

  it.each([
    ['Centre Sud', '02/04/2026 09:00', 'venue', /No venue is called "Centre Sud"/],
    ['Toronto Exam Centre', '', 'start', /A venue needs a start/],
    ['', '02/04/2026 09:00', 'venue', /A start needs its venue/],
    ['Toronto Exam Centre', '02/04/2026', 'start', /has no time of day/],
    ['Toronto Exam Centre', 'next Tuesday', 'start', /not a date and time/],
    ['Toronto Exam Centre', '31/02/2026 09:00', 'start', /not a real date/],
    ['Toronto Exam Centre', '02/04/2026 25:00', 'start', /not a time of day/],
    ['Toronto Exam Centre', '02/04/2026 13pm', 'start', /12-hour clock/],
  ])('venue %j at %j is an error on the %s cell', (venue, start, column, message) => {
    const state = validate([['Ada Lovelace', 'ada@example.org', venue, start]]);
    const row = state.rows[0]!;
    expect(row.value).toBeNull();
    expect(row.errors).toEqual([{ column, message: expect.stringMatching(message) }]);
  });

  it('names no venue while none is on this computer, and says to sync', () => {
    const state = validate(
      [['Ada Lovelace', 'ada@example.org', 'Toronto Exam Centre', '02/04/2026 09:00']],
      [],
    );
    expect(state.rows[0]!.errors[0]!.message).toMatch(/sync/);
  });

  it('a row naming neither is for the chosen event', () => {
    const state = validate([['Ada Lovelace', 'ada@example.org', '', '']]);
    expect(state.rows[0]!.value).toMatchObject({ email: 'ada@example.org' });
    expect(state.rows[0]!.value).not.toHaveProperty('venue_id');
  });

  it('a fix in the grid clears the error, and a row with an error is not submitted', () => {
    let state = validate([
      ['Ada Lovelace', 'ada@example.org', 'Centre Sud', '02/04/2026 09:00'],
      ['Alan Turing', 'alan@example.org', 'Toronto Exam Centre', '02/04/2026 09:00'],
    ]);
    expect(summarize(state)).toMatchObject({ toSubmit: 1, withErrors: 1, canSubmit: false });
    state = fixCell(state, 0, 'venue', 'Centre educatif nord');
    expect(summarize(state)).toMatchObject({ toSubmit: 2, withErrors: 0, canSubmit: true });
    expect(state.rows[0]!.value).toMatchObject({ venue_id: PARIS.venue_id });
  });

  it('the same email at two sittings is two registrations; twice at one sitting is a duplicate', () => {
    const state = validate([
      ['Ada Lovelace', 'ada@example.org', 'Toronto Exam Centre', '02/04/2026 09:00'],
      ['Ada Lovelace', 'ada@example.org', 'Toronto Exam Centre', '03/04/2026 09:00'],
      ['Ada Lovelace', 'ADA@example.org', 'toronto exam centre', '2026-04-02 09:00'],
    ]);
    expect(state.rows.map((r) => r.duplicateOf)).toEqual([null, null, 2]);
  });
});

describe('parseDateTimeCell', () => {
  const settings = { dateOrder: 'MDY' as const, dateSystem: 1900 as const };
  it.each([
    ['04/02/2026 09:05', '2026-04-02T09:05'],
    ['April 2, 2026 at 9am', '2026-04-02T09:00'],
    ['2026-04-02 12:30 pm', '2026-04-02T12:30'],
    ['2026-04-02 12am', '2026-04-02T00:00'],
    ['2 Apr 2026, 14.15', '2026-04-02T14:15'],
    ['', undefined],
  ])('%j is %j on the venue clock', (text, wall) => {
    expect(parseDateTimeCell(text, settings)).toMatchObject({ ok: true, value: wall });
  });
});

describe('People for an event: the start split in a Date and a Time column', () => {
  it.each([
    [['Venue', 'Date', 'Time'], { start: null, start_date: 4, start_time: 5 }],
    [['Exam centre', 'Exam date', 'Start time'], { start: null, start_date: 4, start_time: 5 }],
    [['Centre', 'Sitting date', 'Starts at'], { start: null, start_date: 4, start_time: 5 }],
    [['Venue', 'Start', 'Date', 'Time'], { start: 4, start_date: null, start_time: null }],
    // one column alone is the whole start, as before
    [['Venue', 'Date'], { start: 4, start_date: null, start_time: null }],
    [['Venue', 'Start time'], { start: 4, start_date: null, start_time: null }],
  ])('headers %j map to %j', (headers, expected) => {
    const got = proposeMapping(['Name', 'Email', 'Id', ...headers], ATTENDEES_KIND).mapping;
    expect(got).toMatchObject(expected);
  });

  const SPLIT = ['Name', 'Email', 'Venue', 'Date', 'Time'];
  const validateSplit = (rows: CellValue[][]) =>
    validateRows(table(SPLIT, rows), proposeMapping(SPLIT, ATTENDEES_KIND).mapping, 'attendees', {
      dateOrder: 'DMY',
      venues: VENUES,
    });

  it.each([
    ['02/04/2026', '09:30', PARIS, '2026-04-02T07:30:00.000Z'],
    ['02/04/2026', '9.30', PARIS, '2026-04-02T07:30:00.000Z'],
    ['2 April 2026', '9am', TORONTO, '2026-04-02T13:00:00.000Z'],
    [{ serial: 46114 }, { serial: 0.375 }, TORONTO, '2026-04-02T13:00:00.000Z'],
    ['2026-04-02', 0.5625, PARIS, '2026-04-02T11:30:00.000Z'],
  ])('date %j and time %j at %s are the sitting %s', (date, time, venue, instant) => {
    const cell = (v: unknown): CellValue =>
      typeof v === 'object' ? ({ kind: 'excel-date', ...(v as object) } as CellValue) : (v as CellValue);
    const state = validateSplit([['Ada Lovelace', 'ada@example.org', venue.name, cell(date), cell(time)]]);
    expect(state.rows[0]!.errors).toEqual([]);
    expect(state.rows[0]!.value).toMatchObject({ venue_id: venue.venue_id, event_start: instant });
  });

  it.each([
    ['02/04/2026', '', 'start_time', /A date needs its time/],
    ['', '09:00', 'start_date', /A time needs its date/],
    ['02/04/2026', '25:00', 'start_time', /"25:00" is not a time of day/],
    ['02/04/2026', '9', 'start_time', /an hour alone/],
    ['31/02/2026', '09:00', 'start_date', /not a real date/],
    ['', '', 'start_date', /A venue needs a start/],
  ])('date %j and time %j is an error on the %s cell', (date, time, column, message) => {
    const state = validateSplit([['Ada Lovelace', 'ada@example.org', 'Toronto Exam Centre', date, time]]);
    expect(state.rows[0]!.value).toBeNull();
    expect(state.rows[0]!.errors).toEqual([{ column, message: expect.stringMatching(message) }]);
  });

  it('refuses Start chosen with Date and Time, and a Date without its Time', () => {
    const t = table(['Name', 'Email', 'Venue', 'Start', 'Date', 'Time'], []);
    const base = { full_name: 0, email: 1, venue: 2 };
    const settings = { dateOrder: 'DMY' as const, venues: VENUES };
    expect(() =>
      validateRows(t, { ...base, start: 3, start_date: 4, start_time: 5 }, 'attendees', settings),
    ).toThrow(/both for "Start" and for "Date" and "Time".*Choose one or the other/);
    expect(() => validateRows(t, { ...base, start: 3, start_date: 4 }, 'attendees', settings)).toThrow(
      /both for "Start" and for "Date"/,
    );
    expect(() => validateRows(t, { ...base, start_date: 4 }, 'attendees', settings)).toThrow(
      /chosen for "Date" but none for "Time"/,
    );
    // Date and Time stand for Start beside the venue
    expect(() =>
      validateRows(t, { full_name: 0, email: 1, start_date: 4, start_time: 5 }, 'attendees', settings),
    ).toThrow(/chosen for "Start" but none for "Venue"/);
  });
});

describe('parseTimeCell', () => {
  it.each([
    ['09:30', '09:30'],
    ['9:30:00', '09:30'],
    ['9.30', '09:30'],
    ['14h30', '14:30'],
    ['9am', '09:00'],
    ['2.30 pm', '14:30'],
    ['12 a.m.', '00:00'],
    [{ kind: 'excel-date', serial: 0.375 }, '09:00'],
    [{ kind: 'excel-date', serial: 46114.5625 }, '13:30'],
    [0.75, '18:00'],
    [9.3, '09:30'],
    ['', undefined],
  ])('%j is %j', (cell, time) => {
    expect(parseTimeCell(cell as CellValue)).toMatchObject({ ok: true, value: time });
  });

  it.each([
    ['25:00', /"25:00" is not a time of day/],
    ['13pm', /12-hour clock/],
    ['9', /an hour alone/],
    [9, /an hour alone/],
    [9.75, /not a time of day/],
    ['soon', /not a time of day this import reads/],
    [{ kind: 'excel-date', serial: 46114 }, /a date with no time of day/],
    [{ kind: 'excel-error', text: '#N/A' }, /spreadsheet error #N\/A/],
  ])('%j is refused: %s', (cell, message) => {
    const result = parseTimeCell(cell as CellValue);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(message);
  });
});
