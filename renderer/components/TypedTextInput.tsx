import { useEffect, useRef, useState, type InputHTMLAttributes } from 'react';
import type { DateOrder } from './dates';
import { useDateOrder } from './useDateOrder';

/**
 * A text field for a value the coordinator types in the day-order setting (a date, a date and a
 * time), where a native input would follow the browser's locale instead. It shows the value as
 * `format` writes it, reads what is typed with `read`, and says beside the field why text does not
 * read. What a form then receives for such text is the caller's choice (`onUnread`): keeping the
 * last good value would send it as if the coordinator had typed it.
 */

export type TypedRead = { value: string } | { error: string };

export interface TypedTextInputProps extends Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'value' | 'onChange' | 'type' | 'defaultValue' | 'placeholder'
> {
  value: string;
  onChange(value: string): void;
  read(text: string, order: DateOrder): TypedRead;
  format(value: string, order: DateOrder): string;
  placeholder(order: DateOrder): string;
  /**
   * The value for text that does not read. Without it the field keeps its last good value and
   * blocks the form's submit (custom validity), which a `noValidate` form ignores.
   */
  onUnread?(text: string): string;
}

export function TypedTextInput({
  value,
  onChange,
  read,
  format,
  placeholder,
  onUnread,
  id,
  onBlur,
  ...rest
}: TypedTextInputProps) {
  const order = useDateOrder();
  const input = useRef<HTMLInputElement>(null);
  const emitted = useRef(value);
  const [text, setText] = useState(() => format(value, order));
  const [error, setError] = useState<string | null>(null);

  // A value set from outside (a reset, a link's filter) or a new day order shows as formatted
  // text; the value this field emitted itself leaves the text as typed until the field is left.
  const shownOrder = useRef(order);
  useEffect(() => {
    if (value === emitted.current && order === shownOrder.current) return;
    emitted.current = value;
    shownOrder.current = order;
    setText(format(value, order));
    setError(null);
  }, [value, order, format]);

  useEffect(() => {
    input.current?.setCustomValidity(error ?? '');
  }, [error]);

  const errorId = id ? `${id}-typed-error` : undefined;
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
        placeholder={placeholder(order)}
        value={text}
        aria-invalid={error ? true : rest['aria-invalid']}
        aria-describedby={describedBy || undefined}
        onChange={(e) => {
          const typed = e.target.value;
          setText(typed);
          const result = read(typed, order);
          if ('error' in result) {
            setError(result.error);
            if (onUnread) {
              emitted.current = onUnread(typed);
              onChange(emitted.current);
            }
            return;
          }
          setError(null);
          emitted.current = result.value;
          onChange(result.value);
        }}
        onBlur={(e) => {
          if (!error) setText(format(emitted.current, order));
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
