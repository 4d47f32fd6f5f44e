import { describe, expect, it } from 'vitest';
import type { CellValue } from '../../../src/import/cells';
import { ImportError } from '../../../src/import/errors';
import type { ImportTable } from '../../../src/import/importTable';
import {
  acceptedValues,
  excludeRowsWithErrors,
  fixCell,
  revalidate,
  setExcluded,
  summarize,
  validateRows,
} from '../../../src/import/rowValidation';

const REGISTRATION_HEADERS = ['Mentor ID', 'Activity', 'Date', 'Minutes', 'Notes'];
const REGISTRATION_MAPPING = {
  mentor_id: 0,
  activity_type: 1,
  activity_date: 2,
  duration_minutes: 3,
  notes: 4,
};

function table(rows: CellValue[][], headers = REGISTRATION_HEADERS): ImportTable {
  return {
    fileName: 'sessions.xlsx',
    sheetName: 'S',
    headers,
    rows,
    rowNumbers: rows.map((_, i) => i + 2),
    dateSystem: 1900,
  };
}

function registrations(rows: CellValue[][], maxItems?: number) {
  return validateRows(table(rows), REGISTRATION_MAPPING, 'registrations', {
    dateOrder: 'DMY',
    ...(maxItems ? { maxItems } : {}),
  });
}

describe('row validation of registrations', () => {
  it('gives each row its value or its cell errors, all at once', () => {
    const state = registrations([
      ['  m-1 ', 'Peer session', '24/03/2026', '1h', 'ok'],
      ['', 'lecture', '31/04/2026', '0', 'x'.repeat(1001)],
    ]);
    expect(state.rows[0]).toMatchObject({
      rowNumber: 2,
      value: {
        mentor_id: 'm-1',
        activity_type: 'peer_session',
        activity_date: '2026-03-24',
        duration_minutes: 60,
        notes: 'ok',
      },
      errors: [],
      warnings: [],
      excluded: false,
    });
    expect(state.rows[1]!.value).toBeNull();
    expect(state.rows[1]!.errors).toEqual([
      { column: 'mentor_id', message: 'Mentor ID is required' },
      {
        column: 'activity_type',
        message: 'Unknown activity type "lecture"; allowed: peer_session, workshop',
      },
      { column: 'activity_date', message: '"31/04/2026" is not a real date when read as day/month/year.' },
      { column: 'duration_minutes', message: 'Duration is at least 1 minute; 0 is not allowed' },
      { column: 'notes', message: 'Notes are at most 1000 characters (this one has 1001)' },
    ]);
  });

  it('refuses ids longer than the contract allows', () => {
    const state = registrations([['m'.repeat(65), 'workshop', '2026-03-24', 60, null]]);
    expect(state.rows[0]!.errors).toEqual([
      { column: 'mentor_id', message: 'Mentor ID is at most 64 characters (this one has 65)' },
    ]);
  });

  it('warns on an ambiguous date and still accepts the row', () => {
    const state = registrations([['m-1', 'workshop', '03/04/2026', 60, null]]);
    expect(state.rows[0]!.value?.activity_date).toBe('2026-04-03');
    expect(state.rows[0]!.warnings).toEqual([
      { column: 'activity_date', message: expect.stringMatching(/ambiguous/) },
    ]);
    expect(summarize(state)).toMatchObject({ toSubmit: 1, withWarnings: 1, canSubmit: true });
  });

  it('reads a number in the id column as its digits, and unescapes exported text', () => {
    const state = registrations([[482, 'workshop', '2026-03-24', 60, "'=1+1"]]);
    expect(state.rows[0]!.value).toMatchObject({ mentor_id: '482', notes: '=1+1' });
  });

  it('flags rows that duplicate an earlier row of the file as warnings (they fail on submission)', () => {
    const state = registrations([
      ['m-1', 'workshop', '2026-03-24', 60, null],
      ['m-2', 'workshop', '2026-03-24', 60, null],
      ['M-1 ', 'Workshop', '24/03/2026', 30, 'same mentor, type and date'],
      ['m-1', 'peer_session', '2026-03-24', 60, null],
    ]);
    expect(state.rows.map((r) => r.duplicateOf)).toEqual([null, null, 2, null]);
    expect(state.rows[2]!.warnings).toEqual([
      {
        column: 'mentor_id',
        message:
          'Same mentor, activity type and date as row 2: it will fail as a duplicate activity unless you exclude it',
        duplicate: true,
      },
    ]);
    expect(summarize(state)).toMatchObject({ toSubmit: 4, duplicates: 1, withWarnings: 1 });
  });

  it('fixCell re-validates the row and the duplicate marks, leaving the old state as it was', () => {
    const before = registrations([
      ['m-1', 'workshop', '2026-03-24', 60, null],
      ['m-1', 'workshop', '2026-03-24', 60, null],
      ['m-3', 'workshop', '2026-02-30', 60, null],
    ]);
    expect(before.rows[1]!.duplicateOf).toBe(2);
    const fixedDate = fixCell(before, 2, 'activity_date', '28/02/2026');
    expect(fixedDate.rows[2]).toMatchObject({ value: { activity_date: '2026-02-28' }, errors: [] });
    expect(before.rows[2]!.errors).toHaveLength(1);

    // Fixing the first of two duplicates frees the second.
    const fixedFirst = fixCell(fixedDate, 0, 'mentor_id', 'm-9');
    expect(fixedFirst.rows.map((r) => r.duplicateOf)).toEqual([null, null, null]);
    expect(fixedFirst.rows[1]!.warnings).toEqual([]);
    // ...and making it equal again marks the later row once more.
    const again = fixCell(fixedFirst, 0, 'mentor_id', 'm-1');
    expect(again.rows.map((r) => r.duplicateOf)).toEqual([null, 2, null]);
    expect(again.rows[1]!.warnings).toHaveLength(1);
    expect(again.rows[0]!.cells[0]).toBe('m-1');

    // A fix that breaks the row gives its error and no value.
    const broken = fixCell(again, 0, 'duration_minutes', '1441');
    expect(broken.rows[0]!.value).toBeNull();
    expect(broken.rows[0]!.errors[0]!.message).toMatch(/at most 1440 minutes/);
    expect(broken.rows[1]!.duplicateOf).toBeNull();
  });

  it('fixCell refuses a field that has no column', () => {
    const state = validateRows(
      table([['m-1', 'workshop', '2026-03-24', 60]], REGISTRATION_HEADERS.slice(0, 4)),
      { ...REGISTRATION_MAPPING, notes: null },
      'registrations',
      { dateOrder: 'DMY' },
    );
    expect(() => fixCell(state, 0, 'notes', 'x')).toThrow(/No column is mapped to "Notes"/);
    expect(() => fixCell(state, 0, 'shoe_size', 'x')).toThrow(/not a field/);
    expect(() => fixCell(state, 5, 'notes', 'x')).toThrow(/outside/);
  });

  it('excluding a row leaves it out of the submission and of the duplicate marks', () => {
    const state = registrations([
      ['m-1', 'workshop', '2026-03-24', 60, null],
      ['m-1', 'workshop', '2026-03-24', 60, null],
      ['m-2', 'workshop', 'soon', 60, null],
    ]);
    expect(summarize(state)).toMatchObject({ toSubmit: 2, withErrors: 1, canSubmit: false });
    expect(() => acceptedValues(state)).toThrow(ImportError);
    expect(() => acceptedValues(state)).toThrow(
      '1 row of "sessions.xlsx" still has errors: fix or exclude it before submitting.',
    );

    const excluded = setExcluded(state, [0], true);
    expect(excluded.rows[1]!.duplicateOf).toBeNull();
    const cleaned = excludeRowsWithErrors(excluded);
    expect(summarize(cleaned)).toMatchObject({ toSubmit: 1, excluded: 2, withErrors: 0, canSubmit: true });
    expect(acceptedValues(cleaned)).toEqual([
      { mentor_id: 'm-1', activity_type: 'workshop', activity_date: '2026-03-24', duration_minutes: 60 },
    ]);
    const back = setExcluded(cleaned, [0], false);
    expect(back.rows[1]!.duplicateOf).toBe(2);
    const none = setExcluded(cleaned, [1], true);
    expect(() => acceptedValues(none)).toThrow(
      'Every row of "sessions.xlsx" is excluded, so there is nothing to submit: include at least one row, or choose another file.',
    );
  });

  it('revalidate applies a new date order and keeps fixes and exclusions', () => {
    const state = setExcluded(
      fixCell(
        registrations([
          ['m-1', 'workshop', '03/04/2026', 60, null],
          ['m-2', 'workshop', '2026-01-01', 60, null],
        ]),
        1,
        'activity_date',
        '05/06/2026',
      ),
      [0],
      true,
    );
    const us = revalidate(state, { dateOrder: 'MDY' });
    expect(us.rows.map((r) => r.value?.activity_date)).toEqual(['2026-03-04', '2026-05-06']);
    expect(us.rows[0]!.excluded).toBe(true);
  });

  it('says up front how many batches of at most max items the submission becomes', () => {
    const rows: CellValue[][] = Array.from({ length: 25 }, (_, i) => [
      `m-${i}`,
      'workshop',
      '2026-03-24',
      60,
      null,
    ]);
    expect(summarize(registrations(rows, 10))).toMatchObject({
      toSubmit: 25,
      batches: 3,
      maxItemsPerBatch: 10,
      message: '25 registrations to submit as 3 batches of at most 10.',
    });
    expect(summarize(registrations(rows.slice(0, 10), 10))).toMatchObject({
      batches: 1,
      message: '10 registrations to submit.',
    });
  });

  it('refuses a mapping without a required column, naming it', () => {
    expect(() =>
      validateRows(table([['m-1']]), { ...REGISTRATION_MAPPING, activity_date: null }, 'registrations', {
        dateOrder: 'DMY',
      }),
    ).toThrow(
      'No column of "sessions.xlsx" is chosen for "Date": every registration needs it. Choose the column that holds it.',
    );
  });

  it('crosses postMessage intact (structured clone keeps every field)', () => {
    const state = registrations([['m-1', 'workshop', { kind: 'excel-date', serial: 46106 }, 60, null]]);
    expect(structuredClone(state)).toEqual(state);
  });
});

describe('row validation of the mentor roster', () => {
  const headers = ['Mentor ID', 'Name', 'Coordinator', 'Expiry', 'Email'];
  const mapping = { mentor_id: 0, name: 1, coordinator_id: 2, expiry_date: 3, email: 4 };
  const roster = (rows: CellValue[][], defaultCoordinatorId?: string) =>
    validateRows(table(rows, headers), mapping, 'mentor_roster', {
      dateOrder: 'MDY',
      ...(defaultCoordinatorId ? { defaultCoordinatorId } : {}),
    });

  it('validates with the contract Expiration fields plus name and email', () => {
    const state = roster([
      ['m-1', 'Ada Lovelace', 'coord-1', '04/15/2026', 'ada@example.org'],
      ['m-2', '', 'coord-1', '2026-02-30', 'not an email'],
    ]);
    expect(state.rows[0]!.value).toEqual({
      mentor_id: 'm-1',
      name: 'Ada Lovelace',
      coordinator_id: 'coord-1',
      expiry_date: '2026-04-15',
      email: 'ada@example.org',
    });
    expect(state.rows[1]!.errors.map((e) => e.column)).toEqual(['name', 'expiry_date']);
    const emailOnly = roster([['m-2', 'Bo', 'coord-1', '2026-02-28', 'not an email']]);
    expect(emailOnly.rows[0]!.errors).toEqual([{ column: 'email', message: 'Not a valid email address' }]);
  });

  it('fills a missing coordinator id from the setting', () => {
    const state = roster([['m-1', 'Ada', null, '2026-04-15', null]], 'coord-119');
    expect(state.rows[0]!.value).toEqual({
      mentor_id: 'm-1',
      name: 'Ada',
      coordinator_id: 'coord-119',
      expiry_date: '2026-04-15',
    });
    expect(roster([['m-1', 'Ada', null, '2026-04-15', null]]).rows[0]!.errors).toEqual([
      { column: 'coordinator_id', message: 'Coordinator ID is required' },
    ]);
  });

  it('makes a second row for the same mentor an error (one expiry per mentor)', () => {
    const state = roster([
      ['m-1', 'Ada', 'c', '2026-04-15', null],
      ['m-1', 'Ada L.', 'c', '2026-05-15', null],
    ]);
    expect(state.rows[1]!.errors).toEqual([
      {
        column: 'mentor_id',
        message:
          'This mentor id is also on row 2: a mentor has one expiry date, so fix or exclude one of the two rows',
        duplicate: true,
      },
    ]);
    expect(summarize(state)).toMatchObject({ toSubmit: 1, withErrors: 1, batches: 0, canSubmit: false });
    expect(acceptedValues(setExcluded(state, [0], true))).toEqual([
      { mentor_id: 'm-1', name: 'Ada L.', coordinator_id: 'c', expiry_date: '2026-05-15' },
    ]);
  });
});
