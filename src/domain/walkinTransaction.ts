import {
  ADDRESS_FIELDS,
  type ResponseError,
  type WalkinDraftPut,
  type WalkinPersonInput,
  type WalkinTransaction,
} from '../contract';
import { fromHundredths } from './hundredths';

/**
 * A walk-in registration transaction (contract C5, seed 004): its life, its hours and the person
 * rules. Pure: the server applies it inside a database transaction, the desktop offline, so a
 * draft saved on a laptop answers as the server would.
 *
 * Life: started (a draft, editable) -> submitted -> authorized -> archived.
 */

export type WalkinState = 'started' | 'submitted' | 'authorized' | 'archived';

/** What a call asks for: PUT (draft), POST (submit), POST with `authorizing_uuid` (authorize), POST .../archive. */
export type WalkinAction = 'draft' | 'submit' | 'authorize' | 'archive';

export type WalkinEffect =
  | 'create'
  | 'replace'
  | 'submit'
  | 'submit_and_authorize'
  | 'authorize'
  | 'archive'
  /** nothing to do: the stored answer is the answer (a repeated submit, any POST to an authorized one) */
  | 'unchanged';

export type WalkinStep =
  | { ok: true; effect: WalkinEffect }
  | { ok: false; status: 404 | 409; errorCode: 'NotFound' | 'Conflict'; message: string };

/** A section's catalogue fields as the transaction copies them, decimals in hundredths. */
export interface WalkinSection {
  section_uuid: string;
  course_name: string;
  section_code: string;
  course_title: string;
  amount: number;
  credit_hours: number;
  is_oncampus: boolean;
}

export interface WalkinRegistrationRecord extends WalkinSection {
  student_section_uuid: string;
  is_audit: boolean;
  added_date: string;
  changed_date: string | null;
  changed_by_person_id: number | null;
}

export type WalkinPersonRecord = Omit<WalkinPersonInput, 'uuid'> & { uuid: string };

/** What is stored of a transaction; the answer is made from it by `walkinAnswer`. */
export interface WalkinRecord {
  transaction_uuid: string;
  reporting_term: string;
  /** the principal that created it: only it (and admin) sees it */
  owner: string;
  notes_json: string | null;
  person: WalkinPersonRecord;
  registrations: WalkinRegistrationRecord[];
  started_datetime: string;
  /** the last change of any kind: the change feed's order and `person.timestamp` */
  updated_at: string;
  last_changed_by: string;
  last_changed_date: string;
  addr_last_changed_by: string | null;
  addr_last_changed_date: string | null;
  submitted_datetime: string | null;
  submitted_by_unauthenticated_person_id: number | null;
  authorized_datetime: string | null;
  authorized_by_person_id: number | null;
  archived_datetime: string | null;
  archived_by_person_id: number | null;
}

export function walkinState(record: WalkinRecord): WalkinState {
  if (record.archived_datetime !== null) return 'archived';
  if (record.authorized_datetime !== null) return 'authorized';
  if (record.submitted_datetime !== null) return 'submitted';
  return 'started';
}

const refuse = (message: string): WalkinStep => ({ ok: false, status: 409, errorCode: 'Conflict', message });
const go = (effect: WalkinEffect): WalkinStep => ({ ok: true, effect });

/** Whether `action` is allowed on the transaction (null: none stored yet), and what it does. */
export function checkWalkinAction(record: WalkinRecord | null, action: WalkinAction): WalkinStep {
  if (record === null) {
    if (action === 'draft') return go('create');
    return {
      ok: false,
      status: 404,
      errorCode: 'NotFound',
      message: 'There is no such walk-in transaction in this term; save its draft with PUT first.',
    };
  }
  const state = walkinState(record);
  if (state === 'archived') {
    return refuse(`This transaction was archived at ${record.archived_datetime}; it can no longer change.`);
  }
  switch (action) {
    case 'draft':
      if (state === 'started') return go('replace');
      return refuse(
        `This transaction was submitted at ${record.submitted_datetime}; a submitted transaction can no longer be edited.`,
      );
    case 'submit':
      return go(state === 'started' ? 'submit' : 'unchanged');
    case 'authorize':
      return go(
        state === 'started' ? 'submit_and_authorize' : state === 'submitted' ? 'authorize' : 'unchanged',
      );
    case 'archive':
      return go('archive');
  }
}

export interface Hours {
  /** hundredths of the non-audit sections' credit hours */
  credit_hours: number;
  /** hundredths of the audit sections' credit hours */
  audit_hours: number;
  /** hundredths of the sum of every registration's amount (the receipt's total) */
  amount: number;
}

export function walkinHours(registrations: readonly WalkinRegistrationRecord[]): Hours {
  const hours: Hours = { credit_hours: 0, audit_hours: 0, amount: 0 };
  for (const r of registrations) {
    if (r.is_audit) hours.audit_hours += r.credit_hours;
    else hours.credit_hours += r.credit_hours;
    hours.amount += r.amount;
  }
  return hours;
}

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/**
 * The person rules, as `responseStatus.errors`. A draft (`complete: false`) may leave fields
 * empty but what it gives must be right (an email is an address, `dob` not after `today`); on
 * submit (`complete: true`) first name, last name and an email or a cell phone are needed.
 * `today` is the latest calendar date the person could be in (see `latestCalendarDate`).
 */
export function personErrors(
  person: WalkinPersonInput,
  options: { today: string; complete: boolean },
): ResponseError[] {
  const errors: ResponseError[] = [];
  if (options.complete) {
    if (person.first_name === null) {
      errors.push(notEmpty('person.first_name', 'First name must not be empty.'));
    }
    if (person.last_name === null) {
      errors.push(notEmpty('person.last_name', 'Last name must not be empty.'));
    }
    if (person.email === null && person.phone_cell === null) {
      errors.push({
        ...notEmpty('person.email', 'Give an email address or a cell phone number (phone_cell).'),
        meta: { alternative: 'person.phone_cell' },
      });
    }
  }
  if (person.email !== null && !EMAIL.test(person.email)) {
    errors.push({
      errorCode: 'Email',
      fieldName: 'person.email',
      message: `"${person.email}" is not an email address.`,
    });
  }
  if (person.dob !== null && person.dob > options.today) {
    errors.push({
      errorCode: 'LessThanOrEqual',
      fieldName: 'person.dob',
      message: `The date of birth ${person.dob} is in the future.`,
    });
  }
  return errors;
}

const notEmpty = (fieldName: string, message: string): ResponseError => ({
  errorCode: 'NotEmpty',
  fieldName,
  message,
});

/** What a submit needs beyond the draft's rules: a complete person and at least one section. */
export function submitErrors(record: WalkinRecord, today: string): ResponseError[] {
  const errors = personErrors(record.person, { today, complete: true });
  if (record.registrations.length === 0) {
    errors.push(notEmpty('registrations', 'Choose at least one section before submitting.'));
  }
  return errors;
}

/**
 * The latest calendar date anywhere on Earth at `instant` (UTC+14): a date of birth of "today"
 * typed in Kiribati is not in the future for a server on UTC. The desktop passes its own date.
 */
export function latestCalendarDate(instant: Date): string {
  return new Date(instant.getTime() + 14 * 3_600_000).toISOString().slice(0, 10);
}

/** The sections of the draft missing from `sections`, each a `NotFound` naming its `section_uuid`. */
export function missingSections(
  draft: WalkinDraftPut,
  sections: ReadonlyMap<string, WalkinSection>,
  reportingTerm: string,
): ResponseError[] {
  return draft.registrations.flatMap((r, i) =>
    sections.has(r.section_uuid)
      ? []
      : [
          {
            errorCode: 'NotFound',
            fieldName: `registrations[${i}].section_uuid`,
            message: `Section ${r.section_uuid} not found in term ${reportingTerm}.`,
            meta: { section_uuid: r.section_uuid },
          },
        ],
  );
}

export interface DraftContext {
  transaction_uuid: string;
  reporting_term: string;
  /** the principal saving it */
  by: string;
  now: string;
  newUuid: () => string;
}

/**
 * The draft after a PUT: created, or replaced while kept ids stay (the person's `uuid`, each kept
 * section's `student_section_uuid` and `added_date`). The catalogue fields are copied afresh
 * from `sections`, which must hold every section of the draft (check `missingSections` first).
 */
export function saveDraft(
  existing: WalkinRecord | null,
  draft: WalkinDraftPut,
  sections: ReadonlyMap<string, WalkinSection>,
  ctx: DraftContext,
): WalkinRecord {
  const { uuid, ...fields } = draft.person;
  const person: WalkinPersonRecord = { ...fields, uuid: uuid ?? existing?.person.uuid ?? ctx.newUuid() };
  const registrations = draft.registrations.map((r): WalkinRegistrationRecord => {
    const section = sections.get(r.section_uuid);
    if (!section) throw new Error(`Section ${r.section_uuid} was not given to saveDraft`);
    const kept = existing?.registrations.find((k) => k.section_uuid === r.section_uuid);
    const changed = kept !== undefined && kept.is_audit !== r.is_audit;
    return {
      ...section,
      student_section_uuid: kept?.student_section_uuid ?? ctx.newUuid(),
      is_audit: r.is_audit,
      added_date: kept?.added_date ?? ctx.now,
      changed_date: changed ? ctx.now : (kept?.changed_date ?? null),
      changed_by_person_id: changed ? null : (kept?.changed_by_person_id ?? null),
    };
  });
  const addressChanged = ADDRESS_FIELDS.some((f) => (existing?.person[f] ?? null) !== person[f]);
  return {
    transaction_uuid: ctx.transaction_uuid,
    reporting_term: ctx.reporting_term,
    owner: existing?.owner ?? ctx.by,
    notes_json: draft.notes_json,
    person,
    registrations,
    started_datetime: existing?.started_datetime ?? ctx.now,
    updated_at: ctx.now,
    last_changed_by: ctx.by,
    last_changed_date: ctx.now,
    addr_last_changed_by: addressChanged ? ctx.by : (existing?.addr_last_changed_by ?? null),
    addr_last_changed_date: addressChanged ? ctx.now : (existing?.addr_last_changed_date ?? null),
    submitted_datetime: null,
    submitted_by_unauthenticated_person_id: null,
    authorized_datetime: null,
    authorized_by_person_id: null,
    archived_datetime: null,
    archived_by_person_id: null,
  };
}

/** Submitted: `unauthenticatedPersonId` is the integer the server gives the person (null offline). */
export function submitWalkin(
  record: WalkinRecord,
  now: string,
  unauthenticatedPersonId: number | null,
): WalkinRecord {
  return {
    ...record,
    submitted_datetime: now,
    submitted_by_unauthenticated_person_id: unauthenticatedPersonId,
    updated_at: now,
  };
}

/** Authorized by the staff member whose integer id is `authorizedBy`: no registration is provisional any more. */
export function authorizeWalkin(
  record: WalkinRecord,
  now: string,
  authorizedBy: number | null,
): WalkinRecord {
  return {
    ...record,
    authorized_datetime: now,
    authorized_by_person_id: authorizedBy,
    registrations: record.registrations.map((r) => ({
      ...r,
      changed_date: now,
      changed_by_person_id: authorizedBy,
    })),
    updated_at: now,
  };
}

export function archiveWalkin(record: WalkinRecord, now: string, archivedBy: number | null): WalkinRecord {
  return { ...record, archived_datetime: now, archived_by_person_id: archivedBy, updated_at: now };
}

/** Seed 004's answer, every field present (null where unknown), hours as exact decimals. */
export function walkinAnswer(record: WalkinRecord): WalkinTransaction {
  const p = record.person;
  const hours = walkinHours(record.registrations);
  const provisional = record.authorized_datetime === null;
  return {
    transaction_uuid: record.transaction_uuid,
    notes_json: record.notes_json,
    credit_hours: fromHundredths(hours.credit_hours),
    audit_hours: fromHundredths(hours.audit_hours),
    started_datetime: record.started_datetime,
    archived_datetime: record.archived_datetime,
    submitted_datetime: record.submitted_datetime,
    authorized_datetime: record.authorized_datetime,
    person: {
      regent_id: p.regent_id,
      reporting_term: record.reporting_term,
      survey: p.survey,
      friend_referral: p.friend_referral,
      other_referral: p.other_referral,
      is_returning: p.is_returning,
      is_applying: p.is_applying,
      is_landlord: p.is_landlord,
      postsecondary_education_level: p.postsecondary_education_level,
      uuid: p.uuid,
      regent_login: p.regent_login,
      first_name: p.first_name,
      middle_name: p.middle_name,
      last_name: p.last_name,
      preferred_name: p.preferred_name,
      birth_name: p.birth_name,
      spouse_name: p.spouse_name,
      addr1: p.addr1,
      addr2: p.addr2,
      country: p.country,
      state: p.state,
      city: p.city,
      code: p.code,
      phone_home: p.phone_home,
      phone_cell: p.phone_cell,
      phone_bus: p.phone_bus,
      email: p.email,
      prefix: p.prefix,
      dob: p.dob,
      citizenship: p.citizenship,
      citizenship_other: p.citizenship_other,
      permanent_resident: p.permanent_resident,
      denomination: p.denomination,
      occupation: p.occupation,
      ethnicity: p.ethnicity,
      gender: p.gender,
      marital_status: p.marital_status,
      deceased_date: null,
      added_by: record.owner,
      added_date: record.started_datetime,
      last_changed_by: record.last_changed_by,
      last_changed_date: record.last_changed_date,
      addr_last_changed_by: record.addr_last_changed_by,
      addr_last_changed_date: record.addr_last_changed_date,
      timestamp: record.updated_at,
      submitted_datetime: record.submitted_datetime,
      submitted_by_unauthenticated_person_id: record.submitted_by_unauthenticated_person_id,
      authorized_datetime: record.authorized_datetime,
      authorized_by_person_id: record.authorized_by_person_id,
      archived_datetime: record.archived_datetime,
      archived_by_person_id: record.archived_by_person_id,
    },
    registrations: record.registrations.map((r) => ({
      section_uuid: r.section_uuid,
      student_section_uuid: r.student_section_uuid,
      course_name: r.course_name,
      section_code: r.section_code,
      course_title: r.course_title,
      amount: fromHundredths(r.amount),
      is_oncampus: r.is_oncampus,
      is_audit: r.is_audit,
      is_provisional: provisional,
      is_missing_requisites: false,
      is_other_restriction: false,
      added_date: r.added_date,
      added_by_person_id: null,
      changed_date: r.changed_date,
      changed_by_person_id: r.changed_by_person_id,
    })),
  };
}
