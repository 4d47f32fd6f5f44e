import { useState } from 'react';

/**
 * A row's exclusion: it flips at once under the pointer while the worker applies it; the caller
 * keys it by the row's stored state, so the worker's answer resets it.
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
  const [checked, setChecked] = useState(excluded);
  return (
    <input
      type="checkbox"
      aria-label={`Exclude row ${rowNumber}`}
      checked={checked}
      onChange={(e) => {
        setChecked(e.target.checked);
        onChange(e.target.checked);
      }}
    />
  );
}
