import { useRef, useState, type DragEvent } from 'react';
import { SUPPORTED_EXTENSIONS, TEMPLATE_FILE_NAMES, type ImportKindId } from '../../../src/import';
import registrationsTemplateUrl from '../../../resources/templates/registrations-template.xlsx?url';
import rosterTemplateUrl from '../../../resources/templates/mentor-roster-template.xlsx?url';
import peopleTemplateUrl from '../../../resources/templates/people-for-an-event-template.xlsx?url';
import { useCoordinatorSettings } from '../settings/useCoordinatorSettings';
import { CoordinatorNotice } from './CoordinatorNotice';
import { useImportWizard } from './importWizardStore';

const ACCEPT = SUPPORTED_EXTENSIONS.map((ext) => `.${ext}`).join(',');

const KIND_CHOICES: ReadonlyArray<{ id: ImportKindId; label: string; template: string }> = [
  { id: 'registrations', label: 'Registrations', template: registrationsTemplateUrl },
  { id: 'mentor_roster', label: 'Mentor roster (expiry dates)', template: rosterTemplateUrl },
  { id: 'attendees', label: 'People for an event', template: peopleTemplateUrl },
];

/** Step 1: drop or pick a spreadsheet; a bad file is refused with its reason, nothing is kept. */
export function FileStep() {
  const openFile = useImportWizard((s) => s.openFile);
  const failure = useImportWizard((s) => s.failure);
  const busy = useImportWizard((s) => s.busy);
  const kind = useImportWizard((s) => s.kind);
  const setKind = useImportWizard((s) => s.setKind);
  const choice = KIND_CHOICES.find((c) => c.id === kind) ?? KIND_CHOICES[0]!;
  const settings = useCoordinatorSettings();
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const open = (file: File | undefined) => {
    if (!file) return;
    void openFile(file, settings?.date_order ?? 'DMY');
    // choosing the same file again after a fix must read it again
    if (input.current) input.current.value = '';
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    open(event.dataTransfer.files[0]);
  };

  return (
    <section className="card" aria-labelledby="file-step-title">
      <header className="card-header">
        <h2 id="file-step-title">Import a spreadsheet</h2>
        <a
          className="button button-quiet button-small"
          href={choice.template}
          download={TEMPLATE_FILE_NAMES[choice.id]}
        >
          Download the template
        </a>
      </header>
      <div className="segmented" role="group" aria-label="What the file holds">
        {KIND_CHOICES.map((c) => (
          <button
            key={c.id}
            type="button"
            className="segmented-button"
            aria-pressed={kind === c.id}
            disabled={busy !== null}
            onClick={() => setKind(c.id)}
          >
            {c.label}
          </button>
        ))}
      </div>
      <CoordinatorNotice />
      <div
        className={`dropzone${dragging ? ' is-dragging' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>Drop a file here, or</p>
        <input
          ref={input}
          id="import-file"
          className="visually-hidden"
          type="file"
          accept={ACCEPT}
          disabled={busy !== null}
          onChange={(e) => open(e.target.files?.[0])}
        />
        <label className="button" htmlFor="import-file">
          Choose a spreadsheet
        </label>
        <p className="muted">{SUPPORTED_EXTENSIONS.map((e) => '.' + e).join(' ')} · up to 50 MB</p>
      </div>
      {failure && (
        <div className="alert alert-danger" role="alert">
          <h3>This file cannot be imported</h3>
          <p>{failure.message}</p>
          <p className="muted">Nothing was stored.</p>
        </div>
      )}
    </section>
  );
}
