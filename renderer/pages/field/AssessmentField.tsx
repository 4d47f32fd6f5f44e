import { useLiveQuery } from 'dexie-react-hooks';
import { assessmentFormsFor } from '../../../src/reference';
import { db } from '../../database/db';
import { FieldRow } from './FieldRow';

/**
 * The assessment a registration takes, typed as its code with the published forms of the exam
 * type offered. Typed rather than chosen so that a code outside them reaches the command, which
 * answers with seed 002's sentence.
 */
export function AssessmentField({
  id,
  label,
  hint,
  examType,
  value,
  onChange,
  error,
}: {
  id: string;
  label: string;
  hint: string;
  /** the forms offered are this exam type's (all published ones without it) */
  examType: string | undefined;
  value: string;
  onChange(code: string): void;
  error: string | null | undefined;
}) {
  const forms = useLiveQuery(() => assessmentFormsFor(db, examType), [examType]);
  return (
    <FieldRow id={id} label={label} hint={hint} error={error}>
      {(control) => (
        <>
          <input
            {...control}
            className="input"
            list={`${id}-forms`}
            autoComplete="off"
            value={value}
            onChange={(e) => onChange(e.target.value)}
          />
          <datalist id={`${id}-forms`}>
            {forms?.map((f) => (
              <option key={f.assessment_form_id} value={f.code}>
                {f.title}
              </option>
            ))}
          </datalist>
        </>
      )}
    </FieldRow>
  );
}
