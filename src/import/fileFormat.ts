import { ImportError } from './errors';

export const SUPPORTED_EXTENSIONS = ['xlsx', 'xlsm', 'xlsb', 'xls', 'ods', 'csv', 'tsv'] as const;
export type FileFormat = (typeof SUPPORTED_EXTENSIONS)[number];

/** What the bytes are, whatever the file is called. */
export type Container = 'zip' | 'ole' | 'text';

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot === -1 ? '' : fileName.slice(dot + 1).toLowerCase();
}

export function formatFromName(fileName: string): FileFormat {
  const ext = extensionOf(fileName);
  if ((SUPPORTED_EXTENSIONS as readonly string[]).includes(ext)) return ext as FileFormat;
  const shown = ext === '' ? 'a file without an extension' : `a .${ext} file`;
  throw new ImportError(
    'unsupported_format',
    `"${fileName}" is ${shown}, which the import cannot read. Save the data as an Excel workbook (.xlsx) or as .csv (Excel or LibreOffice: File > Save As; Numbers or Google Sheets: File > Export or Download) and import that file. The import reads ${SUPPORTED_EXTENSIONS.map((e) => '.' + e).join(', ')}.`,
  );
}

const ZIP_MAGIC = [0x50, 0x4b];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export function containerOf(bytes: Uint8Array): Container {
  if (startsWith(bytes, OLE_MAGIC)) return 'ole';
  // Local file header (03 04), or the end record of an empty archive (05 06).
  if (startsWith(bytes, ZIP_MAGIC) && (bytes[2] === 3 || bytes[2] === 5)) return 'zip';
  return 'text';
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  if (bytes.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[i] !== magic[i]) return false;
  return true;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  const mb = bytes / (1024 * 1024);
  return `${mb >= 10 ? Math.round(mb) : Math.round(mb * 10) / 10} MB`;
}
