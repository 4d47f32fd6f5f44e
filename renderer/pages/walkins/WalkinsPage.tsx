import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { WalkinLocalRecord } from '../../../src/db';
import { walkinName } from '../../../src/sync/kinds/walkinKind';
import { catalogueTerms, listWalkins, startWalkin } from '../../../src/walkins';
import { describeError } from '../../../src/errors';
import { db } from '../../database/db';
import { useHashDetail } from '../batches/useHashDetail';
import { WalkinDetail } from './WalkinDetail';
import { STATE_LABEL, SYNC_LABEL } from './walkinLabels';
import '../settings/forms.css';
import '../batches/batches.css';
import './walkins.css';

/** `#/walkins`: drafts to resume and the walk-ins taken; `#/walkins/<transaction_uuid>`: one. */
export function WalkinsPage() {
  const id = useHashDetail();
  return <div className="page walkins">{id ? <WalkinDetail key={id} id={id} /> : <WalkinList />}</div>;
}

const time = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function WalkinList() {
  const lists = useLiveQuery(() => listWalkins(db), []);
  const terms = useLiveQuery(() => catalogueTerms(db), []);
  const [term, setTerm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const chosen = term || terms?.[0] || '';

  const start = async () => {
    try {
      const id = await startWalkin(db, chosen, Date.now());
      window.location.hash = `#/walkins/${id}`;
    } catch (cause) {
      setError(describeError(cause));
    }
  };

  return (
    <>
      <section className="card" aria-labelledby="walkin-new-title">
        <header className="card-header">
          <h2 id="walkin-new-title">New walk-in</h2>
        </header>
        {terms !== undefined && terms.length === 0 ? (
          <p className="muted">
            No sections are on this computer yet. Connect to the server once (Sync page) to bring the term’s
            catalogue; it is kept for offline use.
          </p>
        ) : (
          <div className="form-actions">
            <div className="field">
              <label htmlFor="walkin-new-term">Term</label>
              <select
                id="walkin-new-term"
                className="select"
                value={chosen}
                onChange={(e) => setTerm(e.target.value)}
              >
                {(terms ?? []).map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </div>
            <button type="button" className="button" onClick={() => void start()} disabled={!chosen}>
              Start a walk-in
            </button>
          </div>
        )}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </section>
      <WalkinTable
        title="Drafts"
        id="walkin-drafts"
        rows={lists?.drafts}
        empty="No drafts: every walk-in was submitted."
      />
      <WalkinTable title="Submitted and authorized" id="walkin-done" rows={lists?.done} empty="None yet." />
    </>
  );
}

function WalkinTable({
  title,
  id,
  rows,
  empty,
}: {
  title: string;
  id: string;
  rows: WalkinLocalRecord[] | undefined;
  empty: string;
}) {
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <header className="card-header">
        <h2 id={`${id}-title`}>{title}</h2>
      </header>
      {rows === undefined ? (
        <p className="muted">Loading…</p>
      ) : rows.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <table className="data-table walkin-table">
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Term</th>
              <th scope="col">State</th>
              <th scope="col">Sync</th>
              <th scope="col">Last change</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((w) => (
              <tr key={w.transaction_uuid}>
                <td>
                  <a href={`#/walkins/${w.transaction_uuid}`}>{walkinName(w.form.person)}</a>
                </td>
                <td>{w.reporting_term}</td>
                <td>{STATE_LABEL[w.local_state]}</td>
                <td>{SYNC_LABEL[w.sync_state]}</td>
                <td>{time.format(new Date(w.updated_at))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
