import type { ImportSummary } from '../../../src/import';

const number = new Intl.NumberFormat('en-US');

/** What the submission will be, before it is made: rows, exclusions, warnings, batches. */
export function ImportSummaryCard({ summary }: { summary: ImportSummary }) {
  const stats: [string, number, string][] = [
    ['Rows in the file', summary.totalRows, 'neutral'],
    ['To submit', summary.toSubmit, 'completed'],
    ['With errors', summary.withErrors, 'failed'],
    ['With warnings', summary.withWarnings, 'partial'],
    ['Duplicates in the file', summary.duplicates, 'partial'],
    ['Excluded', summary.excluded, 'neutral'],
  ];
  return (
    <section className="card" aria-labelledby="import-summary-title">
      <header className="card-header">
        <h2 id="import-summary-title">Summary</h2>
      </header>
      <dl className="stats">
        {stats.map(([label, value, tone]) => (
          <div key={label} className={`stat stat-${tone}`}>
            <dt>{label}</dt>
            <dd>{number.format(value)}</dd>
          </div>
        ))}
      </dl>
      <p className="import-summary-message" role="status">
        {summary.message}{' '}
        {summary.toSubmit > 0 &&
          (summary.batches <= 1
            ? 'It becomes 1 batch.'
            : `It becomes ${summary.batches} batches of at most ${number.format(summary.maxItemsPerBatch)} registrations.`)}
      </p>
    </section>
  );
}
