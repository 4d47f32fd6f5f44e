import { useEffect, useRef, useState, type KeyboardEvent } from 'react';

/** Where the arrow keys and Enter move the current cell: rows down, columns right. */
export type CellMove = { rows: number; columns: number };

interface EditableCellProps {
  label: string;
  rowNumber: number;
  /** the cell as shown, and as its text box starts */
  text: string;
  /** what the cell was read as, when that says more than the text ("75 min") */
  readAs: string | undefined;
  error: string | undefined;
  warning: string | undefined;
  /** the keyboard's current cell of the grid */
  active: boolean;
  onActivate: () => void;
  onMove: (move: CellMove) => void;
  /** `then`: where the current cell moves once the fix is applied (the rows may have changed) */
  onCommit: (text: string, then?: CellMove) => Promise<void>;
}

const ARROWS: Readonly<Record<string, CellMove>> = {
  ArrowUp: { rows: -1, columns: 0 },
  ArrowDown: { rows: 1, columns: 0 },
  ArrowLeft: { rows: 0, columns: -1 },
  ArrowRight: { rows: 0, columns: 1 },
};

/**
 * A grid cell the coordinator fixes in place, as in a spreadsheet: the arrows move between cells,
 * Enter (or F2, or typing) edits, Enter again saves and moves down, Escape cancels, leaving the
 * text box saves. The message shows in the cell and in full in the row's details.
 */
export function EditableCell(props: EditableCellProps) {
  const { label, rowNumber, text, readAs, error, warning, active, onActivate, onMove, onCommit } = props;
  const [draft, setDraft] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  // an edit ends once: Enter or Escape unmount the text box, which may also blur it
  const finished = useRef(false);
  const message = error ?? warning;

  useEffect(() => {
    const target = button.current;
    if (!active || draft !== null || !target) return;
    // take the focus only from the grid itself (or from nowhere), never from another field
    const focused = document.activeElement;
    const grid = target.closest('.vtable');
    if (focused === document.body || focused === null || grid?.contains(focused)) {
      target.focus({ preventScroll: true });
    }
  }, [active, draft]);

  if (draft !== null) {
    const finish = (save: boolean, move?: CellMove) => {
      if (finished.current) return;
      finished.current = true;
      setDraft(null);
      if (save && draft !== text) void onCommit(draft, move);
      else if (move) onMove(move);
    };
    return (
      <input
        className="input cell-input"
        aria-label={`${label} of row ${rowNumber}`}
        value={draft}
        autoFocus
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => finish(true)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            finish(true, { rows: 1, columns: 0 });
          } else if (e.key === 'Escape') {
            e.preventDefault();
            // the grid's own Escape handling (none today) and the page's must not see it
            e.stopPropagation();
            finish(false);
          }
        }}
      />
    );
  }

  const startEditing = (initial: string) => {
    finished.current = false;
    setDraft(initial);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    const move = ARROWS[e.key];
    if (move && !e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
      e.preventDefault();
      onMove(move);
    } else if (e.key === 'Enter' || e.key === 'F2') {
      e.preventDefault();
      startEditing(text);
    } else if (e.key.length === 1 && e.key !== ' ' && !e.altKey && !e.ctrlKey && !e.metaKey) {
      // typing over a cell replaces what it holds, as in a spreadsheet
      e.preventDefault();
      startEditing(e.key);
    }
  };

  const shown = readAs ? `${text} → ${readAs}` : text;
  return (
    <button
      ref={button}
      type="button"
      className={`cell-button${error ? ' has-error' : warning ? ' has-warning' : ''}${active ? ' is-active' : ''}`}
      title={message ?? shown}
      onFocus={onActivate}
      onKeyDown={onKeyDown}
      onClick={() => startEditing(text)}
    >
      {/* the name is the visible text with what a screen reader needs around it, so the two match */}
      <span className="cell-value">
        <span className="cell-hidden-text">{`Edit ${label} of row ${rowNumber}: `}</span>
        {shown || (
          <span className="muted">
            <span className="cell-hidden-text">empty</span>
            <span aria-hidden="true">(empty)</span>
          </span>
        )}
      </span>
      {message && <span className={error ? 'cell-error' : 'cell-warning'}>{message}</span>}
    </button>
  );
}
