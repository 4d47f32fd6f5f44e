import type { ResponseError } from '../../../src/contract';
import type { SectionRecord, WalkinLocalRecord } from '../../../src/db';
import { PERSON_FIELDS } from '../../../src/walkins';

/** `person.email` -> "Email"; `registrations[1].section_uuid` -> "HIST 210 B". */
export function fieldTitle(
  fieldName: string,
  record: WalkinLocalRecord,
  catalogue: readonly SectionRecord[],
): string {
  const person = /^person\.(\w+)$/.exec(fieldName);
  if (person) return PERSON_FIELDS.find((f) => f.name === person[1])?.label ?? person[1]!;
  const registration = /^registrations\[(\d+)\]/.exec(fieldName);
  if (registration) {
    const picked = record.form.registrations[Number(registration[1])];
    const section = catalogue.find((s) => s.section_uuid === picked?.section_uuid);
    return section
      ? `Section ${section.course_name} ${section.section_code}`
      : `Section ${Number(registration[1]) + 1}`;
  }
  if (fieldName === 'registrations') return 'Sections';
  return fieldName;
}

export function FieldErrorList({
  errors,
  record,
  catalogue,
}: {
  errors: readonly ResponseError[];
  record: WalkinLocalRecord;
  catalogue: readonly SectionRecord[];
}) {
  if (errors.length === 0) return null;
  return (
    <ul className="walkin-field-errors">
      {errors.map((e, i) => (
        <li key={i} data-field={e.fieldName}>
          <strong>{fieldTitle(e.fieldName, record, catalogue)}</strong>: {e.message}
        </li>
      ))}
    </ul>
  );
}
