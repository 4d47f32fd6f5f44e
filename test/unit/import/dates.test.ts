import { describe, expect, it } from 'vitest';
import { dateFromSerial, parseDateCell, parseDateText, type DateOrder } from '../../../src/import/dates';

describe('dates from Excel serials', () => {
  it.each([
    [1, 1900, '1900-01-01'],
    [59, 1900, '1900-02-28'],
    [61, 1900, '1900-03-01'],
    [25569, 1900, '1970-01-01'],
    [45000, 1900, '2023-03-15'],
    [46106, 1900, '2026-03-25'],
    [46106.75, 1900, '2026-03-25'], // the time of day is dropped
    [2958465, 1900, '9999-12-31'],
    [0, 1904, '1904-01-01'],
    [1, 1904, '1904-01-02'],
    [44644, 1904, '2026-03-25'], // 1904 serials are 1462 days smaller
  ] as const)('serial %d in the %d system is %s', (serial, system, expected) => {
    expect(dateFromSerial(serial, system)).toEqual({ ok: true, value: expected });
  });

  it.each([
    [60, 1900, /29 February 1900, a day that never existed/],
    [0, 1900, /start at 1/],
    [-5, 1900, /start at 1/],
    [-1, 1904, /1904 date system/],
    [2958466, 1900, /9999-12-31/],
  ] as const)('serial %d in the %d system is refused', (serial, system, message) => {
    const result = dateFromSerial(serial, system);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});

describe('dates from text', () => {
  it.each([
    ['2026-03-24', 'DMY', '2026-03-24'],
    ['2026/3/4', 'MDY', '2026-03-04'],
    ['2026-03-24T00:00:00Z', 'DMY', '2026-03-24'],
    ['2024-02-29', 'DMY', '2024-02-29'],
    ['24/03/2026', 'DMY', '2026-03-24'],
    ['03/24/2026', 'MDY', '2026-03-24'],
    ['24.03.2026', 'DMY', '2026-03-24'],
    ['24-03-2026', 'DMY', '2026-03-24'],
    ['  24/03/2026  ', 'DMY', '2026-03-24'],
    ['05/05/2026', 'DMY', '2026-05-05'], // day = month: the same date either way
    ['24 Mar 2026', 'MDY', '2026-03-24'],
    ['24-Mar-2026', 'DMY', '2026-03-24'],
    ['March 24, 2026', 'DMY', '2026-03-24'],
    ['1st April 2026', 'DMY', '2026-04-01'],
  ] as const)('%s (%s) is %s without a warning', (text, order, expected) => {
    expect(parseDateText(text, order as DateOrder)).toEqual({ ok: true, value: expected });
  });

  it('flags 03/04/2026 as ambiguous and reads it by the setting', () => {
    const dmy = parseDateText('03/04/2026', 'DMY');
    expect(dmy).toMatchObject({ ok: true, value: '2026-04-03' });
    expect(dmy.ok && dmy.warning).toMatch(/ambiguous.*2026-04-03.*2026-03-04/);
    const mdy = parseDateText('03/04/2026', 'MDY');
    expect(mdy).toMatchObject({ ok: true, value: '2026-03-04' });
    expect(mdy.ok && mdy.warning).toMatch(/ambiguous/);
  });

  it('reads two-digit years as 20yy with a warning', () => {
    const result = parseDateText('24/03/31', 'DMY');
    expect(result).toMatchObject({ ok: true, value: '2031-03-24' });
    expect(result.ok && result.warning).toMatch(/Two-digit year "31" read as 2031/);
    expect(parseDateText('24-Mar-99', 'DMY')).toMatchObject({ ok: true, value: '2099-03-24' });
  });

  it.each([
    ['2026-02-30', 'DMY', /not a real calendar date/],
    ['2025-02-29', 'DMY', /not a real calendar date/],
    ['31/04/2026', 'DMY', /not a real date when read as day\/month\/year/],
    ['00/01/2026', 'DMY', /not a real date/],
    ['13/04/2026', 'MDY', /month\/day\/year.*it would be 2026-04-13: check the date order setting/],
    ['30 Feb 2026', 'DMY', /not a real calendar date/],
    ['tomorrow', 'DMY', /not a date this import reads; write it as 24\/03\/2026 or 2026-03-24/],
    ['46106', 'DMY', /not a date this import reads/],
    ['', 'DMY', /Date is required/],
  ] as const)('%s (%s) is refused', (text, order, message) => {
    const result = parseDateText(text, order as DateOrder);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});

describe('date cells', () => {
  const settings = { dateOrder: 'DMY' as const, dateSystem: 1900 as const };

  it('reads date-formatted cells, plain numbers, JS dates and text', () => {
    expect(parseDateCell({ kind: 'excel-date', serial: 46106 }, settings)).toEqual({
      ok: true,
      value: '2026-03-25',
    });
    expect(parseDateCell(46106, settings)).toEqual({ ok: true, value: '2026-03-25' });
    expect(parseDateCell(new Date(Date.UTC(2026, 2, 25)), settings)).toEqual({
      ok: true,
      value: '2026-03-25',
    });
    expect(parseDateCell('25/03/2026', settings)).toEqual({ ok: true, value: '2026-03-25' });
  });

  it('uses the workbook date system for serials', () => {
    expect(parseDateCell({ kind: 'excel-date', serial: 44644 }, { ...settings, dateSystem: 1904 })).toEqual({
      ok: true,
      value: '2026-03-25',
    });
  });

  it('refuses empty cells, error cells and booleans with a message', () => {
    expect(parseDateCell(null, settings)).toEqual({ ok: false, error: 'Date is required' });
    expect(parseDateCell({ kind: 'excel-error', text: '#N/A' }, settings)).toEqual({
      ok: false,
      error: 'The cell shows the spreadsheet error #N/A, not a date',
    });
    expect(parseDateCell(true, settings).ok).toBe(false);
    expect(parseDateCell(new Date(Number.NaN), settings).ok).toBe(false);
  });
});
