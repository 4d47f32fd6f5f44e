import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { Venue } from '../../../src/contract';
import type { EventRecord } from '../../../src/db';
import { eventsBetween } from '../../../src/events';
import { db } from '../../database/db';
import { useHashQuery } from '../expiry/useHashQuery';
import { addDays, calendarDay, eventName, mondayOf, seatsText, todayHere, venueTime } from '../field/format';
import { useVenueMap } from '../field/useFieldData';
import { EventForm } from './EventForm';
import { DateInput } from '../../components/DateInput';

type View = 'day' | 'week';

function go(view: View, date: string) {
  window.location.hash = `#/events?view=${view}&date=${date}`;
}

/** A day or a week of events at a glance, with seats taken and left, and a new event's form. */
export function EventCalendar() {
  const view: View = useHashQuery('view') === 'week' ? 'week' : 'day';
  const date = useHashQuery('date') ?? todayHere();
  const from = view === 'week' ? mondayOf(date) : date;
  const to = view === 'week' ? addDays(from, 6) : date;
  const events = useLiveQuery(() => eventsBetween(db, from, to), [from, to]);
  const venues = useVenueMap();
  const [creating, setCreating] = useState(false);
  const step = view === 'week' ? 7 : 1;

  return (
    <>
      <div className="calendar-bar">
        <div className="segmented" role="group" aria-label="View">
          {(['day', 'week'] as const).map((v) => (
            <button
              key={v}
              type="button"
              className="segmented-button"
              aria-pressed={view === v}
              onClick={() => go(v, date)}
            >
              {v === 'day' ? 'Day' : 'Week'}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="button button-quiet button-small"
          onClick={() => go(view, addDays(date, -step))}
        >
          {view === 'week' ? 'Previous week' : 'Previous day'}
        </button>
        <label className="choice">
          Date
          <DateInput className="input" value={date} onChange={(iso) => iso && go(view, iso)} />
        </label>
        <button
          type="button"
          className="button button-quiet button-small"
          onClick={() => go(view, addDays(date, step))}
        >
          {view === 'week' ? 'Next week' : 'Next day'}
        </button>
        <button
          type="button"
          className="button button-quiet button-small"
          onClick={() => go(view, todayHere())}
        >
          Today
        </button>
        <button type="button" className="button" onClick={() => setCreating(true)} disabled={creating}>
          New event
        </button>
      </div>
      {creating && (
        <EventForm
          onSaved={(saved) => {
            setCreating(false);
            window.location.hash = `#/events/${saved.event_id}`;
          }}
          onCancel={() => setCreating(false)}
        />
      )}
      {events === undefined || venues === undefined ? (
        <p className="muted">Loading…</p>
      ) : view === 'day' ? (
        <DayTable date={date} events={events} venues={venues} />
      ) : (
        <WeekGrid from={from} events={events} venues={venues} />
      )}
    </>
  );
}

function StatusBadge({ event }: { event: EventRecord }) {
  if (event.status === 'cancelled') return <span className="badge badge-failed">Cancelled</span>;
  if (event.provisional) return <span className="badge badge-partial">Provisional</span>;
  return <span className="badge badge-done">Scheduled</span>;
}

function DayTable({
  date,
  events,
  venues,
}: {
  date: string;
  events: EventRecord[];
  venues: Map<string, Venue>;
}) {
  return (
    <section className="card" aria-labelledby="day-title">
      <header className="card-header">
        <h2 id="day-title">{calendarDay(date)}</h2>
        <span className="muted">{events.length === 1 ? '1 event' : `${events.length} events`}</span>
      </header>
      {events.length === 0 ? (
        <p className="empty">No event on this day.</p>
      ) : (
        <table className="data-table" aria-label="Events of the day">
          <thead>
            <tr>
              <th scope="col">Start</th>
              <th scope="col">Event</th>
              <th scope="col">Billing code</th>
              <th scope="col">Seats</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => {
              const venue = venues.get(event.event_venue);
              return (
                <tr key={event.event_id}>
                  <td>{venue ? venueTime(event.event_start, venue.time_zone) : event.event_start}</td>
                  <td>
                    <a href={`#/events/${event.event_id}`}>{eventName(event, venue?.name)}</a>
                  </td>
                  <td>{event.event_billing_code}</td>
                  <td>{seatsText(event)}</td>
                  <td>
                    <StatusBadge event={event} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function WeekGrid({
  from,
  events,
  venues,
}: {
  from: string;
  events: EventRecord[];
  venues: Map<string, Venue>;
}) {
  const days = Array.from({ length: 7 }, (_, i) => addDays(from, i));
  return (
    <div className="week-grid">
      {days.map((day) => {
        const ofDay = events.filter((e) => e.local_date === day);
        return (
          <section key={day} className="week-day card" aria-label={calendarDay(day)}>
            <h2 className="week-day-title">
              <button type="button" className="link-button" onClick={() => go('day', day)}>
                {calendarDay(day)}
              </button>
            </h2>
            {ofDay.length === 0 ? (
              <p className="muted small">No event</p>
            ) : (
              <ul className="week-events">
                {ofDay.map((event) => {
                  const venue = venues.get(event.event_venue);
                  return (
                    <li
                      key={event.event_id}
                      className={event.status === 'cancelled' ? 'is-cancelled' : undefined}
                    >
                      <a href={`#/events/${event.event_id}`}>
                        {venue ? venueTime(event.event_start, venue.time_zone) : ''}{' '}
                        {eventName(event, venue?.name)}
                      </a>
                      <span className="small muted">
                        {event.status === 'cancelled' ? 'Cancelled' : seatsText(event)}
                      </span>
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}
