import { useHashDetail } from '../batches/useHashDetail';
import { EventCalendar } from './EventCalendar';
import { EventDetail } from './EventDetail';
import '../settings/forms.css';
import '../batches/batches.css';
import '../field/field.css';

/** `#/events?view=week&date=2026-04-02`: the day or week; `#/events/<event_id>`: one event. */
export function EventsPage() {
  const id = useHashDetail();
  return <div className="page field-page">{id ? <EventDetail key={id} id={id} /> : <EventCalendar />}</div>;
}
