import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { readBatchItems, type BatchRecord } from '../../../src/db';
import { db } from '../../database/db';
import { ITEM_STATUS_LABEL } from './statusLabels';
import { formatCalendarDate } from '../../components/dates';
import { useDateOrder } from '../../components/useDateOrder';

/**
 * True from the browser's `beforeprint` to its `afterprint`. The state is set with flushSync:
 * the print layout is taken right after the event, so what it shows must be in the DOM by then.
 */
function usePrinting(): boolean {
  const [printing, setPrinting] = useState(false);
  useEffect(() => {
    const before = () => flushSync(() => setPrinting(true));
    const after = () => setPrinting(false);
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
    };
  }, []);
  return printing;
}

/**
 * A batch's results as the printed page shows them: every item (the screen's table is virtual and
 * holds only the rows in view), rendered only while printing (`.print-only`, print.css).
 */
export function PrintableResults({ batch }: { batch: BatchRecord }) {
  const printing = usePrinting();
  const order = useDateOrder();
  // read ahead: there is no time to read them between `beforeprint` and the print layout
  const items = useLiveQuery(() => readBatchItems(db, batch.id), [batch.id, batch.updated_at]);
  if (!printing || !items) return null;
  return (
    <section className="print-only printable-results" aria-label="Printed results">
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Mentor ID</th>
            <th scope="col">Activity type</th>
            <th scope="col">Date</th>
            <th scope="col" className="num">
              Minutes
            </th>
            <th scope="col">Status</th>
            <th scope="col">Activity ID or reason</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.seq}>
              <td>{item.item_id}</td>
              <td>{item.mentor_id}</td>
              <td>{item.activity_type}</td>
              <td>{formatCalendarDate(item.activity_date, order)}</td>
              <td className="num">{item.duration_minutes}</td>
              <td>{ITEM_STATUS_LABEL[item.status]}</td>
              <td>{item.error ?? item.activity_id ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Prints the page (the results with every item, without the navigation). */
export function PrintResultsButton() {
  return (
    <button type="button" className="button button-quiet button-small" onClick={() => window.print()}>
      Print results
    </button>
  );
}
