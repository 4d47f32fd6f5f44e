import { cellText, isEmptyCell, isExcelError, type CellValue } from './cells';
import { failed, parsed, type ParseResult } from './parseResult';

/** `Peer session`, `peer-session`, `PEER SESSION`, `Peer Sessions` all name `peer_session`. */
export function activityTypeKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * Matches cells to the configured types forgivingly. Built once per import: the configured list is
 * short, but a file has many rows with the same few spellings.
 */
export function activityTypeMatcher(
  types: readonly string[],
): (cell: CellValue | undefined) => ParseResult<string> {
  const byKey = new Map<string, string>();
  for (const type of types) {
    const key = activityTypeKey(type);
    byKey.set(key, type);
    byKey.set(key.replace(/_/g, ''), type);
  }
  const seen = new Map<string, ParseResult<string>>();
  const allowed = types.join(', ');
  return (cell) => {
    if (isEmptyCell(cell)) return failed('Activity type is required');
    if (isExcelError(cell))
      return failed(`The cell shows the spreadsheet error ${cell.text}, not an activity type`);
    const text = cellText(cell).trim();
    const cached = seen.get(text);
    if (cached) return cached;
    const key = activityTypeKey(text);
    const type =
      byKey.get(key) ??
      byKey.get(key.replace(/_/g, '')) ??
      // plural: "Workshops", "Peer sessions"
      (key.endsWith('s')
        ? (byKey.get(key.slice(0, -1)) ?? byKey.get(key.slice(0, -1).replace(/_/g, '')))
        : undefined);
    const result = type ? parsed(type) : failed(`Unknown activity type "${text}"; allowed: ${allowed}`);
    if (seen.size < 1000) seen.set(text, result);
    return result;
  };
}
