import { cellText, type CellValue } from './cells';
import { dateOrderHintOf, isReservedHeader, normalizeHeader } from './headerText';
import type { FieldSpec, ImportKind } from './importKinds';

/** Field key -> column index (in the table's kept columns), or null when no column is chosen. */
export type ColumnMapping = Readonly<Record<string, number | null>>;

export interface ColumnProposal {
  column: number;
  header: string;
  /** the field this column fills, or null when it is ignored */
  field: string | null;
  /** 0..1: 1 for an exact name or a remembered choice; under 0.8 the wizard should ask */
  confidence: number;
  /** why a column is ignored or doubtful, for the coordinator */
  note: string | null;
}

export interface MappingProposal {
  columns: ColumnProposal[];
  mapping: ColumnMapping;
  /** required fields no column fills */
  missingRequired: string[];
  /** the date order a date header spells out ("Date (mm/dd/yyyy)"), to preset the setting */
  dateOrderHint: 'DMY' | 'MDY' | null;
  /** `headerSignature(headers)`, to remember the confirmed mapping */
  signature: string;
}

const MIN_CONFIDENCE = 0.5;

/** How well one header names one field, 0..1. */
export function headerScore(normalized: string, field: FieldSpec): number {
  if (normalized === '') return 0;
  const compact = normalized.replace(/ /g, '');
  const words = normalized.split(' ');
  let best = 0;
  for (const [synonym, weight] of field.synonyms) {
    let score = 0;
    const synonymWords = synonym.split(' ');
    if (normalized === synonym) score = weight;
    else if (compact === synonym.replace(/ /g, '')) score = weight * 0.98;
    else if (containsWords(words, synonymWords)) {
      // "Mentor ID number" still names the mentor id; "Activity date" is not the activity.
      score = weight * 0.8 * (synonymWords.length / words.length);
    } else if (
      compact.length >= 4 &&
      withinEdits(compact, synonym.replace(/ /g, ''), compact.length >= 8 ? 2 : 1)
    ) {
      score = weight * 0.7;
    }
    if (score > best) best = score;
  }
  return best;
}

/**
 * The automatic mapping: every (column, field) pair scored, then the surest pairs taken first,
 * each column and each field at most once. A remembered mapping for the same headers wins.
 */
export function proposeMapping(
  headerCells: readonly CellValue[],
  kind: ImportKind,
  remembered?: ColumnMapping | null,
): MappingProposal {
  const headers = headerCells.map((cell) => cellText(cell).trim());
  const normalized = headers.map(normalizeHeader);
  const columns: ColumnProposal[] = headers.map((header, column) => ({
    column,
    header,
    field: null,
    confidence: 0,
    note: null,
  }));
  const usable = remembered ? sanitizeMapping(remembered, kind, headers.length) : null;
  if (usable) {
    for (const field of kind.fields) {
      const column = usable[field.key];
      if (column === null || column === undefined) continue;
      const proposal = columns[column]!;
      proposal.field = field.key;
      proposal.confidence = 1;
      proposal.note = 'Remembered from an earlier file with the same headers';
    }
  } else {
    assignGreedily(columns, normalized, kind);
    settleSplitFields(columns, normalized, kind);
  }
  const mapping: Record<string, number | null> = {};
  for (const field of kind.fields) mapping[field.key] = null;
  for (const proposal of columns) {
    if (proposal.field) mapping[proposal.field] = proposal.column;
    else proposal.note ??= ignoredNote(proposal.header);
  }
  const dateField = kind.fields.find((f) => f.parser === 'date');
  const dateColumn = dateField ? mapping[dateField.key] : null;
  return {
    columns,
    mapping,
    missingRequired: kind.fields.filter((f) => f.required && mapping[f.key] === null).map((f) => f.key),
    dateOrderHint:
      dateColumn !== null && dateColumn !== undefined ? dateOrderHintOf(headers[dateColumn] ?? '') : null,
    signature: headerSignature(headers),
  };
}

function assignGreedily(columns: ColumnProposal[], normalized: readonly string[], kind: ImportKind): void {
  const pairs: { column: number; field: FieldSpec; score: number }[] = [];
  for (let column = 0; column < normalized.length; column++) {
    if (isReservedHeader(columns[column]!.header)) continue;
    for (const field of kind.fields) {
      const score = headerScore(normalized[column]!, field);
      if (score >= MIN_CONFIDENCE) pairs.push({ column, field, score });
    }
  }
  // Surest first; on a tie the leftmost column, then the field listed first.
  pairs.sort((a, b) => b.score - a.score || a.column - b.column);
  const takenFields = new Map<string, number>();
  for (const { column, field, score } of pairs) {
    const proposal = columns[column]!;
    if (proposal.field !== null) continue;
    const takenBy = takenFields.get(field.key);
    if (takenBy !== undefined) {
      proposal.note ??= `Also looks like "${field.label}", which column "${columns[takenBy]!.header}" already fills; ignored unless you choose it.`;
      continue;
    }
    proposal.field = field.key;
    proposal.confidence = Math.round(score * 100) / 100;
    takenFields.set(field.key, column);
  }
}

/**
 * A field a file may split (Start, or Date and Time) ends whole or split, never half of each: a
 * "Date" column alone is the whole start ("02/04/2026 09:00"); a "Start time" beside a "Date" is
 * the time part; with Start, Date and Time all there, Start gives it and the parts are ignored.
 */
function settleSplitFields(columns: ColumnProposal[], normalized: readonly string[], kind: ImportKind): void {
  const columnOf = (key: string) => columns.find((c) => c.field === key);
  const fieldOf = (key: string) => kind.fields.find((f) => f.key === key)!;
  const move = (proposal: ColumnProposal, key: string) => {
    proposal.field = key;
    proposal.confidence = Math.round(headerScore(normalized[proposal.column]!, fieldOf(key)) * 100) / 100;
  };
  for (const [whole, parts] of Object.entries(kind.splitFields ?? {})) {
    const wholeColumn = columnOf(whole);
    const mapped = parts.map(columnOf);
    const missing = parts.filter((_, i) => !mapped[i]);
    if (missing.length === 0) {
      if (!wholeColumn) continue;
      for (const proposal of mapped) {
        proposal!.field = null;
        proposal!.confidence = 0;
        proposal!.note = `Column "${wholeColumn.header}" gives the ${fieldOf(whole).label.toLowerCase()} with its date and time, so this one is ignored unless you choose it.`;
      }
      continue;
    }
    if (missing.length === parts.length) continue;
    const lone = mapped.filter((p): p is ColumnProposal => p !== undefined);
    const fits = (proposal: ColumnProposal, key: string) =>
      headerScore(normalized[proposal.column]!, fieldOf(key)) >= MIN_CONFIDENCE;
    if (wholeColumn && missing.length === 1 && fits(wholeColumn, missing[0]!)) {
      move(wholeColumn, missing[0]!);
    } else if (!wholeColumn && lone.length === 1 && fits(lone[0]!, whole)) {
      move(lone[0]!, whole);
    }
  }
}

function ignoredNote(header: string): string {
  if (header === '') return 'This column has no header; it is ignored unless you choose a field for it.';
  if (isReservedHeader(header)) {
    return `"${header}" is a reserved name, not a column this import knows; the column is ignored.`;
  }
  return `"${header}" is not a column this import knows; it is ignored unless you choose a field for it.`;
}

/** A mapping from outside (a remembered one, the wizard's edits) kept only if it fits the table. */
export function sanitizeMapping(
  mapping: ColumnMapping,
  kind: ImportKind,
  columnCount: number,
): ColumnMapping | null {
  const out: Record<string, number | null> = {};
  const used = new Set<number>();
  for (const field of kind.fields) {
    const column = Object.prototype.hasOwnProperty.call(mapping, field.key) ? mapping[field.key] : null;
    if (column === null || column === undefined) {
      out[field.key] = null;
      continue;
    }
    if (!Number.isInteger(column) || column < 0 || column >= columnCount || used.has(column)) return null;
    used.add(column);
    out[field.key] = column;
  }
  return out;
}

/**
 * A stable text for a header row, so a caller can remember the mapping a coordinator confirmed and
 * offer it again for the next file with the same headers (in the same order).
 */
export function headerSignature(headers: readonly CellValue[]): string {
  return `${headers.length}:${headers.map((h) => normalizeHeader(cellText(h))).join('|')}`;
}

/** A sheet's likeliest header row and how well it names the kind's fields (0: no match). */
export interface HeaderGuess {
  row: number;
  /** the sum, over the fields some cell names, of the best header score for that field */
  score: number;
  /** how many of the kind's fields a cell of that row names */
  fields: number;
}

/**
 * Which of the first rows is the header: the one whose cells best name the kind's fields.
 * Title rows above the table and data rows score lower. With no match at all, the first row.
 */
export function detectHeader(
  rows: readonly (readonly CellValue[])[],
  kind: ImportKind,
  scan = 20,
): HeaderGuess {
  let bestRow = 0;
  let bestScore = 0;
  let bestFields = 0;
  const limit = Math.min(rows.length, scan);
  for (let r = 0; r < limit; r++) {
    const row = rows[r]!;
    const bestPerField = new Map<string, number>();
    for (const cell of row) {
      if (typeof cell !== 'string') continue;
      const normalized = normalizeHeader(cell);
      for (const field of kind.fields) {
        const score = headerScore(normalized, field);
        if (score >= MIN_CONFIDENCE && score > (bestPerField.get(field.key) ?? 0)) {
          bestPerField.set(field.key, score);
        }
      }
    }
    let total = 0;
    for (const score of bestPerField.values()) total += score;
    if (total > bestScore + 1e-9) {
      bestScore = total;
      bestRow = r;
      bestFields = bestPerField.size;
    }
  }
  return { row: bestRow, score: bestScore, fields: bestFields };
}

export function detectHeaderRow(
  rows: readonly (readonly CellValue[])[],
  kind: ImportKind,
  scan = 20,
): number {
  return detectHeader(rows, kind, scan).row;
}

function containsWords(words: readonly string[], wanted: readonly string[]): boolean {
  if (wanted.length > words.length) return false;
  outer: for (let start = 0; start + wanted.length <= words.length; start++) {
    for (let i = 0; i < wanted.length; i++) if (words[start + i] !== wanted[i]) continue outer;
    return true;
  }
  return false;
}

/** Levenshtein distance at most `max`, for typos such as "Mentro ID". */
function withinEdits(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return false;
    previous = current;
  }
  return previous[b.length]! <= max;
}
