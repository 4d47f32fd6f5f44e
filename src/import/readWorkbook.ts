import * as XLSX from 'xlsx';
import type { DateSystem } from './cells';
import { detectDelimiter, parseDelimited, type Delimiter } from './csv';
import { ImportError } from './errors';
import { containerOf, formatFromName, formatSize, type FileFormat } from './fileFormat';
import { tableFromDenseSheet, tableFromTextRows, type SheetTable } from './sheetRows';
import { hiddenOdsSheets, isEncryptedOds } from './odsPackage';
import { dropValuelessRows } from './sheetXml';
import { readXlsxFast, type ZipContainer } from './xlsxFast';
import { damagedXlsbPart } from './xlsbRecords';
import { UnzipFailure, unzipNative } from './unzip';
import { zipExpandedSize } from './zipSize';
import { decodeText, type TextEncodingName } from './textEncoding';

export const DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024;
/** How much bigger than the file limit a workbook may be once unpacked (XML compresses ~10x). */
export const EXPANSION_FACTOR = 20;

export interface ReadProgress {
  phase: 'checking' | 'decoding' | 'parsing' | 'extracting' | 'done';
  /** 0..1 over the whole read */
  fraction: number;
}

export interface ReadWorkbookOptions {
  fileName: string;
  /** default 50 MB */
  maxBytes?: number;
  onProgress?: (progress: ReadProgress) => void;
  /** the zip's entries, already unpacked (see `readWorkbookAsync`); default: SheetJS unpacks them */
  unzipped?: ZipContainer;
}

export interface WorkbookData {
  fileName: string;
  format: FileFormat;
  dateSystem: DateSystem;
  sheets: SheetTable[];
  /** index in `sheets` of the first visible sheet with data, whatever the import kind (the wizard
   * opens the sheet whose header row fits the kind best: `chooseSheet`) */
  selectedSheet: number;
  /** for CSV/TSV: how the text was read */
  text?: { encoding: TextEncodingName; delimiter: Delimiter };
}

/**
 * Reads a spreadsheet file's bytes into plain tables. Formulas are never evaluated (only the values
 * the file stored are read), macros and styles are skipped. Throws an `ImportError` with a
 * sentence for the coordinator when the file cannot be used; never returns a partial read.
 */
export function readWorkbook(input: ArrayBuffer | Uint8Array, options: ReadWorkbookOptions): WorkbookData {
  const { fileName, onProgress } = options;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  onProgress?.({ phase: 'checking', fraction: 0 });
  const format = formatFromName(fileName);
  if (bytes.byteLength === 0) {
    throw new ImportError('empty_file', `"${fileName}" is empty (0 bytes): there is nothing to import.`);
  }
  if (bytes.byteLength > maxBytes) {
    const size = formatSize(bytes.byteLength);
    const limit = formatSize(maxBytes);
    const measured = size === limit ? `just over ${limit}` : size;
    throw new ImportError(
      'file_too_large',
      `"${fileName}" is ${measured}; the import takes files up to ${limit}. Split it into smaller files.`,
    );
  }
  const container = containerOf(bytes);
  const result =
    container === 'text'
      ? readText(bytes, fileName, format, onProgress)
      : readBinaryWorkbook(bytes, fileName, format, container, maxBytes, onProgress, options.unzipped);
  const selectedSheet = result.sheets.findIndex((s) => !s.hidden && s.rows.length > 0);
  const anyData = selectedSheet !== -1 || result.sheets.some((s) => s.rows.length > 0);
  if (!anyData) {
    const where = result.sheets.length > 1 ? 'none of its sheets has a' : 'its sheet has no';
    throw new ImportError(
      'no_data',
      `"${fileName}" has no data: ${where} filled-in cell (formatting alone does not count).`,
    );
  }
  onProgress?.({ phase: 'done', fraction: 1 });
  return {
    ...result,
    fileName,
    format,
    selectedSheet: selectedSheet !== -1 ? selectedSheet : result.sheets.findIndex((s) => s.rows.length > 0),
  };
}

/**
 * `readWorkbook` with the zip unpacked by the platform's native inflate first (`unzipNative`):
 * what the app runs. A damaged or lying archive is refused as damaged instead of hanging SheetJS's
 * own inflate; the native one is also faster. Every other check and sentence is `readWorkbook`'s.
 */
export async function readWorkbookAsync(
  input: ArrayBuffer | Uint8Array,
  options: ReadWorkbookOptions,
): Promise<WorkbookData> {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const { fileName } = options;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  const format = formatFromName(fileName);
  const limit = maxBytes * EXPANSION_FACTOR;
  let unzipped: ZipContainer | undefined;
  // the size checks and the encrypted-package check are readWorkbook's, with their own sentences
  const plainZip =
    containerOf(bytes) === 'zip' &&
    bytes.byteLength <= maxBytes &&
    !isEncryptedOds(bytes) &&
    (zipExpandedSize(bytes) ?? 0) <= limit;
  if (plainZip) {
    options.onProgress?.({ phase: 'checking', fraction: 0 });
    try {
      unzipped = await unzipNative(bytes, limit);
    } catch (error) {
      if (error instanceof UnzipFailure) throw corrupt(fileName, format);
      throw error;
    }
  }
  return readWorkbook(bytes, unzipped ? { ...options, unzipped } : options);
}

type ReadResult = Pick<WorkbookData, 'dateSystem' | 'sheets' | 'text'>;

function readText(
  bytes: Uint8Array,
  fileName: string,
  format: FileFormat,
  onProgress: ReadWorkbookOptions['onProgress'],
): ReadResult {
  if (format !== 'csv' && format !== 'tsv') {
    throw new ImportError(
      'corrupt_file',
      `"${fileName}" is not a .${format} workbook: its content is plain text or damaged. If it is a text export, save it as .csv; otherwise open it in Excel and save it again.`,
    );
  }
  onProgress?.({ phase: 'decoding', fraction: 0.05 });
  const decoded = decodeText(bytes);
  const encoding = decoded.encoding;
  // Excel honours a first line `sep=;` naming the delimiter, and so do we.
  const hint = /^sep=([,;\t|])\r?\n/i.exec(decoded.text);
  const text = hint ? decoded.text.slice(hint[0].length) : decoded.text;
  const delimiter = hint ? (hint[1] as Delimiter) : format === 'tsv' ? '\t' : detectDelimiter(text);
  onProgress?.({ phase: 'parsing', fraction: 0.2 });
  let records: string[][];
  try {
    records = parseDelimited(text, delimiter);
  } catch (error) {
    // the reader knows the line, this function the file
    if (error instanceof ImportError) throw new ImportError(error.code, `"${fileName}": ${error.message}`);
    throw error;
  }
  onProgress?.({ phase: 'extracting', fraction: 0.8 });
  const sheet = tableFromTextRows(sheetNameFromFile(fileName), records);
  return { dateSystem: 1900, sheets: [sheet], text: { encoding, delimiter } };
}

function readBinaryWorkbook(
  bytes: Uint8Array,
  fileName: string,
  format: FileFormat,
  container: 'zip' | 'ole',
  maxBytes: number,
  onProgress: ReadWorkbookOptions['onProgress'],
  unzipped: ZipContainer | undefined,
): ReadResult {
  if (container === 'ole' && isEncryptedPackage(bytes)) throw passwordProtected(fileName);
  if (container === 'zip') {
    const expanded = zipExpandedSize(bytes);
    const limit = maxBytes * EXPANSION_FACTOR;
    if (expanded !== null && expanded > limit) {
      throw new ImportError(
        'file_too_large',
        `"${fileName}" unpacks to ${formatSize(expanded)}, more than the ${formatSize(limit)} the import can hold in memory (${EXPANSION_FACTOR} times the ${formatSize(maxBytes)} file limit). Split it into smaller files.`,
      );
    }
  }
  onProgress?.({ phase: 'parsing', fraction: 0.05 });
  if (container === 'zip' && isEncryptedOds(bytes)) throw passwordProtected(fileName);
  const zip = container === 'zip' ? (unzipped ?? unzip(bytes, fileName, format)) : null;
  const dateFormats = new Map<string, boolean>();
  const isDateFormat = (fmt: string): boolean => {
    let known = dateFormats.get(fmt);
    if (known === undefined) {
      known = fmt !== 'General' && isDateNumberFormat(fmt);
      dateFormats.set(fmt, known);
    }
    return known;
  };

  const fast = zip ? readXlsxFast(zip, isDateFormat) : null;
  if (fast) {
    onProgress?.({ phase: 'extracting', fraction: 0.8 });
    return { dateSystem: fast.date1904 ? 1904 : 1900, sheets: fast.sheets };
  }

  // SheetJS would read a damaged .xlsb text until the memory runs out
  if (zip && damagedXlsbPart(zip) !== null) throw corrupt(fileName, format);
  let workbook: XLSX.WorkBook;
  try {
    workbook = parseWorkbook(bytes, zip, {
      dense: true,
      // Values only: no formula text, styles, rich text, generated display text or macros.
      cellFormula: false,
      cellHTML: false,
      cellStyles: false,
      cellText: false,
      cellDates: false,
      // Number formats tell a date serial from a plain number.
      cellNF: true,
      bookVBA: false,
      bookDeps: false,
      sheetStubs: false,
      WTF: false,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/password|encrypt/i.test(message)) throw passwordProtected(fileName);
    throw corrupt(fileName, format);
  }
  onProgress?.({ phase: 'extracting', fraction: 0.8 });
  const sheetProps = workbook.Workbook?.Sheets ?? [];
  const odsHidden = zip && format === 'ods' ? hiddenOdsSheets(zip) : null;
  const names = workbook.SheetNames;
  const sheets: SheetTable[] = [];
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const sheet = workbook.Sheets[name];
    const hidden = Boolean(sheetProps[i]?.Hidden) || Boolean(odsHidden?.has(name));
    sheets.push(
      sheet
        ? tableFromDenseSheet(name, hidden, sheet, isDateFormat)
        : { name, hidden, rows: [], rowNumbers: [], columnLetters: [] },
    );
    onProgress?.({ phase: 'extracting', fraction: 0.8 + (0.2 * (i + 1)) / names.length });
  }
  const date1904 = Boolean(workbook.Workbook?.WBProps?.date1904);
  return { dateSystem: date1904 ? 1904 : 1900, sheets };
}

function corrupt(fileName: string, format: FileFormat): ImportError {
  return new ImportError(
    'corrupt_file',
    `"${fileName}" could not be read as a .${format} file: it looks damaged or incomplete (for example cut short while copying). Open it in Excel or LibreOffice and save it again.`,
  );
}

function unzip(bytes: Uint8Array, fileName: string, format: FileFormat): ZipContainer {
  try {
    return XLSX.CFB.read(bytes, { type: 'buffer' }) as ZipContainer;
  } catch {
    throw corrupt(fileName, format);
  }
}

type ParseZip = (zip: unknown, options: XLSX.ParsingOptions) => XLSX.WorkBook;

/** Sheets bigger than this get their value-less rows dropped before SheetJS parses them. */
const SHEET_XML_SCAN_BYTES = 1024 * 1024;

/**
 * Zip workbooks are unpacked here so that worksheets full of formatted but empty rows can be
 * thinned before SheetJS parses them (see `dropValuelessRows`); everything else goes to SheetJS.
 */
function parseWorkbook(
  bytes: Uint8Array,
  zip: ZipContainer | null,
  options: XLSX.ParsingOptions,
): XLSX.WorkBook {
  const parseZip = (XLSX as unknown as { parse_zip?: ParseZip }).parse_zip;
  if (zip === null || typeof parseZip !== 'function') return XLSX.read(bytes, { ...options, type: 'array' });
  for (let i = 0; i < zip.FileIndex.length; i++) {
    const entry = zip.FileIndex[i]!;
    const path = zip.FullPaths[i] ?? '';
    if (!entry.content || entry.content.length < SHEET_XML_SCAN_BYTES) continue;
    if (!/\/xl\/worksheets\/[^/]+\.xml$/i.test(path)) continue;
    const thinned = dropValuelessRows(entry.content);
    if (thinned) entry.content = thinned;
  }
  return parseZip(zip, { ...options, type: 'array' });
}

/**
 * Excel keeps a password-protected .xlsx, .xlsm or .xlsb as an OLE container holding `EncryptionInfo` and
 * `EncryptedPackage`; SheetJS cannot open it, and the coordinator must hear why.
 */
function isEncryptedPackage(bytes: Uint8Array): boolean {
  try {
    const container = XLSX.CFB.read(bytes, { type: 'buffer' }) as { FileIndex: { name: string }[] };
    const names = new Set(container.FileIndex.map((entry) => entry.name));
    return names.has('EncryptionInfo') && names.has('EncryptedPackage');
  } catch {
    return false;
  }
}

function passwordProtected(fileName: string): ImportError {
  return new ImportError(
    'password_protected',
    `"${fileName}" is password-protected, so its rows cannot be read. Remove the password and import it again: in Excel, File > Info > Protect Workbook > Encrypt with Password, clear the password and save; in LibreOffice, File > Save As, untick "Save with password" and save.`,
  );
}

function isDateNumberFormat(format: string): boolean {
  try {
    return Boolean((XLSX.SSF as { is_date: (f: string) => boolean }).is_date(format));
  } catch {
    return false;
  }
}

function sheetNameFromFile(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '');
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}
