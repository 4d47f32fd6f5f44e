import { describe, expect, it } from 'vitest';
import type { Event, Learner, Registration } from '../../../src/contract';
import {
  fieldDisagreements,
  type LocalFieldRecords,
  type ServerFieldRecords,
} from '../../e2e/support/fieldAgreement';

/**
 * The field comparison the sync e2e tests rely on: it must report each kind of disagreement
 * (or those tests could pass on a broken sync) and nothing when the two sides agree.
 */

const LEARNER: Learner = {
  learner_id: '11111111-1111-4111-8111-111111111111',
  first_name: 'Zoë',
  last_name: 'Brandt',
  email: 'zoe@example.org',
  phone: null,
  coordinator_id: 'coord-e2e',
  created_at: '2026-03-01T09:00:00.000Z',
  updated_at: '2026-03-01T09:00:00.000Z',
};

const EVENT: Event = {
  event_id: '22222222-2222-4222-8222-222222222222',
  event_venue: '33333333-3333-4333-8333-333333333333',
  event_start: '2026-03-02T09:00:00.000Z',
  event_exam_type: 'written',
  event_exam_format: 'paper',
  event_billing_code: 'B1',
  registration_limit: 10,
  status: 'scheduled',
  cancellation_reason: null,
  registered_count: 1,
  coordinator_id: 'coord-e2e',
  created_at: '2026-03-01T09:00:00.000Z',
  updated_at: '2026-03-01T09:00:00.000Z',
};

const REGISTRATION: Registration = {
  registration_id: '44444444-4444-4444-8444-444444444444',
  code: '8H2J4K6M',
  event_id: EVENT.event_id,
  learner: {
    learner_id: LEARNER.learner_id,
    first_name: LEARNER.first_name,
    last_name: LEARNER.last_name,
    email: LEARNER.email,
  },
  learner_registrant_type: null,
  assessment: 'ENG-1',
  assessment_form_id: '55555555-5555-4555-8555-555555555555',
  accommodations: [{ type: 'extra_time', name: 'Extra time', time_extension: 15 }],
  status: 'active',
  cancellation_reason: null,
  history: [{ at: '2026-03-01T09:00:00.000Z', command: 'register-lax', reason: null }],
  coordinator_id: 'coord-e2e',
  created_at: '2026-03-01T09:00:00.000Z',
  updated_at: '2026-03-01T09:00:00.000Z',
};

const synced = <T extends object>(record: T) => ({ ...record, sync_state: 'synced' });

function sides(): { local: LocalFieldRecords; remote: ServerFieldRecords } {
  return {
    local: {
      learners: [synced(LEARNER)],
      // the app may write instants without milliseconds: the same instant
      events: [synced({ ...EVENT, event_start: '2026-03-02T09:00:00Z', local_date: '2026-03-02' })],
      registrations: [synced(REGISTRATION)],
      openOutbox: [],
    },
    remote: { learners: [LEARNER], events: [EVENT], registrations: [REGISTRATION] },
  };
}

describe('fieldDisagreements', () => {
  it('finds nothing when every record agrees', () => {
    const { local, remote } = sides();
    expect(fieldDisagreements(local, remote)).toEqual([]);
  });

  const cases: Array<{ what: string; change: (s: ReturnType<typeof sides>) => void; says: RegExp }> = [
    {
      what: 'a learner only here',
      change: (s) => (s.remote.learners = []),
      says: /the app has learner Zoë Brandt .*the server has no learner/,
    },
    {
      what: 'an event only on the server',
      change: (s) => (s.local.events = []),
      says: /the server has event at .*; the app does not/,
    },
    {
      what: 'a registration the server lists twice',
      change: (s) => s.remote.registrations.push(REGISTRATION),
      says: /the server lists registration 8H2J4K6M .* twice/,
    },
    {
      what: 'two scheduled events at one venue and start on the server',
      change: (s) =>
        s.remote.events.push({
          ...EVENT,
          event_id: '66666666-6666-4666-8666-666666666666',
          event_start: '2026-03-02T09:00:00Z',
        }),
      says: /the server has 2 scheduled events at one venue and start: 2222.*, 6666/,
    },
    {
      what: 'a local record not synced',
      change: (s) => (s.local.registrations[0]!.sync_state = 'pending'),
      says: /registration 8H2J4K6M .* is pending, not synced/,
    },
    {
      what: 'a provisional event left',
      change: (s) => (s.local.events[0]!.provisional = true),
      says: /event at .* is still provisional/,
    },
    {
      what: 'a seat count that differs',
      change: (s) => (s.remote.events[0] = { ...EVENT, registered_count: 2 }),
      says: /registered_count is 1 in the app, 2 on the server/,
    },
    {
      what: 'a command applied twice on the server',
      change: (s) =>
        (s.remote.registrations[0] = {
          ...REGISTRATION,
          history: [...REGISTRATION.history, ...REGISTRATION.history],
        }),
      says: /history is \["register-lax"\] in the app, \["register-lax","register-lax"\] on the server/,
    },
    {
      what: 'an accommodation missing',
      change: (s) => (s.remote.registrations[0] = { ...REGISTRATION, accommodations: [] }),
      says: /accommodations is \[\{"type":"extra_time".*\}\] in the app, \[\] on the server/,
    },
    {
      what: 'a learner renamed on one side',
      change: (s) => (s.remote.learners[0] = { ...LEARNER, last_name: 'Brand' }),
      says: /last_name is "Brandt" in the app, "Brand" on the server/,
    },
    {
      what: 'an outbox entry still open',
      change: (s) =>
        s.local.openOutbox.push({
          seq: 7,
          record: `registration:${REGISTRATION.registration_id}`,
          op: 'registration.cancel',
          status: 'rejected',
        }),
      says: /outbox entry 7 \(registration.cancel of registration:4444.*\) is still rejected/,
    },
  ];

  it.each(cases)('reports $what', ({ change, says }) => {
    const both = sides();
    change(both);
    const problems = fieldDisagreements(both.local, both.remote);
    expect(
      problems.some((p) => says.test(p)),
      problems.join('\n'),
    ).toBe(true);
  });

  it('leaves out what the server alone holds when told to, and names the profile', () => {
    const both = sides();
    both.local.events = [];
    both.local.registrations = [];
    expect(fieldDisagreements(both.local, both.remote, { ignoreServerOnly: true })).toEqual([]);
    both.remote.learners = [];
    expect(fieldDisagreements(both.local, both.remote, { profile: 'laptop B' })[0]).toMatch(
      /^laptop B has learner Zoë Brandt/,
    );
  });
});
