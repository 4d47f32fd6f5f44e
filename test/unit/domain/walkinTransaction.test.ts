import { describe, expect, it } from 'vitest';
import { WalkinDraftPut, WalkinTransaction, isTwoPlaceDecimal } from '../../../src/contract';
import {
  fromHundredths,
  hundredthsFromText,
  hundredthsToText,
  toHundredths,
} from '../../../src/domain/hundredths';
import {
  type WalkinAction,
  type WalkinRecord,
  type WalkinSection,
  archiveWalkin,
  authorizeWalkin,
  checkWalkinAction,
  latestCalendarDate,
  missingSections,
  personErrors,
  saveDraft,
  submitErrors,
  submitWalkin,
  walkinAnswer,
  walkinHours,
  walkinState,
} from '../../../src/domain/walkinTransaction';

const T0 = '2026-09-01T10:00:00.000Z';
const T1 = '2026-09-01T10:05:00.000Z';
const T2 = '2026-09-01T10:10:00.000Z';
const T3 = '2026-09-01T10:15:00.000Z';

const section = (uuid: string, credit: number, amount = 100): WalkinSection => ({
  section_uuid: uuid,
  course_name: `C-${uuid.slice(0, 4)}`,
  section_code: 'A',
  course_title: 'A course',
  amount: toHundredths(amount),
  credit_hours: toHundredths(credit),
  is_oncampus: true,
});

const S1 = '11111111-1111-4111-8111-111111111111';
const S2 = '22222222-2222-4222-8222-222222222222';
const S3 = '33333333-3333-4333-8333-333333333333';
const S4 = '66666666-6666-4666-8666-666666666666';
const S5 = '77777777-7777-4777-8777-777777777777';
const SECTIONS = new Map([
  [S1, section(S1, 3, 1250.5)],
  [S2, section(S2, 1.5, 600)],
  [S3, section(S3, 0.1, 0.1)],
  [S4, section(S4, 1.1, 0.2)],
  [S5, section(S5, 2.2, 0.5)],
]);

let counter = 0;
const ctx = (now: string, by = 'coord-119') => ({
  transaction_uuid: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
  reporting_term: '2026FA',
  by,
  now,
  newUuid: () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`,
});

const draft = (body: unknown) => WalkinDraftPut.parse(body);
const fullPerson = { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.org' };
const started = (registrations = [{ section_uuid: S1 }], person: object = fullPerson) =>
  saveDraft(null, draft({ person, registrations }), SECTIONS, ctx(T0));

const stateOf = (name: 'none' | 'started' | 'submitted' | 'authorized' | 'archived'): WalkinRecord | null => {
  if (name === 'none') return null;
  const s = started();
  if (name === 'started') return s;
  const sub = submitWalkin(s, T1, 7);
  if (name === 'submitted') return sub;
  const auth = authorizeWalkin(sub, T2, 3);
  if (name === 'authorized') return auth;
  return archiveWalkin(auth, T3, null);
};

describe('walk-in transaction life', () => {
  it.each<[string, WalkinAction, string]>([
    ['none', 'draft', 'create'],
    ['none', 'submit', '404'],
    ['none', 'authorize', '404'],
    ['none', 'archive', '404'],
    ['started', 'draft', 'replace'],
    ['started', 'submit', 'submit'],
    ['started', 'authorize', 'submit_and_authorize'],
    ['started', 'archive', 'archive'],
    ['submitted', 'draft', '409'],
    ['submitted', 'submit', 'unchanged'],
    ['submitted', 'authorize', 'authorize'],
    ['submitted', 'archive', 'archive'],
    ['authorized', 'draft', '409'],
    ['authorized', 'submit', 'unchanged'],
    ['authorized', 'authorize', 'unchanged'],
    ['authorized', 'archive', 'archive'],
    ['archived', 'draft', '409'],
    ['archived', 'submit', '409'],
    ['archived', 'authorize', '409'],
    ['archived', 'archive', '409'],
  ])('%s + %s -> %s', (state, action, expected) => {
    const step = checkWalkinAction(stateOf(state as 'none'), action);
    expect(step.ok ? step.effect : String(step.status)).toBe(expected);
  });

  it('names the time of the submit in the 409 for an edit', () => {
    const step = checkWalkinAction(stateOf('submitted'), 'draft');
    expect(step).toMatchObject({ ok: false, errorCode: 'Conflict' });
    expect(!step.ok && step.message).toBe(
      `This transaction was submitted at ${T1}; a submitted transaction can no longer be edited.`,
    );
  });

  it('derives the state from the timestamps', () => {
    expect(
      ['started', 'submitted', 'authorized', 'archived'].map((s) => walkinState(stateOf(s as 'started')!)),
    ).toEqual(['started', 'submitted', 'authorized', 'archived']);
  });
});

describe('hours and amount, exact in hundredths', () => {
  it.each([
    {
      regs: [{ section_uuid: S1 }, { section_uuid: S2 }, { section_uuid: S3 }],
      credit: 4.6,
      audit: 0,
      amount: 1850.6,
    },
    {
      regs: [
        { section_uuid: S1 },
        { section_uuid: S2, is_audit: true },
        { section_uuid: S3, is_audit: true },
      ],
      credit: 3,
      audit: 1.6,
      amount: 1850.6,
    },
    { regs: [{ section_uuid: S3, is_audit: true }], credit: 0, audit: 0.1, amount: 0.1 },
    { regs: [], credit: 0, audit: 0, amount: 0 },
  ])('$regs.length sections: credit $credit, audit $audit', ({ regs, credit, audit, amount }) => {
    const record = started(regs);
    const answer = walkinAnswer(record);
    expect(answer.credit_hours).toBe(credit);
    expect(answer.audit_hours).toBe(audit);
    expect(fromHundredths(walkinHours(record.registrations).amount)).toBe(amount);
  });

  it('1.1 + 2.2 + 0.1 is 3.4, where float sums give 3.4000000000000004', () => {
    expect(1.1 + 2.2 + 0.1).not.toBe(3.4);
    const record = started([{ section_uuid: S4 }, { section_uuid: S5 }, { section_uuid: S3 }]);
    expect(walkinAnswer(record).credit_hours).toBe(3.4);
    expect(fromHundredths(walkinHours(record.registrations).amount)).toBe(0.8);
  });

  it.each([
    ['12.50', 1250],
    ['3', 300],
    ['0.1', 10],
    ['1.50', 150],
    ['9999999999.99', 999999999999],
  ])('numeric text %s is %i hundredths and back', (text, h) => {
    expect(hundredthsFromText(text)).toBe(h);
    expect(hundredthsFromText(hundredthsToText(h))).toBe(h);
  });

  it.each([
    [0.1, true],
    [1.5, true],
    [1250.5, true],
    [0.29, true],
    [1.005, false],
    [-1, false],
    [1e21, false],
    [12345678901, false],
  ])('%d is a two-place decimal: %s', (n, ok) => {
    expect(isTwoPlaceDecimal(n, 10)).toBe(ok);
    if (ok) expect(fromHundredths(toHundredths(n))).toBe(n);
  });
});

describe('person rules', () => {
  const today = '2026-09-01';
  const person = (p: object) => draft({ person: p }).person;
  const codes = (p: object, complete: boolean) =>
    personErrors(person(p), { today, complete }).map((e) => `${e.errorCode} ${e.fieldName}`);

  it.each([
    { p: fullPerson, complete: true, expected: [] },
    { p: { ...fullPerson, email: null, phone_cell: '555-0100' }, complete: true, expected: [] },
    { p: {}, complete: false, expected: [] },
    {
      p: {},
      complete: true,
      expected: ['NotEmpty person.first_name', 'NotEmpty person.last_name', 'NotEmpty person.email'],
    },
    { p: { ...fullPerson, last_name: '   ' }, complete: true, expected: ['NotEmpty person.last_name'] },
    { p: { email: 'jo@' }, complete: false, expected: ['Email person.email'] },
    { p: { ...fullPerson, email: 'ada at example.org' }, complete: true, expected: ['Email person.email'] },
    { p: { dob: '2026-09-02' }, complete: false, expected: ['LessThanOrEqual person.dob'] },
    { p: { dob: '2026-09-01' }, complete: false, expected: [] },
    { p: { dob: '1815-12-10' }, complete: false, expected: [] },
  ])('$p (complete: $complete) -> $expected', ({ p, complete, expected }) => {
    expect(codes(p, complete)).toEqual(expected);
  });

  it('says which field a submit lacks, in words', () => {
    const errors = submitErrors(started([], { first_name: 'Ada' }), today);
    expect(errors.map((e) => [e.fieldName, e.message])).toEqual([
      ['person.last_name', 'Last name must not be empty.'],
      ['person.email', 'Give an email address or a cell phone number (phone_cell).'],
      ['registrations', 'Choose at least one section before submitting.'],
    ]);
  });

  it.each([
    ['2026-09-01T00:00:00Z', '2026-09-01'],
    ['2026-09-01T09:59:59Z', '2026-09-01'],
    ['2026-09-01T10:00:00Z', '2026-09-02'],
  ])('the latest date on Earth at %s is %s', (instant, date) => {
    expect(latestCalendarDate(new Date(instant))).toBe(date);
  });
});

describe('drafts', () => {
  it('names each unknown section with NotFound', () => {
    const unknown = '44444444-4444-4444-8444-444444444444';
    const errors = missingSections(
      draft({ registrations: [{ section_uuid: S1 }, { section_uuid: unknown }] }),
      SECTIONS,
      '2026FA',
    );
    expect(errors).toEqual([
      {
        errorCode: 'NotFound',
        fieldName: 'registrations[1].section_uuid',
        message: `Section ${unknown} not found in term 2026FA.`,
        meta: { section_uuid: unknown },
      },
    ]);
  });

  it('a replace keeps the ids, start and added dates, and moves the change dates', () => {
    const first = saveDraft(
      null,
      draft({ person: { city: 'Leeds' }, registrations: [{ section_uuid: S1 }] }),
      SECTIONS,
      ctx(T0),
    );
    const second = saveDraft(
      first,
      draft({
        person: { city: 'Leeds', first_name: 'Ada' },
        registrations: [{ section_uuid: S1, is_audit: true }, { section_uuid: S2 }],
      }),
      SECTIONS,
      ctx(T1, 'admin'),
    );
    expect(second.person.uuid).toBe(first.person.uuid);
    expect(second.started_datetime).toBe(T0);
    expect(second.owner).toBe('coord-119');
    expect(second.last_changed_by).toBe('admin');
    expect(second.addr_last_changed_date).toBe(T0); // the address did not change
    expect(second.registrations[0]).toMatchObject({
      student_section_uuid: first.registrations[0]!.student_section_uuid,
      added_date: T0,
      changed_date: T1,
    });
    expect(second.registrations[1]).toMatchObject({ added_date: T1, changed_date: null });
    const third = saveDraft(second, draft({ person: { city: 'York' } }), SECTIONS, ctx(T2));
    expect([third.addr_last_changed_by, third.addr_last_changed_date]).toEqual(['coord-119', T2]);
  });

  it('a client-made person uuid is kept', () => {
    const uuid = '55555555-5555-4555-8555-555555555555';
    expect(saveDraft(null, draft({ person: { uuid } }), SECTIONS, ctx(T0)).person.uuid).toBe(uuid);
  });
});

describe('the answer', () => {
  it('has every field, provisional until authorized, and parses with the contract', () => {
    const submitted = submitWalkin(started(), T1, 7);
    const before = walkinAnswer(submitted);
    expect(WalkinTransaction.parse(before)).toEqual(before);
    expect(before.registrations[0]!.is_provisional).toBe(true);
    expect(before.person).toMatchObject({
      submitted_datetime: T1,
      submitted_by_unauthenticated_person_id: 7,
      timestamp: T1,
    });
    const after = walkinAnswer(authorizeWalkin(submitted, T2, 3));
    expect(after.authorized_datetime).toBe(T2);
    expect(after.person.authorized_by_person_id).toBe(3);
    expect(after.registrations[0]).toMatchObject({
      is_provisional: false,
      changed_date: T2,
      changed_by_person_id: 3,
    });
    expect(after.registrations[0]!.amount).toBe(1250.5);
  });
});
