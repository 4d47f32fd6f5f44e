import type { InputHTMLAttributes } from 'react';
import { parseDateText } from '../../src/import/dates';
import { formatCalendarDate, type DateOrder } from './dates';
import { TypedTextInput } from './TypedTextInput';

/**
 * A calendar date typed in the day-order setting (`25/03/2026` or `03/25/2026`; `2026-03-25`
 * too), where a native date input would follow the browser's locale instead. The value in and out
 * is `YYYY-MM-DD` or ''. Text that is not a date keeps what was typed, says why beside the field,
 * and blocks the form's submit (custom validity), so a half-typed date is never sent as the last
 * good one.
 */

export interface DateInputProps extends Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'value' | 'onChange' | 'type' | 'defaultValue'
> {
  value: string;
  onChange(iso: string): void;
}

export function dateInputPattern(order: DateOrder): string {
  return order === 'MDY' ? 'mm/dd/yyyy' : 'dd/mm/yyyy';
}

/** What the coordinator's text means: a date, nothing, or why it is not a date. */
export function readTypedDate(text: string, order: DateOrder): { iso: string } | { error: string } {
  if (text.trim() === '') return { iso: '' };
  const read = parseDateText(text, order);
  if (read.ok) return { iso: read.value };
  const example = formatCalendarDate('2026-03-24', order);
  return /not a real/.test(read.error)
    ? { error: read.error }
    : { error: `"${text.trim()}" is not a date; write it as ${example} (${dateInputPattern(order)})` };
}

const readDate = (text: string, order: DateOrder) => {
  const read = readTypedDate(text, order);
  return 'iso' in read ? { value: read.iso } : read;
};

export function DateInput(props: DateInputProps) {
  return (
    <TypedTextInput {...props} read={readDate} format={formatCalendarDate} placeholder={dateInputPattern} />
  );
}
