const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Saves bytes as a file through a Blob URL and a download link: the same in a browser and in
 * Electron (whose session turns it into a save dialog).
 */
export function downloadXlsx(bytes: Uint8Array, fileName: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: XLSX_TYPE }));
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
export function safeFileName(label: string, suffix: string): string {
  const base =
    label
      .replace(/[^\p{L}\p{N} ._-]+/gu, '')
      .trim()
      .slice(0, 80) || 'batch';
  return `${base}-${suffix}.xlsx`;
}
