/**
 * Header text reduced to what matters for matching: lower case, accents dropped, camelCase split,
 * punctuation and underscores as spaces, and format hints such as "(dd/mm/yyyy)" or "(required)"
 * removed. "Duration_(mins)" and "duration mins" become the same text.
 */
export function normalizeHeader(text: string): string {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '' && !IGNORED_WORDS.has(word));
  return words.join(' ');
}

/** Words that describe a column's format or status, not what it holds. */
const IGNORED_WORDS = new Set(['dd', 'mm', 'yy', 'yyyy', 'hh', 'required', 'optional', 'mandatory', 'the']);

/** The date order a header spells out, as in "Date (dd/mm/yyyy)". */
export function dateOrderHintOf(text: string): 'DMY' | 'MDY' | null {
  const lower = text.toLowerCase();
  if (/\bd{1,2}[/.\- ]m{1,2}[/.\- ]y{2,4}\b/.test(lower)) return 'DMY';
  if (/\bm{1,2}[/.\- ]d{1,2}[/.\- ]y{2,4}\b/.test(lower)) return 'MDY';
  return null;
}

/** Header texts a column must not be keyed by: they name properties of every JS object. */
const RESERVED_HEADERS = new Set([
  '__proto__',
  'constructor',
  'prototype',
  '__definegetter__',
  '__definesetter__',
]);

export function isReservedHeader(text: string): boolean {
  return RESERVED_HEADERS.has(text.trim().toLowerCase());
}
