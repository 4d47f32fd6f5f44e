import { useLiveQuery } from 'dexie-react-hooks';
import { forwardRef, useId, useState, type KeyboardEvent } from 'react';
import type { LearnerRecord } from '../../../src/db';
import { findLearners } from '../../../src/learners';
import { db } from '../../database/db';

/** The learner chosen from the results, or a new one to add with the registration. */
export type LearnerChoice = { kind: 'none' } | { kind: 'existing'; learner: LearnerRecord } | { kind: 'new' };

interface LearnerFieldProps {
  text: string;
  onText(text: string): void;
  choice: LearnerChoice;
  onChoice(choice: LearnerChoice): void;
  error: string | null;
}

const RESULTS = 8;

/**
 * Find the learner by typing a name or an email: results come while typing (a combobox: arrows
 * move, Enter takes the highlighted one), and the last option adds the person as a new learner.
 * Once a learner is taken, Enter registers (the form's submit).
 */
export const LearnerField = forwardRef<HTMLInputElement, LearnerFieldProps>(function LearnerField(
  { text, onText, choice, onChoice, error },
  ref,
) {
  const listId = useId();
  const [active, setActive] = useState(0);
  const query = text.trim();
  const open = choice.kind === 'none' && query !== '';
  const results = useLiveQuery(
    () => (open ? findLearners(db, query, RESULTS) : Promise.resolve([])),
    [open, query],
  );
  const options = results ?? [];
  // the results plus the "add as new" option
  const count = options.length + 1;
  const activeIndex = Math.min(active, count - 1);

  const take = (index: number) => {
    const learner = options[index];
    onChoice(learner ? { kind: 'existing', learner } : { kind: 'new' });
    setActive(0);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (!open) return;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((activeIndex + 1) % count);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((activeIndex - 1 + count) % count);
    } else if (e.key === 'Enter') {
      // Enter takes the highlighted learner; the next Enter registers
      e.preventDefault();
      take(activeIndex);
    } else if (e.key === 'Escape') {
      onText('');
    }
  };

  return (
    <div className="field learner-field">
      <label htmlFor="desk-learner">Learner</label>
      <input
        ref={ref}
        id="desk-learner"
        className="input"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        placeholder="Type a name or an email"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open ? `${listId}-${activeIndex}` : undefined}
        aria-describedby="desk-learner-hint desk-learner-error"
        aria-invalid={error ? true : undefined}
        value={text}
        onChange={(e) => {
          onText(e.target.value);
          if (choice.kind !== 'none') onChoice({ kind: 'none' });
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ul id={listId} role="listbox" aria-label="Learners found" className="learner-results" hidden={!open}>
        {options.map((learner, index) => (
          <li
            key={learner.learner_id}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === activeIndex}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => take(index)}
          >
            <span>
              {learner.first_name} {learner.last_name}
            </span>
            <span className="muted small">{learner.email}</span>
          </li>
        ))}
        <li
          id={`${listId}-${options.length}`}
          role="option"
          aria-selected={activeIndex === options.length}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => take(options.length)}
        >
          Add “{query}” as a new learner
        </li>
      </ul>
      <span id="desk-learner-hint" className="field-hint">
        {choice.kind === 'existing'
          ? `${choice.learner.first_name} ${choice.learner.last_name} · ${choice.learner.email}`
          : choice.kind === 'new'
            ? 'A new learner: fill in the details below.'
            : 'Results appear while you type; arrows and Enter choose.'}
      </span>
      <span id="desk-learner-error" className="field-error" role="alert">
        {error}
      </span>
    </div>
  );
});
