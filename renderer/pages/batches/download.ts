const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CSV_TYPE = 'text/csv;charset=utf-8';

/** Saves .xlsx bytes as a file (see `downloadBytes`). */
export function downloadXlsx(bytes: Uint8Array, fileName: string): void {
  downloadBytes(bytes, fileName, XLSX_TYPE);
}

/** Saves a CSV's UTF-8 bytes as a file (see `downloadBytes`). */
export function downloadCsv(bytes: Uint8Array, fileName: string): void {
  downloadBytes(bytes, fileName, CSV_TYPE);
}

/**
 * Saves bytes as a file through a Blob URL and a download link: the same in a browser and in
 * Electron (whose session turns it into a save dialog).
 */
function downloadBytes(bytes: Uint8Array, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // the download has started from the URL; keep it a moment for slow hosts
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file name from a batch label: letters, digits, spaces, dashes and dots only. */
export function safeFileName(label: string, suffix: string, extension: 'xlsx' | 'csv' = 'xlsx'): string {
  const base =
    label
      .replace(/[^\p{L}\p{N} ._-]+/gu, '')
      .trim()
      .slice(0, 80) || 'batch';
  return `${base}-${suffix}.${extension}`;
}
