import { useImportWizard } from './importWizardStore';

const PHASE: Record<string, string> = {
  checking: 'Checking the file',
  decoding: 'Decoding the text',
  parsing: 'Parsing the workbook',
  extracting: 'Reading the cells',
  done: 'Done',
  validating: 'Checking the rows',
  storing: 'Storing the batches',
};

/** What the import worker is doing, with its progress when it says. */
export function ImportProgressBar() {
  const busy = useImportWizard((s) => s.busy);
  if (!busy) return null;
  const fraction = busy.progress?.fraction;
  return (
    <div className="import-progress" role="status" aria-live="polite">
      <div className="import-progress-label">
        <span>{busy.label}</span>
        <span className="muted">
          {busy.progress ? PHASE[busy.progress.phase] : 'Starting'}
          {fraction !== undefined ? ` · ${Math.round(fraction * 100)}%` : ''}
        </span>
      </div>
      <progress
        className="job-progress"
        aria-label="Import progress"
        max={1}
        {...(fraction !== undefined ? { value: fraction } : {})}
      />
    </div>
  );
}
