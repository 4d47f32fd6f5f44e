import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import { StaffUuid, loadStaffUuid, saveStaffUuid } from '../../../src/walkins/staffSettings';
import { db } from '../../database/db';

/** The staff UUID walk-ins are authorized by (seed 004's `authorizing_uuid`): set once here. */
export function StaffSection() {
  const staff = useLiveQuery(() => loadStaffUuid(db), []);
  return (
    <section className="card" aria-labelledby="staff-title">
      <header className="card-header">
        <h2 id="staff-title">Walk-in authorization</h2>
      </header>
      {staff === undefined ? <p className="muted">Loading…</p> : <StaffForm initial={staff ?? ''} />}
    </section>
  );
}

function StaffForm({ initial }: { initial: string }) {
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = StaffUuid.safeParse(value);
    if (!checked.success) {
      setError(checked.error.issues[0]?.message ?? 'Not a valid staff UUID');
      setSaved(false);
      return;
    }
    await saveStaffUuid(db, checked.data);
    setValue(checked.data);
    setError(null);
    setSaved(true);
  };

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate>
      <div className="field">
        <label htmlFor="staff-uuid">Staff UUID</label>
        <input
          id="staff-uuid"
          className="input"
          value={value}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby="staff-uuid-hint staff-uuid-error"
          onChange={(e) => {
            setValue(e.target.value);
            setSaved(false);
          }}
        />
        <span id="staff-uuid-hint" className="field-hint">
          Your UUID as the college’s staff directory gives it. Every walk-in you authorize is authorized in
          this name.
        </span>
        <span id="staff-uuid-error" className="field-error" role="alert">
          {error}
        </span>
      </div>
      <div className="form-actions">
        <button type="submit" className="button">
          Save staff UUID
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
