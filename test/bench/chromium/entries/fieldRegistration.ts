/**
 * Page side of `field-registration.bench.ts`: a profile of 5,000 events and 100,000 registrations
 * (20,000 learners) in Chromium's IndexedDB, then the desk's timings. Register-lax is timed on
 * both of its paths, as a desk mixes them: four calls in five on an event already here (the
 * sitting the desk is working), one in five at a venue and start with none, which makes a
 * provisional event.
 */
import {
  AppDatabase,
  type EventRecord,
  type LearnerRecord,
  type RegistrationRecord,
} from '../../../../src/db';
import { confirmationCode } from '../../../../src/domain/confirmationCode';
import { localDateIn } from '../../../../src/domain/events';
import { findLearners } from '../../../../src/learners';
import { registerLaxLocal, searchRegistrations, warmRegistrationIndex } from '../../../../src/registrations';
import { learnerSearchFields, registrationSearchFields } from '../../../../src/search/searchText';
import { countIdbRequests } from '../../../support/idbRequests';
import { benchLog, defineBench } from '../benchPage';

const ORG = '0b0b0b0b-0000-4000-8000-000000000001';
const VENUES = Array.from({ length: 50 }, (_, i) => `0a0a0a0a-0000-4000-8000-${String(i).padStart(12, '0')}`);
const FIRST = ['Ann', 'Zoë', 'Jean', 'Björn', 'Maria', 'Li', 'Omar', 'Eva', 'Noah', 'Ines', 'Kofi', 'Sara'];
const LAST = ['Lee', 'Müller', 'Dupont', 'Ångström', 'Garcia', 'Wang', 'Haddad', 'Novak', 'Smith', 'Costa'];
const uuid = (prefix: string, n: number) => `${prefix}-0000-4000-8000-${String(n).padStart(12, '0')}`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.99) - 1]!;

async function seed(db: AppDatabase, events: number, registrations: number, learners: number) {
  const at = '2026-03-01T00:00:00.000Z';
  // seeded as if pulled an hour ago: the index's catch-up window holds only the desk's writes
  const written = Date.now() - 3_600_000;
  await db.venues.bulkPut(
    VENUES.map((venue_id, i) => ({
      venue_id,
      organization_id: ORG,
      name: `Venue ${i}`,
      address: '',
      time_zone: 'Europe/Paris',
      updated_at: at,
      pulled_at: 0,
    })),
  );
  await db.examClasses.put({
    organization_id: ORG,
    exam_type: 'CPA',
    exam_formats: ['paper'],
    billing_codes: ['B1'],
    pulled_at: 0,
  });
  await db.assessmentForms.put({
    assessment_form_id: uuid('0f0f0f0f', 1),
    code: 'CPA1',
    title: 'CPA',
    exam_type: 'CPA',
    published: true,
    bilingual: false,
    updated_at: at,
    pulled_at: 0,
  });
  const people: LearnerRecord[] = Array.from({ length: learners }, (_, i) => {
    const l = {
      first_name: `${FIRST[i % FIRST.length]}${i % 97}`,
      last_name: `${LAST[i % LAST.length]}${i % 89}`,
      email: `person${i}@example.org`,
    };
    return {
      ...l,
      learner_id: uuid('1e1e1e1e', i),
      phone: null,
      coordinator_id: 'c',
      created_at: at,
      updated_at: at,
      sync_state: 'synced',
      written_at: written,
      ...learnerSearchFields(l),
    };
  });
  for (let i = 0; i < people.length; i += 10_000) await db.learners.bulkAdd(people.slice(i, i + 10_000));
  const eventRecords: EventRecord[] = Array.from({ length: events }, (_, i) => {
    const start = new Date(Date.parse('2026-01-05T08:00:00Z') + i * 3_600_000).toISOString();
    return {
      event_id: uuid('0e0e0e0e', i),
      event_venue: VENUES[i % VENUES.length]!,
      event_start: start,
      event_exam_type: 'CPA',
      event_exam_format: 'paper',
      event_billing_code: 'B1',
      registration_limit: null,
      status: 'scheduled',
      cancellation_reason: null,
      registered_count: registrations / events,
      coordinator_id: 'c',
      created_at: at,
      updated_at: at,
      local_date: localDateIn(start, 'Europe/Paris'),
      sync_state: 'synced',
    };
  });
  await db.events.bulkAdd(eventRecords);
  for (let i = 0; i < registrations; i += 10_000) {
    const chunk: RegistrationRecord[] = [];
    for (let j = i; j < Math.min(registrations, i + 10_000); j++) {
      const l = people[j % learners]!;
      const id = `${String(j).padStart(8, '0')}-0000-4000-8000-000000000000`;
      const updated = new Date(Date.parse(at) + j * 1000).toISOString();
      chunk.push({
        registration_id: id,
        code: confirmationCode(id),
        event_id: eventRecords[j % events]!.event_id,
        learner: {
          learner_id: l.learner_id,
          first_name: l.first_name,
          last_name: l.last_name,
          email: l.email,
        },
        learner_registrant_type: null,
        assessment: 'CPA1',
        assessment_form_id: uuid('0f0f0f0f', 1),
        accommodations: [],
        status: 'active',
        cancellation_reason: null,
        history: [{ at: updated, command: 'register-lax', reason: null }],
        coordinator_id: 'c',
        created_at: updated,
        updated_at: updated,
        sync_state: 'synced',
        written_at: written,
        ...registrationSearchFields(l),
      });
    }
    await db.registrations.bulkAdd(chunk);
  }
  return eventRecords;
}

defineBench(async (args) => {
  const { events, registrations, learners } = args as {
    events: number;
    registrations: number;
    learners: number;
  };
  const db = new AppDatabase(`bench-field-${Date.now()}`);
  const seeded = await seed(db, events, registrations, learners);
  benchLog(`seeded ${events} events, ${registrations} registrations, ${learners} learners`);
  let t = performance.now();
  await warmRegistrationIndex(db);
  const indexBuild = performance.now() - t;

  const onExisting: number[] = [];
  const onProvisional: number[] = [];
  const requests: Record<'existing' | 'provisional', string[]> = { existing: [], provisional: [] };
  for (let i = 0; i < 300; i++) {
    const provisional = i % 5 === 4;
    // an event of the profile, and a learner not on it yet (learner n is on event n mod events)
    const event = seeded[(i * 37) % events]!;
    let learner = (i * 7919) % learners;
    if (seeded[learner % events]!.event_id === event.event_id) learner = (learner + 1) % learners;
    const where = provisional
      ? {
          event_venue: VENUES[i % VENUES.length]!,
          event_start: new Date(Date.parse('2026-09-01T08:00:00Z') + i * 3_600_000).toISOString(),
        }
      : { event_venue: event.event_venue, event_start: event.event_start };
    const path = provisional ? 'provisional' : 'existing';
    const counter = requests[path].length === 0 ? countIdbRequests(window) : null;
    t = performance.now();
    const result = await registerLaxLocal(
      db,
      {
        ...where,
        event_exam_type: 'CPA',
        event_exam_format: 'paper',
        event_billing_code: 'B1',
        learner: uuid('1e1e1e1e', learner),
        assessment: 'CPA1',
      },
      { coordinatorId: 'c' },
    );
    (provisional ? onProvisional : onExisting).push(performance.now() - t);
    if (counter) requests[path] = counter.stop();
    if (result.madeProvisionalEvent !== provisional)
      throw new Error(`register-lax took the wrong path (${i})`);
  }
  for (const [path, names] of Object.entries(requests)) {
    benchLog(
      `register-lax on ${path === 'existing' ? 'an event here' : 'a new provisional event'}: ${names.length} IndexedDB requests (${names.join(', ')})`,
    );
  }
  const search: number[] = [];
  const queries = ['ller1', 'ngstr', 'ean4', 'uller', 'ria2', 'upon', 'mith7', 'vak3', 'oë1', 'osta'];
  for (let i = 0; i < 20; i++) {
    t = performance.now();
    const result = await searchRegistrations(
      db,
      { name: queries[i % queries.length]! },
      { offset: 0, limit: 50 },
    );
    search.push(performance.now() - t);
    if (i === 0) benchLog(`"${queries[0]}": ${result.count} matches, ${result.rows.length} rows`);
  }
  const keystroke: number[] = [];
  const typed = 'Maria';
  for (let i = 0; i < 20; i++) {
    t = performance.now();
    await findLearners(db, typed.slice(0, 1 + (i % typed.length)), 10);
    keystroke.push(performance.now() - t);
  }
  db.close();
  return {
    desk_register_p99_ms: p99([...onExisting, ...onProvisional]),
    desk_register_existing_event_p99_ms: p99(onExisting),
    desk_register_provisional_event_p99_ms: p99(onProvisional),
    desk_register_existing_event_requests: requests.existing.length,
    desk_register_provisional_event_requests: requests.provisional.length,
    registration_search_ms: median(search),
    desk_keystroke_to_result_ms: median(keystroke),
    registration_index_build_ms: indexBuild,
  };
});
