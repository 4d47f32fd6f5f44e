/**
 * What a file can be imported as. The column matching, header detection and row validation are
 * the same machinery for every kind; a kind only says which fields it has, how each is read, the
 * names coordinators give its columns, and what makes two rows duplicates.
 */
export type ImportKindId = 'registrations' | 'mentor_roster' | 'attendees';

/** How a field's cell is read (see `cellParsers.ts`). */
export type FieldParser =
  | 'id'
  | 'text'
  | 'name'
  | 'email'
  | 'date'
  | 'duration'
  | 'activity_type'
  /** attendees: free text read as-is; the kind's row schema checks it (a name, an email, a code) */
  | 'person_text'
  /** attendees: extra time in whole minutes, 0 or more (`30`, `30 min`, `1h`) */
  | 'extra_time'
  /** attendees: a date and a time of day (`02/04/2026 09:00`, a date-time cell), on the venue's clock */
  | 'date_time'
  /** attendees: a time of day alone (`09:30`, `9.30`, `9am`, a time cell), the date being in another column */
  | 'time_of_day';

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
  /**
   * groups of fields of which at least one must be mapped whole (attendees: first and last name,
   * or one full-name column); the mapping is refused when none is
   */
  requiredAnyOf?: readonly (readonly string[])[];
  /** groups of fields mapped all or none (attendees: a venue column needs its start column) */
  mappedTogether?: readonly (readonly string[])[];
  /**
   * fields a file may give as several columns instead of one (attendees: the start as a Date and
   * a Time column): the parts are mapped all or none and never with the whole, and mapped whole
   * they stand for the field in `mappedTogether`. The row schema puts the parts together.
   */
  splitFields?: Readonly<Record<string, readonly string[]>>;
  /** the sentence that marks a row as a duplicate of an earlier one */
  duplicateMessage(firstRow: number): string;
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
  duplicateMessage: (firstRow) =>
    `Same mentor, activity type and date as row ${firstRow}: it will fail as a duplicate activity unless you exclude it`,
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
  duplicateMessage: (firstRow) =>
    `This mentor id is also on row ${firstRow}: a mentor has one expiry date, so fix or exclude one of the two rows`,
  example: {
    mentor_id: 'mentor-482',
    name: 'Ada Lovelace',
    coordinator_id: 'coord-119',
    expiry_date: { date: '2026-04-15' },
    email: 'ada.lovelace@example.org',
  },
};

/**
 * "People for an event" (contract C4): one person per row, registered on the event chosen in the
 * wizard, or on the sitting its venue and start cells name (found, or made lax as at the desk). A
 * row names the person by first and last name or by one full-name column (split by
 * `splitFullName`); the email is the learner's key, so the same email twice is an error.
 */
export const ATTENDEES_KIND: ImportKind = {
  id: 'attendees',
  rowNoun: 'person',
  fields: [
    {
      key: 'first_name',
      label: 'First name',
      required: false,
      parser: 'person_text',
      synonyms: [
        ['first name', 1],
        ['firstname', 1],
        ['given name', 1],
        ['given names', 0.95],
        ['forename', 1],
        ['forenames', 0.95],
        ['first', 0.8],
        ['prenom', 0.9],
      ],
    },
    {
      key: 'last_name',
      label: 'Last name',
      required: false,
      parser: 'person_text',
      synonyms: [
        ['last name', 1],
        ['lastname', 1],
        ['surname', 1],
        ['family name', 1],
        ['last', 0.8],
        ['nom', 0.7],
      ],
    },
    {
      key: 'full_name',
      label: 'Full name',
      required: false,
      parser: 'person_text',
      synonyms: [
        ['full name', 1],
        ['name', 0.95],
        ['candidate name', 0.95],
        ['student name', 0.95],
        ['learner name', 0.95],
        ['attendee name', 0.95],
        ['participant name', 0.95],
        ['person', 0.7],
        ['candidate', 0.7],
        ['student', 0.7],
      ],
    },
    {
      key: 'email',
      label: 'Email',
      required: true,
      parser: 'person_text',
      synonyms: [
        ['email', 1],
        ['e mail', 1],
        ['email address', 1],
        ['e mail address', 1],
        ['mail', 0.8],
        ['email id', 0.9],
      ],
    },
    {
      key: 'phone',
      label: 'Phone',
      required: false,
      parser: 'person_text',
      synonyms: [
        ['phone', 1],
        ['phone number', 1],
        ['telephone', 1],
        ['tel', 0.9],
        ['mobile', 0.95],
        ['mobile number', 0.95],
        ['cell', 0.85],
        ['cell phone', 0.9],
        ['contact number', 0.9],
      ],
    },
    {
      key: 'assessment',
      label: 'Assessment code',
      required: false,
      parser: 'person_text',
      synonyms: [
        ['assessment code', 1],
        ['assessment', 0.95],
        ['assessment form', 0.9],
        ['exam code', 0.95],
        ['test code', 0.95],
        ['form code', 0.9],
        ['exam', 0.75],
        ['test', 0.7],
        ['paper', 0.7],
      ],
    },
    {
      key: 'accommodations',
      label: 'Accommodations',
      required: false,
      parser: 'person_text',
      synonyms: [
        ['accommodations', 1],
        ['accommodation', 1],
        ['accomodations', 0.95],
        ['access arrangements', 0.95],
        ['special arrangements', 0.9],
        ['adjustments', 0.85],
        ['reasonable adjustments', 0.9],
        ['needs', 0.6],
      ],
    },
    {
      key: 'extra_time',
      label: 'Extra time (minutes)',
      required: false,
      parser: 'extra_time',
      synonyms: [
        ['extra time minutes', 1],
        ['extra time', 1],
        ['extra time mins', 1],
        ['additional time', 0.95],
        ['time extension', 1],
        ['extended time', 0.95],
        ['time allowance', 0.85],
      ],
    },
    {
      key: 'venue',
      label: 'Venue',
      required: false,
      parser: 'person_text',
      synonyms: [
        ['venue', 1],
        ['venue name', 1],
        ['exam centre', 1],
        ['exam center', 1],
        ['test centre', 0.95],
        ['test center', 0.95],
        ['centre', 0.9],
        ['center', 0.9],
        ['location', 0.85],
        ['site', 0.7],
      ],
    },
    {
      key: 'start',
      label: 'Start',
      required: false,
      parser: 'date_time',
      synonyms: [
        ['start', 1],
        ['start time', 1],
        ['starts', 0.95],
        ['date and time', 1],
        ['date time', 1],
        ['start date', 0.9],
        ['exam date', 0.9],
        ['sitting', 0.85],
        ['date', 0.8],
        ['time', 0.75],
      ],
    },
    // the start split in two columns, as many lists have it: both are read on the venue's clock
    {
      key: 'start_date',
      label: 'Date',
      required: false,
      parser: 'date',
      synonyms: [
        ['date', 1],
        ['sitting date', 1],
        ['exam date', 1],
        ['test date', 0.95],
        ['start date', 0.95],
        ['date of exam', 0.95],
        ['date of sitting', 0.95],
        ['session date', 0.9],
        ['day', 0.7],
      ],
    },
    {
      key: 'start_time',
      label: 'Time',
      required: false,
      parser: 'time_of_day',
      synonyms: [
        ['time', 1],
        ['start time', 1],
        ['starting time', 1],
        ['sitting time', 1],
        ['exam time', 1],
        ['time of day', 0.95],
        ['starts at', 0.95],
        ['session time', 0.9],
        ['hour', 0.75],
      ],
    },
  ],
  // the same person at two sittings of one file is two registrations
  duplicateFields: ['email', 'venue_id', 'event_start'],
  duplicateIsError: true,
  duplicateMessage: (firstRow) =>
    `This email is also on row ${firstRow}: one person is registered once, so fix or exclude one of the two rows`,
  requiredAnyOf: [['first_name', 'last_name'], ['full_name']],
  mappedTogether: [['venue', 'start']],
  splitFields: { start: ['start_date', 'start_time'] },
  example: {
    first_name: 'Ada',
    last_name: 'Lovelace',
    full_name: '',
    email: 'ada.lovelace@example.org',
    phone: '+44 20 7946 0000',
    assessment: 'CELPIP-G',
    accommodations: 'Separate room',
    extra_time: 30,
    venue: '',
    start: '',
    start_date: '',
    start_time: '',
  },
};

export const IMPORT_KINDS: Readonly<Record<ImportKindId, ImportKind>> = {
  registrations: REGISTRATIONS_KIND,
  mentor_roster: MENTOR_ROSTER_KIND,
  attendees: ATTENDEES_KIND,
};

export function importKind(id: ImportKindId): ImportKind {
  return IMPORT_KINDS[id];
}
