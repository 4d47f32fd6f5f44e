import { useState } from 'react';

/**
 * A row's exclusion: it flips at once under the pointer while the worker applies it, and follows
 * the row's stored state when that changes (the worker's answer, an undo). It stays the same
 * element meanwhile, so the focus stays on it and Ctrl+Z from it undoes the exclusion.
 */
export function ExcludeCheckbox({
  rowNumber,
  excluded,
  onChange,
}: {
  rowNumber: number;
  excluded: boolean;
  onChange: (excluded: boolean) => void;
}) {
  const [shown, setShown] = useState({ stored: excluded, checked: excluded });
  if (shown.stored !== excluded) setShown({ stored: excluded, checked: excluded });
  return (
    <input
      type="checkbox"
      aria-label={`Exclude row ${rowNumber}`}
      checked={shown.checked}
      onChange={(e) => {
        setShown({ stored: excluded, checked: e.target.checked });
        onChange(e.target.checked);
      }}
    />
  );
}
