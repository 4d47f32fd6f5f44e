import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import { cancelEventLocal, getEvent } from '../../../src/events';
import { getVenue } from '../../../src/reference';
import { FieldInputError, registrationsOfEvent } from '../../../src/registrations';
import { db } from '../../database/db';
import { FieldRow } from '../field/FieldRow';
import { useFieldErrors } from '../field/fieldErrors';
import { eventName, seatsText, venueDateTime } from '../field/format';
import { EventForm } from './EventForm';

const CANCEL_FIELDS = ['reason', 'event_start'] as const;

/** One event: its seats, edit, cancel with a reason, its registrations (to transfer once cancelled). */
export function EventDetail({ id }: { id: string }) {
  const event = useLiveQuery(() => getEvent(db, id).then((e) => e ?? null), [id]);
  const venue = useLiveQuery(
    () => (event ? getVenue(db, event.event_venue).then((v) => v ?? null) : Promise.resolve(null)),
    [event?.event_venue],
  );
  const registrations = useLiveQuery(
    () => (event ? registrationsOfEvent(db, event.event_id) : Promise.resolve([])),
    [event?.event_id],
  );
  const [editing, setEditing] = useState(false);
  const [reason, setReason] = useState('');
  const cancelErrors = useFieldErrors(CANCEL_FIELDS);

  if (event === undefined) return <p className="muted">Loading…</p>;
  if (event === null)
    return (
      <>
        <a className="back-link" href="#/events">
          ← Events
        </a>
        <p className="alert alert-warning">This event is not on this computer.</p>
      </>
    );

  const cancelled = event.status === 'cancelled';
  const active = registrations?.filter((r) => r.status === 'active') ?? [];

  const cancel = async (e: FormEvent) => {
    e.preventDefault();
    cancelErrors.clear();
    if (reason.trim() === '') {
      cancelErrors.fail(new FieldInputError('reason', 'Give the reason for cancelling.'));
      return;
    }
    try {
      await cancelEventLocal(db, event.event_id, reason.trim());
      setReason('');
    } catch (failure) {
      cancelErrors.fail(failure);
    }
  };

  return (
    <>
      <a className="back-link" href={`#/events?view=day&date=${event.local_date}`}>
        ← Events of that day
      </a>
      <section className="card" aria-labelledby="event-title">
        <header className="card-header">
          <h2 id="event-title">{eventName(event, venue?.name)}</h2>
          {cancelled ? (
            <span className="badge badge-failed">Cancelled</span>
          ) : event.provisional ? (
            <span className="badge badge-partial">Provisional</span>
          ) : (
            <span className="badge badge-done">Scheduled</span>
          )}
        </header>
        <dl className="facts">
          <div>
            <dt>Start</dt>
            <dd>
              {venue
                ? `${venueDateTime(event.event_start, venue.time_zone)} (${venue.time_zone})`
                : event.event_start}
            </dd>
          </div>
          <div>
            <dt>Venue</dt>
            <dd>{venue ? `${venue.name}, ${venue.address}` : event.event_venue}</dd>
          </div>
          <div>
            <dt>Billing code</dt>
            <dd>{event.event_billing_code}</dd>
          </div>
          <div>
            <dt>Seats</dt>
            <dd aria-label="Seats">{seatsText(event)}</dd>
          </div>
          {cancelled && (
            <div>
              <dt>Cancelled because</dt>
              <dd>{event.cancellation_reason}</dd>
            </div>
          )}
        </dl>
        {event.provisional && (
          <p className="muted small">
            Made at the desk while offline. When it syncs, it becomes the server's event at this venue and
            start.
          </p>
        )}
        <div className="action-bar">
          <button
            type="button"
            className="button button-quiet"
            onClick={() => setEditing(true)}
            disabled={editing}
          >
            Edit
          </button>
          <a className="button button-quiet" href={`#/scrap-paper/${event.event_id}`}>
            Open the invigilator's sheet
          </a>
          <a className="button button-quiet" href={`#/desk?event=${event.event_id}`}>
            Register people
          </a>
        </div>
      </section>
      {editing && venue && (
        <EventForm
          event={event}
          timeZone={venue.time_zone}
          onSaved={() => setEditing(false)}
          onCancel={() => setEditing(false)}
        />
      )}
      <form className="form card" onSubmit={(e) => void cancel(e)} noValidate aria-label="Cancel the event">
        <h2 className="field-title">Cancel the event</h2>
        <FieldRow
          id="event-cancel-reason"
          label="Reason"
          hint="Its registrations stay, listed here to transfer."
          error={
            cancelErrors.errorOf('reason') ??
            cancelErrors.errorOf('event_start') ??
            cancelErrors.errorOf('form')
          }
        >
          {(control) => (
            <input
              {...control}
              className="input"
              value={reason}
              maxLength={500}
              onChange={(e) => setReason(e.target.value)}
            />
          )}
        </FieldRow>
        <div className="form-actions">
          <button type="submit" className="button button-danger">
            Cancel the event
          </button>
        </div>
      </form>
      <section className="card" aria-labelledby="event-registrations-title">
        <header className="card-header">
          <h2 id="event-registrations-title">{cancelled ? 'Registrations to transfer' : 'Registrations'}</h2>
          <span className="muted">{active.length} active</span>
        </header>
        {registrations === undefined ? (
          <p className="muted">Loading…</p>
        ) : registrations.length === 0 ? (
          <p className="empty">No registration yet.</p>
        ) : (
          <table
            className="data-table"
            aria-label={cancelled ? 'Registrations to transfer' : 'Registrations of the event'}
          >
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Learner</th>
                <th scope="col">Email</th>
                <th scope="col">Assessment</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {(cancelled ? active : registrations).map((r) => (
                <tr key={r.registration_id}>
                  <td>
                    <a href={`#/registrations/${r.registration_id}`} className="code">
                      {r.code}
                    </a>
                  </td>
                  <td>
                    {r.learner.first_name} {r.learner.last_name}
                  </td>
                  <td>{r.learner.email}</td>
                  <td>{r.assessment ?? '—'}</td>
                  <td>{r.status === 'active' ? (cancelled ? 'To transfer' : 'Active') : 'Cancelled'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
