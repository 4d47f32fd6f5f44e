import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect } from 'react';
import { BatchStatus } from '../../../src/contract';
import { listBatches } from '../../../src/batches';
import type { BatchRecord } from '../../../src/db';
import { hrefFor } from '../../app/navigation';
import { db } from '../../database/db';
import { useBatchList } from './batchListStore';
import { BATCH_STATUS_LABEL, statusBadgeClass } from './statusLabels';
import { Pager } from '../../components/Pager';
import { formatMoment, type DateOrder } from '../../components/dates';
import { useDateOrder } from '../../components/useDateOrder';
import { useHashQuery } from '../expiry/useHashQuery';
import { DateInput } from '../../components/DateInput';

const number = new Intl.NumberFormat();

/**
 * A link's filter (`#/batches?status=partial`, `#/batches?failed=1`, from the dashboard) replaces
 * the list's filters when the link is followed; the controls change them from there.
 */
function useFiltersFromLink(setFilters: ReturnType<typeof useBatchList.getState>['setFilters']): void {
  const status = useHashQuery('status');
  const failed = useHashQuery('failed');
  useEffect(() => {
    if (status === null && failed === null) return;
    const parsed = BatchStatus.safeParse(status);
    setFilters({
      status: parsed.success ? parsed.data : '',
      withFailedItems: failed === '1',
      search: '',
      from: '',
      to: '',
    });
  }, [status, failed, setFilters]);
}

/** A local calendar day's first or last instant, as the ISO text batches are indexed by. */
function dayBound(day: string, end: boolean): string | undefined {
  if (!day) return undefined;
  const date = new Date(`${day}T${end ? '23:59:59.999' : '00:00:00.000'}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The batches, newest first, filtered, paginated; running batches' progress is live. */
export function BatchList() {
  const { page, limit, status, from, to, search, withFailedItems, setPage, setFilters } = useBatchList();
  useFiltersFromLink(setFilters);
  const order = useDateOrder();
  const result = useLiveQuery(
    () =>
      listBatches(db, {
        page,
        limit,
        ...(status ? { status } : {}),
        ...(dayBound(from, false) ? { submittedFrom: dayBound(from, false) } : {}),
        ...(dayBound(to, true) ? { submittedTo: dayBound(to, true) } : {}),
        ...(search.trim() ? { search } : {}),
        ...(withFailedItems ? { withFailedItems } : {}),
      }),
    [page, limit, status, from, to, search, withFailedItems],
  );
  const total = result?.pagination.total ?? 0;

  return (
    <section className="card" aria-labelledby="batch-list-title">
      <header className="card-header">
        <h2 id="batch-list-title">All batches</h2>
        <a className="button button-small" href={hrefFor('import')}>
          Import a spreadsheet
        </a>
      </header>
      <div className="filters" role="search" aria-label="Filter batches">
        <div className="field">
          <label htmlFor="batch-search">Search</label>
          <input
            id="batch-search"
            className="input"
            type="search"
            placeholder="Label or mentor id"
            value={search}
            onChange={(e) => setFilters({ search: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="batch-status">Status</label>
          <select
            id="batch-status"
            className="select"
            value={status}
            onChange={(e) => setFilters({ status: e.target.value as BatchStatus | '' })}
          >
            <option value="">Any status</option>
            {BatchStatus.options.map((s) => (
              <option key={s} value={s}>
                {BATCH_STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="batch-from">Submitted from</label>
          <DateInput
            id="batch-from"
            className="input"
            value={from}
            onChange={(iso) => setFilters({ from: iso })}
          />
        </div>
        <div className="field">
          <label htmlFor="batch-to">to</label>
          <DateInput id="batch-to" className="input" value={to} onChange={(iso) => setFilters({ to: iso })} />
        </div>
        <label className="choice" htmlFor="batch-with-failed">
          <input
            id="batch-with-failed"
            type="checkbox"
            checked={withFailedItems}
            onChange={(e) => setFilters({ withFailedItems: e.target.checked })}
          />
          Only batches with failed items
        </label>
      </div>
      {result === undefined ? (
        <p className="muted">Loading…</p>
      ) : result.data.length === 0 ? (
        <p className="empty">
          {status || from || to || search || withFailedItems
            ? 'No batch matches these filters.'
            : 'No batch yet: import a spreadsheet.'}
        </p>
      ) : (
        <table className="data-table" aria-label="Batches">
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Items
              </th>
              <th scope="col" className="num">
                Succeeded
              </th>
              <th scope="col" className="num">
                Failed
              </th>
              <th scope="col">Progress</th>
              <th scope="col">Submitted</th>
            </tr>
          </thead>
          <tbody>
            {result.data.map((batch) => (
              <BatchRow key={batch.id} batch={batch} order={order} />
            ))}
          </tbody>
        </table>
      )}
      <Pager
        page={page}
        limit={limit}
        total={total}
        noun={['batch', 'batches']}
        onPage={setPage}
        onLimit={(limit) => setFilters({ limit })}
      />
    </section>
  );
}

function BatchRow({ batch, order }: { batch: BatchRecord; order: DateOrder }) {
  const done = batch.completed + batch.failed + batch.cancelled_items;
  return (
    <tr>
      <td>
        <a href={`#/batches/${encodeURIComponent(batch.id)}`}>{batch.label || '(no label)'}</a>
        {batch.source_name && batch.source_name !== batch.label && (
          <div className="muted small">{batch.source_name}</div>
        )}
      </td>
      <td>
        <span className={statusBadgeClass(batch.status)}>{BATCH_STATUS_LABEL[batch.status]}</span>
      </td>
      <td className="num">{number.format(batch.total_items)}</td>
      <td className="num">{number.format(batch.completed)}</td>
      <td className="num">{number.format(batch.failed)}</td>
      <td>
        <progress
          className="job-progress"
          aria-label={`Progress of ${batch.label}`}
          max={Math.max(batch.total_items, 1)}
          value={done}
        />
        <span className="muted small">
          {number.format(done)} of {number.format(batch.total_items)}
        </span>
      </td>
      <td>
        <SubmittedAt batch={batch} order={order} />
      </td>
    </tr>
  );
}

/** The coordinator's submission time, and the server's receipt time where it reads differently. */
function SubmittedAt({ batch, order }: { batch: BatchRecord; order: DateOrder }) {
  const submitted = formatMoment(batch.submitted_at, order);
  const received = batch.server_submitted_at && formatMoment(batch.server_submitted_at, order);
  return (
    <>
      {submitted}
      {received && received !== submitted && (
        <div className="muted small" title="When the server received it">
          server: {received}
        </div>
      )}
    </>
  );
}
