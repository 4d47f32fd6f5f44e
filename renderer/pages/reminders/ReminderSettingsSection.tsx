import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import { EXPIRED, type Threshold } from '../../../src/domain/expiry';
import {
  ExpirySettingsError,
  getExpirySettings,
  setDailyRunTime,
  setQuietHours,
  setThresholds,
  type ExpirySettings,
} from '../../../src/expiry';
import { db } from '../../database/db';
import { stateLabel } from '../expiry/thresholdLabels';

function messageOf(error: unknown): string {
  if (error instanceof ExpirySettingsError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** When reminders fire: the thresholds, the daily run time and quiet hours, each validated. */
export function ReminderSettingsSection() {
  const settings = useLiveQuery(() => getExpirySettings(db), []);
  return (
    <section className="card" aria-labelledby="reminder-settings-title">
      <header className="card-header">
        <h2 id="reminder-settings-title">Reminder settings</h2>
      </header>
      {settings === undefined ? (
        <p className="muted">Loading…</p>
      ) : (
        <div className="form">
          <ThresholdsForm thresholds={settings.thresholds} />
          {/* these forms keep what is typed: they take the stored values once, when they appear */}
          <DailyTimeForm initial={settings.daily_run_time} />
          <QuietHoursForm initial={settings.quiet_hours} />
        </div>
      )}
    </section>
  );
}

function ThresholdsForm({ thresholds }: { thresholds: readonly Threshold[] }) {
  const [days, setDays] = useState('');
  const [error, setError] = useState<string | null>(null);

  const save = async (next: readonly string[]) => {
    try {
      await setThresholds(db, next);
      setError(null);
      return true;
    } catch (failure) {
      setError(messageOf(failure));
      return false;
    }
  };

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const n = Number(days);
    if (!Number.isInteger(n) || n < 1 || n > 9999) {
      setError('Enter a whole number of days from 1 to 9999, such as 60 or 90');
      return;
    }
    if (await save([...thresholds, `${n}_day`])) setDays('');
  };

  return (
    <fieldset className="field threshold-field">
      <legend>Thresholds</legend>
      <span className="field-hint" id="thresholds-hint">
        A reminder is sent once per mentor and expiry date when the certification enters each of these
        windows.
      </span>
      <ul className="threshold-list" aria-label="Current thresholds">
        {thresholds.map((threshold) => (
          <li key={threshold} className="badge">
            {stateLabel(threshold)}
            <button
              type="button"
              className="button button-quiet button-small"
              aria-label={`Remove the threshold ${stateLabel(threshold)}`}
              disabled={thresholds.length === 1}
              onClick={() => void save(thresholds.filter((t) => t !== threshold))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form className="form-actions" onSubmit={(e) => void add(e)} noValidate>
        <label htmlFor="threshold-days" className="choice">
          Days before expiry
          <input
            id="threshold-days"
            className="input"
            inputMode="numeric"
            size={5}
            value={days}
            aria-invalid={error ? true : undefined}
            aria-describedby="thresholds-hint threshold-error"
            onChange={(e) => setDays(e.target.value)}
          />
        </label>
        <button type="submit" className="button button-small">
          Add threshold
        </button>
        {!thresholds.includes(EXPIRED) && (
          <button
            type="button"
            className="button button-quiet button-small"
            onClick={() => void save([...thresholds, EXPIRED])}
          >
            Add &ldquo;Expired&rdquo;
          </button>
        )}
      </form>
      <span id="threshold-error" className="field-error" role="alert">
        {error}
      </span>
    </fieldset>
  );
}

function DailyTimeForm({ initial }: { initial: string }) {
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await setDailyRunTime(db, value);
      setError(null);
      setSaved(true);
    } catch (failure) {
      setError(messageOf(failure));
      setSaved(false);
    }
  };
  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate>
      <div className="field">
        <label htmlFor="daily-run-time">Daily check at</label>
        <input
          id="daily-run-time"
          className="input"
          type="time"
          value={value}
          required
          aria-invalid={error ? true : undefined}
          aria-describedby="daily-run-time-hint daily-run-time-error"
          onChange={(e) => {
            setValue(e.target.value);
            setSaved(false);
          }}
        />
        <span id="daily-run-time-hint" className="field-hint">
          Your local time. A computer that was off or asleep at that time checks as soon as it starts or wakes
          up.
        </span>
        <span id="daily-run-time-error" className="field-error" role="alert">
          {error}
        </span>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-small">
          Save the time
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

function QuietHoursForm({ initial }: { initial: ExpirySettings['quiet_hours'] }) {
  const [enabled, setEnabled] = useState(initial !== null);
  const [start, setStart] = useState(initial?.start ?? '20:00');
  const [end, setEnd] = useState(initial?.end ?? '07:00');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await setQuietHours(db, enabled ? { start, end } : null);
      setError(null);
      setSaved(true);
    } catch (failure) {
      setError(messageOf(failure));
      setSaved(false);
    }
  };
  const touched = () => setSaved(false);
  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate>
      <fieldset className="field">
        <legend>Quiet hours</legend>
        <label className="choice">
          <input
            type="checkbox"
            checked={enabled}
            onChange={(e) => {
              setEnabled(e.target.checked);
              touched();
            }}
          />
          Hold reminders during quiet hours
        </label>
        <div className="form-actions">
          <label className="choice">
            From
            <input
              className="input"
              type="time"
              aria-label="Quiet hours start"
              value={start}
              disabled={!enabled}
              onChange={(e) => {
                setStart(e.target.value);
                touched();
              }}
            />
          </label>
          <label className="choice">
            to
            <input
              className="input"
              type="time"
              aria-label="Quiet hours end"
              value={end}
              disabled={!enabled}
              onChange={(e) => {
                setEnd(e.target.value);
                touched();
              }}
            />
          </label>
        </div>
        <span className="field-hint">
          Checks still run; their reminders wait and are shown together when the quiet hours end. The window
          may span midnight (20:00 to 07:00).
        </span>
        <span className="field-error" role="alert">
          {error}
        </span>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button button-small">
          Save quiet hours
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
