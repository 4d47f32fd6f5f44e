import { FieldRow } from '../field/FieldRow';
import type { ErrorOf } from '../field/fieldErrors';

export interface NewLearner {
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
}

export const EMPTY_NEW_LEARNER: NewLearner = { first_name: '', last_name: '', email: '', phone: '' };

/** What was typed in the learner field, as the start of a new learner: an email, or first and last names. */
export function newLearnerFromText(text: string): NewLearner {
  const typed = text.trim();
  if (typed.includes('@')) return { ...EMPTY_NEW_LEARNER, email: typed };
  const [first = '', ...rest] = typed.split(/\s+/);
  return { ...EMPTY_NEW_LEARNER, first_name: first, last_name: rest.join(' ') };
}

const ROWS: { field: keyof NewLearner; label: string; type?: string }[] = [
  { field: 'first_name', label: 'First name' },
  { field: 'last_name', label: 'Last name' },
  { field: 'email', label: 'Email', type: 'email' },
  { field: 'phone', label: 'Phone (optional)', type: 'tel' },
];

/** A learner added inline at the desk, saved with the registration. */
export function NewLearnerFields({
  value,
  onChange,
  errorOf,
}: {
  value: NewLearner;
  onChange(value: NewLearner): void;
  errorOf: ErrorOf;
}) {
  return (
    <fieldset className="field-grid new-learner" aria-label="New learner">
      {ROWS.map(({ field, label, type }) => (
        <FieldRow key={field} id={`desk-new-${field}`} label={label} error={errorOf(field)}>
          {(control) => (
            <input
              {...control}
              className="input"
              type={type ?? 'text'}
              autoComplete="off"
              value={value[field]}
              onChange={(e) => onChange({ ...value, [field]: e.target.value })}
            />
          )}
        </FieldRow>
      ))}
    </fieldset>
  );
}
