import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { navigate } from '../../app/navigation';
import { db } from '../../database/db';
import { seatsLeft } from '../../../src/events/events';
import type { NewEventClass } from '../../../src/attendees/fileSittings';
import type { ImportSummary } from '../../../src/import';
import type { SittingsView } from '../../workers/importProtocol';
import { useExamClasses, useVenues } from '../field/EventFields';
import { importClient, useImportWizard } from '../import/importWizardStore';

const number = new Intl.NumberFormat('en-US');
const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The events people can be imported for: not cancelled, not over, the soonest first. */
function useOpenEvents() {
  return useLiveQuery(async () => {
    const since = new Date(Date.now() - 12 * 3_600_000).toISOString();
    const [events, venues] = await Promise.all([
      db.events
        .where('event_start')
        .aboveOrEqual(since)
        .filter((e) => e.status !== 'cancelled')
        .sortBy('event_start'),
      db.venues.toArray(),
    ]);
    const venueName = new Map(venues.map((v) => [v.venue_id, v.name]));
    return events.map((event) => {
      const left = seatsLeft(event);
      return {
        id: event.event_id,
        text: `${when.format(new Date(event.event_start))} · ${venueName.get(event.event_venue) ?? 'Unknown venue'} · ${event.event_exam_type} · ${left === null ? 'no seat limit' : `${number.format(left)} seats left`}`,
      };
    });
  }, []);
}

/** The venues and starts the rows name, asked of the worker again after every fix or exclusion. */
function useSittings(): SittingsView | null {
  const version = useImportWizard((s) => s.validation?.version);
  const [view, setView] = useState<SittingsView | null>(null);
  useEffect(() => {
    let current = true;
    importClient()
      .request({ type: 'sittings' })
      .then((next) => current && setView(next))
      .catch(() => current && setView(null));
    return () => {
      current = false;
    };
  }, [version]);
  return view;
}

/**
 * The exam class new events are made with: the lax rule needs one for a create. The first new
 * sitting's venue organisation's classes are offered, the first of each preset.
 */
function NewEventFields({
  venueId,
  value,
  onChange,
}: {
  venueId: string;
  value: NewEventClass;
  onChange(value: NewEventClass): void;
}) {
  const venue = useVenues()?.find((v) => v.venue_id === venueId);
  const classes = useExamClasses(venue?.organization_id);
  const examClass = classes.find((c) => c.exam_type === value.event_exam_type) ?? classes[0];
  useEffect(() => {
    if (!value.event_exam_type && examClass) {
      onChange({
        event_exam_type: examClass.exam_type,
        event_exam_format: examClass.exam_formats[0] ?? '',
        event_billing_code: examClass.billing_codes[0] ?? '',
      });
    }
  }, [examClass, value.event_exam_type, onChange]);
  // another exam type: its own formats and billing codes, the first of each preset
  const changed = (key: keyof NewEventClass, option: string): NewEventClass => {
    if (key !== 'event_exam_type') return { ...value, [key]: option };
    const next = classes.find((c) => c.exam_type === option);
    return {
      event_exam_type: option,
      event_exam_format: next?.exam_formats[0] ?? '',
      event_billing_code: next?.billing_codes[0] ?? '',
    };
  };
  const field = (key: keyof NewEventClass, label: string, options: readonly string[]) => (
    <div className="field">
      <label htmlFor={`people-new-${key}`}>{label}</label>
      <select
        id={`people-new-${key}`}
        className="select"
        value={value[key]}
        onChange={(e) => onChange(changed(key, e.target.value))}
      >
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <fieldset className="fieldset">
      <legend>New events are made as</legend>
      {field(
        'event_exam_type',
        'Exam type',
        classes.map((c) => c.exam_type),
      )}
      {field('event_exam_format', 'Exam format', examClass?.exam_formats ?? [])}
      {field('event_billing_code', 'Billing code', examClass?.billing_codes ?? [])}
    </fieldset>
  );
}

const NO_CLASS: NewEventClass = { event_exam_type: '', event_exam_format: '', event_billing_code: '' };

/** The sittings the file names: found on this computer, or made by the import (provisional). */
function SittingList({ view }: { view: SittingsView }) {
  const fresh = view.sittings.filter((s) => s.eventId === null).length;
  return (
    <div className="field" aria-live="polite">
      <p id="people-sittings">
        {`The file names ${view.sittings.length === 1 ? '1 event' : `${number.format(view.sittings.length)} events`} by venue and start`}
        {fresh > 0
          ? `; ${fresh === 1 ? '1 is new' : `${fresh} are new`} and will be made here (provisional).`
          : '.'}
      </p>
      <ul aria-labelledby="people-sittings">
        {view.sittings.map((s) => (
          <li key={`${s.venueId} ${s.start}`}>
            {`${s.venueName}, ${s.wallClock.replace('T', ' ')} · ${number.format(s.people)} ${s.people === 1 ? 'person' : 'people'} · `}
            {s.eventId === null
              ? 'new event (provisional)'
              : s.provisional
                ? 'provisional event'
                : 'existing event'}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The last step of a "People for an event" import: the event (or the sittings the file's venue
 * and start columns name) and the import's name, then every person is registered on this computer
 * (seats, already registered) and queued as jobs of 50.
 */
export function PeopleSubmit({ summary }: { summary: ImportSummary }) {
  const events = useOpenEvents();
  const sittings = useSittings();
  const [eventId, setEventId] = useState('');
  const [newEvents, setNewEvents] = useState<NewEventClass>(NO_CLASS);
  const label = useImportWizard((s) => s.label);
  const busy = useImportWizard((s) => s.busy);
  const failure = useImportWizard((s) => s.failure);
  const { setLabel, submitPeople } = useImportWizard.getState();
  // every row naming its sitting: no event to choose
  const needsEvent = !sittings || sittings.withoutSitting > 0;
  const chosen = needsEvent ? eventId || events?.[0]?.id || '' : '';
  const firstNew = sittings?.sittings.find((s) => s.eventId === null);

  const onSubmit = async () => {
    const result = await submitPeople(chosen, firstNew ? newEvents : undefined);
    if (result) navigate(`/attendees/${result.importId}`);
  };

  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit();
      }}
    >
      {sittings && sittings.sittings.length > 0 && <SittingList view={sittings} />}
      {firstNew && <NewEventFields venueId={firstNew.venueId} value={newEvents} onChange={setNewEvents} />}
      {needsEvent && (
        <div className="field">
          <label htmlFor="people-event">Event</label>
          {events && events.length === 0 ? (
            <p className="field-error" id="people-event">
              No upcoming event is on this computer: sync, or make the event at the desk first.
            </p>
          ) : (
            <select
              id="people-event"
              className="input"
              value={chosen}
              onChange={(e) => setEventId(e.target.value)}
            >
              {(events ?? []).map((event) => (
                <option key={event.id} value={event.id}>
                  {event.text}
                </option>
              ))}
            </select>
          )}
          <span className="field-hint">
            {sittings && sittings.sittings.length > 0
              ? 'The rows with no venue and start are registered on this event.'
              : 'Everyone in the file is registered on this event, unless the file has venue and start columns.'}
          </span>
        </div>
      )}
      <div className="field">
        <label htmlFor="people-label">Import name</label>
        <input
          id="people-label"
          className="input"
          value={label}
          maxLength={200}
          onChange={(e) => setLabel(e.target.value)}
        />
        <span className="field-hint">
          Shown on the job page and in the notification when the server is done.
        </span>
      </div>
      {failure && (
        <div className="alert alert-danger" role="alert">
          <p>{failure.message}</p>
        </div>
      )}
      <div className="form-actions">
        <button
          type="submit"
          className="button"
          disabled={!summary.canSubmit || (needsEvent && !chosen) || busy !== null}
        >
          {`Register ${number.format(summary.toSubmit)} ${summary.toSubmit === 1 ? 'person' : 'people'}`}
        </button>
        {!summary.canSubmit && summary.withErrors > 0 && (
          <span className="field-error">Fix or exclude the rows with errors first.</span>
        )}
      </div>
    </form>
  );
}
