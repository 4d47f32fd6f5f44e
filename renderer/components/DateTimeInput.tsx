import type { InputHTMLAttributes } from 'react';
import { dateInputPattern, readTypedDate } from './DateInput';
import { formatCalendarDate, formatWallClock, type DateOrder } from './dates';
import { TypedTextInput, type TypedRead } from './TypedTextInput';

/**
 * A date and a time of day typed in the day-order setting (`25/03/2026 09:00`, `03/25/2026 9:00 am`;
 * `2026-03-25T09:00` too), where a native `datetime-local` input would follow the browser's locale.
 * The value in and out is a wall clock `YYYY-MM-DDTHH:MM` (whose clock is the caller's: a venue's,
 * or this computer's) or ''. Text that does not read says why beside the field and is passed on as
 * typed, never as the last good time: the forms that use it do not validate, and a command answers
 * a start that is not a time with its own sentence.
 */

export interface DateTimeInputProps extends Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'value' | 'onChange' | 'type' | 'defaultValue'
> {
  value: string;
  onChange(wall: string): void;
}

export function dateTimeInputPattern(order: DateOrder): string {
  return `${dateInputPattern(order)} hh:mm`;
}

const SPLIT = /^(.+?)[\sT,]+(\d{1,2}[:.h]\d{2}\s*(?:[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?)$/i;
const TIME = /^(\d{1,2})(?:[:.h](\d{2}))?\s*(?:([ap])\.?m\.?)?$/i;

/** `09:00` for "9:00", "9.00", "9am", "2:30 pm"; undefined for what is not a time of day. */
function readTime(text: string): string | undefined {
  const match = TIME.exec(text);
  if (!match) return undefined;
  const [, h, m, half] = match;
  if (m === undefined && half === undefined) return undefined;
  let hour = Number(h);
  const minute = Number(m ?? '0');
  if (minute > 59) return undefined;
  if (half) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (half.toLowerCase() === 'p' ? 12 : 0);
  } else if (hour > 23) return undefined;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** What the coordinator's text means: a wall-clock time, nothing, or why it is not a date and time. */
export function readTypedDateTime(text: string, order: DateOrder): TypedRead {
  const typed = text.trim();
  if (typed === '') return { value: '' };
  const example = `${formatCalendarDate('2026-03-24', order)} 09:00`;
  const write = `write it as ${example} (${dateTimeInputPattern(order)})`;
  const parts = SPLIT.exec(typed);
  if (!parts) {
    const dateOnly = readTypedDate(typed, order);
    return 'iso' in dateOnly
      ? { error: `"${typed}" has no time of day; ${write}` }
      : { error: `"${typed}" is not a date and time; ${write}` };
  }
  const date = readTypedDate(parts[1]!, order);
  if ('error' in date) {
    return /not a real/.test(date.error)
      ? { error: date.error }
      : { error: `"${parts[1]!}" is not a date; ${write}` };
  }
  const time = readTime(parts[2]!);
  if (time === undefined)
    return { error: `"${parts[2]!}" is not a time of day; write it as 09:00 or 2:30 pm` };
  return { value: `${date.iso}T${time}` };
}

const asTyped = (text: string) => text.trim();

export function DateTimeInput(props: DateTimeInputProps) {
  return (
    <TypedTextInput
      {...props}
      read={readTypedDateTime}
      format={formatWallClock}
      placeholder={dateTimeInputPattern}
      onUnread={asTyped}
    />
  );
}
