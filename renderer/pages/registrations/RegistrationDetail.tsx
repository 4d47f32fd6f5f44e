import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { HistoryEntry } from '../../../src/contract';
import type { RegistrationRecord } from '../../../src/db';
import { getEvent } from '../../../src/events';
import { findLearners } from '../../../src/learners';
import { getVenue } from '../../../src/reference';
import { applyRegistrationCommand, getRegistration, type FollowUpCommand } from '../../../src/registrations';
import { acknowledgeRegistrationChanges } from '../../../src/sync/kinds/registrationChanges';
import { db } from '../../database/db';
import { AccommodationInputs, EMPTY_ACCOMMODATION, accommodationToWire } from '../desk/AccommodationsField';
import { AssessmentField } from '../field/AssessmentField';
import {
  EMPTY_EVENT_FIELDS,
  EventFields,
  eventFieldsToWire,
  useVenues,
  type EventFieldsValue,
} from '../field/EventFields';
import { FieldRow } from '../field/FieldRow';
import { placeError, type PlacedError } from '../field/fieldErrors';
import { eventName, seatsText, venueDateTime } from '../field/format';
import { RegistrationStatusBadge } from './RegistrationStatusBadge';

const COMMAND_LABELS: Record<HistoryEntry['command'], string> = {
  'register-lax': 'Registered',
  'transfer-lax': 'Transferred',
  cancel: 'Cancelled',
  'change-assessment': 'Assessment changed',
  'grant-accommodation': 'Accommodation granted',
  'revoke-accommodation': 'Accommodation revoked',
};

const at = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** One registration: what it is, its history, and the commands (transfer, cancel, assessment, accommodations). */
export function RegistrationDetail({ id }: { id: string }) {
  const registration = useLiveQuery(() => getRegistration(db, id).then((r) => r ?? null), [id]);
  const event = useLiveQuery(
    () => (registration ? getEvent(db, registration.event_id).then((e) => e ?? null) : Promise.resolve(null)),
    [registration?.event_id],
  );
  const venue = useLiveQuery(
    () => (event ? getVenue(db, event.event_venue).then((v) => v ?? null) : Promise.resolve(null)),
    [event?.event_venue],
  );

  if (registration === undefined) return <p className="muted">Loading…</p>;
  if (registration === null)
    return (
      <>
        <a className="back-link" href="#/registrations">
          ← Registrations
        </a>
        <p className="alert alert-warning" role="alert">
          Registration not found.
        </p>
      </>
    );

  const r = registration;
  return (
    <>
      <a className="back-link" href="#/registrations">
        ← Registrations
      </a>
      <section className="card" aria-labelledby="registration-title">
        <header className="card-header">
          <h2 id="registration-title">
            {r.learner.first_name} {r.learner.last_name} · <span className="code">{r.code}</span>
          </h2>
          <RegistrationStatusBadge registration={r} />
        </header>
        {r.outcome_changed && (
          <p className="alert alert-warning">
            The server changed this registration: it was “{r.outcome_changed.from}” here.{' '}
            <button
              type="button"
              className="button button-quiet button-small"
              onClick={() => void acknowledgeRegistrationChanges(db, [r.registration_id])}
            >
              Mark as seen
            </button>
          </p>
        )}
        <dl className="facts">
          <div>
            <dt>Confirmation code</dt>
            <dd className="code">{r.code}</dd>
          </div>
          <div>
            <dt>Email</dt>
            <dd>{r.learner.email}</dd>
          </div>
          <div>
            <dt>Event</dt>
            <dd>
              {event ? (
                <a href={`#/events/${event.event_id}`}>
                  {eventName(event, venue?.name)}
                  {venue ? `, ${venueDateTime(event.event_start, venue.time_zone)}` : ''}
                </a>
              ) : (
                r.event_id
              )}
              {event && <span className="muted small"> ({seatsText(event)})</span>}
            </dd>
          </div>
          <div>
            <dt>Assessment</dt>
            <dd aria-label="Assessment">{r.assessment ?? 'none'}</dd>
          </div>
          <div>
            <dt>Registrant type</dt>
            <dd>{r.learner_registrant_type ?? '—'}</dd>
          </div>
          {r.status === 'cancelled' && (
            <div>
              <dt>Cancelled because</dt>
              <dd>{r.cancellation_reason ?? '—'}</dd>
            </div>
          )}
        </dl>
      </section>
      <Accommodations registration={r} />
      <div className="command-grid">
        <TransferForm key={event?.event_exam_type} registration={r} examType={event?.event_exam_type ?? ''} />
        <ChangeAssessmentForm registration={r} examType={event?.event_exam_type} />
        <CancelForm registration={r} />
      </div>
      <History entries={r.history} />
    </>
  );
}

/** Runs one command on the registration and keeps its refusal by field, for one form. */
function useCommand(registrationId: string, fields: readonly string[]) {
  const [error, setError] = useState<PlacedError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = async (command: FollowUpCommand, doneText: string): Promise<boolean> => {
    setError(null);
    setDone(null);
    try {
      await applyRegistrationCommand(db, registrationId, command);
      setDone(doneText);
      return true;
    } catch (failure) {
      setError(placeError(failure, fields));
      return false;
    }
  };
  const errorOf = (field: string) => (error?.field === field ? error.message : null);
  return { run, errorOf, done };
}

function CommandCard({
  title,
  onSubmit,
  submitLabel,
  formError,
  done,
  danger,
  children,
}: {
  title: string;
  onSubmit(): void;
  submitLabel: string;
  formError: string | null;
  done: string | null;
  danger?: boolean;
  children: ReactNode;
}) {
  return (
    <form
      className="form card"
      aria-label={title}
      noValidate
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <h2 className="field-title">{title}</h2>
      {children}
      <p className="field-error" role="alert">
        {formError}
      </p>
      <div className="form-actions">
        <button type="submit" className={danger ? 'button button-danger' : 'button'}>
          {submitLabel}
        </button>
        {done && (
          <span className="saved" role="status">
            {done}
          </span>
        )}
      </div>
    </form>
  );
}

const TRANSFER_FIELDS = ['event_venue', 'event_start', 'event_exam_type', 'learner', 'reason'] as const;

/** transfer-lax: to the event at another venue or start (found or made); the learner confirmed by email. */
function TransferForm({ registration, examType }: { registration: RegistrationRecord; examType: string }) {
  const venues = useVenues();
  const [target, setTarget] = useState<EventFieldsValue>({
    ...EMPTY_EVENT_FIELDS,
    event_exam_type: examType,
  });
  const [email, setEmail] = useState(registration.learner.email);
  const [reason, setReason] = useState('');
  const { run, errorOf, done } = useCommand(registration.registration_id, TRANSFER_FIELDS);

  const submit = async () => {
    // the learner who moves, confirmed by their email: seed 002 checks it belongs to the registration
    const typed = email.trim();
    const found = typed === '' ? [] : await findLearners(db, typed, 20);
    const learner = found.find((l) => l.email.toLowerCase() === typed.toLowerCase());
    const wire = eventFieldsToWire(target, venues);
    const ok = await run(
      {
        command: 'transfer-lax',
        body: {
          event_venue: wire.event_venue,
          event_start: wire.event_start,
          event_exam_type: wire.event_exam_type,
          learner: typed === '' ? undefined : (learner?.learner_id ?? typed),
          reason: reason.trim() === '' ? null : reason.trim(),
        },
      },
      'Transferred',
    );
    if (ok) setReason('');
  };

  return (
    <CommandCard
      title="Transfer"
      submitLabel="Transfer"
      onSubmit={() => void submit()}
      formError={errorOf('form')}
      done={done}
    >
      <EventFields
        idPrefix="transfer"
        value={target}
        onChange={setTarget}
        errorOf={errorOf}
        only={['event_venue', 'start', 'event_exam_type']}
      />
      <FieldRow
        id="transfer-learner"
        label="Learner's email"
        hint="Confirms who moves. A new event keeps the format and billing code of this one."
        error={errorOf('learner')}
      >
        {(control) => (
          <input
            {...control}
            className="input"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        )}
      </FieldRow>
      <FieldRow id="transfer-reason" label="Reason for the transfer" error={errorOf('reason')}>
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
    </CommandCard>
  );
}

const ASSESSMENT_FIELDS = ['assessment'] as const;

function ChangeAssessmentForm({
  registration,
  examType,
}: {
  registration: RegistrationRecord;
  examType: string | undefined;
}) {
  const [assessment, setAssessment] = useState('');
  const { run, errorOf, done } = useCommand(registration.registration_id, ASSESSMENT_FIELDS);
  return (
    <CommandCard
      title="Change the assessment"
      submitLabel="Change the assessment"
      onSubmit={() =>
        void run(
          { command: 'change-assessment', body: { assessment: assessment.trim() } },
          'Assessment changed',
        )
      }
      formError={errorOf('form')}
      done={done}
    >
      <AssessmentField
        id="change-assessment"
        label="New assessment"
        hint="A published, non-bilingual form."
        examType={examType}
        value={assessment}
        onChange={setAssessment}
        error={errorOf('assessment')}
      />
    </CommandCard>
  );
}

const CANCEL_FIELDS = ['reason'] as const;

function CancelForm({ registration }: { registration: RegistrationRecord }) {
  const [reason, setReason] = useState('');
  const { run, errorOf, done } = useCommand(registration.registration_id, CANCEL_FIELDS);
  return (
    <CommandCard
      title="Cancel the registration"
      submitLabel="Cancel the registration"
      danger
      onSubmit={() =>
        void run(
          { command: 'cancel', body: { reason: reason.trim() === '' ? null : reason.trim() } },
          'Cancelled',
        )
      }
      formError={errorOf('form')}
      done={done}
    >
      <FieldRow id="cancel-reason" label="Reason for cancelling" error={errorOf('reason')}>
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
    </CommandCard>
  );
}

const ACCOMMODATION_FIELDS = ['accommodations'] as const;

/** The accommodations granted, each with Revoke, and the form to grant one (a type granted again is replaced). */
function Accommodations({ registration }: { registration: RegistrationRecord }) {
  const [draft, setDraft] = useState(EMPTY_ACCOMMODATION);
  const grant = useCommand(registration.registration_id, ACCOMMODATION_FIELDS);
  const revoke = useCommand(registration.registration_id, ACCOMMODATION_FIELDS);
  const list = registration.accommodations;
  return (
    <section className="card" aria-labelledby="accommodations-title">
      <header className="card-header">
        <h2 id="accommodations-title">Accommodations</h2>
      </header>
      {list.length === 0 ? (
        <p className="empty">None granted.</p>
      ) : (
        <table className="data-table" aria-label="Accommodations granted">
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col">Description</th>
              <th scope="col" className="num">
                Extra minutes
              </th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((a) => (
              <tr key={a.type}>
                <td>{a.type}</td>
                <td>{a.name ?? '—'}</td>
                <td className="num">{a.time_extension ?? 0}</td>
                <td>
                  <button
                    type="button"
                    className="button button-quiet button-small"
                    onClick={() =>
                      void revoke.run({ command: 'revoke-accommodation', body: { type: a.type } }, 'Revoked')
                    }
                  >
                    Revoke {a.type}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="field-error" role="alert">
        {revoke.errorOf('accommodations') ?? revoke.errorOf('form')}
      </p>
      <form
        className="form"
        aria-label="Grant an accommodation"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void grant
            .run({ command: 'grant-accommodation', body: accommodationToWire(draft) }, 'Granted')
            .then((ok) => ok && setDraft(EMPTY_ACCOMMODATION));
        }}
      >
        <div className="accommodation-row">
          <AccommodationInputs
            idPrefix="grant"
            errorId="grant-error"
            value={draft}
            onChange={setDraft}
            invalid={!!grant.errorOf('accommodations')}
          />
        </div>
        <p id="grant-error" className="field-error" role="alert">
          {grant.errorOf('accommodations') ?? grant.errorOf('form')}
        </p>
        <div className="form-actions">
          <button type="submit" className="button">
            Grant the accommodation
          </button>
          {(grant.done ?? revoke.done) && (
            <span className="saved" role="status">
              {grant.done ?? revoke.done}
            </span>
          )}
        </div>
      </form>
    </section>
  );
}

function History({ entries }: { entries: readonly HistoryEntry[] }) {
  return (
    <section className="card" aria-labelledby="history-title">
      <header className="card-header">
        <h2 id="history-title">History</h2>
      </header>
      <table className="data-table" aria-label="History">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">What</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry, index) => (
            <tr key={index}>
              <td>{at.format(new Date(entry.at))}</td>
              <td>{COMMAND_LABELS[entry.command]}</td>
              <td>{entry.reason ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
