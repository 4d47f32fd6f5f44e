import { useState, type FormEvent } from 'react';
import type { EventRecord } from '../../../src/db';
import { wallClockAtVenue } from '../../../src/events/venueTime';
import { saveEvent } from '../../../src/events';
import { db } from '../../database/db';
import {
  EventFields,
  eventFieldsToWire,
  useVenues,
  type EventFieldsValue,
  EMPTY_EVENT_FIELDS,
} from '../field/EventFields';
import { FieldRow } from '../field/FieldRow';
import { useFieldErrors } from '../field/fieldErrors';

const FIELDS = [
  'event_venue',
  'event_start',
  'event_exam_type',
  'event_exam_format',
  'event_billing_code',
  'registration_limit',
] as const;

/** Creates an event (no `event`) or edits one, with seed 002's rules; a refusal shows by its field. */
export function EventForm({
  event,
  timeZone,
  onSaved,
  onCancel,
}: {
  event?: EventRecord;
  /** the event's venue's zone, so its start shows on the venue's clock */
  timeZone?: string;
  onSaved(saved: EventRecord): void;
  onCancel(): void;
}) {
  const venues = useVenues();
  const [fields, setFields] = useState<EventFieldsValue>(() =>
    event
      ? {
          event_venue: event.event_venue,
          start: timeZone ? wallClockAtVenue(event.event_start, timeZone) : '',
          event_exam_type: event.event_exam_type,
          event_exam_format: event.event_exam_format,
          event_billing_code: event.event_billing_code,
        }
      : EMPTY_EVENT_FIELDS,
  );
  const [limit, setLimit] = useState(event?.registration_limit?.toString() ?? '');
  const [saving, setSaving] = useState(false);
  const { fail, clear, errorOf } = useFieldErrors(FIELDS);
  const prefix = event ? 'edit-event' : 'new-event';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    clear();
    setSaving(true);
    try {
      const saved = await saveEvent(db, {
        ...(event ? { event_id: event.event_id } : {}),
        ...eventFieldsToWire(fields, venues),
        registration_limit: limit.trim() === '' ? null : Number(limit),
      });
      onSaved(saved);
    } catch (failure) {
      fail(failure);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="form card"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-label={event ? 'Edit the event' : 'New event'}
    >
      <h2 className="field-title">{event ? 'Edit the event' : 'New event'}</h2>
      <div className="field-grid">
        <EventFields idPrefix={prefix} value={fields} onChange={setFields} errorOf={errorOf} />
        <FieldRow
          id={`${prefix}-limit`}
          label="Seats (registration limit)"
          hint="Leave empty for no limit."
          error={errorOf('registration_limit')}
        >
          {(control) => (
            <input
              {...control}
              className="input"
              type="number"
              min={0}
              step={1}
              inputMode="numeric"
              value={limit}
              onChange={(e) => setLimit(e.target.value)}
            />
          )}
        </FieldRow>
      </div>
      <p className="field-error" role="alert">
        {errorOf('form')}
      </p>
      <div className="form-actions">
        <button type="submit" className="button" disabled={saving}>
          {event ? 'Save the event' : 'Create the event'}
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel}>
          Close
        </button>
      </div>
    </form>
  );
}
