import { cellText, isEmptyCell, isExcelDate, isExcelError, type CellValue } from './cells';
import { failed, parsed, type ParseResult } from './parseResult';

export const MAX_DURATION_MINUTES = 1440;

/**
 * A duration in whole minutes, 1..1440. Reads plain minutes (`90`, `90 min`), `h:mm` (`1:30`,
 * also a cell Excel formats as a time, which holds a fraction of a day), hours and minutes
 * (`1h 30m`, `1 hr 30 mins`) and decimal hours (`1.5h`, `1,5 h`).
 */
export function parseDurationCell(cell: CellValue | undefined): ParseResult<number> {
  if (isEmptyCell(cell)) return failed('Duration is required');
  if (isExcelError(cell)) return failed(`The cell shows the spreadsheet error ${cell.text}, not a duration`);
  if (isExcelDate(cell)) {
    // A time-formatted cell: a fraction of a day (0.0625 is 1:30).
    if (cell.serial >= 1) return failed('This cell holds a date, not a duration');
    return checkMinutes(cell.serial * 1440, cellText(cell));
  }
  if (typeof cell === 'number') return checkMinutes(cell, String(cell));
  if (typeof cell !== 'string') return failed(`"${cellText(cell)}" is not a duration`);
  return parseDurationText(cell);
}

const NUMBER = String.raw`(\d+(?:[.,]\d+)?)`;
const MINUTES_ONLY = new RegExp(`^(-)?${NUMBER}\\s*(?:m|min|mins|minute|minutes)?\\.?$`);
const HOURS_ONLY = new RegExp(`^(-)?${NUMBER}\\s*(?:h|hr|hrs|hour|hours)\\.?$`);
const HOURS_MINUTES = new RegExp(
  `^(-)?(\\d+)\\s*(?:h|hr|hrs|hour|hours)\\.?\\s*(?:and\\s*)?(\\d+)\\s*(?:m|min|mins|minute|minutes)?\\.?$`,
);
const CLOCK = /^(-)?(\d+):(\d{2})(?::(\d{2}))?$/;

export function parseDurationText(input: string): ParseResult<number> {
  const text = input.trim().toLowerCase();
  if (text === '') return failed('Duration is required');
  let match = MINUTES_ONLY.exec(text);
  if (match) return checkMinutes(sign(match[1]) * decimal(match[2]!), input);
  match = HOURS_ONLY.exec(text);
  if (match) return checkMinutes(sign(match[1]) * decimal(match[2]!) * 60, input);
  match = HOURS_MINUTES.exec(text);
  if (match) {
    if (Number(match[3]) >= 60) return failed(`"${input.trim()}" has ${match[3]} minutes after the hours`);
    return checkMinutes(sign(match[1]) * (Number(match[2]) * 60 + Number(match[3])), input);
  }
  match = CLOCK.exec(text);
  if (match) {
    const minutes = Number(match[3]);
    const seconds = match[4] === undefined ? 0 : Number(match[4]);
    if (minutes >= 60 || seconds >= 60) return failed(`"${input.trim()}" is not a valid h:mm duration`);
    return checkMinutes(sign(match[1]) * (Number(match[2]) * 60 + minutes + seconds / 60), input);
  }
  return failed(
    `"${input.trim()}" is not a duration; write minutes (90), h:mm (1:30) or hours and minutes (1h 30m)`,
  );
}

function sign(minus: string | undefined): number {
  return minus ? -1 : 1;
}

function decimal(text: string): number {
  return Number(text.replace(',', '.'));
}

function checkMinutes(raw: number, shown: string): ParseResult<number> {
  if (!Number.isFinite(raw)) return failed(`"${shown.trim()}" is not a duration`);
  // 1.1 h * 60 is 66.00000000000001: within a millionth of a minute counts as whole.
  const rounded = Math.round(raw);
  const minutes = Math.abs(raw - rounded) < 1e-6 ? rounded : raw;
  if (minutes < 0) return failed(`Duration cannot be negative ("${shown.trim()}")`);
  if (minutes === 0) return failed('Duration is at least 1 minute; 0 is not allowed');
  if (!Number.isInteger(minutes)) {
    return failed(`"${shown.trim()}" is ${formatMinutes(minutes)} minutes; durations are whole minutes`);
  }
  if (minutes > MAX_DURATION_MINUTES) {
    return failed(`"${shown.trim()}" is ${minutes} minutes; a duration is at most 1440 minutes (one day)`);
  }
  return parsed(minutes);
}

function formatMinutes(minutes: number): string {
  return String(Math.round(minutes * 100) / 100);
}

/**
 * An attendee's extra time: optional, `0` or `none` for none, else a duration as above (`30`,
 * `30 min`, `1h`), with the messages naming extra time.
 */
export function parseExtraTimeCell(cell: CellValue | undefined): ParseResult<number | undefined> {
  if (isEmptyCell(cell)) return parsed(undefined);
  if (cell === 0 || (typeof cell === 'string' && /^\s*(0+|none|no|-)\s*$/i.test(cell))) return parsed(0);
  const result = parseDurationCell(cell);
  if (result.ok) return result;
  return failed(
    result.error
      .replace(/^Duration/, 'Extra time')
      .replace('durations are whole minutes', 'extra time is whole minutes')
      .replace('a duration is at most', 'extra time is at most'),
  );
}
