import { useState } from 'react';

interface EditableCellProps {
  label: string;
  rowNumber: number;
  text: string;
  error: string | undefined;
  warning: string | undefined;
  onCommit: (text: string) => Promise<void>;
}

/**
 * A grid cell the coordinator fixes in place: a button showing the value and its message, which
 * becomes a text box (Enter or leaving it saves, Escape cancels).
 */
export function EditableCell({ label, rowNumber, text, error, warning, onCommit }: EditableCellProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(text);
  const message = error ?? warning;

  if (editing) {
    const commit = () => {
      setEditing(false);
      if (draft !== text) void onCommit(draft);
    };
    return (
      <input
        className="input cell-input"
        aria-label={`${label} of row ${rowNumber}`}
        value={draft}
        autoFocus
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          else if (e.key === 'Escape') setEditing(false);
        }}
      />
    );
  }

  return (
    <button
      type="button"
      className={`cell-button${error ? ' has-error' : warning ? ' has-warning' : ''}`}
      aria-label={`Edit ${label} of row ${rowNumber}: ${text || 'empty'}${message ? `. ${message}` : ''}`}
      title={message ?? text}
      onClick={() => {
        setDraft(text);
        setEditing(true);
      }}
    >
      <span className="cell-value">{text || <span className="muted">(empty)</span>}</span>
      {message && <span className={error ? 'cell-error' : 'cell-warning'}>{message}</span>}
    </button>
  );
}
