import type { ReactNode } from 'react';

/** What a control inside a FieldRow spreads onto itself, so its hint and error are read with it. */
export interface ControlProps {
  id: string;
  'aria-describedby': string;
  'aria-invalid': true | undefined;
}

interface FieldRowProps {
  id: string;
  label: string;
  hint?: ReactNode;
  /** the command's sentence when it refused this field, shown under it */
  error?: string | null | undefined;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}

/**
 * One labelled control with its hint and its error, as the field registration forms show them:
 * a refusal appears next to the field it concerns, in the seed's words.
 */
export function FieldRow({ id, label, hint, error, className, children }: FieldRowProps) {
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        'aria-describedby': `${id}-hint ${id}-error`,
        'aria-invalid': error ? true : undefined,
      })}
      {hint !== undefined && (
        <span id={`${id}-hint`} className="field-hint">
          {hint}
        </span>
      )}
      <span id={`${id}-error`} className="field-error" role="alert">
        {error ?? null}
      </span>
    </div>
  );
}
