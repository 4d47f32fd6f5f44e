import { isCalendarDate } from '../contract';
import { cellText, isEmptyCell, isExcelDate, isExcelError, type CellValue, type DateSystem } from './cells';
import { failed, parsed, type ParseResult } from './parseResult';

/** How a text such as 03/04/2026 is read: day first (most of the world) or month first (US). */
export type DateOrder = 'DMY' | 'MDY';

export interface DateSettings {
  dateOrder: DateOrder;
  /** the workbook's date system, for serial numbers */
  dateSystem: DateSystem;
}

/**
 * A cell as a calendar date `YYYY-MM-DD`.
 * - Excel serials (date-formatted cells or plain numbers): 1900 system, where serial 60 is Lotus's
 *   1900-02-29 that never existed (an error), or 1904 system; a time of day is dropped.
 * - JS `Date` values: their UTC calendar date (SheetJS makes date cells at UTC midnight).
 * - Text: `2026-03-24` (also with `/` or `.`, or a time after it), `24/03/2026` or `03/24/2026` by
 *   the setting, with a warning when the other order gives another valid date; `24 Mar 2026`,
 *   `March 24, 2026`, `24-Mar-26`.
 * - Two-digit years are 20yy, always, with a warning: activities and certification expiries are
 *   this century, and Excel's own 1930 pivot would put an expiry written "31" in 1931.
 */
export function parseDateCell(cell: CellValue | undefined, settings: DateSettings): ParseResult<string> {
  if (isEmptyCell(cell)) return failed('Date is required');
  if (isExcelError(cell)) return failed(`The cell shows the spreadsheet error ${cell.text}, not a date`);
  if (isExcelDate(cell)) return dateFromSerial(cell.serial, settings.dateSystem);
  if (typeof cell === 'number') return dateFromSerial(cell, settings.dateSystem);
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return failed('Not a valid date');
    return parsed(isoDate(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate()));
  }
  if (typeof cell === 'boolean') return failed(`"${cellText(cell)}" is not a date`);
  return parseDateText(cell ?? '', settings.dateOrder);
}

/** Serial 2958465 is 9999-12-31, the last day Excel knows. */
const MAX_SERIAL = 2_958_465;

export function dateFromSerial(serial: number, system: DateSystem): ParseResult<string> {
  if (!Number.isFinite(serial)) return failed('Not a valid date');
  const day = Math.floor(serial);
  if (system === 1900) {
    if (day < 1) return failed(`${serial} is not a date: Excel's dates start at 1 (1900-01-01)`);
    if (day === 60) {
      return failed(
        'Excel serial 60 is 29 February 1900, a day that never existed (an old Lotus 1-2-3 error)',
      );
    }
  } else if (day < 0) {
    return failed(`${serial} is not a date: in the 1904 date system dates start at 0 (1904-01-01)`);
  }
  if (day > MAX_SERIAL) return failed(`${serial} is past the last date a spreadsheet can hold (9999-12-31)`);
  // 1900 system: 1 = 1900-01-01 up to 59; from 61 on, one less because of the fake 60.
  const epochMs =
    system === 1904 ? Date.UTC(1904, 0, 1) : day < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  const date = new Date(epochMs + day * 86_400_000);
  return parsed(isoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()));
}

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10,
  nov: 11, november: 11, dec: 12, december: 12,
}; // prettier-ignore

const YMD =
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const NUMERIC = /^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{2}|\d{4})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?$/;
const DAY_MONTH_NAME = /^(\d{1,2})(?:st|nd|rd|th)?[-/. ]+([a-z]+)\.?,?[-/. ]+(\d{2}|\d{4})$/;
const MONTH_NAME_DAY = /^([a-z]+)\.?[-/. ]+(\d{1,2})(?:st|nd|rd|th)?,?[-/. ]+(\d{2}|\d{4})$/;

export function parseDateText(input: string, order: DateOrder): ParseResult<string> {
  const text = input.trim();
  if (text === '') return failed('Date is required');
  const lower = text.toLowerCase();
  let match = YMD.exec(text);
  if (match) return calendarDate(Number(match[1]), Number(match[2]), Number(match[3]), text);
  match = NUMERIC.exec(text);
  if (match) return numericDate(match[1]!, match[2]!, match[3]!, order, text);
  match = DAY_MONTH_NAME.exec(lower);
  if (match && MONTHS[match[2]!]) return named(Number(match[1]), MONTHS[match[2]!]!, match[3]!, text);
  match = MONTH_NAME_DAY.exec(lower);
  if (match && MONTHS[match[1]!]) return named(Number(match[2]), MONTHS[match[1]!]!, match[3]!, text);
  return failed(
    `"${text}" is not a date this import reads; write it as ${order === 'DMY' ? '24/03/2026' : '03/24/2026'} or 2026-03-24`,
  );
}

function numericDate(a: string, b: string, y: string, order: DateOrder, text: string): ParseResult<string> {
  const { year, warning } = fullYear(y);
  const [day, month] = order === 'DMY' ? [Number(a), Number(b)] : [Number(b), Number(a)];
  const orderName = order === 'DMY' ? 'day/month/year' : 'month/day/year';
  const chosen = isoDate(year, month, day);
  if (!isCalendarDate(chosen)) {
    const other = isoDate(year, day, month);
    const hint = isCalendarDate(other)
      ? ` Read as ${order === 'DMY' ? 'month/day/year' : 'day/month/year'} it would be ${other}: check the date order setting.`
      : '';
    return failed(`"${text}" is not a real date when read as ${orderName}.${hint}`);
  }
  const warnings: string[] = [];
  if (warning) warnings.push(warning);
  if (day !== month && day <= 12 && month <= 12) {
    warnings.push(
      `"${text}" is ambiguous: read as ${chosen} (${orderName}); as ${order === 'DMY' ? 'month/day/year' : 'day/month/year'} it would be ${isoDate(year, day, month)}`,
    );
  }
  return parsed(chosen, warnings.length > 0 ? warnings.join('; ') : undefined);
}

function named(day: number, month: number, y: string, text: string): ParseResult<string> {
  const { year, warning } = fullYear(y);
  const result = calendarDate(year, month, day, text);
  return result.ok && warning ? parsed(result.value, warning) : result;
}

function fullYear(y: string): { year: number; warning?: string } {
  if (y.length === 4) return { year: Number(y) };
  const year = 2000 + Number(y);
  return { year, warning: `Two-digit year "${y}" read as ${year}` };
}

function calendarDate(year: number, month: number, day: number, text: string): ParseResult<string> {
  const iso = isoDate(year, month, day);
  if (year < 1 || !isCalendarDate(iso)) return failed(`"${text}" is not a real calendar date`);
  return parsed(iso);
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A time of day after a date: `9:00`, `09:30:00`, `9am`, `2.30 pm`, with `T`, a space or a comma before it. */
const TIME_AFTER_DATE =
  /^(.*?\S)(?:T|,?\s+(?:at\s+)?)(\d{1,2})(?:[:.h](\d{2})(?::\d{2}(?:\.\d+)?)?)?\s*(am|pm|a\.m\.|p\.m\.)?(?:Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A cell as a start on some clock, `YYYY-MM-DDTHH:MM` (the venue's clock: the caller knows whose):
 * a date-time cell (a serial with a fraction of a day), or text whose date `parseDateText` reads
 * followed by a time of day. A date with no time is refused, since a sitting needs its hour; an
 * empty cell is no start (undefined).
 */
export function parseDateTimeCell(
  cell: CellValue | undefined,
  settings: DateSettings,
): ParseResult<string | undefined> {
  if (isEmptyCell(cell)) return parsed(undefined);
  if (isExcelError(cell)) return failed(`The cell shows the spreadsheet error ${cell.text}, not a start`);
  const serial = isExcelDate(cell) ? cell.serial : typeof cell === 'number' ? cell : null;
  if (serial !== null) {
    const date = dateFromSerial(serial, settings.dateSystem);
    if (!date.ok) return date;
    const minutes = Math.round((serial - Math.floor(serial)) * 1440);
    if (minutes === 0)
      return failed(`${date.value} has no time of day: write the start as "${date.value} 09:00"`);
    // a fraction rounding up to 24:00 is midnight of the next day, which a sitting never starts at
    return parsed(wallClock(date.value, Math.min(minutes, 1439)));
  }
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return failed('Not a valid start');
    return parsed(cell.toISOString().slice(0, 16));
  }
  const text = cellText(cell).trim();
  const match = TIME_AFTER_DATE.exec(text);
  const hasTime = match !== null && (match[3] !== undefined || match[4] !== undefined);
  if (!match || !hasTime) {
    const date = parseDateText(text, settings.dateOrder);
    return date.ok
      ? failed(`"${text}" has no time of day: write the start as "${text} 09:00"`)
      : failed(`"${text}" is not a date and time this import reads; write it as 2026-03-24 09:00`);
  }
  const date = parseDateText(match[1]!, settings.dateOrder);
  if (!date.ok) return date;
  const minutes = minuteOfDay(match[2]!, match[3], match[4], text);
  if (!minutes.ok) return minutes;
  return parsed(wallClock(date.value, minutes.value), date.warning);
}

/** A time of day alone: `9:00`, `09:30:00`, `9.30`, `14h30`, `9am`, `2.30 pm`. */
const TIME_OF_DAY = /^(\d{1,2})(?:[:.h](\d{2})(?::\d{2}(?:\.\d+)?)?)?\s*(am|pm|a\.m\.|p\.m\.)?$/i;

/** An hour, its minutes and an am/pm as read from `text`, as the minute of the day. */
function minuteOfDay(
  hourText: string,
  minuteText: string | undefined,
  halfText: string | undefined,
  text: string,
): ParseResult<number> {
  let hour = Number(hourText);
  const minute = minuteText === undefined ? 0 : Number(minuteText);
  const half = halfText?.toLowerCase().replace(/\./g, '');
  if (half) {
    if (hour < 1 || hour > 12) return failed(`"${text}": ${hour} is not an hour on a 12-hour clock`);
    hour = (hour % 12) + (half === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return failed(`"${text}" is not a time of day`);
  return parsed(hour * 60 + minute);
}

/**
 * A cell of a time column (the start's time when a file splits it from the date), as `HH:MM` on
 * the venue's clock: text such as `09:30`, `9.30`, `14h30` or `9am`; a time-formatted cell (a
 * fraction of a day, or the time part of a date-time cell); a plain number such as 9.3, which is
 * what a spreadsheet keeps of "9.30" typed in a number cell, read as 09:30 with a warning. A bare
 * hour ("9") is refused: the file may mean 9 o'clock or 9 minutes. An empty cell is no time.
 */
export function parseTimeCell(cell: CellValue | undefined): ParseResult<string | undefined> {
  if (isEmptyCell(cell)) return parsed(undefined);
  if (isExcelError(cell)) return failed(`The cell shows the spreadsheet error ${cell.text}, not a time`);
  if (isExcelDate(cell)) {
    if (!Number.isFinite(cell.serial) || cell.serial < 0) return failed('Not a valid time');
    // a date-time cell in the time column: its time of day
    const minutes = Math.round((cell.serial - Math.floor(cell.serial)) * 1440);
    if (cell.serial >= 1 && minutes === 0) {
      return failed('The cell holds a date with no time of day: write the time, such as 09:00');
    }
    return parsed(clock(Math.min(minutes, 1439)));
  }
  if (typeof cell === 'number') return timeOfNumber(cell);
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return failed('Not a valid time');
    return parsed(cell.toISOString().slice(11, 16));
  }
  if (typeof cell === 'boolean') return failed(`"${cellText(cell)}" is not a time of day`);
  return parseTimeText(cell ?? '');
}

export function parseTimeText(input: string): ParseResult<string | undefined> {
  const text = input.trim();
  if (text === '') return parsed(undefined);
  const match = TIME_OF_DAY.exec(text);
  if (!match) return failed(`"${text}" is not a time of day this import reads; write it as 09:00 or 9am`);
  if (match[2] === undefined && match[3] === undefined) {
    return failed(
      `"${text}" is an hour alone; write the time as ${match[1]!.padStart(2, '0')}:00 or ${Number(match[1])}am`,
    );
  }
  const minutes = minuteOfDay(match[1]!, match[2], match[3], text);
  return minutes.ok ? parsed(clock(minutes.value)) : minutes;
}

function timeOfNumber(value: number): ParseResult<string | undefined> {
  if (!Number.isFinite(value) || value < 0) return failed(`${value} is not a time of day`);
  // an unformatted time cell: a fraction of a day
  if (value < 1) return parsed(clock(Math.min(Math.round(value * 1440), 1439)));
  const hour = Math.floor(value);
  const minute = Math.round((value - hour) * 100);
  if (minute === 0) {
    return failed(
      `${value} is an hour alone; write the time as ${String(hour).padStart(2, '0')}:00 or ${hour}am`,
    );
  }
  if (hour > 23 || minute > 59 || Math.abs(value * 100 - Math.round(value * 100)) > 1e-6) {
    return failed(`${value} is not a time of day; write it as 09:30 or 9.30am`);
  }
  const time = clock(hour * 60 + minute);
  return parsed(time, `${value} read as ${time}`);
}

function clock(minuteOfDay: number): string {
  const hh = String(Math.floor(minuteOfDay / 60)).padStart(2, '0');
  const mm = String(minuteOfDay % 60).padStart(2, '0');
  return `${hh}:${mm}`;
}

function wallClock(date: string, minuteOfDay: number): string {
  return `${date}T${clock(minuteOfDay)}`;
}
