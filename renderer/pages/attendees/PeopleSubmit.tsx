import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { navigate } from '../../app/navigation';
import { db } from '../../database/db';
import { seatsLeft } from '../../../src/events/events';
import type { ImportSummary } from '../../../src/import';
import { useImportWizard } from '../import/importWizardStore';

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

/**
 * The last step of a "People for an event" import: the event and the import's name, then every
 * person is registered on this computer (seats, already registered) and queued as jobs of 50.
 */
export function PeopleSubmit({ summary }: { summary: ImportSummary }) {
  const events = useOpenEvents();
  const [eventId, setEventId] = useState('');
  const label = useImportWizard((s) => s.label);
  const busy = useImportWizard((s) => s.busy);
  const failure = useImportWizard((s) => s.failure);
  const { setLabel, submitPeople } = useImportWizard.getState();
  const chosen = eventId || events?.[0]?.id || '';

  const onSubmit = async () => {
    const result = await submitPeople(chosen);
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
        <span className="field-hint">Everyone in the file is registered on this event.</span>
      </div>
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
        <button type="submit" className="button" disabled={!summary.canSubmit || !chosen || busy !== null}>
          {`Register ${number.format(summary.toSubmit)} ${summary.toSubmit === 1 ? 'person' : 'people'}`}
        </button>
        {!summary.canSubmit && summary.withErrors > 0 && (
          <span className="field-error">Fix or exclude the rows with errors first.</span>
        )}
      </div>
    </form>
  );
}
