import { describe, expect, it } from 'vitest';
import { prepareImport } from '../../../src/import/prepareImport';
import { readWorkbook } from '../../../src/import/readWorkbook';
import {
  acceptedValues,
  fixCell,
  setExcluded,
  summarize,
  validateRows,
} from '../../../src/import/rowValidation';
import { windows1252 } from './fixtures';

/** The wizard's whole path over the file acceptance test 1 uses: Windows-1252, `;`, messy headers. */
describe('a coordinator imports a Windows-1252 CSV', () => {
  const csv = [
    'Registrations for Café Lumière;;;;',
    'MENTOR_ID;Type of activity;Session date;Duration (mins);Comments',
    'mentor-1;Peer session;24/03/2026;60;Zoë led it',
    'mentor-2;Workshop;31/04/2026;1:30;',
    'mentor-3;peer-session;25/03/2026;1h 15m;Anaïs',
    'mentor-1;PEER SESSION;24/03/2026;45;same day again',
    'mentor-4;Lecture;26/03/2026;90;',
  ].join('\r\n');

  it('reads, maps, flags, fixes, excludes and submits', () => {
    const workbook = readWorkbook(windows1252(csv), { fileName: 'mars.csv' });
    expect(workbook.text).toEqual({ encoding: 'windows-1252', delimiter: ';' });
    const prepared = prepareImport(workbook, { kind: 'registrations' });
    expect(prepared.headerRow).toBe(1);
    expect(prepared.proposal.missingRequired).toEqual([]);

    let state = validateRows(prepared.table, prepared.proposal.mapping, 'registrations', {
      dateOrder: 'DMY',
    });
    expect(state.rows.map((r) => [r.rowNumber, r.errors.map((e) => e.column), r.warnings.length])).toEqual([
      [3, [], 0],
      [4, ['activity_date'], 0],
      [5, [], 0],
      [6, [], 1],
      [7, ['activity_type'], 0],
    ]);
    expect(state.rows[0]!.value?.notes).toBe('Zoë led it');
    expect(summarize(state)).toMatchObject({ toSubmit: 3, withErrors: 2, duplicates: 1, canSubmit: false });

    state = fixCell(state, 1, 'activity_date', '30/04/2026');
    state = setExcluded(state, [4], true);
    expect(summarize(state)).toMatchObject({
      toSubmit: 4,
      excluded: 1,
      withErrors: 0,
      canSubmit: true,
      message: '4 registrations to submit; 1 row excluded; 1 row with warnings.',
    });
    expect(acceptedValues(state)).toEqual([
      {
        mentor_id: 'mentor-1',
        activity_type: 'peer_session',
        activity_date: '2026-03-24',
        duration_minutes: 60,
        notes: 'Zoë led it',
      },
      { mentor_id: 'mentor-2', activity_type: 'workshop', activity_date: '2026-04-30', duration_minutes: 90 },
      {
        mentor_id: 'mentor-3',
        activity_type: 'peer_session',
        activity_date: '2026-03-25',
        duration_minutes: 75,
        notes: 'Anaïs',
      },
      // submitted as in the file: the contract's duplicate rule fails it when the batch runs
      {
        mentor_id: 'mentor-1',
        activity_type: 'peer_session',
        activity_date: '2026-03-24',
        duration_minutes: 45,
        notes: 'same day again',
      },
    ]);
  });
});
