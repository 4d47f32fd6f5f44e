import { useLiveQuery } from 'dexie-react-hooks';
import { RunStatus } from '../../../src/contract/expiryOrchestration';
import { listRuns, type ExpiryRunSummaryView } from '../../../src/expiry';
import { db } from '../../database/db';
import { stateLabel } from '../expiry/thresholdLabels';
import { RunNowButton } from './RunNowButton';
import { RUN_STATUS_LABEL, runStatusBadgeClass, triggeredByLabel } from './runLabels';
import { useRunList } from './runListStore';
import { Pager } from '../../components/Pager';
import { formatMoment } from '../../components/dates';
import { useDateOrder } from '../../components/useDateOrder';

const number = new Intl.NumberFormat();

/** The reminder runs, latest first, paginated as the contract (page, limit, total), by status. */
export function RunList() {
  const { page, limit, status, setPage, setFilters } = useRunList();
  const result = useLiveQuery(
    () => listRuns(db, { page, limit, ...(status ? { status } : {}) }),
    [page, limit, status],
  );
  const total = result?.pagination.total ?? 0;

  return (
    <section className="card" aria-labelledby="run-list-title">
      <header className="card-header">
        <h2 id="run-list-title">Reminder runs</h2>
        <RunNowButton />
      </header>
      <div className="filters" role="search" aria-label="Filter runs">
        <div className="field">
          <label htmlFor="run-status">Status</label>
          <select
            id="run-status"
            className="select"
            value={status}
            onChange={(e) => setFilters({ status: e.target.value as RunStatus | '' })}
          >
            <option value="">Any status</option>
            {RunStatus.options.map((s) => (
              <option key={s} value={s}>
                {RUN_STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
      </div>
      {result === undefined ? (
        <p className="muted">Loading…</p>
      ) : result.data.length === 0 ? (
        <p className="empty">
          {status ? 'No run has this status.' : 'No run yet: the first one starts with the daily schedule.'}
        </p>
      ) : (
        <table className="data-table" aria-label="Runs">
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Triggered by</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Evaluated
              </th>
              <th scope="col" className="num">
                Notifications
              </th>
              <th scope="col">Thresholds hit</th>
            </tr>
          </thead>
          <tbody>
            {result.data.map((run) => (
              <RunRow key={run.run_id} run={run} />
            ))}
          </tbody>
        </table>
      )}
      <Pager
        page={page}
        limit={limit}
        total={total}
        noun={['run', 'runs']}
        onPage={setPage}
        onLimit={(limit) => setFilters({ limit })}
      />
    </section>
  );
}

function RunRow({ run }: { run: ExpiryRunSummaryView }) {
  const order = useDateOrder();
  return (
    <tr>
      <td>
        <a href={`#/runs/${encodeURIComponent(run.run_id)}`}>{formatMoment(run.started_at, order)}</a>
      </td>
      <td>{triggeredByLabel(run.triggered_by)}</td>
      <td>
        <span className={runStatusBadgeClass(run.status)}>{RUN_STATUS_LABEL[run.status]}</span>
      </td>
      <td className="num">{number.format(run.expirations_evaluated)}</td>
      <td className="num">{number.format(run.notifications_dispatched)}</td>
      <td>{run.thresholds_hit.length > 0 ? run.thresholds_hit.map(stateLabel).join(', ') : '—'}</td>
    </tr>
  );
}
