import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { RosterRowError, updateMentor, type MentorView } from '../../../src/expiry';
import { db } from '../../database/db';
import { DateInput } from '../../components/DateInput';

/**
 * A hand edit of one mentor. A new expiry date is a renewal: the reminders for it start afresh
 * (the once-per-threshold rule is per expiry date).
 */
export function MentorEditDialog({ mentor, onClose }: { mentor: MentorView; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [name, setName] = useState(mentor.name);
  const [coordinatorId, setCoordinatorId] = useState(mentor.coordinator_id);
  const [expiryDate, setExpiryDate] = useState(mentor.expiry_date);
  const [email, setEmail] = useState(mentor.email ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const titleId = useId();
  const renewed = expiryDate !== mentor.expiry_date;

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    try {
      await updateMentor(
        db,
        mentor.mentor_id,
        {
          name,
          coordinator_id: coordinatorId,
          expiry_date: expiryDate,
          email: email.trim() === '' ? null : email.trim(),
        },
        Date.now(),
      );
      onClose();
    } catch (failure) {
      // a RosterRowError names the field: "Row 1, email: Invalid email address" reads better without the row
      setError(
        failure instanceof RosterRowError
          ? `${failure.field.replace('_', ' ')}: ${failure.message.replace(/^Row \d+, [^:]+: /, '')}`
          : failure instanceof Error
            ? failure.message
            : String(failure),
      );
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
        <h2 id={titleId}>Edit {mentor.mentor_id}</h2>
        <div className="field">
          <label htmlFor="mentor-name">Name</label>
          <input
            id="mentor-name"
            className="input"
            value={name}
            required
            maxLength={200}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="mentor-coordinator">Coordinator id</label>
          <input
            id="mentor-coordinator"
            className="input"
            value={coordinatorId}
            required
            maxLength={64}
            spellCheck={false}
            onChange={(e) => setCoordinatorId(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="mentor-expiry">Certification expiry date</label>
          <DateInput
            id="mentor-expiry"
            className="input"
            value={expiryDate}
            required
            aria-describedby="mentor-expiry-hint"
            onChange={setExpiryDate}
          />
          <span id="mentor-expiry-hint" className="field-hint">
            {renewed
              ? 'A new date is a renewal: its reminders start again from the first threshold.'
              : 'Change it when the mentor renews their certification.'}
          </span>
        </div>
        <div className="field">
          <label htmlFor="mentor-email">Email (optional)</label>
          <input
            id="mentor-email"
            className="input"
            type="email"
            value={email}
            maxLength={254}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <p className="field-error" role="alert">
          {error}
        </p>
        <div className="form-actions">
          <button type="button" className="button button-quiet" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button" disabled={saving}>
            Save
          </button>
        </div>
      </form>
    </dialog>
  );
}
