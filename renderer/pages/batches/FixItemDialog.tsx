import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { retryFailedItems } from '../../../src/batches';
import { DEFAULT_ACTIVITY_TYPES, type ItemCorrection } from '../../../src/contract';
import type { ItemRecord } from '../../../src/db';
import { describeError } from '../../../src/errors';
import { db } from '../../database/db';
import { DateInput } from '../../components/DateInput';

/**
 * A failed item corrected where it shows (its mentor, activity type or date) and retried with
 * the batch's other failed items. The correction goes to the server with the retry, so a fixed
 * duplicate succeeds there too.
 */
export function FixItemDialog({
  batchId,
  item,
  onClose,
}: {
  batchId: string;
  item: ItemRecord;
  onClose: (message?: string) => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [mentorId, setMentorId] = useState(item.mentor_id);
  const [activityType, setActivityType] = useState(item.activity_type);
  const [date, setDate] = useState(item.activity_date);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const titleId = useId();
  const types: readonly string[] = DEFAULT_ACTIVITY_TYPES.includes(item.activity_type as never)
    ? DEFAULT_ACTIVITY_TYPES
    : [item.activity_type, ...DEFAULT_ACTIVITY_TYPES];

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    const correction: ItemCorrection = { item_id: item.item_id };
    if (mentorId.trim() !== item.mentor_id) correction.mentor_id = mentorId.trim();
    if (activityType !== item.activity_type) correction.activity_type = activityType;
    if (date !== item.activity_date) correction.activity_date = date;
    try {
      const result = await retryFailedItems(db, batchId, Date.now(), [correction]);
      onClose(
        result.retried_items === 1
          ? `${item.item_id} was corrected and is pending again.`
          : `${item.item_id} was corrected; ${result.retried_items} failed items are pending again.`,
      );
    } catch (failure) {
      setError(describeError(failure));
      setSaving(false);
    }
  };

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <form className="form" onSubmit={(e) => void submit(e)}>
        <h2 id={titleId}>Fix {item.item_id} and retry</h2>
        <p className="item-error">{item.error}</p>
        <div className="field">
          <label htmlFor="fix-mentor">Mentor ID</label>
          <input
            id="fix-mentor"
            className="input"
            value={mentorId}
            required
            maxLength={64}
            spellCheck={false}
            onChange={(e) => setMentorId(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="fix-type">Activity type</label>
          <select
            id="fix-type"
            className="input"
            value={activityType}
            onChange={(e) => setActivityType(e.target.value)}
          >
            {types.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="fix-date">Date</label>
          <DateInput id="fix-date" className="input" value={date} required onChange={setDate} />
        </div>
        <p className="field-hint">
          Retrying puts every failed item of this batch back in the queue, this one with your changes.
        </p>
        <p className="field-error" role="alert">
          {error}
        </p>
        <div className="form-actions">
          <button type="button" className="button button-quiet" onClick={() => onClose()}>
            Keep as it is
          </button>
          <button type="submit" className="button" disabled={saving}>
            Save and retry
          </button>
        </div>
      </form>
    </dialog>
  );
}
