import { DEFAULT_MAX_ITEMS } from '../../../src/contract';
import type { DateOrder } from '../../../src/import';
import { updateCoordinatorSettings } from '../../../src/settings/coordinatorSettings';
import { db } from '../../database/db';
import { useCoordinatorSettings } from './useCoordinatorSettings';

const number = new Intl.NumberFormat('en-US');

const ORDERS: readonly { value: DateOrder; label: string; example: string }[] = [
  { value: 'DMY', label: 'Day first', example: '03/04/2026 is 3 April 2026' },
  { value: 'MDY', label: 'Month first', example: '03/04/2026 is 4 March 2026' },
];

/** How spreadsheets are read, and what a submission becomes. */
export function ImportSection() {
  const settings = useCoordinatorSettings();
  return (
    <section className="card" aria-labelledby="import-settings-title">
      <header className="card-header">
        <h2 id="import-settings-title">Import</h2>
      </header>
      {settings === undefined ? (
        <p className="muted">Loading…</p>
      ) : (
        <div className="form">
          <fieldset className="field">
            <legend>Dates written as text</legend>
            {ORDERS.map((order) => (
              <label key={order.value} className="choice">
                <input
                  type="radio"
                  name="date-order"
                  value={order.value}
                  checked={settings.date_order === order.value}
                  onChange={() => void updateCoordinatorSettings(db, { date_order: order.value })}
                />
                {order.label} <span className="muted">({order.example})</span>
              </label>
            ))}
            <span className="field-hint">
              Date cells and ISO dates (2026-04-03) are always read as they are; a text date that reads
              differently the other way round is flagged in the preview. The app shows dates in this order
              too.
            </span>
          </fieldset>
          <div>
            <h3 className="field-title">Batches</h3>
            <ul className="notes muted">
              <li>
                A batch holds at most {number.format(DEFAULT_MAX_ITEMS)} registrations; a larger file becomes
                several batches, said before you submit.
              </li>
              <li>
                Batches are processed on this computer, offline: a registration fails as &ldquo;Duplicate
                activity on this date&rdquo; when its mentor already has that activity on that date.
              </li>
              <li>The central server&rsquo;s outcome replaces the local one once the batch is synced.</li>
            </ul>
          </div>
        </div>
      )}
    </section>
  );
}
