import { useEffect, useRef, useState, type InputHTMLAttributes } from 'react';
import { parseDateText } from '../../src/import/dates';
import { formatCalendarDate, type DateOrder } from './dates';
import { useDateOrder } from './useDateOrder';

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

export function DateInput({ value, onChange, id, onBlur, ...rest }: DateInputProps) {
  const order = useDateOrder();
  const input = useRef<HTMLInputElement>(null);
  const emitted = useRef(value);
  const [text, setText] = useState(() => formatCalendarDate(value, order));
  const [error, setError] = useState<string | null>(null);

  // A value set from outside (a reset, a link's filter) or a new day order shows as formatted
  // text; the value this field emitted itself leaves the text as typed until the field is left.
  const shownOrder = useRef(order);
  useEffect(() => {
    if (value === emitted.current && order === shownOrder.current) return;
    emitted.current = value;
    shownOrder.current = order;
    setText(formatCalendarDate(value, order));
    setError(null);
  }, [value, order]);

  useEffect(() => {
    input.current?.setCustomValidity(error ?? '');
  }, [error]);

  const errorId = id ? `${id}-error` : undefined;
  const describedBy = [rest['aria-describedby'], error ? errorId : undefined].filter(Boolean).join(' ');
  return (
    <>
      <input
        {...rest}
        ref={input}
        id={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        placeholder={dateInputPattern(order)}
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        onChange={(e) => {
          const typed = e.target.value;
          setText(typed);
          const read = readTypedDate(typed, order);
          if ('error' in read) {
            setError(read.error);
            return;
          }
          setError(null);
          emitted.current = read.iso;
          onChange(read.iso);
        }}
        onBlur={(e) => {
          if (!error) setText(formatCalendarDate(emitted.current, order));
          onBlur?.(e);
        }}
      />
      {error ? (
        <span id={errorId} className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}
