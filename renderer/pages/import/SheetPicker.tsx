import type { SheetOverview } from '../../workers/importProtocol';

const number = new Intl.NumberFormat('en-US');

/**
 * The file's sheets side by side, each one click away: the one open, the others with their row
 * counts, and those that cannot be imported with the reason, so a workbook is never refused
 * because of one sheet.
 */
export function SheetPicker({
  sheets,
  selected,
  disabled,
  onChoose,
}: {
  sheets: readonly SheetOverview[];
  selected: number;
  disabled: boolean;
  onChoose: (index: number) => void;
}) {
  const current = sheets[selected];
  return (
    <div className="field sheet-picker">
      <span className="field-label" id="import-sheet-label">
        Sheet
      </span>
      <div className="sheet-choices" role="group" aria-labelledby="import-sheet-label">
        {sheets.map((sheet) => (
          <button
            key={sheet.index}
            type="button"
            className="sheet-choice"
            aria-pressed={sheet.index === selected}
            disabled={disabled || sheet.problem !== null}
            onClick={() => onChoose(sheet.index)}
          >
            <span className="sheet-choice-name">{sheet.name}</span>
            <span className="sheet-choice-detail">
              {sheet.problem ?? `${number.format(sheet.dataRows)} row${sheet.dataRows === 1 ? '' : 's'}`}
              {sheet.hidden ? ' · hidden in the file' : ''}
            </span>
          </button>
        ))}
      </div>
      {current && <span className="field-hint">{whyOpened(current, sheets)}</span>}
    </div>
  );
}

function whyOpened(sheet: SheetOverview, sheets: readonly SheetOverview[]): string {
  if (sheet.matchedFields === 0) return `No row of "${sheet.name}" names a column this import knows.`;
  const columns = `${sheet.matchedFields} column${sheet.matchedFields === 1 ? '' : 's'}`;
  const best = sheets.every((other) => other.problem !== null || other.score <= sheet.score + 1e-9);
  return `Row ${sheet.headerRowNumber} of "${sheet.name}" names ${columns} of this import${best ? ', the most of any sheet' : ''}.`;
}
