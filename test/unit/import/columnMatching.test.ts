import { describe, expect, it } from 'vitest';
import { detectHeaderRow, headerSignature, proposeMapping } from '../../../src/import/columnMatching';
import { normalizeHeader } from '../../../src/import/headerText';
import { MENTOR_ROSTER_KIND, REGISTRATIONS_KIND } from '../../../src/import/importKinds';

function fieldOf(header: string, kind = REGISTRATIONS_KIND): string | null {
  return proposeMapping([header], kind).columns[0]!.field;
}

describe('header normalisation', () => {
  it.each([
    ['Mentor ID', 'mentor id'],
    ['mentor_id', 'mentor id'],
    ['MentorID', 'mentor id'],
    ['mentorId', 'mentor id'],
    ['  MENTOR   id ', 'mentor id'],
    ['Duration (mins)', 'duration mins'],
    ['Date (dd/mm/yyyy)', 'date'],
    ['Durée', 'duree'],
    ['Notes*', 'notes'],
    ['Mentor ID (required)', 'mentor id'],
  ])('%j -> %j', (header, normalized) => {
    expect(normalizeHeader(header)).toBe(normalized);
  });
});

describe('header matcher for registrations', () => {
  it.each([
    ['Mentor ID', 'mentor_id'],
    ['mentor_id', 'mentor_id'],
    ['Mentor', 'mentor_id'],
    ['MENTOR-ID', 'mentor_id'],
    ['Mentro ID', 'mentor_id'], // typo
    ['Type of activity', 'activity_type'],
    ['Activity', 'activity_type'],
    ['activity_type', 'activity_type'],
    ['Session type', 'activity_type'],
    ['Date', 'activity_date'],
    ['Session date', 'activity_date'],
    ['Activity Date', 'activity_date'],
    ['Date (dd/mm/yyyy)', 'activity_date'],
    ['Duration (mins)', 'duration_minutes'],
    ['Minutes', 'duration_minutes'],
    ['Duration', 'duration_minutes'],
    ['duration_minutes', 'duration_minutes'],
    ['Comments', 'notes'],
    ['Notes', 'notes'],
    ['Remarks', 'notes'],
    ['Mentor ID number', 'mentor_id'],
    ['Mentor name', null],
    ['Shoe size', null],
    ['', null],
  ])('%j -> %s', (header, field) => {
    expect(fieldOf(header)).toBe(field);
  });

  it('maps a messy header row and reports confidences and missing fields', () => {
    const proposal = proposeMapping(
      ['mentor_id', 'Type of activity', 'Session date', 'Minutes', 'Extra column'],
      REGISTRATIONS_KIND,
    );
    expect(proposal.mapping).toEqual({
      mentor_id: 0,
      activity_type: 1,
      activity_date: 2,
      duration_minutes: 3,
      notes: null,
    });
    expect(proposal.missingRequired).toEqual([]);
    expect(proposal.columns[0]!.confidence).toBe(1);
    expect(proposal.columns[2]!.confidence).toBeGreaterThanOrEqual(0.9);
    expect(proposal.columns[4]).toMatchObject({ field: null, confidence: 0 });
    expect(proposal.columns[4]!.note).toMatch(/"Extra column" is not a column this import knows/);
  });

  it('gives each field to one column only: the surest one', () => {
    const proposal = proposeMapping(['Date', 'Mentor', 'Mentor ID', 'Activity date'], REGISTRATIONS_KIND);
    expect(proposal.mapping['mentor_id']).toBe(2);
    expect(proposal.mapping['activity_date']).toBe(0);
    expect(proposal.columns[1]!.field).toBeNull();
    expect(proposal.columns[1]!.note).toMatch(
      /Also looks like "Mentor ID", which column "Mentor ID" already fills/,
    );
    expect(proposal.missingRequired).toEqual(['activity_type', 'duration_minutes']);
  });

  it('reads the date order a header spells out', () => {
    expect(proposeMapping(['Date (mm/dd/yyyy)'], REGISTRATIONS_KIND).dateOrderHint).toBe('MDY');
    expect(proposeMapping(['Date (DD.MM.YYYY)'], REGISTRATIONS_KIND).dateOrderHint).toBe('DMY');
    expect(proposeMapping(['Date'], REGISTRATIONS_KIND).dateOrderHint).toBeNull();
  });

  it('treats __proto__ and constructor headers as unknown columns, without touching any prototype', () => {
    const proposal = proposeMapping(
      ['__proto__', 'constructor', 'Mentor ID', 'prototype'],
      REGISTRATIONS_KIND,
    );
    expect(proposal.columns.map((c) => c.field)).toEqual([null, null, 'mentor_id', null]);
    expect(proposal.columns[0]!.note).toBe(
      '"__proto__" is a reserved name, not a column this import knows; the column is ignored.',
    );
    expect(proposal.columns[1]!.note).toMatch(/"constructor" is a reserved name/);
    expect(Object.keys(proposal.mapping).sort()).toEqual([
      'activity_date',
      'activity_type',
      'duration_minutes',
      'mentor_id',
      'notes',
    ]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(proposal.mapping)).toBe(Object.prototype);
  });

  it('uses a remembered mapping for the same headers, and ignores one that does not fit', () => {
    const headers = ['Who', 'What', 'When', 'How long'];
    const automatic = proposeMapping(headers, REGISTRATIONS_KIND);
    expect(automatic.missingRequired.length).toBeGreaterThan(0);
    const remembered = { mentor_id: 0, activity_type: 1, activity_date: 2, duration_minutes: 3, notes: null };
    const proposal = proposeMapping(headers, REGISTRATIONS_KIND, remembered);
    expect(proposal.mapping).toEqual(remembered);
    expect(proposal.columns[0]).toMatchObject({ confidence: 1, note: expect.stringMatching(/Remembered/) });
    const misfit = proposeMapping(headers, REGISTRATIONS_KIND, { ...remembered, notes: 9 });
    expect(misfit.mapping).toEqual(automatic.mapping);
  });
});

describe('header matcher for the mentor roster', () => {
  it.each([
    ['Mentor ID', 'mentor_id'],
    ['ID', 'mentor_id'],
    ['Name', 'name'],
    ['Mentor name', 'name'],
    ['Coordinator', 'coordinator_id'],
    ['coord_id', 'coordinator_id'],
    ['Certification expiry date', 'expiry_date'],
    ['Expires', 'expiry_date'],
    ['Expiry', 'expiry_date'],
    ['E-mail', 'email'],
    ['Email address', 'email'],
  ])('%j -> %s', (header, field) => {
    expect(fieldOf(header, MENTOR_ROSTER_KIND)).toBe(field);
  });

  it('maps a full roster header row', () => {
    const proposal = proposeMapping(
      ['Mentor ID', 'Mentor name', 'Coordinator ID', 'Cert. expiry', 'E-mail'],
      MENTOR_ROSTER_KIND,
    );
    expect(proposal.mapping).toEqual({ mentor_id: 0, name: 1, coordinator_id: 2, expiry_date: 3, email: 4 });
  });
});

describe('header signature', () => {
  it('is the same for headers that differ only in case, spacing and punctuation', () => {
    expect(headerSignature(['Mentor ID', 'Date'])).toBe(headerSignature(['mentor_id', ' DATE ']));
  });

  it('differs when headers or their order differ', () => {
    const base = headerSignature(['Mentor ID', 'Date']);
    expect(headerSignature(['Date', 'Mentor ID'])).not.toBe(base);
    expect(headerSignature(['Mentor ID', 'Date', 'Notes'])).not.toBe(base);
    expect(headerSignature(['Mentor ID', 'Day'])).not.toBe(base);
  });
});

describe('header row detection', () => {
  it('skips title rows above the headers', () => {
    const rows = [
      ['March registrations'],
      ['Exported 2026-03-26', null],
      ['Mentor ID', 'Activity', 'Date', 'Minutes'],
      ['mentor-1', 'workshop', 46106, 60],
    ];
    expect(detectHeaderRow(rows, REGISTRATIONS_KIND)).toBe(2);
  });

  it('takes the first row when nothing looks like a header', () => {
    expect(
      detectHeaderRow(
        [
          ['a', 'b'],
          ['c', 'd'],
        ],
        REGISTRATIONS_KIND,
      ),
    ).toBe(0);
  });

  it('looks only at the first 20 rows', () => {
    const rows = [...Array.from({ length: 25 }, () => ['x']), ['Mentor ID', 'Date']];
    expect(detectHeaderRow(rows, REGISTRATIONS_KIND)).toBe(0);
  });
});
