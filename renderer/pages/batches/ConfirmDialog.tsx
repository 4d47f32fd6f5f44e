import { useEffect, useId, useRef, useState, type FormEvent } from 'react';

export interface ConfirmDialogProps {
  title: string;
  body: string;
  confirmLabel: string;
  danger?: boolean;
  /** ask for a text (a reason, a label) with this field label */
  input?: { label: string; initial?: string; maxLength: number; required: boolean };
  onConfirm: (text: string) => void;
  onCancel: () => void;
}

/** A modal question before a destructive or editing action; Escape or "Keep" backs out. */
export function ConfirmDialog({
  title,
  body,
  confirmLabel,
  danger,
  input,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState(input?.initial ?? '');
  const titleId = useId();
  const inputId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onConfirm(text);
  };

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <form onSubmit={submit}>
        <h2 id={titleId}>{title}</h2>
        <p>{body}</p>
        {input && (
          <div className="field" style={{ marginTop: 'var(--space-3)' }}>
            <label htmlFor={inputId}>{input.label}</label>
            <input
              id={inputId}
              className="input"
              value={text}
              maxLength={input.maxLength}
              required={input.required}
              onChange={(e) => setText(e.target.value)}
            />
          </div>
        )}
        <div className="form-actions">
          <button type="button" className="button button-quiet" onClick={onCancel}>
            Keep
          </button>
          <button
            type="submit"
            className={`button${danger ? ' button-danger' : ''}`}
            disabled={input?.required === true && text.trim() === ''}
          >
            {confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
