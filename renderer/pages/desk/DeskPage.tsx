import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { EventRecord } from '../../../src/db';
import { eventsBetween } from '../../../src/events';
import { wallClockAtVenue } from '../../../src/events/venueTime';
import { saveLearner } from '../../../src/learners';
import { referenceAge } from '../../../src/reference';
import { registerLaxLocal, type RegisterLaxLocalResult } from '../../../src/registrations';
import { db } from '../../database/db';
import { useNow } from '../../hooks/useNow';
import { useHashQuery } from '../expiry/useHashQuery';
import {
  EMPTY_EVENT_FIELDS,
  EventFields,
  eventFieldsToWire,
  useVenues,
  type EventFieldsValue,
} from '../field/EventFields';
import { AssessmentField } from '../field/AssessmentField';
import { FieldRow } from '../field/FieldRow';
import { useFieldErrors } from '../field/fieldErrors';
import { addDays, eventName, referenceAgeText, seatsText, todayHere, venueTime } from '../field/format';
import { AccommodationsField, accommodationToWire, type AccommodationDraft } from './AccommodationsField';
import { LearnerField, type LearnerChoice } from './LearnerField';
import { NewLearnerFields, EMPTY_NEW_LEARNER, newLearnerFromText, type NewLearner } from './NewLearnerFields';
import '../settings/forms.css';
import '../batches/batches.css';
import '../field/field.css';

const FIELDS = [
  'learner',
  'first_name',
  'last_name',
  'email',
  'phone',
  'event_venue',
  'event_start',
  'event_exam_type',
  'event_exam_format',
  'event_billing_code',
  'assessment',
  'accommodations',
] as const;

/** How far ahead the event picker looks. */
const PICKER_DAYS = 30;

/**
 * The registration desk, keyboard-first: find or add the learner, pick the event (or type the
 * venue and start: the lax way), choose the assessment, add accommodations, press Enter. The desk
 * then shows the confirmation code and is ready for the next person: focus back in the learner
 * field, the person's fields cleared, the sitting and assessment kept.
 */
export function DeskPage() {
  const learnerInput = useRef<HTMLInputElement>(null);
  const venues = useVenues();
  const today = todayHere();
  const events = useLiveQuery(
    () =>
      eventsBetween(db, today, addDays(today, PICKER_DAYS)).then((list) =>
        list.filter((e) => e.status !== 'cancelled'),
      ),
    [today],
  );
  const preselected = useHashQuery('event');
  const [learnerText, setLearnerText] = useState('');
  const [choice, setChoice] = useState<LearnerChoice>({ kind: 'none' });
  const [newLearner, setNewLearner] = useState<NewLearner>(EMPTY_NEW_LEARNER);
  const [sitting, setSitting] = useState<EventFieldsValue>(EMPTY_EVENT_FIELDS);
  const [assessment, setAssessment] = useState('');
  const [registrantType, setRegistrantType] = useState('');
  const [accommodations, setAccommodations] = useState<AccommodationDraft[]>([]);
  const [saving, setSaving] = useState(false);
  const [done, setDone] = useState<(RegisterLaxLocalResult & { venueName: string | undefined }) | null>(null);
  const { fail, clear, errorOf } = useFieldErrors(FIELDS);

  // the event the sitting's venue and start name, if this computer has it: its seats show
  const wire = eventFieldsToWire(sitting, venues);
  const matching = useMemo(
    () => events?.find((e) => e.event_venue === wire.event_venue && e.event_start === wire.event_start),
    [events, wire.event_venue, wire.event_start],
  );

  const pick = (event: EventRecord | undefined) => {
    const venue = venues?.find((v) => v.venue_id === event?.event_venue);
    if (!event || !venue) return;
    setSitting({
      event_venue: event.event_venue,
      start: wallClockAtVenue(event.event_start, venue.time_zone),
      event_exam_type: event.event_exam_type,
      event_exam_format: event.event_exam_format,
      event_billing_code: event.event_billing_code,
    });
  };

  // `#/desk?event=<id>` (from an event's page) starts on that event
  const picked = useRef<string | null>(null);
  useEffect(() => {
    if (!preselected || picked.current === preselected || !events || !venues) return;
    picked.current = preselected;
    pick(events.find((e) => e.event_id === preselected));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [preselected, events, venues]);

  useEffect(() => learnerInput.current?.focus(), []);

  const choose = (next: LearnerChoice) => {
    setChoice(next);
    if (next.kind === 'existing') setLearnerText(`${next.learner.first_name} ${next.learner.last_name}`);
    if (next.kind === 'new') setNewLearner(newLearnerFromText(learnerText));
  };

  const register = async (e: FormEvent) => {
    e.preventDefault();
    if (saving) return;
    clear();
    setSaving(true);
    try {
      let learnerId = choice.kind === 'existing' ? choice.learner.learner_id : undefined;
      if (choice.kind === 'new') {
        const saved = await saveLearner(db, {
          first_name: newLearner.first_name,
          last_name: newLearner.last_name,
          email: newLearner.email,
          phone: newLearner.phone.trim() === '' ? null : newLearner.phone,
        });
        // kept as chosen: a refused registration retried next does not add the learner twice
        choose({ kind: 'existing', learner: saved });
        learnerId = saved.learner_id;
      }
      const result = await registerLaxLocal(db, {
        ...wire,
        learner: learnerId,
        learner_registrant_type: registrantType.trim() === '' ? null : registrantType.trim(),
        assessment: assessment.trim() === '' ? null : assessment.trim(),
        accommodations: accommodations.map(accommodationToWire),
      });
      setDone({ ...result, venueName: venues?.find((v) => v.venue_id === result.event.event_venue)?.name });
      // ready for the next person: the same sitting and assessment, a fresh person
      setLearnerText('');
      setChoice({ kind: 'none' });
      setNewLearner(EMPTY_NEW_LEARNER);
      setRegistrantType('');
      setAccommodations([]);
      learnerInput.current?.focus();
    } catch (failure) {
      fail(failure);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="page field-page desk">
      <ReferenceAge />
      {done && (
        <section className="alert alert-ok confirmation" role="status" aria-label="Last registration">
          <p>
            Registered {done.registration.learner.first_name} {done.registration.learner.last_name} on{' '}
            {eventName(done.event, done.venueName)}. Confirmation code{' '}
            <strong className="code" aria-label="Confirmation code">
              {done.registration.code}
            </strong>
          </p>
          <p className="small">
            {seatsText(done.event)}
            {done.madeProvisionalEvent &&
              ' · a new event was made for this venue and start (provisional until it syncs)'}
            {' · '}
            <a href={`#/registrations/${done.registration.registration_id}`}>Open the registration</a>
          </p>
        </section>
      )}
      <form
        className="form card desk-form"
        onSubmit={(e) => void register(e)}
        noValidate
        aria-label="Register a learner"
      >
        <LearnerField
          ref={learnerInput}
          text={learnerText}
          onText={setLearnerText}
          choice={choice}
          onChoice={choose}
          error={errorOf('learner')}
        />
        {choice.kind === 'new' && (
          <NewLearnerFields value={newLearner} onChange={setNewLearner} errorOf={errorOf} />
        )}
        <div className="field">
          <label htmlFor="desk-event">Event</label>
          <select
            id="desk-event"
            className="select"
            value={matching?.event_id ?? ''}
            onChange={(e) =>
              e.target.value === ''
                ? setSitting({ ...EMPTY_EVENT_FIELDS })
                : pick(events?.find((ev) => ev.event_id === e.target.value))
            }
          >
            <option value="">Another venue and start (type them below)</option>
            {events?.map((event) => {
              const venue = venues?.find((v) => v.venue_id === event.event_venue);
              return (
                <option key={event.event_id} value={event.event_id}>
                  {event.local_date} {venue ? venueTime(event.event_start, venue.time_zone) : ''}{' '}
                  {eventName(event, venue?.name)} ({seatsText(event)})
                </option>
              );
            })}
          </select>
          <span className="field-hint" aria-live="polite">
            {matching
              ? `Seats: ${seatsText(matching)}`
              : wire.event_venue && wire.event_start
                ? 'No event at this venue and start here yet: registering makes one.'
                : 'Pick an event, or type the venue and start: the event is found or made by them.'}
          </span>
        </div>
        <div className="field-grid">
          <EventFields idPrefix="desk" value={sitting} onChange={setSitting} errorOf={errorOf} />
          <AssessmentField
            id="desk-assessment"
            label="Assessment"
            hint="Published, non-bilingual forms of the exam type."
            examType={sitting.event_exam_type.trim() || undefined}
            value={assessment}
            onChange={setAssessment}
            error={errorOf('assessment')}
          />
          <FieldRow id="desk-registrant-type" label="Registrant type (optional)">
            {(control) => (
              <input
                {...control}
                className="input"
                value={registrantType}
                maxLength={64}
                onChange={(e) => setRegistrantType(e.target.value)}
              />
            )}
          </FieldRow>
        </div>
        <AccommodationsField
          rows={accommodations}
          onChange={setAccommodations}
          error={errorOf('accommodations')}
        />
        <p className="field-error" role="alert">
          {errorOf('form')}
        </p>
        <div className="form-actions">
          <button type="submit" className="button" disabled={saving}>
            Register
          </button>
          <span className="muted small">Enter registers.</span>
        </div>
      </form>
    </div>
  );
}

/** "Reference data from 3 days ago": how old the venues, classes and forms the desk checks against are. */
function ReferenceAge() {
  const pulledAt = useLiveQuery(() => referenceAge(db), []);
  const now = useNow(60_000);
  if (pulledAt === undefined) return null;
  return (
    <p className="muted small reference-age" role="status" aria-label="Reference data">
      {referenceAgeText(pulledAt, now)}
    </p>
  );
}
