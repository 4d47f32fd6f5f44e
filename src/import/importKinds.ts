/**
 * What a file can be imported as. The column matching, header detection and row validation are
 * the same machinery for every kind; a kind only says which fields it has, how each is read, the
 * names coordinators give its columns, and what makes two rows duplicates.
 */
export type ImportKindId = 'registrations' | 'mentor_roster';

/** How a field's cell is read (see `cellParsers.ts`). */
export type FieldParser = 'id' | 'text' | 'name' | 'email' | 'date' | 'duration' | 'activity_type';

export interface FieldSpec {
  key: string;
  /** the template's header, also the field's name in the wizard */
  label: string;
  required: boolean;
  parser: FieldParser;
  /** header texts (after `normalizeHeader`) that name this field, with how sure each is (0..1) */
  synonyms: readonly (readonly [string, number])[];
  /** a setting that fills the field when its column or cell is empty (the coordinator's own id) */
  fallbackSetting?: 'defaultCoordinatorId';
}

export interface ImportKind {
  id: ImportKindId;
  /** what one row is, for messages: "registration", "mentor" */
  rowNoun: string;
  fields: readonly FieldSpec[];
  /** fields whose equal values make two rows of one file duplicates */
  duplicateFields: readonly string[];
  /** true: a duplicate row is an error (it would overwrite the first); false: a warning */
  duplicateIsError: boolean;
  /** the template's example row, by field key */
  example: Readonly<Record<string, string | number | { date: string }>>;
}

export const REGISTRATIONS_KIND: ImportKind = {
  id: 'registrations',
  rowNoun: 'registration',
  fields: [
    {
      key: 'mentor_id',
      label: 'Mentor ID',
      required: true,
      parser: 'id',
      synonyms: [
        ['mentor id', 1],
        ['mentor', 0.9],
        ['mentor code', 0.9],
        ['mentor number', 0.9],
        ['mentor no', 0.9],
        ['mentor ref', 0.85],
        ['mentor reference', 0.85],
        ['mentor identifier', 0.9],
        ['id', 0.6],
      ],
    },
    {
      key: 'activity_type',
      label: 'Activity type',
      required: true,
      parser: 'activity_type',
      synonyms: [
        ['activity type', 1],
        ['type of activity', 1],
        ['activity', 0.9],
        ['activity kind', 0.9],
        ['session type', 0.85],
        ['type', 0.7],
        ['kind', 0.6],
        ['category', 0.6],
      ],
    },
    {
      key: 'activity_date',
      label: 'Date',
      required: true,
      parser: 'date',
      synonyms: [
        ['activity date', 1],
        ['date', 1],
        ['session date', 0.95],
        ['date of activity', 1],
        ['date of session', 0.95],
        ['event date', 0.8],
        ['day', 0.6],
        ['when', 0.6],
      ],
    },
    {
      key: 'duration_minutes',
      label: 'Duration (minutes)',
      required: true,
      parser: 'duration',
      synonyms: [
        ['duration minutes', 1],
        ['duration mins', 1],
        ['duration min', 1],
        ['duration', 0.95],
        ['minutes', 0.9],
        ['mins', 0.9],
        ['duration in minutes', 1],
        ['length', 0.6],
        ['time spent', 0.7],
      ],
    },
    {
      key: 'notes',
      label: 'Notes',
      required: false,
      parser: 'text',
      synonyms: [
        ['notes', 1],
        ['note', 1],
        ['comments', 0.95],
        ['comment', 0.95],
        ['remarks', 0.9],
        ['remark', 0.9],
        ['description', 0.7],
        ['details', 0.7],
        ['memo', 0.7],
      ],
    },
  ],
  duplicateFields: ['mentor_id', 'activity_type', 'activity_date'],
  duplicateIsError: false,
  example: {
    mentor_id: 'mentor-482',
    activity_type: 'peer_session',
    activity_date: { date: '2026-03-25' },
    duration_minutes: 60,
    notes: 'Monday group session',
  },
};

export const MENTOR_ROSTER_KIND: ImportKind = {
  id: 'mentor_roster',
  rowNoun: 'mentor',
  fields: [
    {
      key: 'mentor_id',
      label: 'Mentor ID',
      required: true,
      parser: 'id',
      synonyms: [
        ['mentor id', 1],
        ['mentor code', 0.9],
        ['mentor number', 0.9],
        ['mentor no', 0.9],
        ['mentor ref', 0.85],
        ['id', 0.8],
        ['mentor', 0.6],
      ],
    },
    {
      key: 'name',
      label: 'Name',
      required: true,
      parser: 'name',
      synonyms: [
        ['name', 1],
        ['mentor name', 1],
        ['full name', 1],
        ['mentor full name', 1],
        ['display name', 0.8],
      ],
    },
    {
      key: 'coordinator_id',
      label: 'Coordinator ID',
      required: true,
      parser: 'id',
      fallbackSetting: 'defaultCoordinatorId',
      synonyms: [
        ['coordinator id', 1],
        ['coordinator', 0.9],
        ['coord id', 0.95],
        ['coordinator code', 0.9],
        ['coordinator ref', 0.85],
      ],
    },
    {
      key: 'expiry_date',
      label: 'Certification expiry date',
      required: true,
      parser: 'date',
      synonyms: [
        ['certification expiry date', 1],
        ['certification expiry', 1],
        ['certificate expiry date', 1],
        ['certificate expiry', 1],
        ['cert expiry', 0.95],
        ['cert expiry date', 0.95],
        ['expiry date', 1],
        ['expiry', 0.95],
        ['expires', 0.9],
        ['expires on', 0.9],
        ['expiration date', 1],
        ['expiration', 0.95],
        ['valid until', 0.85],
        ['date', 0.6],
      ],
    },
    {
      key: 'email',
      label: 'Email',
      required: false,
      parser: 'email',
      synonyms: [
        ['email', 1],
        ['e mail', 1],
        ['email address', 1],
        ['e mail address', 1],
        ['mail', 0.8],
      ],
    },
  ],
  duplicateFields: ['mentor_id'],
  duplicateIsError: true,
  example: {
    mentor_id: 'mentor-482',
    name: 'Ada Lovelace',
    coordinator_id: 'coord-119',
    expiry_date: { date: '2026-04-15' },
    email: 'ada.lovelace@example.org',
  },
};

export const IMPORT_KINDS: Readonly<Record<ImportKindId, ImportKind>> = {
  registrations: REGISTRATIONS_KIND,
  mentor_roster: MENTOR_ROSTER_KIND,
};

export function importKind(id: ImportKindId): ImportKind {
  return IMPORT_KINDS[id];
}
