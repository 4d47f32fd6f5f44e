import { useDeferredValue } from 'react';
import { useImportWizard } from './importWizardStore';
import { ColumnsStep } from './ColumnsStep';
import { FileStep } from './FileStep';
import { ImportProgressBar } from './ImportProgressBar';
import { ReviewStep } from './ReviewStep';
import '../settings/forms.css';
import './import.css';

const STEPS = [
  { id: 'file', label: 'Choose a file' },
  { id: 'columns', label: 'Confirm the columns' },
  { id: 'review', label: 'Review and submit' },
] as const;

/** The import wizard: file, columns, review; the rows live in the import worker. */
export function ImportPage() {
  // a new step is rendered in the background, in slices: mounting the review grid or the column
  // table never holds the UI thread in one long task
  const step = useDeferredValue(useImportWizard((s) => s.step));
  const current = STEPS.findIndex((s) => s.id === step);
  return (
    <div className="page import">
      <ol className="wizard-steps" aria-label="Import steps">
        {STEPS.map((s, i) => (
          <li
            key={s.id}
            className={i === current ? 'is-current' : i < current ? 'is-done' : undefined}
            aria-current={i === current ? 'step' : undefined}
          >
            <span className="wizard-step-number" aria-hidden="true">
              {i + 1}
            </span>
            {s.label}
          </li>
        ))}
      </ol>
      <ImportProgressBar />
      {step === 'file' && <FileStep />}
      {step === 'columns' && <ColumnsStep />}
      {step === 'review' && <ReviewStep />}
    </div>
  );
}
