import { describe, expect, it } from 'vitest';
import { prepareImport } from '../../../src/import/prepareImport';
import { readWorkbook } from '../../../src/import/readWorkbook';
import { workbookBytes } from './fixtures';

const bytes = workbookBytes({
  Notes: [['Read me first']],
  Roster: [
    ['Mentor roster, spring'],
    ['Mentor ID', 'Name', 'Coordinator', 'Expires'],
    ['m-1', 'Ada', 'coord-1', '2026-04-15'],
  ],
});

describe('preparing an import', () => {
  it('takes the preselected sheet and the detected header row', () => {
    const workbook = readWorkbook(bytes, { fileName: 'roster.xlsx' });
    const prepared = prepareImport(workbook, { kind: 'mentor_roster', sheetIndex: 1 });
    expect(prepared.headerRow).toBe(1);
    expect(prepared.table.headers).toEqual(['Mentor ID', 'Name', 'Coordinator', 'Expires']);
    expect(prepared.table.rowNumbers).toEqual([3]);
    expect(prepared.proposal.missingRequired).toEqual([]);
  });

  it('lets the caller choose another header row and sheet', () => {
    const workbook = readWorkbook(bytes, { fileName: 'roster.xlsx' });
    const prepared = prepareImport(workbook, { kind: 'mentor_roster', sheetIndex: 1, headerRow: 0 });
    expect(prepared.table.headers).toEqual(['Mentor roster, spring', '', '', '']);
    expect(prepared.table.rows).toHaveLength(2);
    expect(prepared.proposal.missingRequired).toEqual(['mentor_id', 'name', 'coordinator_id', 'expiry_date']);
    expect(() => prepareImport(workbook, { kind: 'mentor_roster', sheetIndex: 1, headerRow: 7 })).toThrow(
      RangeError,
    );
    expect(() => prepareImport(workbook, { kind: 'mentor_roster', sheetIndex: 4 })).toThrow(
      /Sheet 4 does not exist/,
    );
  });

  it('applies a remembered mapping found by header signature', () => {
    const workbook = readWorkbook(bytes, { fileName: 'roster.xlsx' });
    const first = prepareImport(workbook, { kind: 'mentor_roster', sheetIndex: 1 });
    const confirmed = { ...first.proposal.mapping, name: null };
    const remembered = new Map([[first.proposal.signature, confirmed]]);
    const again = prepareImport(workbook, {
      kind: 'mentor_roster',
      sheetIndex: 1,
      rememberedMapping: remembered.get(first.proposal.signature) ?? null,
    });
    expect(again.proposal.mapping).toEqual(confirmed);
  });
});
