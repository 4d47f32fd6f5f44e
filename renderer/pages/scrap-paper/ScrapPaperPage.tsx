import { useLiveQuery } from 'dexie-react-hooks';
import { eventsBetween } from '../../../src/events';
import { scrapPaperOf } from '../../../src/registrations';
import { describeError } from '../../../src/errors';
import { db } from '../../database/db';
import { useHashDetail } from '../batches/useHashDetail';
import { addDays, calendarDay, eventName, todayHere, venueDateTime, venueTime } from '../field/format';
import { useVenueMap } from '../field/useFieldData';
import '../batches/batches.css';
import '../field/field.css';
import './scrapPaper.css';

/**
 * `#/scrap-paper/<event_id>`: the invigilator's sheet of an event, from this computer's data
 * (the shape the server's `GET /events/scrap-paper` answers). Printing it leaves the app's
 * navigation out (`scrapPaper.css`). Without an id: the events of the coming week to choose from.
 */
export function ScrapPaperPage() {
  const id = useHashDetail();
  return <div className="page field-page">{id ? <Sheet key={id} eventId={id} /> : <ChooseEvent />}</div>;
}

function Sheet({ eventId }: { eventId: string }) {
  const sheet = useLiveQuery(
    () =>
      scrapPaperOf(db, eventId).then(
        (s) => ({ ok: true as const, s }),
        (e: unknown) => ({ ok: false as const, e }),
      ),
    [eventId],
  );
  if (sheet === undefined) return <p className="muted">Loading…</p>;
  if (!sheet.ok)
    return (
      <p className="alert alert-warning" role="alert">
        {describeError(sheet.e)}
      </p>
    );
  const { event, venue, registrations, scrap_paper_sheets } = sheet.s;
  return (
    <article className="scrap-paper" aria-labelledby="sheet-title">
      <div className="no-print action-bar">
        <a className="back-link" href={`#/events/${event.event_id}`}>
          ← The event
        </a>
        <button type="button" className="button" onClick={() => window.print()}>
          Print the sheet
        </button>
      </div>
      <header className="sheet-header">
        <h2 id="sheet-title">Invigilator's sheet: {eventName(event, venue.name)}</h2>
        <p>
          {venueDateTime(event.event_start, venue.time_zone)} ({venue.time_zone}) · {venue.name},{' '}
          {venue.address}
        </p>
        <p>
          Billing code {event.event_billing_code} · {registrations.length}{' '}
          {registrations.length === 1 ? 'candidate' : 'candidates'} ·{' '}
          <span aria-label="Scrap paper">{scrap_paper_sheets} sheets of scrap paper</span>
          {event.status === 'cancelled' && <strong> · This event is cancelled</strong>}
        </p>
      </header>
      <table className="data-table sheet-table" aria-label="Candidates">
        <thead>
          <tr>
            <th scope="col" className="num">
              Seat
            </th>
            <th scope="col">Code</th>
            <th scope="col">Candidate</th>
            <th scope="col">Assessment</th>
            <th scope="col">Accommodations</th>
            <th scope="col" className="num">
              Extra minutes
            </th>
            <th scope="col">Signature</th>
          </tr>
        </thead>
        <tbody>
          {registrations.map((row) => (
            <tr key={row.registration_id}>
              <td className="num">{row.seat}</td>
              <td className="code">{row.code}</td>
              <td>{row.learner_name}</td>
              <td>{row.assessment ?? '—'}</td>
              <td>
                {row.accommodations.map((a) => (a.name ? `${a.type} (${a.name})` : a.type)).join(', ') || '—'}
              </td>
              <td className="num">{row.time_extension}</td>
              <td className="signature" />
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        Printed from this computer's copy; registrations not yet synced are included.
      </p>
    </article>
  );
}

function ChooseEvent() {
  const today = todayHere();
  const events = useLiveQuery(() => eventsBetween(db, today, addDays(today, 6)), [today]);
  const venues = useVenueMap();
  return (
    <section className="card" aria-labelledby="choose-title">
      <header className="card-header">
        <h2 id="choose-title">Choose the event</h2>
      </header>
      {events === undefined ? (
        <p className="muted">Loading…</p>
      ) : events.length === 0 ? (
        <p className="empty">
          No event from today to {calendarDay(addDays(today, 6))}. Open one from the Events page.
        </p>
      ) : (
        <ul className="plain-list">
          {events.map((event) => {
            const venue = venues?.get(event.event_venue);
            return (
              <li key={event.event_id}>
                <a href={`#/scrap-paper/${event.event_id}`}>
                  {event.local_date} {venue ? venueTime(event.event_start, venue.time_zone) : ''}{' '}
                  {eventName(event, venue?.name)}
                </a>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
