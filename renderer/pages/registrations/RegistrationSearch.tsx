import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { RegistrationFilters } from '../../../src/contract';
import { instantAtVenue } from '../../../src/events/venueTime';
import { searchRegistrations } from '../../../src/registrations';
import { DateTimeInput } from '../../components/DateTimeInput';
import { Pager } from '../../components/Pager';
import { db } from '../../database/db';
import { useVenueMap } from '../field/useFieldData';
import { RegistrationStatusBadge } from './RegistrationStatusBadge';

interface Typed {
  name: string;
  email: string;
  code: string;
  /** `YYYY-MM-DDTHH:MM` on this computer's clock, or the text typed when it is not a time */
  since: string;
  before: string;
  status: '' | 'active' | 'cancelled';
}

const HERE = Intl.DateTimeFormat().resolvedOptions().timeZone;

const EMPTY: Typed = { name: '', email: '', code: '', since: '', before: '', status: '' };

/** The typed filters as contract C3's: empty ones left out, change times as instants. */
function filtersOf(typed: Typed): RegistrationFilters {
  // text that is not a time (the field says why) filters nothing
  const instant = (local: string) => instantAtVenue(local, HERE);
  const text = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const filters: RegistrationFilters = {};
  const name = text(typed.name);
  const email = text(typed.email);
  const code = text(typed.code);
  const since = instant(typed.since);
  const before = instant(typed.before);
  if (name) filters.name = name;
  if (email) filters.email = email;
  if (code) filters.code = code;
  if (since) filters.last_change_time_since = since;
  if (before) filters.last_change_time_before = before;
  if (typed.status) filters.status = typed.status;
  return filters;
}

/** The filters as the form shows them, in order: a text, a change time, or a choice. */
type FilterField =
  | { key: 'name' | 'email'; label: string; kind: 'text' }
  | { key: 'code'; label: string; kind: 'code' }
  | { key: 'since' | 'before'; label: string; kind: 'moment' }
  | { key: 'status'; label: string; kind: 'choice'; options: readonly [Typed['status'], string][] };

const FILTER_FIELDS: readonly FilterField[] = [
  { key: 'name', label: 'Name', kind: 'text' },
  { key: 'email', label: 'Email', kind: 'text' },
  { key: 'code', label: 'Code', kind: 'code' },
  { key: 'since', label: 'Changed since', kind: 'moment' },
  { key: 'before', label: 'Changed before', kind: 'moment' },
  {
    key: 'status',
    label: 'Status',
    kind: 'choice',
    options: [
      ['', 'Any'],
      ['active', 'Active'],
      ['cancelled', 'Cancelled'],
    ],
  },
];

function FilterControl({
  field,
  value,
  onChange,
}: {
  field: FilterField;
  value: string;
  onChange(value: string): void;
}) {
  const id = `search-${field.key}`;
  switch (field.kind) {
    case 'text':
    case 'code':
      return (
        <input
          id={id}
          className={field.kind === 'code' ? 'input input-code' : 'input'}
          type="search"
          {...(field.kind === 'code' ? { spellCheck: false } : {})}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      );
    case 'moment':
      return <DateTimeInput id={id} className="input" value={value} onChange={onChange} />;
    case 'choice':
      return (
        <select id={id} className="select" value={value} onChange={(e) => onChange(e.target.value)}>
          {field.options.map(([option, label]) => (
            <option key={option} value={option}>
              {label}
            </option>
          ))}
        </select>
      );
  }
}

const number = new Intl.NumberFormat();
const changedAt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * Search of the registrations on this computer: name (first, last or full, ignoring case and
 * accents), email, code, and seed 002's change-time filters, with the count; paged.
 */
export function RegistrationSearch() {
  const [typed, setTyped] = useState<Typed>(EMPTY);
  const [page, setPage] = useState(1);
  const [limit, setLimit] = useState(20);
  const filters = filtersOf(typed);
  const key = JSON.stringify(filters);
  const result = useLiveQuery(
    () => searchRegistrations(db, filters, { offset: (page - 1) * limit, limit }),
    [key, page, limit],
  );
  const events = useLiveQuery(
    () => db.events.toArray().then((list) => new Map(list.map((e) => [e.event_id, e]))),
    [],
  );
  const venues = useVenueMap();
  const set = (patch: Partial<Typed>) => {
    setTyped({ ...typed, ...patch });
    setPage(1);
  };

  return (
    <>
      <form
        className="filters"
        role="search"
        aria-label="Search registrations"
        onSubmit={(e) => e.preventDefault()}
      >
        {FILTER_FIELDS.map((field) => (
          <div className="field" key={field.key}>
            <label htmlFor={`search-${field.key}`}>{field.label}</label>
            <FilterControl field={field} value={typed[field.key]} onChange={(v) => set({ [field.key]: v })} />
          </div>
        ))}
      </form>
      <section className="card" aria-labelledby="search-results-title">
        <header className="card-header">
          <h2 id="search-results-title">Registrations</h2>
          <span className="muted" role="status" aria-label="Registrations found">
            {result === undefined
              ? '…'
              : `${number.format(result.count)} ${result.count === 1 ? 'registration' : 'registrations'}`}
          </span>
        </header>
        {result === undefined ? (
          <p className="muted">Loading…</p>
        ) : result.count === 0 ? (
          <p className="empty">No registration matches.</p>
        ) : (
          <>
            <table className="data-table" aria-label="Registrations found">
              <thead>
                <tr>
                  <th scope="col">Code</th>
                  <th scope="col">Learner</th>
                  <th scope="col">Email</th>
                  <th scope="col">Event</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last change</th>
                </tr>
              </thead>
              <tbody>
                {result.rows.map((r) => {
                  const event = events?.get(r.event_id);
                  const venue = event ? venues?.get(event.event_venue) : undefined;
                  return (
                    <tr key={r.registration_id}>
                      <td>
                        <a className="code" href={`#/registrations/${r.registration_id}`}>
                          {r.code}
                        </a>
                      </td>
                      <td>
                        {r.learner.first_name} {r.learner.last_name}
                      </td>
                      <td>{r.learner.email}</td>
                      <td>
                        {event ? (
                          <a href={`#/events/${event.event_id}`}>
                            {event.local_date} {event.event_exam_type} · {venue?.name ?? 'unknown venue'}
                          </a>
                        ) : (
                          '—'
                        )}
                      </td>
                      <td>
                        <RegistrationStatusBadge registration={r} />
                      </td>
                      <td>{changedAt.format(new Date(r.updated_at))}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <Pager
              page={page}
              limit={limit}
              total={result.count}
              noun={['registration', 'registrations']}
              onPage={setPage}
              onLimit={(n) => {
                setLimit(n);
                setPage(1);
              }}
            />
          </>
        )}
      </section>
    </>
  );
}
