import { beforeEach, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../../src/db';
import {
  REGISTRATION_ERRORS,
  RegistrationError,
  type RegistrationErrorCode,
} from '../../../src/domain/registrationErrors';
import { cancelEventLocal, eventsBetween, saveEvent, seatsLeft } from '../../../src/events';
import {
  applyRegistrationCommand,
  errorField,
  registerLaxLocal,
  registrationsOfEvent,
  scrapPaperOf,
  type FollowUpCommand,
} from '../../../src/registrations';
import { NOW, REF, START, freshDatabase, laxBody, learner, seedReference } from './support';

const at = { now: NOW, coordinatorId: 'coord-119' };
let db: AppDatabase;
let ann: string;
let bob: string;

beforeEach(async () => {
  db = freshDatabase();
  await seedReference(db);
  ann = await learner(db, 'Ann', 'Lee');
  bob = await learner(db, 'Bob', 'Ray');
});

const outboxOps = async () => (await db.outbox.orderBy('seq').toArray()).map((e) => e.op);

describe('register-lax on the laptop', () => {
  it('makes a provisional event when none is at the venue and start, and queues the command with the registration', async () => {
    const first = await registerLaxLocal(db, laxBody(ann), at);
    expect(first.madeProvisionalEvent).toBe(true);
    expect(first.event).toMatchObject({ provisional: true, registered_count: 1, local_date: '2026-04-02' });
    expect(first.registration).toMatchObject({
      status: 'active',
      event_id: first.event.event_id,
      assessment: 'CPA1',
    });
    expect(first.registration.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);

    const second = await registerLaxLocal(db, laxBody(bob), at);
    expect(second.madeProvisionalEvent).toBe(false);
    expect(second.event.event_id).toBe(first.event.event_id);
    expect(second.event.registered_count).toBe(2);
    expect(await outboxOps()).toEqual([
      'learner.create',
      'learner.create',
      'registration.register-lax',
      'registration.register-lax',
    ]);
  });

  it('registers on an event made on the events page, and the seat limit is checked with the local count', async () => {
    const event = await saveEvent(
      db,
      {
        event_venue: REF.la,
        event_start: START,
        event_exam_type: 'CPA',
        event_exam_format: 'online',
        event_billing_code: 'B2',
        registration_limit: 1,
      },
      at,
    );
    expect(seatsLeft(event)).toBe(1);
    const r = await registerLaxLocal(db, laxBody(ann, { event_venue: REF.la }), at);
    expect(r.madeProvisionalEvent).toBe(false);
    expect(r.event.event_id).toBe(event.event_id);
    expect(seatsLeft(r.event)).toBe(0);
    // the sheet, from local data
    const sheet = await scrapPaperOf(db, event.event_id);
    expect(sheet.registrations).toMatchObject([{ seat: 1, learner_name: 'Ann Lee', assessment: 'CPA1' }]);
    expect(sheet.scrap_paper_sheets).toBe(2);
    expect(sheet.venue.name).toBe('LA centre');
  });
});

describe('the other commands on the laptop', () => {
  it('transfers, grants and revokes, changes the assessment, cancels: each queued after the create', async () => {
    const { registration, event } = await registerLaxLocal(db, laxBody(ann), at);
    const id = registration.registration_id;
    const later = '2026-04-03T09:00:00Z';
    const moved = await applyRegistrationCommand(
      db,
      id,
      {
        command: 'transfer-lax',
        body: { event_venue: REF.paris, event_start: later, event_exam_type: 'CPA', reason: 'asked' },
      },
      at,
    );
    expect(moved.events.map((e) => e.registered_count)).toEqual([0, 1]);
    expect(moved.registration.event_id).not.toBe(event.event_id);
    await applyRegistrationCommand(
      db,
      id,
      {
        command: 'grant-accommodation',
        body: { type: 'extra-time', name: 'Extra time', time_extension: 30 },
      },
      at,
    );
    const sheet = await scrapPaperOf(db, moved.registration.event_id);
    expect(sheet.registrations[0]).toMatchObject({ time_extension: 30 });
    const revoked = await applyRegistrationCommand(
      db,
      id,
      { command: 'revoke-accommodation', body: { type: 'extra-time' } },
      at,
    );
    expect(revoked.registration.accommodations).toEqual([]);
    const again = await applyRegistrationCommand(
      db,
      id,
      { command: 'revoke-accommodation', body: { type: 'extra-time' } },
      at,
    );
    expect(again.changed).toBe(false);
    await applyRegistrationCommand(
      db,
      id,
      { command: 'change-assessment', body: { assessment: 'CPA2' } },
      at,
    );
    const cancelled = await applyRegistrationCommand(
      db,
      id,
      { command: 'cancel', body: { reason: 'ill' } },
      at,
    );
    expect(cancelled.registration).toMatchObject({
      status: 'cancelled',
      assessment: 'CPA2',
      cancellation_reason: 'ill',
    });
    expect(cancelled.events[0]!.registered_count).toBe(0);
    expect((await outboxOps()).filter((op) => op.startsWith('registration.'))).toEqual([
      'registration.register-lax',
      'registration.transfer-lax',
      'registration.grant-accommodation',
      'registration.revoke-accommodation',
      'registration.change-assessment',
      'registration.cancel',
    ]);
    expect(cancelled.registration.history.map((h) => h.command)).toEqual([
      'register-lax',
      'transfer-lax',
      'grant-accommodation',
      'revoke-accommodation',
      'change-assessment',
      'cancel',
    ]);
  });

  it('cancels an event and keeps its registrations listed for transfer; the day view shows it', async () => {
    const { event } = await registerLaxLocal(db, laxBody(ann), at);
    const cancelled = await cancelEventLocal(db, event.event_id, 'room flooded', at);
    expect(cancelled.status).toBe('cancelled');
    expect((await registrationsOfEvent(db, event.event_id)).map((r) => r.status)).toEqual(['active']);
    expect((await eventsBetween(db, '2026-04-02', '2026-04-02')).map((e) => e.event_id)).toEqual([
      event.event_id,
    ]);
    expect(await eventsBetween(db, '2026-04-03', '2026-04-09')).toEqual([]);
  });
});

/**
 * Every error of seed 002 (and the contract's additions) that a local command can give: the
 * sentence word for word and the field it concerns; the next test shows a refusal stores nothing.
 */
interface ErrorCase {
  code: RegistrationErrorCode;
  field: string;
  act: () => Promise<unknown>;
}

const registered = async (overrides: Record<string, unknown> = {}) =>
  (await registerLaxLocal(db, laxBody(ann, overrides), at)).registration.registration_id;
const follow = async (command: FollowUpCommand, overrides: Record<string, unknown> = {}) =>
  applyRegistrationCommand(db, await registered(overrides), command, at);

const CASES: ErrorCase[] = [
  {
    code: 'accommodation_type_empty',
    field: 'accommodations',
    act: () => registerLaxLocal(db, laxBody(ann, { accommodations: [{ type: ' ' }] }), at),
  },
  {
    code: 'learner_not_found',
    field: 'learner',
    act: () => registerLaxLocal(db, laxBody(crypto.randomUUID()), at),
  },
  {
    code: 'assessment_form_not_found',
    field: 'assessment',
    act: () => registerLaxLocal(db, laxBody(ann, { assessment: 'BIL' }), at),
  },
  {
    code: 'assessment_form_not_found',
    field: 'assessment',
    act: () => registerLaxLocal(db, laxBody(ann, { assessment: 'DRAFT' }), at),
  },
  {
    code: 'registration_exists',
    field: 'registration_id',
    act: async () => {
      const id = await registered();
      return registerLaxLocal(db, laxBody(bob), { ...at, registrationId: id });
    },
  },
  {
    code: 'event_exam_type_missing',
    field: 'event_exam_type',
    act: () => registerLaxLocal(db, laxBody(ann, { event_exam_type: undefined }), at),
  },
  {
    code: 'event_exam_type_invalid',
    field: 'event_exam_type',
    act: () => registerLaxLocal(db, laxBody(ann, { event_exam_type: 'XYZ' }), at),
  },
  {
    code: 'event_billing_code_missing',
    field: 'event_billing_code',
    act: () => registerLaxLocal(db, laxBody(ann, { event_billing_code: '' }), at),
  },
  {
    code: 'event_billing_code_invalid',
    field: 'event_billing_code',
    act: () => registerLaxLocal(db, laxBody(ann, { event_billing_code: 'B3' }), at),
  },
  {
    code: 'event_exam_format_missing',
    field: 'event_exam_format',
    act: () => registerLaxLocal(db, laxBody(ann, { event_exam_format: undefined }), at),
  },
  {
    code: 'event_exam_format_invalid',
    field: 'event_exam_format',
    act: () => registerLaxLocal(db, laxBody(ann, { event_exam_format: 'oral' }), at),
  },
  {
    code: 'event_start_invalid',
    field: 'event_start',
    act: () => registerLaxLocal(db, laxBody(ann, { event_start: '2026-02-30T09:00:00Z' }), at),
  },
  {
    code: 'venue_not_found',
    field: 'event_venue',
    act: () => registerLaxLocal(db, laxBody(ann, { event_venue: crypto.randomUUID() }), at),
  },
  {
    code: 'registration_not_found',
    field: 'registration_id',
    act: () => applyRegistrationCommand(db, crypto.randomUUID(), { command: 'cancel', body: {} }, at),
  },
  {
    code: 'registration_has_no_assessment_form',
    field: 'assessment',
    act: () =>
      follow(
        { command: 'transfer-lax', body: { event_venue: REF.paris, event_start: '2026-04-03T09:00:00Z' } },
        { assessment: undefined },
      ),
  },
  {
    code: 'learner_not_in_registration',
    field: 'learner',
    act: () =>
      follow({
        command: 'transfer-lax',
        body: { event_venue: REF.paris, event_start: '2026-04-03T09:00:00Z', learner: bob },
      }),
  },
  {
    code: 'registration_already_in_event',
    field: 'event_start',
    act: () => follow({ command: 'transfer-lax', body: { event_venue: REF.paris, event_start: START } }),
  },
  {
    code: 'assessment_already_assigned',
    field: 'assessment',
    act: () => follow({ command: 'change-assessment', body: { assessment: 'CPA1' } }),
  },
  {
    code: 'registration_limit_reached',
    field: 'event_start',
    act: async () => {
      await saveEvent(
        db,
        {
          event_venue: REF.paris,
          event_start: START,
          event_exam_type: 'CPA',
          event_exam_format: 'paper',
          event_billing_code: 'B1',
          registration_limit: 1,
        },
        at,
      );
      await registered();
      return registerLaxLocal(db, laxBody(bob), at);
    },
  },
  {
    code: 'learner_already_registered',
    field: 'learner',
    act: async () => {
      await registered();
      return registerLaxLocal(db, laxBody(ann), at);
    },
  },
  {
    code: 'event_cancelled',
    field: 'event_start',
    act: async () => {
      const { event } = await registerLaxLocal(db, laxBody(ann), at);
      await cancelEventLocal(db, event.event_id, 'no room', at);
      return cancelEventLocal(db, event.event_id, 'twice', at);
    },
  },
  {
    code: 'registration_cancelled',
    field: 'registration_id',
    act: async () => {
      const id = await registered();
      await applyRegistrationCommand(db, id, { command: 'cancel', body: {} }, at);
      return applyRegistrationCommand(
        db,
        id,
        { command: 'grant-accommodation', body: { type: 'braille' } },
        at,
      );
    },
  },
];

describe('every refusal of a local command', () => {
  it.each(CASES.map((c, i) => [`${c.code} #${i}`, c] as const))(
    '%s: the seed sentence and the field it concerns',
    async (_name, c) => {
      const error: unknown = await c.act().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(RegistrationError);
      expect((error as RegistrationError).code).toBe(c.code);
      expect((error as RegistrationError).message).toBe(REGISTRATION_ERRORS[c.code].message);
      expect(errorField(error)).toBe(c.field);
    },
  );

  it('stores nothing when refused', async () => {
    await registered();
    const before = [await db.outbox.count(), await db.registrations.count(), await db.events.count()];
    await expect(registerLaxLocal(db, laxBody(ann), at)).rejects.toThrow(
      'Learner already registered for this event.',
    );
    await expect(registerLaxLocal(db, laxBody(bob, { assessment: 'NOPE' }), at)).rejects.toThrow(
      'Assessment form not found.',
    );
    await expect(
      registerLaxLocal(
        db,
        laxBody(bob, { event_start: START.replace('09', '10'), event_exam_format: 'oral' }),
        at,
      ),
    ).rejects.toThrow('Invalid EventExamFormat value.');
    expect([await db.outbox.count(), await db.registrations.count(), await db.events.count()]).toEqual(
      before,
    );
  });

  it('covers every seed 002 error a local command can give', () => {
    const covered = new Set(CASES.map((c) => c.code));
    const notLocal = new Set(['missing_field', 'invalid_email']); // attendee-job only (contract C4)
    for (const code of Object.keys(REGISTRATION_ERRORS))
      if (!notLocal.has(code)) expect(covered).toContain(code);
  });
});
