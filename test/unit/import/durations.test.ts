import { describe, expect, it } from 'vitest';
import { parseDurationCell } from '../../../src/import/durations';
import type { CellValue } from '../../../src/import/cells';

describe('durations', () => {
  it.each([
    [90, 90],
    [1, 1],
    [1440, 1440],
    ['90', 90],
    ['90.0', 90],
    ['90 min', 90],
    ['90 mins', 90],
    ['90 minutes', 90],
    ['90m', 90],
    ['45 MIN', 45],
    ['1:30', 90],
    ['0:01', 1],
    ['24:00', 1440],
    ['1:30:00', 90],
    ['1h 30m', 90],
    ['1h30', 90],
    ['1 hr 30 mins', 90],
    ['2 hours', 120],
    ['1 hour and 15 minutes', 75],
    ['1.5h', 90],
    ['1,5 h', 90],
    ['1.1h', 66], // 66.00000000000001 in floating point
    ['24h', 1440],
    [{ kind: 'excel-date', serial: 0.0625 }, 90], // a cell Excel shows as 1:30
  ] as [CellValue, number][])('%j is %d minutes', (cell, minutes) => {
    expect(parseDurationCell(cell)).toEqual({ ok: true, value: minutes });
  });

  it.each([
    [0, /at least 1 minute/],
    ['0', /at least 1 minute/],
    ['0:00', /at least 1 minute/],
    [-30, /cannot be negative/],
    ['-1:30', /cannot be negative/],
    ['-5 min', /cannot be negative/],
    [90.5, /90.5 minutes; durations are whole minutes/],
    ['1.51h', /90.6 minutes; durations are whole minutes/],
    ['0:00:30', /0.5 minutes/],
    [1441, /1441 minutes; a duration is at most 1440 minutes/],
    ['24:01', /at most 1440 minutes/],
    ['25h', /1500 minutes/],
    ['1:75', /not a valid h:mm duration/],
    ['1h 75m', /75 minutes after the hours/],
    ['an hour', /not a duration; write minutes \(90\), h:mm \(1:30\) or hours and minutes \(1h 30m\)/],
    [null, /Duration is required/],
    ['  ', /Duration is required/],
    [{ kind: 'excel-error', text: '#VALUE!' }, /#VALUE!/],
    [{ kind: 'excel-date', serial: 46106 }, /holds a date, not a duration/],
    [true, /not a duration/],
  ] as [CellValue, RegExp][])('%j is refused', (cell, message) => {
    const result = parseDurationCell(cell);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});
