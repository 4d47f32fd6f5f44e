import { useLiveQuery } from 'dexie-react-hooks';
import { eventsBetween } from '../../../src/events';
import { db } from '../../database/db';
import { calendarDay, eventName, seatsText, todayHere, venueTime } from '../field/format';
import { useVenueMap } from '../field/useFieldData';
import '../field/field.css';

/** Registrations made or changed here that the server has not answered yet. */
function waitingToSync(): Promise<number> {
  return db.registrations.where('sync_state').anyOf('local', 'pushing').count();
}

/** The dashboard's field registration card: today's events with their seats, and what waits to sync. */
export function TodayEvents() {
  const today = todayHere();
  const events = useLiveQuery(() => eventsBetween(db, today, today), [today]);
  const waiting = useLiveQuery(waitingToSync, []);
  const venues = useVenueMap();
  return (
    <section className="card" aria-labelledby="today-events-title">
      <header className="card-header">
        <h2 id="today-events-title">Today's events</h2>
        <span className="muted">{calendarDay(today)}</span>
      </header>
      {events === undefined ? (
        <p className="muted">Loading…</p>
      ) : events.length === 0 ? (
        <p className="empty">
          No event today. <a href="#/events">Events</a>
        </p>
      ) : (
        <ul className="plain-list" aria-label="Today's events">
          {events.map((event) => {
            const venue = venues?.get(event.event_venue);
            return (
              <li key={event.event_id}>
                <a href={`#/events/${event.event_id}`}>
                  {venue ? venueTime(event.event_start, venue.time_zone) : ''} {eventName(event, venue?.name)}
                </a>{' '}
                <span className="muted small">
                  {event.status === 'cancelled' ? 'cancelled' : seatsText(event)}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      <p className="small" role="status" aria-label="Registrations waiting to sync">
        {waiting === undefined
          ? ''
          : waiting === 0
            ? 'Every registration made here has reached the server.'
            : `${waiting} ${waiting === 1 ? 'registration waits' : 'registrations wait'} to sync.`}
      </p>
    </section>
  );
}
