import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useMemo, useState } from 'react';
import { listBatchItems } from '../../../src/batches';
import type { ItemRecord } from '../../../src/db';
import { formatCalendarDate, type DateOrder } from '../../components/dates';
import { useDateOrder } from '../../components/useDateOrder';
import { VirtualTable, type VirtualColumn, type VisibleRange } from '../../components/VirtualTable';
import { db } from '../../database/db';
import { FixItemDialog } from './FixItemDialog';
import { ITEM_STATUS_LABEL, statusBadgeClass } from './statusLabels';

const ROW_HEIGHT = 36;
const MARGIN = 40;
const number = new Intl.NumberFormat();

function columns(fix: (item: ItemRecord) => void, order: DateOrder): VirtualColumn<ItemRecord>[] {
  return [
    { key: 'item', header: 'Item', width: '5.5rem', render: (item) => item.item_id },
    // the row of the imported sheet, numbered as the spreadsheet does (as the import grid's Row); items stored before it have none
    { key: 'row', header: 'Row', width: '3.5rem', render: (item) => item.source_row ?? '' },
    { key: 'mentor', header: 'Mentor ID', width: 'minmax(7rem, 1fr)', render: (item) => item.mentor_id },
    {
      key: 'type',
      header: 'Activity type',
      width: 'minmax(7rem, 1fr)',
      render: (item) => item.activity_type,
    },
    {
      key: 'date',
      header: 'Date',
      width: '6.5rem',
      render: (item) => formatCalendarDate(item.activity_date, order),
    },
    { key: 'minutes', header: 'Minutes', width: '4.5rem', render: (item) => item.duration_minutes },
    {
      key: 'status',
      header: 'Status',
      width: '6.5rem',
      render: (item) => (
        <span className={statusBadgeClass(item.status)}>{ITEM_STATUS_LABEL[item.status]}</span>
      ),
    },
    {
      key: 'outcome',
      header: 'Activity ID or reason',
      width: 'minmax(10rem, 2fr)',
      render: (item) =>
        item.error ? (
          <span className="item-error" title={item.error}>
            {item.error}
          </span>
        ) : (
          <span title={item.activity_id}>{item.activity_id ?? ''}</span>
        ),
    },
    {
      key: 'notes',
      header: 'Notes',
      width: 'minmax(6rem, 1fr)',
      render: (item) => <span title={item.notes}>{item.notes ?? ''}</span>,
    },
    {
      key: 'fix',
      header: 'Fix',
      width: '4rem',
      render: (item) =>
        item.status === 'failed' ? (
          <button
            type="button"
            className="button button-quiet button-small"
            aria-label={`Fix ${item.item_id}`}
            onClick={() => fix(item)}
          >
            Fix…
          </button>
        ) : null,
    },
  ];
}

/** A batch's items in a virtualized table, live; all of them or only the failed ones. */
export function BatchItemsTable({ batchId, failed }: { batchId: string; failed: number }) {
  const [onlyFailed, setOnlyFailed] = useState(false);
  const [range, setRange] = useState<VisibleRange>({ start: 0, end: 40 });
  const offset = Math.max(0, Math.floor((range.start - MARGIN / 2) / MARGIN) * MARGIN);
  const limit = range.end - offset + MARGIN;
  const page = useLiveQuery(
    async () => ({
      offset,
      onlyFailed,
      ...(await listBatchItems(db, batchId, { offset, limit, onlyFailed })),
    }),
    [batchId, offset, limit, onlyFailed],
  );
  // keep showing the last page of this filter while the next one loads
  const [shown, setShown] = useState(page);
  if (page && page !== shown) setShown(page);
  const current = shown && shown.onlyFailed === onlyFailed ? shown : undefined;

  const getRow = useCallback(
    (index: number) => (current ? current.items[index - current.offset] : undefined),
    [current],
  );
  const [fixing, setFixing] = useState<ItemRecord | null>(null);
  const [fixed, setFixed] = useState<string | null>(null);
  const order = useDateOrder();
  const tableColumns = useMemo(() => columns(setFixing, order), [order]);

  return (
    <section className="card" aria-labelledby="items-title">
      <header className="card-header">
        <h2 id="items-title">Items</h2>
        <div className="segmented" role="group" aria-label="Show items">
          <button
            type="button"
            className="segmented-button"
            aria-pressed={!onlyFailed}
            onClick={() => setOnlyFailed(false)}
          >
            All
          </button>
          <button
            type="button"
            className="segmented-button"
            aria-pressed={onlyFailed}
            onClick={() => setOnlyFailed(true)}
          >
            Failed ({number.format(failed)})
          </button>
        </div>
      </header>
      <VirtualTable
        label={onlyFailed ? 'Failed items' : 'Items'}
        columns={tableColumns}
        rowCount={current?.total ?? 0}
        rowHeight={ROW_HEIGHT}
        getRow={getRow}
        onVisibleRangeChange={setRange}
        rowClassName={(item) => (item.status === 'failed' ? 'vtable-row-error' : undefined)}
        empty={current === undefined ? 'Loading…' : onlyFailed ? 'No item failed.' : 'No items.'}
      />
      {fixed && (
        <p className="alert alert-ok" role="status">
          {fixed}
        </p>
      )}
      {fixing && (
        <FixItemDialog
          batchId={batchId}
          item={fixing}
          onClose={(message) => {
            setFixing(null);
            if (message) setFixed(message);
          }}
        />
      )}
    </section>
  );
}
