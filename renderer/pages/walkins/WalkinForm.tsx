import { useLiveQuery } from 'dexie-react-hooks';
import { memo, useCallback, useEffect, useRef, useState } from 'react';
import type { ResponseError } from '../../../src/contract';
import type { SectionRecord, WalkinFormValues, WalkinLocalRecord } from '../../../src/db';
import { describeError } from '../../../src/errors';
import { latestCalendarDate } from '../../../src/domain/walkinTransaction';
import { requestSync } from '../../../src/sync/syncer';
import {
  PERSON_FIELDS,
  WalkinError,
  catalogueTerms,
  draftFromForm,
  errorsFor,
  formValue,
  loadStaffUuid,
  draftSaver,
  pickedHours,
  submitLocalWalkin,
  type PersonField,
} from '../../../src/walkins';
import { hrefFor } from '../../app/navigation';
import { db } from '../../database/db';
import { draftWriter } from '../../workers/draftClient';
import { FieldErrorList } from './FieldErrors';
import { formatAmount, formatHours } from './walkinLabels';
import { keepTyped, typedDraft, typedSaved, type TypedDraft } from './typingJournal';

/**
 * The walk-in form. Every change is kept at once in the typing journal and sent to the local
 * database with no read before it (`draftSaver`, through the draft worker), so a reload, a crash or
 * a closed window loses nothing typed. The fields the server or the local rules refused show
 * their message beneath them. A keystroke re-renders only the field it changed: the person fields
 * and the catalogue rows are memoised with stable callbacks, because the page sees the keystroke's
 * write commit only once the render is done.
 */
export function WalkinForm({ record, catalogue }: { record: WalkinLocalRecord; catalogue: SectionRecord[] }) {
  // a keystroke whose write the last reload cut short
  const [recovered] = useState(() => typedDraft(record.transaction_uuid));
  const [form, setForm] = useState<WalkinFormValues>(recovered?.form ?? record.form);
  const [term, setTerm] = useState(recovered?.reporting_term ?? record.reporting_term);
  const [errors, setErrors] = useState<ResponseError[]>(record.refused?.errors ?? []);
  const [message, setMessage] = useState<string | null>(record.refused?.message ?? null);
  const [more, setMore] = useState(() =>
    PERSON_FIELDS.some(
      (f) => f.group === 'more' && formValue(record.form, f) !== '' && formValue(record.form, f) !== false,
    ),
  );
  const terms = useLiveQuery(() => catalogueTerms(db), []);
  const staff = useLiveQuery(() => loadStaffUuid(db), []);
  const id = record.transaction_uuid;
  // writes commit in the order sent, so the last keystroke is the one stored; a worker sends them,
  // whose thread sees each commit at once (this one sees it only after rendering the keystroke)
  const [saver] = useState(() => draftSaver(db, record, draftWriter(db)));
  // what the latest keystroke made, for callbacks that stay the same from one render to the next
  const latest = useRef({ form, term });
  const termSections = term === record.reporting_term ? catalogue : [];

  const persist = (next: WalkinFormValues, nextTerm: string) => {
    const draft: TypedDraft = { form: next, reporting_term: nextTerm, token: crypto.randomUUID() };
    keepTyped(id, draft);
    saver.save({ form: next, reporting_term: nextTerm }, Date.now()).then(
      () => typedSaved(id, draft.token),
      (cause: unknown) => setMessage(describeError(cause)),
    );
  };
  const save = (next: WalkinFormValues, nextTerm = latest.current.term) => {
    latest.current = { form: next, term: nextTerm };
    // the write leaves before React renders the keystroke (its render is queued
    // by setForm and would otherwise run first), so the database works while the page renders
    persist(next, nextTerm);
    setForm(next);
  };
  useEffect(() => {
    // once, for the keystroke the last reload cut short: it is shown already, now stored
    if (recovered) persist(recovered.form, recovered.reporting_term);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  /* eslint-disable react-hooks/exhaustive-deps -- `save` reads only refs and stable setters */
  const setPerson = useCallback((name: string, value: string | boolean) => {
    const current = latest.current.form;
    save({ ...current, person: { ...current.person, [name]: value } });
    setErrors((errors) => without(errors, (e) => e.fieldName === `person.${name}`));
  }, []);
  const toggleSection = useCallback((sectionUuid: string, picked: boolean) => {
    const current = latest.current.form;
    const registrations = picked
      ? [...current.registrations, { section_uuid: sectionUuid, is_audit: false }]
      : current.registrations.filter((r) => r.section_uuid !== sectionUuid);
    save({ ...current, registrations });
    setErrors((errors) => without(errors, (e) => e.fieldName.startsWith('registrations')));
  }, []);
  const setAudit = useCallback((sectionUuid: string, isAudit: boolean) => {
    const current = latest.current.form;
    save({
      ...current,
      registrations: current.registrations.map((r) =>
        r.section_uuid === sectionUuid ? { ...r, is_audit: isAudit } : r,
      ),
    });
  }, []);
  /* eslint-enable react-hooks/exhaustive-deps */

  const submit = async (authorize: boolean) => {
    await saver.idle();
    const checked = draftFromForm(form, latestCalendarDate(new Date()));
    if (!checked.ok) {
      setErrors(checked.errors);
      setMessage('Some fields need attention before this walk-in can be submitted.');
      return;
    }
    try {
      await submitLocalWalkin(db, id, { authorize }, Date.now());
      await requestSync(db, 'manual', Date.now());
    } catch (cause) {
      if (cause instanceof WalkinError) setErrors(cause.errors);
      setMessage(describeError(cause));
    }
  };

  const hours = pickedHours(form, termSections);
  const shown = (group: PersonField['group']) => PERSON_FIELDS.filter((f) => f.group === group);

  return (
    <form
      className="card form walkin-form"
      aria-labelledby="walkin-form-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit(false);
      }}
    >
      <header className="card-header">
        <h2 id="walkin-form-title">Walk-in registration</h2>
        <span className="muted" role="status" data-testid="walkin-saved">
          Draft saved on this computer as you type
        </span>
      </header>
      {message && (
        <div className="callout banner-danger" role="alert">
          <div>
            <p>{message}</p>
            <FieldErrorList errors={errors} record={{ ...record, form }} catalogue={termSections} />
          </div>
        </div>
      )}
      <fieldset className="walkin-fields">
        <legend>Person</legend>
        {shown('main').map((field) => (
          <PersonInput
            key={field.name}
            field={field}
            value={formValue(form, field)}
            errors={errors}
            onChange={setPerson}
          />
        ))}
      </fieldset>
      <button
        type="button"
        className="button button-quiet"
        aria-expanded={more}
        aria-controls="walkin-more"
        onClick={() => setMore(!more)}
      >
        {more ? 'Fewer details' : 'More details'}
      </button>
      {more && (
        <fieldset className="walkin-fields" id="walkin-more">
          <legend>More details</legend>
          {shown('more').map((field) => (
            <PersonInput
              key={field.name}
              field={field}
              value={formValue(form, field)}
              errors={errors}
              onChange={setPerson}
            />
          ))}
        </fieldset>
      )}
      <fieldset className="walkin-sections">
        <legend>Sections</legend>
        <div className="field">
          <label htmlFor="walkin-term">Term</label>
          <select
            id="walkin-term"
            className="select"
            value={term}
            onChange={(e) => {
              setTerm(e.target.value);
              latest.current = { ...latest.current, term: e.target.value };
              // sections belong to one term: a new term starts with none picked
              save({ ...form, registrations: [] }, e.target.value);
            }}
          >
            {[...new Set([record.reporting_term, ...(terms ?? [])])].map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
        {term !== record.reporting_term ? (
          <p className="muted">Loading the {term} catalogue…</p>
        ) : termSections.length === 0 ? (
          <p className="muted">
            No sections of {term} are on this computer; sync once to bring the catalogue.
          </p>
        ) : (
          <SectionTable
            sections={termSections}
            registrations={form.registrations}
            errors={errors}
            onToggle={toggleSection}
            onAudit={setAudit}
          />
        )}
        {errorsFor(errors, 'registrations').map((e, i) => (
          <p key={i} className="field-error" data-field="registrations">
            {e.message}
          </p>
        ))}
        <p className="walkin-totals" data-testid="walkin-totals" aria-live="polite">
          Credit hours <strong>{formatHours(hours.credit_hours)}</strong> · Audit hours{' '}
          <strong>{formatHours(hours.audit_hours)}</strong> · Amount{' '}
          <strong>{formatAmount(hours.amount)}</strong>
        </p>
      </fieldset>
      <div className="field">
        <label htmlFor="walkin-notes">Notes</label>
        <textarea
          id="walkin-notes"
          className="input"
          rows={3}
          value={form.notes}
          onChange={(e) => save({ ...form, notes: e.target.value })}
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="button">
          Submit
        </button>
        <button type="button" className="button" disabled={!staff} onClick={() => void submit(true)}>
          Submit and authorize
        </button>
        {staff === null && (
          <span className="field-hint">
            To authorize, set your staff UUID in <a href={hrefFor('settings')}>Settings</a>.
          </span>
        )}
      </div>
    </form>
  );
}

/** `errors` less the matching ones; the same array when none match, so memoised fields skip the render */
function without(errors: ResponseError[], match: (e: ResponseError) => boolean): ResponseError[] {
  return errors.some(match) ? errors.filter((e) => !match(e)) : errors;
}

const SectionTable = memo(function SectionTable({
  sections,
  registrations,
  errors,
  onToggle,
  onAudit,
}: {
  sections: readonly SectionRecord[];
  registrations: WalkinFormValues['registrations'];
  errors: readonly ResponseError[];
  onToggle: (sectionUuid: string, picked: boolean) => void;
  onAudit: (sectionUuid: string, isAudit: boolean) => void;
}) {
  return (
    <table className="data-table walkin-catalogue">
      <thead>
        <tr>
          <th scope="col">Register</th>
          <th scope="col">Course</th>
          <th scope="col">Title</th>
          <th scope="col" className="num">
            Credit hours
          </th>
          <th scope="col" className="num">
            Amount
          </th>
          <th scope="col">Credit or audit</th>
        </tr>
      </thead>
      <tbody>
        {sections.map((s) => {
          const index = registrations.findIndex((r) => r.section_uuid === s.section_uuid);
          const picked = index >= 0 ? registrations[index] : undefined;
          const label = `${s.course_name} ${s.section_code}`;
          const wrong = index >= 0 ? errorsFor(errors, `registrations[${index}].section_uuid`) : [];
          return (
            <tr key={s.section_uuid} aria-invalid={wrong.length > 0 ? true : undefined}>
              <td>
                <input
                  type="checkbox"
                  id={`walkin-section-${s.section_uuid}`}
                  checked={picked !== undefined}
                  aria-label={`Register for ${label}`}
                  onChange={(e) => onToggle(s.section_uuid, e.target.checked)}
                />
              </td>
              <td>
                <label htmlFor={`walkin-section-${s.section_uuid}`}>{label}</label>
                {wrong.map((e, i) => (
                  <span key={i} className="field-error" data-field={e.fieldName}>
                    {' '}
                    {e.message}
                  </span>
                ))}
              </td>
              <td>{s.course_title}</td>
              <td className="num">{s.credit_hours}</td>
              <td className="num">{formatAmount(Math.round(s.amount * 100))}</td>
              <td>
                {picked && (
                  <select
                    className="select"
                    aria-label={`Credit or audit for ${label}`}
                    value={picked.is_audit ? 'audit' : 'credit'}
                    onChange={(e) => onAudit(s.section_uuid, e.target.value === 'audit')}
                  >
                    <option value="credit">Credit</option>
                    <option value="audit">Audit</option>
                  </select>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
});

const PersonInput = memo(function PersonInput({
  field,
  value,
  errors,
  onChange,
}: {
  field: PersonField;
  value: string | boolean;
  errors: readonly ResponseError[];
  onChange: (name: string, value: string | boolean) => void;
}) {
  const id = `walkin-${field.name}`;
  const wrong = errorsFor(errors, `person.${field.name}`);
  if (field.input === 'checkbox') {
    return (
      <label className="choice">
        <input
          type="checkbox"
          checked={value === true}
          onChange={(e) => onChange(field.name, e.target.checked)}
        />
        {field.label}
      </label>
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>{field.label}</label>
      <input
        id={id}
        className="input"
        type={field.input === 'number' ? 'text' : field.input}
        inputMode={field.input === 'number' ? 'numeric' : undefined}
        value={String(value)}
        autoComplete="off"
        aria-invalid={wrong.length > 0 ? true : undefined}
        aria-describedby={wrong.length > 0 ? `${id}-error` : undefined}
        onChange={(e) => onChange(field.name, e.target.value)}
      />
      {wrong.length > 0 && (
        <span id={`${id}-error`} className="field-error" data-field={`person.${field.name}`}>
          {wrong.map((e) => e.message).join(' ')}
        </span>
      )}
    </div>
  );
});
