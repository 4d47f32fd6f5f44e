import type { AccommodationInput } from '../../../src/contract';

export interface AccommodationDraft {
  type: string;
  name: string;
  /** minutes, as typed */
  minutes: string;
}

export const EMPTY_ACCOMMODATION: AccommodationDraft = { type: '', name: '', minutes: '' };

/** The wire form of a typed accommodation; an empty type goes as typed, for the rule's sentence. */
export function accommodationToWire(a: AccommodationDraft): AccommodationInput {
  const minutes = a.minutes.trim();
  return {
    type: a.type.trim(),
    name: a.name.trim() === '' ? null : a.name.trim(),
    time_extension: minutes === '' ? null : Math.trunc(Number(minutes)),
  };
}

/** Type, description and extra minutes of one accommodation: the desk's rows and the detail page's grant. */
export function AccommodationInputs({
  idPrefix,
  value,
  onChange,
  invalid,
  errorId,
}: {
  idPrefix: string;
  value: AccommodationDraft;
  onChange(value: AccommodationDraft): void;
  invalid?: boolean;
  /** the id of the element that shows the refusal, read with the type field */
  errorId: string;
}) {
  const set = (patch: Partial<AccommodationDraft>) => onChange({ ...value, ...patch });
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-type`}>Accommodation type</label>
        <input
          id={`${idPrefix}-type`}
          className="input"
          value={value.type}
          maxLength={64}
          aria-invalid={invalid ? true : undefined}
          aria-describedby={errorId}
          onChange={(e) => set({ type: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-name`}>Description</label>
        <input
          id={`${idPrefix}-name`}
          className="input"
          value={value.name}
          maxLength={200}
          onChange={(e) => set({ name: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-minutes`}>Extra minutes</label>
        <input
          id={`${idPrefix}-minutes`}
          className="input input-narrow"
          type="number"
          min={0}
          step={1}
          inputMode="numeric"
          value={value.minutes}
          onChange={(e) => set({ minutes: e.target.value })}
        />
      </div>
    </>
  );
}

/** The desk's accommodations: any number of rows, added and removed with buttons. */
export function AccommodationsField({
  rows,
  onChange,
  error,
}: {
  rows: AccommodationDraft[];
  onChange(rows: AccommodationDraft[]): void;
  error: string | null;
}) {
  return (
    <fieldset className="field accommodations" aria-describedby="desk-accommodations-error">
      <legend>Accommodations</legend>
      {rows.map((row, index) => (
        <div key={index} className="accommodation-row" role="group" aria-label={`Accommodation ${index + 1}`}>
          <AccommodationInputs
            idPrefix={`desk-accommodation-${index}`}
            errorId="desk-accommodations-error"
            value={row}
            invalid={!!error && row.type.trim() === ''}
            onChange={(next) => onChange(rows.map((r, i) => (i === index ? next : r)))}
          />
          <button
            type="button"
            className="button button-quiet button-small"
            onClick={() => onChange(rows.filter((_, i) => i !== index))}
          >
            Remove accommodation {index + 1}
          </button>
        </div>
      ))}
      <div>
        <button
          type="button"
          className="button button-quiet button-small"
          onClick={() => onChange([...rows, EMPTY_ACCOMMODATION])}
        >
          Add an accommodation
        </button>
      </div>
      <span id="desk-accommodations-error" className="field-error" role="alert">
        {error}
      </span>
    </fieldset>
  );
}
