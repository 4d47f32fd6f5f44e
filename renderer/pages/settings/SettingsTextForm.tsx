import { useState, type FormEvent, type ReactNode } from 'react';

/** What saving the typed text gave: the text the field shows now, or why it was not stored. */
export type SettingsSave = { shown: string } | { error: string };

/**
 * A settings form of one text field (an id the app sends with what it stores): its hint, the
 * sentence of a refused value under it, and "Saved" once stored.
 */
export function SettingsTextForm({
  id,
  label,
  hint,
  submitLabel,
  initial,
  save,
}: {
  id: string;
  label: string;
  hint: ReactNode;
  submitLabel: string;
  initial: string;
  /** checks the text and stores it */
  save(text: string): Promise<SettingsSave>;
}) {
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await save(value);
    if ('error' in result) {
      setError(result.error);
      setSaved(false);
      return;
    }
    setValue(result.shown);
    setError(null);
    setSaved(true);
  };

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate>
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          className="input"
          value={value}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint ${id}-error`}
          onChange={(e) => {
            setValue(e.target.value);
            setSaved(false);
          }}
        />
        <span id={`${id}-hint`} className="field-hint">
          {hint}
        </span>
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      </div>
      <div className="form-actions">
        <button type="submit" className="button">
          {submitLabel}
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
