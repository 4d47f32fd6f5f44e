import { describe, expect, it } from 'vitest';
import type { AssessmentForm, Event, JobTask, Learner } from '../../../src/contract';
import { applyTaskResults, countOutcomes, groupsOf, planAttendees } from '../../../src/attendees';
import type { AttendeeJobRecord } from '../../../src/db';
import type { AttendeeRow } from '../../../src/import/attendeeRow';

const NOW = '2026-06-01T08:00:00.000Z';

const event = (over: Partial<Event> = {}): Event => ({
  event_id: '00000000-0000-4000-8000-00000000e001',
  event_venue: '00000000-0000-4000-8000-00000000a001',
  event_start: '2026-06-01T09:00:00.000Z',
  event_exam_type: 'ielts',
  event_exam_format: 'paper',
  event_billing_code: 'B1',
  registration_limit: null,
  status: 'scheduled',
  cancellation_reason: null,
  registered_count: 0,
  coordinator_id: 'coord-119',
  created_at: NOW,
  updated_at: NOW,
  ...over,
});

const row = (n: number, over: Partial<AttendeeRow> = {}): AttendeeRow => ({
  first_name: `First${n}`,
  last_name: `Last${n}`,
  email: `p${n}@example.org`,
  accommodations: [],
  ...over,
});

const FORM: AssessmentForm = {
  assessment_form_id: '00000000-0000-4000-8000-00000000f001',
  code: 'IELTS-AC',
  title: 'IELTS Academic',
  exam_type: 'ielts',
  published: true,
  bilingual: false,
} as AssessmentForm;

let ids = 0;
const newId = () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;

function plan(
  people: AttendeeRow[],
  over: { event?: Event; learners?: Learner[]; registered?: string[] } = {},
) {
  return planAttendees({
    event: over.event ?? event(),
    people: people.map((r, i) => ({ row: r, rowNumber: i + 2 })),
    learnersByEmail: new Map((over.learners ?? []).map((l) => [l.email.toLowerCase(), l])),
    registeredLearners: new Set(over.registered ?? []),
    formsByCode: new Map([[FORM.code, FORM]]),
    ctx: { coordinatorId: 'coord-119', now: NOW, newEventId: '' },
    newId,
  });
}

describe('groupsOf: seed 001 jobs of at most 50', () => {
  it.each([
    [0, []],
    [1, [1]],
    [50, [50]],
    [51, [50, 1]],
    [248, [50, 50, 50, 50, 48]],
    [10_000, Array<number>(200).fill(50)],
  ])('%i people make groups of %j', (count, sizes) => {
    const groups = groupsOf(Array.from({ length: count }, (_, i) => i));
    expect(groups.map((g) => g.length)).toEqual(sizes);
    expect(groups.flat()).toEqual(Array.from({ length: count }, (_, i) => i));
  });

  it('refuses a group size under 1', () => {
    expect(() => groupsOf([1], 0)).toThrow(RangeError);
  });
});

describe('planAttendees: the desk rules offline', () => {
  const known: Learner = {
    learner_id: '00000000-0000-4000-8000-0000000000aa',
    first_name: 'Ada',
    last_name: 'Lovelace',
    email: 'Ada@Example.org',
    phone: null,
    coordinator_id: 'coord-119',
    created_at: NOW,
    updated_at: NOW,
  };

  it.each<[string, Parameters<typeof plan>, string[]]>([
    ['everyone fits', [[row(1), row(2)]], ['succeeded', 'succeeded']],
    [
      'seats run out at the limit',
      [[row(1), row(2), row(3)], { event: event({ registration_limit: 3, registered_count: 1 }) }],
      ['succeeded', 'succeeded', 'failed: registration_limit_reached'],
    ],
    [
      'a cancelled event admits nobody',
      [[row(1)], { event: event({ status: 'cancelled' }) }],
      ['failed: event_cancelled'],
    ],
    [
      'a person already registered (matched by email, any case)',
      [[row(1, { email: 'ada@example.org' }), row(2)], { learners: [known], registered: [known.learner_id] }],
      ['failed: already_registered', 'succeeded'],
    ],
    [
      'an assessment code no local form has',
      [[row(1, { assessment: 'NOPE' }), row(2, { assessment: 'IELTS-AC' })]],
      ['failed: assessment_form_not_found', 'succeeded'],
    ],
  ])('%s', (_what, args, outcomes) => {
    const result = plan(...args);
    expect(
      result.people.map((p) =>
        p.task.local.status === 'succeeded' ? 'succeeded' : `failed: ${p.task.local.errors[0]!.code}`,
      ),
    ).toEqual(outcomes);
    const admitted = outcomes.filter((o) => o === 'succeeded').length;
    expect(result.registered).toBe(admitted);
    expect(result.people.filter((p) => p.registration !== null)).toHaveLength(admitted);
  });

  it('seed 001 sentence for a person already registered, and the seats counted once per admission', () => {
    const result = plan([row(1, { email: 'ada@example.org' }), row(2)], {
      learners: [known],
      registered: [known.learner_id],
      event: event({ registered_count: 4 }),
    });
    expect(result.people[0]!.task.local.errors).toEqual([
      { code: 'already_registered', message: 'User already registered for this session.' },
    ]);
    expect(result.event.registered_count).toBe(5);
  });

  it('a known learner is reused; a new one is made with the client id the task sends', () => {
    const result = plan([row(1, { email: 'ADA@example.org' }), row(2)], { learners: [known] });
    expect(result.people[0]!.task.person.learner_id).toBe(known.learner_id);
    expect(result.people[0]!.newLearner).toBeNull();
    const made = result.people[1]!;
    expect(made.newLearner?.learner_id).toBe(made.task.person.learner_id);
    expect(made.registration?.learner.learner_id).toBe(made.task.person.learner_id);
    expect(made.registration?.registration_id).toBe(made.task.person.registration_id);
  });
});

describe('applyTaskResults: the 207 replaces the local outcomes', () => {
  const planned = plan([row(1), row(2), row(3, { assessment: 'NOPE' })]);
  const job: AttendeeJobRecord = {
    id: 'job-local',
    job_id: 'job-server',
    import_id: 'import-1',
    event_id: event().event_id,
    group: 0,
    status: 'processing',
    sync_state: 'synced',
    created_at: NOW,
    updated_at: NOW,
    label: 'Spring sitting',
    tasks: planned.people.map((p, index) => ({ ...p.task, index })),
  };
  const registration = (i: number) => planned.people[i]!.registration!;
  const LATER = '2026-06-01T08:05:00.000Z';

  it('agreeing results change nothing but the record; the job ends', () => {
    const results: JobTask[] = [
      { index: 0, status: 'succeeded', errors: [], data: registration(0) },
      { index: 1, status: 'succeeded', errors: [], data: registration(1) },
      { index: 2, status: 'failed', errors: planned.people[2]!.task.local.errors },
    ];
    const applied = applyTaskResults(job, results, LATER);
    expect(applied).toMatchObject({ changed: 0, seatDelta: 0, remove: [] });
    expect(applied.put).toHaveLength(2);
    expect(applied.job.status).toBe('failed');
    expect(countOutcomes(applied.job.tasks)).toEqual({
      total: 3,
      registered: 2,
      failed: 1,
      waiting: 0,
      changed: 0,
    });
  });

  it('a refusal of a person admitted here removes the registration and frees the seat; the change is kept', () => {
    const applied = applyTaskResults(
      job,
      [
        { index: 0, status: 'succeeded', errors: [], data: registration(0) },
        {
          index: 1,
          status: 'failed',
          errors: [{ code: 'already_registered', message: 'User already registered for this session.' }],
        },
        { index: 2, status: 'failed', errors: planned.people[2]!.task.local.errors },
      ],
      LATER,
    );
    expect(applied.remove).toEqual([registration(1).registration_id]);
    expect(applied.seatDelta).toBe(-1);
    expect(applied.changed).toBe(1);
    expect(applied.job.tasks[1]!.outcome_changed).toEqual({
      from: 'registered',
      to: 'failed: already_registered',
      at: LATER,
    });
    // applying the same answer again (a poll after a lost write) changes nothing twice
    const again = applyTaskResults(
      applied.job,
      [{ index: 1, status: 'failed', errors: applied.job.tasks[1]!.server!.errors }],
      LATER,
    );
    expect(again).toMatchObject({ changed: 0, seatDelta: 0, remove: [] });
  });

  it('a person refused here but registered by the server gains the registration and a seat', () => {
    const server = { ...registration(0), registration_id: job.tasks[2]!.person.registration_id };
    const applied = applyTaskResults(
      job,
      [{ index: 2, status: 'succeeded', errors: [], data: server }],
      LATER,
    );
    expect(applied.put).toEqual([server]);
    expect(applied.seatDelta).toBe(1);
    expect(applied.job.tasks[2]!.outcome_changed?.to).toBe('registered');
    // two tasks have no server result yet: still processing
    expect(applied.job.status).toBe('processing');
  });
});
