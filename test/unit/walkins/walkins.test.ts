import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WalkinTransaction } from '../../../src/contract';
import type { AppDatabase } from '../../../src/db';
import type { WalkinFormValues } from '../../../src/db/fieldRecords';
import { openEntriesOf } from '../../../src/sync/outboxState';
import { discardRejected } from '../../../src/sync/rejections';
import {
  WalkinError,
  authorizeLocalWalkin,
  editAndRetryWalkin,
  retryPlan,
  saveWalkinForm,
  startWalkin,
  submitLocalWalkin,
  walkinRecordKey,
} from '../../../src/walkins/commands';
import { draftFromForm, emptyForm } from '../../../src/walkins/form';
import { saveStaffUuid } from '../../../src/walkins/staffSettings';
import { RealClockHost, TestServer, configure, memoryDatabase, syncUntilSettled } from '../sync/support';

/**
 * The desk's walk-in commands offline and the `walkin` and `section` record kinds against the
 * real reference server (in-process, PGlite in memory): the catalogue comes down, a walk-in made
 * offline goes up once, the server's answer replaces the provisional one, and a refusal names
 * its field and can be edited and retried.
 */

const TERM = '2026FA';
const STAFF = '6f1c2a4e-8b3d-4c5e-9f7a-1b2c3d4e5f60';
const SECTIONS = [
  {
    section_uuid: 'a1b2c3d4-0000-4000-8000-000000000001',
    course_name: 'THEO 101',
    section_code: 'A',
    course_title: 'Introduction to Theology',
    amount: 450.5,
    credit_hours: 3,
    is_oncampus: true,
  },
  {
    section_uuid: 'a1b2c3d4-0000-4000-8000-000000000002',
    course_name: 'HIST 210',
    section_code: 'B',
    course_title: 'Church History',
    amount: 300,
    credit_hours: 1.5,
    is_oncampus: false,
  },
];

const person = (fields: Record<string, string | boolean>): WalkinFormValues => ({
  ...emptyForm(),
  person: fields,
});

describe('the typed form as the draft body', () => {
  const today = '2026-12-03';
  it.each([
    ['a bad email', { email: 'ada@' }, 'person.email', 'Email'],
    ['a date of birth in the future', { dob: '2030-01-01' }, 'person.dob', 'LessThanOrEqual'],
    ['half a date', { dob: '2026-1' }, 'person.dob', 'InvalidDate'],
    ['a regent id that is not a number', { regent_id: '12a' }, 'person.regent_id', 'InvalidType'],
  ])('%s is named on its field', (_case, fields, fieldName, errorCode) => {
    const checked = draftFromForm(person(fields), today);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors).toContainEqual(expect.objectContaining({ fieldName, errorCode }));
  });

  it('an incomplete but right draft is accepted, blanks as null and the note as JSON', () => {
    const checked = draftFromForm(
      {
        person: { first_name: ' Ada ', regent_id: '42', is_returning: true },
        registrations: [],
        notes: 'Paid cash',
      },
      today,
    );
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.draft.person).toMatchObject({
      first_name: 'Ada',
      last_name: null,
      regent_id: 42,
      is_returning: true,
      email: null,
    });
    expect(JSON.parse(checked.draft.notes_json!)).toEqual({ note: 'Paid cash' });
  });
});

describe('which entry Edit and retry sends again', () => {
  it.each([
    [[], 'none'],
    [[{ seq: 1, op: 'walkin.draft', status: 'rejected' }], 'reopen'],
    [
      [
        { seq: 2, op: 'walkin.submit', status: 'rejected' },
        { seq: 3, op: 'walkin.authorize', status: 'pending' },
      ],
      'reopen',
    ],
    [[{ seq: 4, op: 'walkin.authorize', status: 'rejected' }], 'resend'],
    [[{ seq: 5, op: 'walkin.submit', status: 'pending' }], 'none'],
  ] as const)('%j -> %s', (open, kind) => {
    expect(retryPlan(open).kind).toBe(kind);
  });
});

let server: TestServer;
let db: AppDatabase;
const host = new RealClockHost();

beforeAll(async () => {
  server = await TestServer.start();
  for (const { section_uuid, ...fields } of SECTIONS) {
    await server.call('PUT', `/api/v1/sections/${section_uuid}`, { reporting_term: TERM, ...fields });
  }
}, 180_000);
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  db = memoryDatabase();
  await configure(db, server.url);
});

/** Pulls the catalogue, as the first sync on a laptop does. */
async function pullCatalogue() {
  await syncUntilSettled(db, host);
  expect(await db.sections.where('reporting_term').equals(TERM).count()).toBe(SECTIONS.length);
}

const ADA: Record<string, string | boolean> = {
  first_name: 'Ada',
  last_name: 'Lovelace',
  preferred_name: 'Countess',
  email: 'ada@example.org',
  phone_cell: '+1 604 555 0101',
  addr1: '12 St James Square',
  city: 'London',
  country: 'UK',
  dob: '1990-12-10',
  occupation: 'Analyst',
  is_returning: true,
};

async function typedWalkin(
  fields = ADA,
  registrations = [
    { section_uuid: SECTIONS[0]!.section_uuid, is_audit: false },
    { section_uuid: SECTIONS[1]!.section_uuid, is_audit: true },
  ],
): Promise<string> {
  const id = await startWalkin(db, TERM, Date.now());
  await saveWalkinForm(
    db,
    id,
    { form: { person: fields, registrations, notes: 'Walked in at noon' } },
    Date.now(),
  );
  return id;
}

describe('local walk-in commands', () => {
  it('submit and authorize offline queue the draft PUT, the submit and the authorize once', async () => {
    await pullCatalogue();
    await saveStaffUuid(db, STAFF);
    const id = await typedWalkin();
    await submitLocalWalkin(db, id, { authorize: false }, Date.now());
    await authorizeLocalWalkin(db, id, Date.now());
    const entries = await openEntriesOf(db, walkinRecordKey(id));
    expect(entries.map((e) => [e.method, e.op])).toEqual([
      ['PUT', 'walkin.draft'],
      ['POST', 'walkin.submit'],
      ['POST', 'walkin.authorize'],
    ]);
    expect(entries[2]!.body).toEqual({ authorizing_uuid: STAFF });
    const record = await db.walkins.get(id);
    expect(record?.local_state).toBe('authorized');
    // the hours and the amount as the server sums them
    expect(record?.local?.registrations.map((r) => r.is_audit)).toEqual([false, true]);
    await expect(authorizeLocalWalkin(db, id, Date.now())).rejects.toThrow('authorized already');
    await expect(saveWalkinForm(db, id, { form: emptyForm() }, Date.now())).rejects.toThrow(WalkinError);
  });

  it.each([
    ['no last name', { ...ADA, last_name: '' }, 'person.last_name'],
    ['neither email nor cell phone', { ...ADA, email: '', phone_cell: '' }, 'person.email'],
  ])('a submit with %s is refused on its field and queues nothing', async (_case, fields, fieldName) => {
    await pullCatalogue();
    const id = await typedWalkin(fields);
    const refused = await submitLocalWalkin(db, id, { authorize: false }, Date.now()).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(WalkinError);
    expect((refused as WalkinError).errors.map((e) => e.fieldName)).toContain(fieldName);
    expect(await openEntriesOf(db, walkinRecordKey(id))).toEqual([]);
    expect((await db.walkins.get(id))?.local_state).toBe('draft');
  });

  it('a submit without sections, or authorizing without a staff UUID, is refused', async () => {
    await pullCatalogue();
    const none = await typedWalkin(ADA, []);
    await expect(submitLocalWalkin(db, none, { authorize: false }, Date.now())).rejects.toThrow(
      'Choose at least one section',
    );
    const id = await typedWalkin();
    await expect(submitLocalWalkin(db, id, { authorize: true }, Date.now())).rejects.toThrow('staff UUID');
    expect(await openEntriesOf(db, walkinRecordKey(id))).toEqual([]);
  });
});

describe('the walkin record kind against the reference server', () => {
  it('is held once by the server with every field, and the answer fills in the server ids', async () => {
    await pullCatalogue();
    await saveStaffUuid(db, STAFF);
    const id = await typedWalkin();
    await submitLocalWalkin(db, id, { authorize: true }, Date.now());
    await syncUntilSettled(db, host);

    const held = await server.call<WalkinTransaction>(
      'GET',
      `/api/v1/registration/unauthenticated/${TERM}/${id}`,
    );
    expect(held.authorized_datetime).not.toBeNull();
    expect(held.person).toMatchObject({
      first_name: 'Ada',
      last_name: 'Lovelace',
      preferred_name: 'Countess',
      email: 'ada@example.org',
      dob: '1990-12-10',
      occupation: 'Analyst',
      is_returning: true,
    });
    expect(held.credit_hours).toBe(3);
    expect(held.audit_hours).toBe(1.5);
    const list = await server.call<{ data: WalkinTransaction[] }>(
      'GET',
      `/api/v1/registration/unauthenticated/${TERM}?limit=100`,
    );
    expect(list.data.filter((t) => t.transaction_uuid === id)).toHaveLength(1);

    const local = await db.walkins.get(id);
    expect(local?.sync_state).toBe('synced');
    expect(local?.server).toEqual(held);
    expect(local?.server?.registrations.every((r) => !r.is_provisional)).toBe(true);
  });

  it('a section the server does not know is refused on its field, then edited and retried', async () => {
    await pullCatalogue();
    // an out-of-date catalogue: this section is on the laptop only
    const stale = { ...SECTIONS[0]!, section_uuid: 'a1b2c3d4-0000-4000-8000-0000000000ff' };
    await db.sections.put({
      ...stale,
      reporting_term: TERM,
      updated_at: new Date().toISOString(),
      pulled_at: 0,
    });
    const id = await typedWalkin(ADA, [
      { section_uuid: SECTIONS[0]!.section_uuid, is_audit: false },
      { section_uuid: stale.section_uuid, is_audit: false },
    ]);
    await submitLocalWalkin(db, id, { authorize: false }, Date.now());
    await syncUntilSettled(db, host);

    const [refused] = await openEntriesOf(db, walkinRecordKey(id));
    expect(refused?.status).toBe('rejected');
    expect(refused?.rejection).toMatchObject({ status: 400, code: 'not_found' });
    expect(refused?.rejection?.fields).toEqual([
      expect.objectContaining({ field: 'registrations[1].section_uuid', code: 'NotFound' }),
    ]);
    expect((await db.walkins.get(id))?.sync_state).toBe('rejected');

    // Discard on the Sync page would drop it and reopen the draft; here Edit and retry does
    await editAndRetryWalkin(db, id, Date.now());
    const reopened = await db.walkins.get(id);
    expect(reopened?.local_state).toBe('draft');
    expect(await openEntriesOf(db, walkinRecordKey(id))).toEqual([]);
    await saveWalkinForm(
      db,
      id,
      { form: { ...reopened!.form, registrations: reopened!.form.registrations.slice(0, 1) } },
      Date.now(),
    );
    await submitLocalWalkin(db, id, { authorize: false }, Date.now());
    await syncUntilSettled(db, host);
    const held = await server.call<WalkinTransaction>(
      'GET',
      `/api/v1/registration/unauthenticated/${TERM}/${id}`,
    );
    expect(held.submitted_datetime).not.toBeNull();
    expect(held.registrations.map((r) => r.section_uuid)).toEqual([SECTIONS[0]!.section_uuid]);
    expect((await db.walkins.get(id))?.local_state).toBe('submitted');
  });

  it('a refused draft discarded on the Sync page drops its later entries and reopens the draft', async () => {
    await pullCatalogue();
    const stale = { ...SECTIONS[1]!, section_uuid: 'a1b2c3d4-0000-4000-8000-0000000000fe' };
    await db.sections.put({
      ...stale,
      reporting_term: TERM,
      updated_at: new Date().toISOString(),
      pulled_at: 0,
    });
    await saveStaffUuid(db, STAFF);
    const id = await typedWalkin(ADA, [{ section_uuid: stale.section_uuid, is_audit: false }]);
    await submitLocalWalkin(db, id, { authorize: true }, Date.now());
    await syncUntilSettled(db, host);
    const [refused, ...later] = await openEntriesOf(db, walkinRecordKey(id));
    expect(refused?.status).toBe('rejected');
    expect(later.map((e) => e.op)).toEqual(['walkin.submit', 'walkin.authorize']);

    await discardRejected(db, refused!.seq!, Date.now());
    expect(await openEntriesOf(db, walkinRecordKey(id))).toEqual([]);
    expect(await db.walkins.get(id)).toMatchObject({ local_state: 'draft', sync_state: 'local' });
  });
});
