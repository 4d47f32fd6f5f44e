import { useState, type FormEvent } from 'react';
import { CoordinatorId, updateCoordinatorSettings } from '../../../src/settings/coordinatorSettings';
import { db } from '../../database/db';
import { useCoordinatorSettings } from './useCoordinatorSettings';

/** Who submits the batches: entered once, sent with every batch as `coordinator_id`. */
export function CoordinatorSection() {
  const settings = useCoordinatorSettings();
  return (
    <section className="card" aria-labelledby="coordinator-title">
      <header className="card-header">
        <h2 id="coordinator-title">Coordinator</h2>
      </header>
      {settings === undefined ? (
        <p className="muted">Loading…</p>
      ) : (
        <CoordinatorForm initial={settings.coordinator_id ?? ''} />
      )}
    </section>
  );
}

function CoordinatorForm({ initial }: { initial: string }) {
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = CoordinatorId.safeParse(value);
    if (!checked.success) {
      setError(checked.error.issues[0]?.message ?? 'Not a valid coordinator id');
      setSaved(false);
      return;
    }
    await updateCoordinatorSettings(db, { coordinator_id: checked.data });
    setError(null);
    setSaved(true);
  };

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate>
      <div className="field">
        <label htmlFor="coordinator-id">Coordinator id</label>
        <input
          id="coordinator-id"
          className="input"
          value={value}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby="coordinator-id-hint coordinator-id-error"
          onChange={(e) => {
            setValue(e.target.value);
            setSaved(false);
          }}
        />
        <span id="coordinator-id-hint" className="field-hint">
          The id the central server knows you by, such as coord-119. Every batch you submit carries it.
        </span>
        <span id="coordinator-id-error" className="field-error" role="alert">
          {error}
        </span>
      </div>
      <div className="form-actions">
        <button type="submit" className="button">
          Save coordinator id
        </button>
        {saved && (
          <span className="saved" role="status">
            Saved
          </span>
        )}
      </div>
    </form>
  );
}
