import { useLiveQuery } from 'dexie-react-hooks';
import type { ExamClass, Venue } from '../../../src/contract';
import { instantAtVenue } from '../../../src/events/venueTime';
import { examClassesOf, listVenues } from '../../../src/reference';
import { DateTimeInput } from '../../components/DateTimeInput';
import { db } from '../../database/db';
import { FieldRow } from './FieldRow';
import type { ErrorOf } from './fieldErrors';

/**
 * Where and when a sitting is, and what it examines, as the coordinator types them: the venue
 * (chosen from the reference data), the start on the venue's clock, and the exam type, format and
 * billing code (typed, with the venue organisation's classes offered). They are typed rather than
 * chosen so that a value outside the classes reaches the command, which answers seed 002's sentence.
 */
export interface EventFieldsValue {
  event_venue: string;
  /** `YYYY-MM-DDTHH:MM` on the venue's clock */
  start: string;
  event_exam_type: string;
  event_exam_format: string;
  event_billing_code: string;
}

export const EMPTY_EVENT_FIELDS: EventFieldsValue = {
  event_venue: '',
  start: '',
  event_exam_type: '',
  event_exam_format: '',
  event_billing_code: '',
};

interface EventFieldsProps {
  idPrefix: string;
  value: EventFieldsValue;
  onChange(value: EventFieldsValue): void;
  errorOf: ErrorOf;
  /** a transfer keeps the format and billing code of the event it leaves */
  only?: readonly (keyof EventFieldsValue)[];
}

export function useVenues(): Venue[] | undefined {
  return useLiveQuery(() => listVenues(db), []);
}

export function useExamClasses(organizationId: string | undefined): ExamClass[] {
  return (
    useLiveQuery(
      () => (organizationId ? examClassesOf(db, organizationId) : Promise.resolve([])),
      [organizationId],
    ) ?? []
  );
}

export function EventFields({ idPrefix, value, onChange, errorOf, only }: EventFieldsProps) {
  const venues = useVenues();
  const venue = venues?.find((v) => v.venue_id === value.event_venue);
  const classes = useExamClasses(venue?.organization_id);
  const examClass = classes.find((c) => c.exam_type === value.event_exam_type.trim());
  const shows = (field: keyof EventFieldsValue) => !only || only.includes(field);
  const set = (patch: Partial<EventFieldsValue>) => onChange({ ...value, ...patch });
  const id = (field: string) => `${idPrefix}-${field}`;

  return (
    <div className="event-fields">
      <FieldRow id={id('venue')} label="Venue" error={errorOf('event_venue')}>
        {(control) => (
          <select
            {...control}
            className="select"
            value={value.event_venue}
            onChange={(e) => set({ event_venue: e.target.value })}
          >
            <option value="">Choose a venue</option>
            {venues?.map((v) => (
              <option key={v.venue_id} value={v.venue_id}>
                {v.name}
              </option>
            ))}
          </select>
        )}
      </FieldRow>
      <FieldRow
        id={id('start')}
        label="Start"
        hint={venue ? `On the venue's clock (${venue.time_zone})` : "On the venue's clock"}
        error={errorOf('event_start')}
      >
        {(control) => (
          <DateTimeInput
            {...control}
            className="input"
            value={value.start}
            onChange={(start) => set({ start })}
          />
        )}
      </FieldRow>
      {shows('event_exam_type') && (
        <FieldRow id={id('exam-type')} label="Exam type" error={errorOf('event_exam_type')}>
          {(control) => (
            <>
              <input
                {...control}
                className="input"
                list={id('exam-types')}
                autoComplete="off"
                value={value.event_exam_type}
                onChange={(e) => set({ event_exam_type: e.target.value })}
              />
              <datalist id={id('exam-types')}>
                {classes.map((c) => (
                  <option key={c.exam_type} value={c.exam_type} />
                ))}
              </datalist>
            </>
          )}
        </FieldRow>
      )}
      {shows('event_exam_format') && (
        <FieldRow id={id('exam-format')} label="Exam format" error={errorOf('event_exam_format')}>
          {(control) => (
            <>
              <input
                {...control}
                className="input"
                list={id('exam-formats')}
                autoComplete="off"
                value={value.event_exam_format}
                onChange={(e) => set({ event_exam_format: e.target.value })}
              />
              <datalist id={id('exam-formats')}>
                {examClass?.exam_formats.map((f) => (
                  <option key={f} value={f} />
                ))}
              </datalist>
            </>
          )}
        </FieldRow>
      )}
      {shows('event_billing_code') && (
        <FieldRow id={id('billing-code')} label="Billing code" error={errorOf('event_billing_code')}>
          {(control) => (
            <>
              <input
                {...control}
                className="input"
                list={id('billing-codes')}
                autoComplete="off"
                value={value.event_billing_code}
                onChange={(e) => set({ event_billing_code: e.target.value })}
              />
              <datalist id={id('billing-codes')}>
                {examClass?.billing_codes.map((b) => (
                  <option key={b} value={b} />
                ))}
              </datalist>
            </>
          )}
        </FieldRow>
      )}
    </div>
  );
}

/**
 * The wire fields of a register-lax, transfer-lax or event save. The start becomes the instant
 * on the venue's clock; a start that is not a time (or a venue not known) is passed as typed, so
 * the command answers seed 002's own sentence rather than this form guessing one.
 */
export function eventFieldsToWire(value: EventFieldsValue, venues: readonly Venue[] | undefined) {
  const venue = venues?.find((v) => v.venue_id === value.event_venue);
  const typed = (text: string) => (text.trim() === '' ? undefined : text.trim());
  const start = value.start.trim();
  return {
    event_venue: typed(value.event_venue),
    event_start: start === '' ? undefined : venue ? (instantAtVenue(start, venue.time_zone) ?? start) : start,
    event_exam_type: typed(value.event_exam_type),
    event_exam_format: typed(value.event_exam_format),
    event_billing_code: typed(value.event_billing_code),
  };
}
