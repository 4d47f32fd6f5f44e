import { useState, type FormEvent } from 'react';
import { RejectionActionError, discardRejected, retryRejected } from '../../../src/sync/rejections';
import { isCreateOp } from '../../../src/sync/recordKinds';
import { requestSync } from '../../../src/sync/syncer';
import { db } from '../../database/db';
import { ConfirmDialog } from '../batches/ConfirmDialog';
import { editableFields, fieldLabel, withEditedFields } from './editableFields';
import { SubjectLink } from './SubjectLink';
import { opLabel, type OutboxRow } from './syncRecords';

/**
 * Changes the server refused. Each stops its own record's later changes (other records keep
 * flowing) until the coordinator edits and retries it, or discards it.
 */
export function RejectedSection({ rows }: { rows: OutboxRow[] | undefined }) {
  if (rows === undefined || rows.length === 0) return null;
  return (
    <section className="card" aria-labelledby="rejected-title">
      <header className="card-header">
        <h2 id="rejected-title">Refused by the server</h2>
      </header>
      <p className="muted">
        The server refused these changes. Fix what it names and retry, or discard the change. Later changes to
        the same batch or run wait until you decide; everything else keeps syncing.
      </p>
      <ul className="rejections">
        {rows.map((row) => (
          <RejectedEntry key={row.entry.seq} row={row} />
        ))}
      </ul>
    </section>
  );
}

function RejectedEntry({ row }: { row: OutboxRow }) {
  const { entry, subject } = row;
  const seq = entry.seq as number;
  const [editing, setEditing] = useState(false);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fields = editableFields(entry.body);
  const hasFields = Object.keys(fields).length > 0;
  // register-lax is a create too, which the op's name does not say
  const isCreate = isCreateOp(entry.op);

  const act = async (action: () => Promise<void>) => {
    try {
      await action();
      await requestSync(db, 'manual', Date.now());
      setError(null);
    } catch (cause) {
      setError(cause instanceof RejectionActionError ? cause.message : String(cause));
    }
  };

  const retry = (body?: unknown) => act(() => retryRejected(db, seq, Date.now(), body));
  const discard = () => act(() => discardRejected(db, seq, Date.now()));

  return (
    <li className="rejection" aria-label={`${opLabel(entry.op)}: ${subject.name}`}>
      <div className="rejection-head">
        <strong>{opLabel(entry.op)}</strong> · <SubjectLink subject={subject} />
      </div>
      {entry.rejection && (
        <p className="alert alert-danger">
          The server answered {entry.rejection.status} ({entry.rejection.code}): {entry.rejection.message}
        </p>
      )}
      {entry.rejection?.status === 404 && !isCreate && (
        <p className="muted">
          The server no longer has this record: it was deleted there, or this token may not see it. Discard
          the change: the sync that follows removes the record from this computer too.
        </p>
      )}
      {editing && hasFields ? (
        <EditForm
          seq={seq}
          fields={fields}
          onCancel={() => setEditing(false)}
          onSubmit={(edited) => void retry(withEditedFields(entry.body, edited))}
        />
      ) : (
        <div className="form-actions">
          <button
            type="button"
            className="button button-small"
            onClick={() => (hasFields ? setEditing(true) : void retry())}
          >
            {hasFields ? 'Edit and retry…' : 'Retry'}
          </button>
          <button
            type="button"
            className="button button-danger button-small"
            onClick={() => setConfirmDiscard(true)}
          >
            Discard…
          </button>
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {confirmDiscard && (
        <ConfirmDialog
          title="Discard this change?"
          body={
            isCreate
              ? 'It is never sent: the record stays on this computer only, and its later changes are dropped too.'
              : 'It is never sent: this computer takes back what the server holds for the record.'
          }
          confirmLabel="Discard the change"
          danger
          onConfirm={() => {
            setConfirmDiscard(false);
            void discard();
          }}
          onCancel={() => setConfirmDiscard(false)}
        />
      )}
    </li>
  );
}

function EditForm({
  seq,
  fields,
  onSubmit,
  onCancel,
}: {
  seq: number;
  fields: Record<string, string>;
  onSubmit: (edited: Record<string, string>) => void;
  onCancel: () => void;
}) {
  const [values, setValues] = useState(fields);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(values);
  };
  return (
    <form className="form" onSubmit={submit} aria-label="Edit the refused change">
      {Object.keys(fields).map((name) => {
        const id = `rejected-${seq}-${name}`;
        return (
          <div className="field" key={name}>
            <label htmlFor={id}>{fieldLabel(name)}</label>
            <input
              id={id}
              className="input"
              value={values[name] ?? ''}
              spellCheck={false}
              onChange={(e) => setValues({ ...values, [name]: e.target.value })}
            />
          </div>
        );
      })}
      <div className="form-actions">
        <button type="submit" className="button button-small">
          Retry with these values
        </button>
        <button type="button" className="button button-quiet button-small" onClick={onCancel}>
          Keep as is
        </button>
      </div>
    </form>
  );
}
