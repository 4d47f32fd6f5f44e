import { WalkinDraftPut, WalkinPersonInput, responseErrorsFromZod, type ResponseError } from '../contract';
import type { WalkinFormValues } from '../db/fieldRecords';
import { personErrors } from '../domain/walkinTransaction';

/**
 * The walk-in form as data: which person fields a desk sees first and which sit behind "More",
 * and the one conversion from what was typed to the contract's draft body (`WalkinDraftPut`).
 * What was typed is kept as typed (the draft never loses a half-typed date); the conversion says
 * what is wrong, field by field, in seed 004's `responseStatus.errors` form.
 */

export type PersonFieldName = Exclude<keyof WalkinPersonInput, 'uuid'>;

export interface PersonField {
  name: PersonFieldName;
  label: string;
  input: 'text' | 'email' | 'tel' | 'date' | 'number' | 'checkbox';
  /** `main` fields are always shown; `more` ones behind "More details" */
  group: 'main' | 'more';
  autoComplete?: string;
}

const f = (
  name: PersonFieldName,
  label: string,
  input: PersonField['input'] = 'text',
  group: PersonField['group'] = 'main',
  autoComplete?: string,
): PersonField => ({ name, label, input, group, ...(autoComplete ? { autoComplete } : {}) });

/** Every person field a coordinator may fill in, in form order (seed 004's person, less the server's). */
export const PERSON_FIELDS: readonly PersonField[] = [
  f('first_name', 'First name', 'text', 'main', 'off'),
  f('middle_name', 'Middle name', 'text', 'main', 'off'),
  f('last_name', 'Last name', 'text', 'main', 'off'),
  f('preferred_name', 'Preferred name'),
  f('email', 'Email', 'email'),
  f('phone_cell', 'Cell phone', 'tel'),
  f('phone_home', 'Home phone', 'tel'),
  f('addr1', 'Address line 1'),
  f('addr2', 'Address line 2'),
  f('city', 'City'),
  f('state', 'State or province'),
  f('code', 'Postal code'),
  f('country', 'Country'),
  f('dob', 'Date of birth', 'date'),
  f('prefix', 'Prefix', 'text', 'more'),
  f('birth_name', 'Birth name', 'text', 'more'),
  f('spouse_name', 'Spouse name', 'text', 'more'),
  f('phone_bus', 'Business phone', 'tel', 'more'),
  f('regent_id', 'Regent id', 'number', 'more'),
  f('regent_login', 'Regent login', 'text', 'more'),
  f('gender', 'Gender', 'text', 'more'),
  f('marital_status', 'Marital status', 'text', 'more'),
  f('citizenship', 'Citizenship', 'text', 'more'),
  f('citizenship_other', 'Other citizenship', 'text', 'more'),
  f('permanent_resident', 'Permanent resident', 'text', 'more'),
  f('ethnicity', 'Ethnicity', 'text', 'more'),
  f('denomination', 'Denomination', 'text', 'more'),
  f('occupation', 'Occupation', 'text', 'more'),
  f('postsecondary_education_level', 'Postsecondary education level', 'number', 'more'),
  f('survey', 'Survey', 'text', 'more'),
  f('friend_referral', 'Referred by a friend', 'text', 'more'),
  f('other_referral', 'Other referral', 'text', 'more'),
  f('is_returning', 'Returning student', 'checkbox', 'more'),
  f('is_applying', 'Applying for a program', 'checkbox', 'more'),
  f('is_landlord', 'Landlord', 'checkbox', 'more'),
];

export const emptyForm = (): WalkinFormValues => ({ person: {}, registrations: [], notes: '' });

/** The field's value in the form ('' or false when never typed). */
export function formValue(form: WalkinFormValues, field: PersonField): string | boolean {
  const value = form.person[field.name];
  if (field.input === 'checkbox') return value === true;
  return typeof value === 'string' ? value : '';
}

/** A number typed as text: blank is absent, anything else must be a whole number. */
function typedNumber(text: string): number | string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

export type DraftCheck = { ok: true; draft: WalkinDraftPut } | { ok: false; errors: ResponseError[] };

/**
 * The typed form as the contract's draft body, or every problem with it, each naming its field as
 * the server does (`person.email`, `registrations[1].section_uuid`). `notes` becomes `notes_json`
 * (`{"note": "..."}`). The rules are the server's own (`personErrors`), so a draft accepted here
 * is one the server accepts unless its catalogue differs.
 */
export function draftFromForm(form: WalkinFormValues, today: string): DraftCheck {
  const person: Record<string, unknown> = {};
  for (const field of PERSON_FIELDS) {
    const value = formValue(form, field);
    if (field.input === 'checkbox') person[field.name] = value;
    else if (field.input === 'number') person[field.name] = typedNumber(String(value));
    else if (field.input === 'date')
      person[field.name] = String(value).trim() === '' ? null : String(value).trim();
    else person[field.name] = value;
  }
  const note = form.notes.trim();
  const parsed = WalkinDraftPut.safeParse({
    person,
    registrations: form.registrations,
    notes_json: note === '' ? null : JSON.stringify({ note }),
  });
  if (!parsed.success) return { ok: false, errors: responseErrorsFromZod(parsed.error) };
  const wrong = personErrors(parsed.data.person, { today, complete: false });
  if (wrong.length > 0) return { ok: false, errors: wrong };
  return { ok: true, draft: parsed.data };
}

/** The errors about one field (`person.email`), for the message under it. */
export function errorsFor(errors: readonly ResponseError[], fieldName: string): ResponseError[] {
  return errors.filter((e) => e.fieldName === fieldName || e.meta?.alternative === fieldName);
}
