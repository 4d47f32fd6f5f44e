import { describe, expect, it } from 'vitest';
import { splitFullName, EXTRA_TIME_TYPE } from '../../../src/import/attendeeRow';
import type { CellValue } from '../../../src/import/cells';
import { proposeMapping } from '../../../src/import/columnMatching';
import { ImportError } from '../../../src/import/errors';
import { ATTENDEES_KIND } from '../../../src/import/importKinds';
import type { ImportTable } from '../../../src/import/importTable';
import {
  acceptedValues,
  fixCell,
  setExcluded,
  summarize,
  validateRows,
} from '../../../src/import/rowValidation';

function table(headers: string[], rows: CellValue[][]): ImportTable {
  return {
    fileName: 'spring-sitting.xlsx',
    sheetName: 'People',
    headers,
    rows,
    rowNumbers: rows.map((_, i) => i + 2),
    dateSystem: 1900,
  };
}

const CODES = ['CELPIP-G', 'IELTS-A'];

function mapped(headers: string[]) {
  return proposeMapping(headers, ATTENDEES_KIND).mapping;
}

describe('People for an event: column matching', () => {
  it.each([
    [
      [
        'Given Name',
        'SURNAME',
        'E-mail Address',
        'Mobile',
        'Exam code',
        'Access arrangements',
        'Extra time (mins)',
      ],
      {
        first_name: 0,
        last_name: 1,
        email: 2,
        phone: 3,
        assessment: 4,
        accommodations: 5,
        extra_time: 6,
        full_name: null,
      },
    ],
    [
      ['Candidate name', ' email ', 'Tel.', 'Assessment', 'Notes'],
      {
        full_name: 0,
        email: 1,
        phone: 2,
        assessment: 3,
        first_name: null,
        last_name: null,
        accommodations: null,
        extra_time: null,
      },
    ],
    [
      ['First Name', 'Last Name', 'Email', 'Time extension'],
      { first_name: 0, last_name: 1, email: 2, extra_time: 3, full_name: null, phone: null },
    ],
  ])('messy headers %j map to the person fields', (headers, expected) => {
    expect(mapped(headers)).toMatchObject(expected);
  });

  it('refuses a mapping with no name columns, naming both ways to give one', () => {
    const t = table(['Email'], [['a@example.org']]);
    expect(() => validateRows(t, { email: 0 }, 'attendees', { dateOrder: 'DMY' })).toThrow(
      new ImportError(
        'missing_columns',
        'No column of "spring-sitting.xlsx" is chosen for "First name" and "Last name", or "Full name": every person needs a name. Choose the columns that hold it.',
      ),
    );
  });

  it('refuses a mapping without the email column', () => {
    const t = table(['First', 'Last'], [['Ada', 'Lovelace']]);
    expect(() => validateRows(t, { first_name: 0, last_name: 1 }, 'attendees', { dateOrder: 'DMY' })).toThrow(
      /"Email": every person needs it/,
    );
  });
});

describe('People for an event: splitting a full name', () => {
  it.each([
    ['Ada Lovelace', 'Ada', 'Lovelace'],
    ['  Mary   Ann  Evans ', 'Mary Ann', 'Evans'],
    ['Lovelace, Ada', 'Ada', 'Lovelace'],
    ['Vincent van Gogh', 'Vincent', 'van Gogh'],
    ['Juan de la Cruz', 'Juan', 'de la Cruz'],
    ['Ludwig van der Berg', 'Ludwig', 'van der Berg'],
  ])('%j is %j %j', (text, first, last) => {
    expect(splitFullName(text)).toEqual({ first_name: first, last_name: last });
  });

  it.each(['Cher', '', ', Ada', 'Lovelace,'])('%j has no last name', (text) => {
    expect(splitFullName(text)).toBeNull();
  });
});

describe('People for an event: row validation', () => {
  const headers = ['First', 'Last', 'Email', 'Phone', 'Code', 'Accommodations', 'Extra time'];
  const mapping = {
    first_name: 0,
    last_name: 1,
    email: 2,
    phone: 3,
    assessment: 4,
    accommodations: 5,
    extra_time: 6,
  };
  const validate = (rows: CellValue[][]) =>
    validateRows(table(headers, rows), mapping, 'attendees', { dateOrder: 'DMY', assessmentCodes: CODES });

  it.each<[string, CellValue[], string, string]>([
    [
      'a bad email',
      ['Ada', 'Lovelace', 'ada-at-example', null, null, null, null],
      'email',
      'ada-at-example is not an email address',
    ],
    ['a missing email', ['Ada', 'Lovelace', null, null, null, null, null], 'email', 'Email is required'],
    [
      'a missing first name',
      [null, 'Lovelace', 'ada@example.org', null, null, null, null],
      'first_name',
      'First name is required',
    ],
    [
      'a missing last name',
      ['Ada', '  ', 'ada@example.org', null, null, null, null],
      'last_name',
      'Last name is required',
    ],
    [
      'an unknown assessment code',
      ['Ada', 'Lovelace', 'ada@example.org', null, 'TOEFL', null, null],
      'assessment',
      'No published assessment form has the code "TOEFL"',
    ],
    [
      'extra time that is no duration',
      ['Ada', 'Lovelace', 'ada@example.org', null, null, null, 'lots'],
      'extra_time',
      '"lots" is not a duration; write minutes (90), h:mm (1:30) or hours and minutes (1h 30m)',
    ],
    [
      'a phone too long',
      ['Ada', 'Lovelace', 'ada@example.org', '0'.repeat(40), null, null, null],
      'phone',
      'Phone is at most 32 characters',
    ],
  ])('%s is an error on its cell', (_what, row, column, message) => {
    const state = validate([row]);
    expect(state.rows[0]!.errors).toEqual([{ column, message }]);
    expect(state.rows[0]!.value).toBeNull();
    expect(summarize(state).canSubmit).toBe(false);
  });

  it('a valid row becomes the task person: code spelt as the form, accommodations and extra time', () => {
    const state = validate([
      ['Ada', 'Lovelace', ' ada@example.org ', '+44 20', 'celpip-g', 'Separate room; Reader', '45 min'],
    ]);
    expect(state.rows[0]!.errors).toEqual([]);
    expect(acceptedValues(state)).toEqual([
      {
        first_name: 'Ada',
        last_name: 'Lovelace',
        email: 'ada@example.org',
        phone: '+44 20',
        assessment: 'CELPIP-G',
        accommodations: [
          { type: 'Separate room' },
          { type: 'Reader' },
          { type: EXTRA_TIME_TYPE, time_extension: 45 },
        ],
      },
    ]);
  });

  it('extra time of 0 or "none" adds no accommodation', () => {
    const state = validate([
      ['Ada', 'Lovelace', 'ada@example.org', null, null, null, 0],
      ['Bo', 'Li', 'bo@example.org', null, null, null, 'none'],
    ]);
    expect(acceptedValues(state).map((p) => p.accommodations)).toEqual([[], []]);
  });

  it('the same email twice (in any case) is an error on the second row until one is fixed or excluded', () => {
    const state = validate([
      ['Ada', 'Lovelace', 'ada@example.org', null, null, null, null],
      ['Ada', 'L.', 'ADA@example.org', null, null, null, null],
    ]);
    expect(state.rows[1]!.errors).toEqual([
      {
        column: 'email',
        message:
          'This email is also on row 2: one person is registered once, so fix or exclude one of the two rows',
        duplicate: true,
      },
    ]);
    expect(summarize(state).canSubmit).toBe(false);
    const fixed = fixCell(state, 1, 'email', 'ada.l@example.org');
    expect(fixed.rows[1]!.errors).toEqual([]);
    expect(acceptedValues(fixed).map((p) => p.email)).toEqual(['ada@example.org', 'ada.l@example.org']);
    const excluded = setExcluded(state, [1], true);
    expect(acceptedValues(excluded)).toHaveLength(1);
  });

  it('a bad email fixed in the grid makes the row valid', () => {
    const state = validate([['Ada', 'Lovelace', 'ada-at-example', null, null, null, null]]);
    const fixed = fixCell(state, 0, 'email', 'ada@example.org');
    expect(fixed.rows[0]!.value).toMatchObject({ email: 'ada@example.org' });
    expect(summarize(fixed)).toMatchObject({ toSubmit: 1, canSubmit: true, message: '1 person to submit.' });
  });

  it('without the reference data pulled, any assessment code passes (the server checks it)', () => {
    const state = validateRows(
      table(headers, [['Ada', 'Lovelace', 'a@example.org', null, 'X1', null, null]]),
      mapping,
      'attendees',
      {
        dateOrder: 'DMY',
      },
    );
    expect(acceptedValues(state)[0]!.assessment).toBe('X1');
  });
});

describe('People for an event: one full-name column', () => {
  const validate = (rows: CellValue[][]) =>
    validateRows(table(['Name', 'Email'], rows), { full_name: 0, email: 1 }, 'attendees', {
      dateOrder: 'DMY',
    });

  it('splits the name; a missing or one-word name is an error on the name cell', () => {
    const state = validate([
      ['Lovelace, Ada', 'ada@example.org'],
      ['Cher', 'cher@example.org'],
      [null, 'nobody@example.org'],
    ]);
    expect(state.rows[0]!.value).toMatchObject({ first_name: 'Ada', last_name: 'Lovelace' });
    expect(state.rows[1]!.errors).toEqual([
      { column: 'full_name', message: '"Cher" has no last name: write it as "First Last" or "Last, First"' },
    ]);
    expect(state.rows[2]!.errors).toEqual([{ column: 'full_name', message: 'First name is required' }]);
    expect(summarize(state).message).toBe('1 person to submit; 2 rows with errors to fix or exclude first.');
  });
});
