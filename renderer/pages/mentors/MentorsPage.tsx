import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { getExpirySettings, listMentors, type MentorState, type MentorView } from '../../../src/expiry';
import { hrefFor, navigate } from '../../app/navigation';
import { db } from '../../database/db';
import { useNow } from '../../hooks/useNow';
import { useImportWizard } from '../import/importWizardStore';
import { daysLeftLabel, filterableStates, stateBadgeClass, stateLabel } from '../expiry/thresholdLabels';
import { useHashQuery } from '../expiry/useHashQuery';
import { MentorEditDialog } from './MentorEditDialog';
import { useMentorList } from './mentorListStore';
import '../settings/forms.css';
import '../batches/batches.css';
import '../expiry/expiry.css';
import { Pager } from '../../components/Pager';
import { formatCalendarDate } from '../../components/dates';
import { useDateOrder } from '../../components/useDateOrder';

const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * `#/mentors`: the roster with each mentor's certification state on today's local date, filtered
 * by state and search; `#/mentors?attention=<run ids>` shows only the mentors a reminder named;
 * `#/mentors?state=expired` sets the state filter and `#/mentors?within=7` shows the certifications
 * expiring from tomorrow through 7 days ahead (the dashboard's links).
 */
export function MentorsPage() {
  const { page, limit, state, search, setPage, setFilters } = useMentorList();
  const attention = useHashQuery('attention');
  const attentionRunIds = attention ? attention.split(',').filter((id) => id !== '') : [];
  const stateQuery = useHashQuery('state');
  const withinQuery = Number(useHashQuery('within'));
  const within = Number.isInteger(withinQuery) && withinQuery > 0 ? withinQuery : undefined;
  const order = useDateOrder();
  useEffect(() => {
    // a link's state replaces the filter when followed; the select changes it from there
    if (stateQuery !== null) setFilters({ state: stateQuery as MentorState, search: '' });
    else if (within !== undefined) setFilters({ state: '', search: '' });
  }, [stateQuery, within, setFilters]);
  const now = useNow(60_000);
  const [editing, setEditing] = useState<MentorView | null>(null);
  const settings = useLiveQuery(() => getExpirySettings(db), []);
  const result = useLiveQuery(
    () =>
      listMentors(
        db,
        {
          page,
          limit,
          ...(state ? { state } : {}),
          ...(search.trim() ? { search } : {}),
          ...(attentionRunIds.length > 0 ? { attention_run_ids: attentionRunIds } : {}),
          ...(within !== undefined ? { expires_within_days: within } : {}),
        },
        // the day changes at local midnight: a minute's precision is plenty
        { now: Math.floor(now / 60_000) * 60_000, timeZone },
      ),
    [page, limit, state, search, attention, within, Math.floor(now / 60_000)],
  );
  const total = result?.pagination.total ?? 0;

  const importRoster = () => {
    useImportWizard.getState().setKind('mentor_roster');
    navigate('/import');
  };

  return (
    <div className="page mentors">
      <section className="card" aria-labelledby="mentor-list-title">
        <header className="card-header">
          <h2 id="mentor-list-title">Mentor certifications</h2>
          <button type="button" className="button button-small" onClick={importRoster}>
            Import a roster
          </button>
        </header>
        {attentionRunIds.length > 0 && (
          <div className="alert alert-info" role="note">
            <p>
              Showing the mentors a reminder named. <a href={hrefFor('mentors')}>Show every mentor</a>
            </p>
          </div>
        )}
        {within !== undefined && (
          <div className="alert alert-info" role="note">
            <p>
              Showing the certifications that expire within {within} days (not yet expired).{' '}
              <a href={hrefFor('mentors')}>Show every mentor</a>
            </p>
          </div>
        )}
        <div className="filters" role="search" aria-label="Filter mentors">
          <div className="field">
            <label htmlFor="mentor-search">Search</label>
            <input
              id="mentor-search"
              className="input"
              type="search"
              placeholder="Name or mentor id"
              value={search}
              onChange={(e) => setFilters({ search: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor="mentor-state">State</label>
            <select
              id="mentor-state"
              className="select"
              value={state}
              onChange={(e) => setFilters({ state: e.target.value as MentorState | '' })}
            >
              <option value="">Any state</option>
              {filterableStates(settings?.thresholds ?? []).map((s) => (
                <option key={s} value={s}>
                  {stateLabel(s)}
                </option>
              ))}
            </select>
          </div>
        </div>
        {result === undefined ? (
          <p className="muted">Loading…</p>
        ) : result.data.length === 0 ? (
          <p className="empty">
            {state || search || attentionRunIds.length > 0 || within !== undefined
              ? 'No mentor matches these filters.'
              : 'No mentor yet: import a roster with their certification expiry dates.'}
          </p>
        ) : (
          <table className="data-table" aria-label="Mentors">
            <thead>
              <tr>
                <th scope="col">Mentor</th>
                <th scope="col">Coordinator</th>
                <th scope="col">Email</th>
                <th scope="col">Certification expires</th>
                <th scope="col">State</th>
                <th scope="col" aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {result.data.map((mentor) => (
                <tr key={mentor.mentor_id}>
                  <td>
                    {mentor.name}
                    <div className="muted small">{mentor.mentor_id}</div>
                  </td>
                  <td>{mentor.coordinator_id}</td>
                  <td>{mentor.email ?? <span className="muted">none</span>}</td>
                  <td>
                    <time dateTime={mentor.expiry_date}>{formatCalendarDate(mentor.expiry_date, order)}</time>
                    <div className="muted small">{daysLeftLabel(mentor.days_left)}</div>
                  </td>
                  <td>
                    <span className={stateBadgeClass(mentor.state)}>{stateLabel(mentor.state)}</span>
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button button-quiet button-small"
                      aria-label={`Edit ${mentor.name}`}
                      onClick={() => setEditing(mentor)}
                    >
                      Edit
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager
          page={page}
          limit={limit}
          total={total}
          noun={['mentor', 'mentors']}
          onPage={setPage}
          onLimit={(limit) => setFilters({ limit })}
        />
      </section>
      {editing && (
        <MentorEditDialog key={editing.mentor_id} mentor={editing} onClose={() => setEditing(null)} />
      )}
    </div>
  );
}
