import * as XLSX from 'xlsx';
import { replaceZipEntry } from '../../support/zipEdit';

export { replaceZipEntry };

/** Test files built in memory with SheetJS, the way Excel or LibreOffice would save them. */
export type FixtureCell = string | number | boolean | null | { date: number } | { time: number };

export function workbookBytes(
  sheets: Record<string, FixtureCell[][]>,
  bookType: XLSX.BookType = 'xlsx',
  options: { date1904?: boolean; hidden?: string[] } = {},
): Uint8Array {
  const workbook = XLSX.utils.book_new();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = XLSX.utils.aoa_to_sheet(rows.map((row) => row.map((cell) => plain(cell))));
    rows.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (cell !== null && typeof cell === 'object') {
          const ref = XLSX.utils.encode_cell({ r, c });
          sheet[ref] =
            'date' in cell ? { t: 'n', v: cell.date, z: 'yyyy-mm-dd' } : { t: 'n', v: cell.time, z: 'h:mm' };
        }
      }),
    );
    XLSX.utils.book_append_sheet(workbook, sheet, name);
  }
  workbook.Workbook ??= {};
  if (options.date1904) workbook.Workbook.WBProps = { date1904: true };
  if (options.hidden) {
    workbook.Workbook.Sheets = workbook.SheetNames.map((name) => ({
      Hidden: options.hidden!.includes(name) ? 1 : 0,
    }));
  }
  return new Uint8Array(XLSX.write(workbook, { type: 'array', bookType }) as ArrayBuffer);
}

function plain(cell: FixtureCell): string | number | boolean | null {
  return cell !== null && typeof cell === 'object' ? null : cell;
}

/** Windows-1252 bytes of text made only of Latin-1 characters (enough for accented names). */
export function windows1252(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) throw new Error(`not Latin-1: ${text[i]}`);
    bytes[i] = code;
  }
  return bytes;
}

export function utf16(text: string, order: 'le' | 'be', bom = true): Uint8Array {
  const bytes = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
  let at = 0;
  const put = (code: number) => {
    bytes[at++] = order === 'le' ? code & 0xff : code >> 8;
    bytes[at++] = order === 'le' ? code >> 8 : code & 0xff;
  };
  if (bom) put(0xfeff);
  for (let i = 0; i < text.length; i++) put(text.charCodeAt(i));
  return bytes;
}

export function utf8(text: string, bom = false): Uint8Array {
  const body = new TextEncoder().encode(text);
  if (!bom) return body;
  const bytes = new Uint8Array(body.length + 3);
  bytes.set([0xef, 0xbb, 0xbf]);
  bytes.set(body, 3);
  return bytes;
}

/** An OLE2 container as Excel writes a password-protected .xlsx: EncryptionInfo + EncryptedPackage. */
export function encryptedWorkbookBytes(): Uint8Array {
  const container = XLSX.CFB.utils.cfb_new();
  // Agile encryption header (version 4.4) followed by a stub XML descriptor.
  const info = new Uint8Array([
    4,
    0,
    4,
    0,
    0x40,
    0,
    0,
    0,
    ...new TextEncoder().encode('<?xml version="1.0"?><encryption/>'),
  ]);
  XLSX.CFB.utils.cfb_add(container, '/EncryptionInfo', info);
  XLSX.CFB.utils.cfb_add(
    container,
    '/EncryptedPackage',
    new Uint8Array(4096).map((_, i) => (i * 31) & 0xff),
  );
  return new Uint8Array(XLSX.CFB.write(container, { type: 'array' }) as ArrayBuffer);
}

/**
 * A sheet of `count` rows that carry a style and nothing else, as Excel saves a sheet whose rows
 * were formatted down to the bottom: raw sheet XML put into a SheetJS-made .xlsx.
 */
export function formattedEmptyRowsXlsx(count: number, headers: string[] = []): Uint8Array {
  const base = workbookBytes({ Sheet1: [['placeholder']] });
  const encoder = new TextEncoder();
  const head = encoder.encode(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      `<dimension ref="A1:A${count}"/><sheetData>` +
      (headers.length > 0
        ? `<row r="1">${headers.map((h, c) => `<c r="${XLSX.utils.encode_col(c)}1" t="inlineStr"><is><t>${h}</t></is></c>`).join('')}</row>`
        : ''),
  );
  const tail = encoder.encode('</sheetData></worksheet>');
  // Written byte by byte: a million template strings would take seconds on a busy machine.
  const rowA = encoder.encode('<row r="');
  const rowB = encoder.encode('" s="1" customFormat="1"><c r="A');
  const rowC = encoder.encode('" s="1"/></row>');
  const out = new Uint8Array(
    head.length + tail.length + count * (rowA.length + rowB.length + rowC.length + 14),
  );
  out.set(head, 0);
  let at = head.length;
  const digits = (n: number) => {
    const text = String(n);
    for (let i = 0; i < text.length; i++) out[at++] = text.charCodeAt(i);
  };
  for (let r = headers.length > 0 ? 2 : 1; r <= count; r++) {
    out.set(rowA, at);
    at += rowA.length;
    digits(r);
    out.set(rowB, at);
    at += rowB.length;
    digits(r);
    out.set(rowC, at);
    at += rowC.length;
  }
  out.set(tail, at);
  at += tail.length;
  return replaceZipEntry(base, 'xl/worksheets/sheet1.xml', out.subarray(0, at));
}
