import { describe, expect, it } from 'vitest';
import type { Event } from '../../../src/contract/events';
import type { AssessmentForm, ExamClass, Learner, Venue } from '../../../src/contract/reference';
import type { Registration } from '../../../src/contract/registrations';
import { confirmationCode, normalizeCode } from '../../../src/domain/confirmationCode';
import {
  checkExamClass,
  localDateIn,
  parseEventStart,
  upsertEvent,
  utcWindowOfDate,
} from '../../../src/domain/events';
import { learnerSearchText, nameMatches, normalizeForSearch } from '../../../src/domain/nameSearch';
import {
  cancelRegistration,
  changeAssessment,
  checkAttendee,
  grantAccommodation,
  registerLax,
  revokeAccommodation,
  transferLax,
} from '../../../src/domain/registrationCommands';
import { REGISTRATION_ERRORS, RegistrationError } from '../../../src/domain/registrationErrors';

const NOW = '2027-01-01T10:00:00.000Z';
const venue: Venue = {
  venue_id: '11111111-1111-4111-8111-111111111111',
  organization_id: '22222222-2222-4222-8222-222222222222',
  name: 'Hall',
  address: '',
  time_zone: 'Europe/Paris',
  updated_at: NOW,
};
const classes: ExamClass[] = [
  {
    organization_id: venue.organization_id,
    exam_type: 'CPA',
    exam_formats: ['paper'],
    billing_codes: ['B1'],
  },
  {
    organization_id: venue.organization_id,
    exam_type: 'CMA',
    exam_formats: ['online'],
    billing_codes: ['B2'],
  },
];
const form = (code: string, extra: Partial<AssessmentForm> = {}): AssessmentForm => ({
  assessment_form_id: `33333333-3333-4333-8333-33333333333${code.length}`,
  code,
  title: code,
  exam_type: 'CPA',
  published: true,
  bilingual: false,
  updated_at: NOW,
  ...extra,
});
const learner: Learner = {
  learner_id: '44444444-4444-4444-8444-444444444444',
  first_name: 'Zoë',
  last_name: 'Müller',
  email: 'zoe@example.org',
  phone: null,
  coordinator_id: 'c1',
  created_at: NOW,
  updated_at: NOW,
};
const START = '2027-02-01T09:00:00.000Z';
const event = (extra: Partial<Event> = {}): Event => ({
  event_id: '55555555-5555-4555-8555-555555555555',
  event_venue: venue.venue_id,
  event_start: START,
  event_exam_type: 'CPA',
  event_exam_format: 'paper',
  event_billing_code: 'B1',
  registration_limit: null,
  status: 'scheduled',
  cancellation_reason: null,
  registered_count: 0,
  coordinator_id: 'c1',
  created_at: NOW,
  updated_at: NOW,
  ...extra,
});
const ctx = { coordinatorId: 'c1', now: NOW, newEventId: '66666666-6666-4666-8666-666666666666' };
const REG_ID = '0123abcd-ef01-4234-8567-89abcdef0123';
const body = {
  event_venue: venue.venue_id,
  event_start: '2027-02-01T10:00:00+01:00',
  event_exam_type: 'CPA',
  event_exam_format: 'paper',
  event_billing_code: 'B1',
  learner: learner.learner_id,
  assessment: 'F1',
};
const ref = { venue, classes, found: null, learner, form: form('F1'), alreadyRegistered: false };

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    if (error instanceof RegistrationError) return error.code;
    throw error;
  }
};

const registered = (): Registration => registerLax(null, REG_ID, body, ref, ctx).registration;

describe('confirmation code', () => {
  it.each([
    ['00000000-0000-4000-8000-000000000000', '00000000'],
    ['ffffffff-ff00-4000-8000-000000000000', 'ZZZZZZZZ'],
    ['0123abcd-ef01-4234-8567-89abcdef0123', '04HTQKFF'],
    ['0123ABCD-EF01-4234-8567-89ABCDEF0123', '04HTQKFF'],
  ])('%s -> %s', (id, code) => {
    expect(confirmationCode(id)).toBe(code);
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
  });
  it('reads look-alike letters as digits', () => expect(normalizeCode(' o4htqkff ')).toBe('04HTQKFF'));
});

describe('name normaliser', () => {
  it.each([
    ['Zoë', 'zoe'],
    ['  MÜLLER  ', 'muller'],
    ['Øyvind  Łukasz', 'oyvind lukasz'],
    ['Straße', 'strasse'],
    ['François-Noël', 'francois-noel'],
  ])('%s -> %s', (text, out) => expect(normalizeForSearch(text)).toBe(out));
  it.each([
    ['zoe', true],
    ['ZOË MÜL', true],
    ['müller', true],
    ['zoe muller', true],
    ['muller zoe', false],
    ['anna', false],
  ])('Zoë Müller matches %s: %s', (query, yes) => expect(nameMatches(learner, query)).toBe(yes));
  it('indexes first and last name together', () => expect(learnerSearchText(learner)).toBe('zoe muller'));
});

describe('event start, exam classes and the local date', () => {
  it.each([
    ['2027-02-01T09:00:00Z', '2027-02-01T09:00:00.000Z'],
    ['2027-02-01T10:00:00+01:00', '2027-02-01T09:00:00.000Z'],
    ['2027-02-01T09:00Z', '2027-02-01T09:00:00.000Z'],
    ['2027-02-30T09:00:00Z', 'event_start_invalid'],
    ['2027-02-01 09:00', 'event_start_invalid'],
    ['2027-02-01T24:00:00Z', 'event_start_invalid'],
    [undefined, 'event_start_invalid'],
  ])('%s -> %s', (value, out) => {
    let got: string;
    try {
      got = parseEventStart(value);
    } catch (error) {
      got = (error as RegistrationError).code;
    }
    expect(got).toBe(out);
  });
  it.each([
    [{ exam_type: 'CPA', exam_format: 'paper', billing_code: 'B1' }, 'ok'],
    [{ exam_format: 'paper', billing_code: 'B1' }, 'event_exam_type_missing'],
    [{ exam_type: 'LAW', exam_format: 'paper', billing_code: 'B1' }, 'event_exam_type_invalid'],
    [{ exam_type: 'CPA', billing_code: 'B1' }, 'event_exam_format_missing'],
    [{ exam_type: 'CPA', exam_format: 'online', billing_code: 'B1' }, 'event_exam_format_invalid'],
    [{ exam_type: 'CPA', exam_format: 'paper' }, 'event_billing_code_missing'],
    [{ exam_type: 'CPA', exam_format: 'paper', billing_code: 'B2' }, 'event_billing_code_invalid'],
  ])('%o -> %s', (input, out) => expect(codeOf(() => checkExamClass(input, classes))).toBe(out));
  it.each([
    ['2027-02-01T23:30:00Z', 'Europe/Paris', '2027-02-02'],
    ['2027-02-02T05:00:00Z', 'America/Los_Angeles', '2027-02-01'],
    ['2027-02-01T11:00:00Z', 'Pacific/Kiritimati', '2027-02-02'],
    ['2027-02-01T11:00:00Z', 'Etc/GMT+12', '2027-01-31'],
  ])('%s in %s is %s, inside the window of that date', (instant, zone, date) => {
    expect(localDateIn(instant, zone)).toBe(date);
    const window = utcWindowOfDate(date);
    expect(instant >= window.from && instant < window.to).toBe(true);
  });
  it('an update keeps the fields not given and checks them again', () => {
    const current = event({ registration_limit: 3, registered_count: 2 });
    const next = upsertEvent(
      current,
      current.event_id,
      { registration_limit: null },
      { venue, classes },
      ctx,
    );
    expect(next).toMatchObject({ registration_limit: null, registered_count: 2, event_exam_type: 'CPA' });
    expect(
      codeOf(() =>
        upsertEvent(current, current.event_id, { event_exam_type: 'CMA' }, { venue, classes }, ctx),
      ),
    ).toBe('event_exam_format_invalid');
    expect(
      codeOf(() =>
        upsertEvent(event({ status: 'cancelled' }), current.event_id, {}, { venue, classes }, ctx),
      ),
    ).toBe('event_cancelled');
  });
});

describe('register-lax', () => {
  it('makes the event when none is found, and counts the seat', () => {
    const out = registerLax(null, REG_ID, body, ref, ctx);
    expect(out.events).toEqual([
      {
        event: expect.objectContaining({ event_id: ctx.newEventId, event_start: START, registered_count: 1 }),
        created: true,
      },
    ]);
    expect(out.registration).toMatchObject({
      code: '04HTQKFF',
      event_id: ctx.newEventId,
      assessment: 'F1',
      status: 'active',
    });
  });
  it('uses the event found, without needing its exam fields', () => {
    const found = event({ registered_count: 4 });
    const out = registerLax(null, REG_ID, { ...body, event_exam_type: undefined }, { ...ref, found }, ctx);
    expect(out.events).toEqual([
      { event: expect.objectContaining({ event_id: found.event_id, registered_count: 5 }), created: false },
    ]);
  });
  it.each([
    ['an existing registration', { current: true }, 'registration_exists'],
    [
      'an empty accommodation type',
      { body: { accommodations: [{ type: ' ' }] } },
      'accommodation_type_empty',
    ],
    ['an unknown learner', { ref: { learner: null } }, 'learner_not_found'],
    ['no learner', { body: { learner: undefined } }, 'learner_not_found'],
    ['an unknown venue', { ref: { venue: null } }, 'venue_not_found'],
    ['a bad start', { body: { event_start: 'soon' } }, 'event_start_invalid'],
    ['no exam type for a new event', { body: { event_exam_type: undefined } }, 'event_exam_type_missing'],
    ['an unknown form', { ref: { form: null } }, 'assessment_form_not_found'],
    ['a bilingual form', { ref: { form: form('F1', { bilingual: true }) } }, 'assessment_form_not_found'],
    ['an unpublished form', { ref: { form: form('F1', { published: false }) } }, 'assessment_form_not_found'],
    [
      'a full event',
      { ref: { found: event({ registration_limit: 2, registered_count: 2 }) } },
      'registration_limit_reached',
    ],
    [
      'a learner already on it',
      { ref: { found: event(), alreadyRegistered: true } },
      'learner_already_registered',
    ],
  ] as const)('refuses %s', (_what, change, code) => {
    const c = change as { current?: boolean; body?: object; ref?: object };
    expect(
      codeOf(() =>
        registerLax(
          c.current ? registered() : null,
          REG_ID,
          { ...body, ...c.body },
          { ...ref, ...c.ref },
          ctx,
        ),
      ),
    ).toBe(code);
  });
  it('a limit of none is unlimited', () => {
    const found = event({ registration_limit: null, registered_count: 10_000 });
    expect(codeOf(() => registerLax(null, REG_ID, body, { ...ref, found }, ctx))).toBe('ok');
  });
});

describe('the other commands', () => {
  const from = event({ event_id: '77777777-7777-4777-8777-777777777777', registered_count: 1 });
  const transferRef = {
    venue,
    classes,
    from,
    found: null,
    learner,
    form: form('F1'),
    alreadyRegistered: false,
  };
  const transfer = {
    event_venue: venue.venue_id,
    event_start: '2027-03-01T09:00:00Z',
    event_exam_type: 'CPA',
  };
  const onFrom = () => ({ ...registered(), event_id: from.event_id });
  it('transfer moves the seat and records the reason', () => {
    const out = transferLax(onFrom(), { ...transfer, reason: 'moved' }, transferRef, ctx);
    expect(out.events.map((e) => [e.event.event_id, e.event.registered_count, e.created])).toEqual([
      [from.event_id, 0, false],
      [ctx.newEventId, 1, true],
    ]);
    expect(out.registration.history.at(-1)).toEqual({ at: NOW, command: 'transfer-lax', reason: 'moved' });
  });
  it.each([
    ['no registration', null, {}, {}, 'registration_not_found'],
    ['a cancelled one', { status: 'cancelled' }, {}, {}, 'registration_cancelled'],
    [
      'an unknown learner',
      {},
      { learner: '88888888-8888-4888-8888-888888888888' },
      { learner: null },
      'learner_not_found',
    ],
    [
      'another learner',
      {},
      { learner: '99999999-9999-4999-8999-999999999999' },
      { learner: { ...learner, learner_id: '99999999-9999-4999-8999-999999999999' } },
      'learner_not_in_registration',
    ],
    ['no form', { assessment_form_id: null }, {}, {}, 'registration_has_no_assessment_form'],
    ['the same event', {}, { event_start: START }, { found: from }, 'registration_already_in_event'],
    ['another exam type', {}, { event_exam_type: 'CMA' }, {}, 'event_exam_type_invalid'],
  ] as const)('transfer refuses %s', (_what, reg, extra, refChange, code) => {
    const current = reg === null ? null : { ...onFrom(), ...reg };
    expect(
      codeOf(() =>
        transferLax(
          current as Registration | null,
          { ...transfer, ...extra },
          { ...transferRef, ...refChange },
          ctx,
        ),
      ),
    ).toBe(code);
  });
  it('cancel frees the seat; a second cancel is Registration is cancelled.', () => {
    const out = cancelRegistration(onFrom(), { reason: ' ill ' }, from, NOW);
    expect([
      out.registration.status,
      out.registration.cancellation_reason,
      out.events[0]!.event.registered_count,
    ]).toEqual(['cancelled', 'ill', 0]);
    expect(codeOf(() => cancelRegistration(out.registration, {}, from, NOW))).toBe('registration_cancelled');
  });
  it('change-assessment refuses the same form and an unusable one', () => {
    const r = registered();
    expect(codeOf(() => changeAssessment(r, { assessment: 'F1' }, form('F1'), NOW))).toBe(
      'assessment_already_assigned',
    );
    expect(codeOf(() => changeAssessment(r, { assessment: 'F22' }, null, NOW))).toBe(
      'assessment_form_not_found',
    );
    expect(codeOf(() => changeAssessment(r, {}, form('F22'), NOW))).toBe('assessment_form_not_found');
    expect(changeAssessment(r, { assessment: 'F22' }, form('F22'), NOW).registration.assessment).toBe('F22');
  });
  it('grant replaces a type; revoke of a type not granted changes nothing', () => {
    const r = grantAccommodation(registered(), { type: 'time', time_extension: 10 }, NOW).registration;
    const again = grantAccommodation(r, { type: 'time', time_extension: 20 }, NOW).registration;
    expect(again.accommodations).toEqual([{ type: 'time', name: null, time_extension: 20 }]);
    expect(revokeAccommodation(again, { type: 'other' }, NOW)).toEqual({
      registration: again,
      changed: false,
      events: [],
    });
    expect(revokeAccommodation(again, { type: 'time' }, NOW).registration.accommodations).toEqual([]);
    expect(codeOf(() => grantAccommodation(again, { type: '' }, NOW))).toBe('accommodation_type_empty');
  });
  it.each([
    [{ last_name: 'B', email: 'a@b.org' }, 'missing_field', 'first_name is required.'],
    [{ first_name: 'A', last_name: 'B', email: ' ' }, 'missing_field', 'email is required.'],
    [{ first_name: 'A', last_name: 'B', email: 'a@b' }, 'invalid_email', 'a@b is not an email address.'],
  ])('an attendee %o is %s', (person, code, message) => {
    expect(() => checkAttendee(person)).toThrow(message);
    expect(codeOf(() => checkAttendee(person))).toBe(code);
  });
});

describe('the error table', () => {
  it('carries every sentence of seed 002 word for word', () => {
    const sentences = Object.values(REGISTRATION_ERRORS).map((e) => e.message);
    for (const s of [
      'Accommodation type cannot be empty.',
      'Learner not found.',
      'Assessment form not found.',
      'Registration already exists. You cannot add a new registration with the same identifier.',
      'EventExamType not specified.',
      'Invalid EventExamType value.',
      'EventBillingCode not specified.',
      'Invalid EventBillingCode value.',
      'EventExamFormat not specified.',
      'Invalid EventExamFormat value.',
      'Invalid EventStartTime value.',
      'Venue not found.',
      'Registration not found.',
      'Registration has no assessment form.',
      'Learner does not belong to registration.',
      'Registration already assigned to event.',
      'Assessment already assigned to registration.',
    ]) {
      expect(sentences).toContain(s);
    }
    expect(new RegistrationError('learner_already_registered').taskCode).toBe('already_registered');
    expect(new RegistrationError('registration_not_found').status).toBe(404);
  });
});
