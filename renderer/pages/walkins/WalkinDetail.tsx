import { useLiveQuery } from 'dexie-react-hooks';
import { memo, useState } from 'react';
import type { SectionRecord, WalkinLocalRecord } from '../../../src/db';
import { describeError } from '../../../src/errors';
import { walkinName } from '../../../src/sync/kinds/walkinKind';
import { requestSync } from '../../../src/sync/syncer';
import {
  WalkinError,
  authorizeLocalWalkin,
  editAndRetryWalkin,
  loadStaffUuid,
  termCatalogue,
  walkinRefusal,
  type WalkinRefusal,
} from '../../../src/walkins';
import { hrefFor } from '../../app/navigation';
import { db } from '../../database/db';
import { FieldErrorList } from './FieldErrors';
import { WalkinForm } from './WalkinForm';
import { WalkinReceipt } from './WalkinReceipt';
import { STATE_LABEL, SYNC_LABEL } from './walkinLabels';

/**
 * The form keeps what is typed itself and saves it on every change; the record it is handed
 * changes with each of those saves, which must not re-render the whole form on every keystroke.
 */
const DraftForm = memo(
  WalkinForm,
  (before, after) =>
    before.record.transaction_uuid === after.record.transaction_uuid && before.catalogue === after.catalogue,
);

/** One walk-in: its form while a draft; once submitted, its state, any refusal, and the receipt. */
export function WalkinDetail({ id }: { id: string }) {
  const record = useLiveQuery(() => db.walkins.get(id).then((r) => r ?? null), [id]);
  const term = record?.reporting_term;
  const catalogue = useLiveQuery(() => (term ? termCatalogue(db, term) : []), [term]);
  const refusal = useLiveQuery(() => walkinRefusal(db, id), [id]);
  const staff = useLiveQuery(() => loadStaffUuid(db), []);

  if (record === undefined || catalogue === undefined || refusal === undefined || staff === undefined) {
    return <p className="muted">Loading…</p>;
  }
  if (record === null) {
    return (
      <section className="card">
        <p>This walk-in is not on this computer.</p>
        <a href={hrefFor('walkins')}>All walk-ins</a>
      </section>
    );
  }
  return (
    <>
      <p className="walkin-back no-print">
        <a href={hrefFor('walkins')}>All walk-ins</a>
      </p>
      {record.local_state === 'draft' ? (
        <DraftForm key={record.transaction_uuid} record={record} catalogue={catalogue} />
      ) : (
        <Submitted record={record} catalogue={catalogue} refusal={refusal} staff={staff} />
      )}
    </>
  );
}

function Submitted({
  record,
  catalogue,
  refusal,
  staff,
}: {
  record: WalkinLocalRecord;
  catalogue: SectionRecord[];
  refusal: WalkinRefusal | null;
  staff: string | null;
}) {
  const [error, setError] = useState<string | null>(null);
  const act = async (action: () => Promise<void>) => {
    try {
      await action();
      await requestSync(db, 'manual', Date.now());
      setError(null);
    } catch (cause) {
      setError(cause instanceof WalkinError ? cause.message : describeError(cause));
    }
  };
  return (
    <>
      <section className="card no-print" aria-labelledby="walkin-title">
        <header className="card-header">
          <h2 id="walkin-title">Walk-in: {walkinName(record.form.person)}</h2>
        </header>
        <dl className="walkin-facts">
          <dt>State</dt>
          <dd data-testid="walkin-state">{STATE_LABEL[record.local_state]}</dd>
          <dt>Sync</dt>
          <dd data-testid="walkin-sync">{SYNC_LABEL[record.sync_state]}</dd>
          <dt>Term</dt>
          <dd>{record.reporting_term}</dd>
        </dl>
        {refusal && <Refusal refusal={refusal} record={record} catalogue={catalogue} onRetry={act} />}
        <div className="form-actions">
          {record.local_state === 'submitted' && (
            <button
              type="button"
              className="button"
              disabled={staff === null}
              onClick={() => void act(() => authorizeLocalWalkin(db, record.transaction_uuid, Date.now()))}
            >
              Authorize
            </button>
          )}
          {record.local_state === 'submitted' && staff === null && (
            <span className="field-hint">
              Set your staff UUID in <a href={hrefFor('settings')}>Settings</a> to authorize.
            </span>
          )}
          <button type="button" className="button button-quiet" onClick={() => window.print()}>
            Print receipt
          </button>
        </div>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </section>
      <WalkinReceipt record={record} />
    </>
  );
}

function Refusal({
  refusal,
  record,
  catalogue,
  onRetry,
}: {
  refusal: WalkinRefusal;
  record: WalkinLocalRecord;
  catalogue: SectionRecord[];
  onRetry: (action: () => Promise<void>) => Promise<void>;
}) {
  return (
    <div className="callout banner-danger walkin-refusal" role="alert">
      <p>
        <strong>The server refused this walk-in ({refusal.status}):</strong> {refusal.message}
      </p>
      <FieldErrorList errors={refusal.errors} record={record} catalogue={catalogue} />
      <div className="callout-actions">
        <button
          type="button"
          className="button"
          onClick={() => void onRetry(() => editAndRetryWalkin(db, record.transaction_uuid, Date.now()))}
        >
          {refusal.op === 'walkin.authorize' ? 'Retry' : 'Edit and retry'}
        </button>
      </div>
    </div>
  );
}
