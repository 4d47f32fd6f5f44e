import type { ZipContainer } from './xlsxFast';

/**
 * The record streams of an .xlsb checked before SheetJS reads them. SheetJS trusts every length a
 * record states: a text whose character count runs past its record (one damaged byte is enough)
 * is read character by character for up to 4 billion characters, filling the memory until the
 * import crashes; a formula's stated size and a list's count do the same, and a row or
 * column past Excel's grid has the sheet read cell by cell up to it. So a part whose records,
 * texts or lists do not fit in it, or whose cells lie off the grid, is refused as damaged first.
 */

/** What a record holds after its fixed bytes, in order; a list: a count, then items of its size. */
type Field = 'text' | 'nullableText' | 'richText' | 'formula' | keyof typeof LIST_ITEM_BYTES;

const LIST_ITEM_BYTES = { metadataList: 8, sheetRefList: 12 };

interface RecordLayout {
  /** bytes before the first field */
  skip: number;
  fields: Field[];
  /** SheetJS reads the fields only when the record is longer than `skip` */
  optional?: boolean;
}

/** The records SheetJS reads a counted text, formula or list from, by record type ([MS-XLSB] 2.4). */
const LAYOUTS = new Map<number, RecordLayout>([
  [0x0006, { skip: 8, fields: ['text'] }], // BrtCellSt
  [0x0008, { skip: 8, fields: ['text'] }], // BrtFmlaString (its formula is not read: cellFormula off)
  [0x0011, { skip: 4, fields: ['text'] }], // BrtShortSt
  [0x0013, { skip: 0, fields: ['richText'] }], // BrtSSTItem
  [0x0027, { skip: 9, fields: ['text', 'formula'] }], // BrtName
  [0x002b, { skip: 21, fields: ['text'] }], // BrtFont
  [0x002c, { skip: 2, fields: ['text'] }], // BrtFmt
  [0x0033, { skip: 0, fields: ['metadataList'] }], // BrtMdb
  [0x003e, { skip: 8, fields: ['richText'] }], // BrtCellRString
  [0x0093, { skip: 19, fields: ['text'] }], // BrtWsProp
  [0x0099, { skip: 8, fields: ['text'], optional: true }], // BrtWbProp
  [0x009c, { skip: 8, fields: ['nullableText', 'text'] }], // BrtBundleSh
  [0x014f, { skip: 8, fields: ['text'] }], // BrtMdtinfo
  [0x0163, { skip: 0, fields: ['nullableText'] }], // BrtSupBookSrc
  [0x016a, { skip: 0, fields: ['sheetRefList'] }], // BrtExternSheet
  [0x01ee, { skip: 16, fields: ['nullableText', 'text', 'text', 'text'] }], // BrtHLink
  [0x0226, { skip: 0, fields: ['nullableText'] }], // BrtDrawing
  [0x0227, { skip: 0, fields: ['nullableText'] }], // BrtLegacyDrawing
  [0x0278, { skip: 0, fields: ['text'] }], // BrtCommentAuthor
  [0x027d, { skip: 0, fields: ['richText'] }], // BrtCommentText
  [0x028b, { skip: 10, fields: ['text'] }], // BrtCsProp
]);

/** The parts SheetJS reads as record streams (not vbaProject.bin or printer settings). */
const RECORD_PART =
  /(^|\/)xl\/((workbook|styles|sharedStrings|metadata)\.bin|(worksheets|chartsheets)\/[^/]+\.bin|comments\d*\.bin)$/i;

const NULL_TEXT = 0xffffffff;

/** Excel's grid: 1,048,576 rows by 16,384 columns (A to XFD) */
const ROWS = 1_048_576;
const COLUMNS = 16_384;
const ROW_HEADER = 0x0000;
/** the least a BrtRowHdr holds (row, style, height, flags, column spans), and a cell (column, style) */
const ROW_HEADER_BYTES = 17;
const CELL_BYTES = 8;
/** the cell records that name their column first (BrtCellBlank to BrtFmlaError, BrtCellRString) */
const isCellWithColumn = (type: number) => (type >= 0x0001 && type <= 0x000b) || type === 0x003e;

/** The path of the first record part of the zip that does not hold together, or null. */
export function damagedXlsbPart(zip: ZipContainer): string | null {
  for (let i = 0; i < zip.FileIndex.length; i++) {
    const path = zip.FullPaths[i] ?? '';
    const content = zip.FileIndex[i]?.content;
    if (!content || !RECORD_PART.test(path)) continue;
    if (!recordsFit(content)) return path;
  }
  return null;
}

/** Whether every record, and every text and formula a record states, ends inside the stream. */
export function recordsFit(part: Uint8Array): boolean {
  const view = new DataView(part.buffer, part.byteOffset, part.byteLength);
  let at = 0;
  while (at < part.length) {
    // type: 1 or 2 bytes, length: 1 to 4 bytes, 7 bits each (the high bit says another follows)
    let type = part[at++]!;
    if (type & 0x80) {
      if (at >= part.length) return false;
      type = (type & 0x7f) | ((part[at++]! & 0x7f) << 7);
    }
    let length = 0;
    for (let i = 0; i < 4; i++) {
      if (at >= part.length) return false;
      const byte = part[at++]!;
      length += (byte & 0x7f) * 2 ** (7 * i);
      if (!(byte & 0x80)) break;
    }
    const end = at + length;
    if (end > part.length) return false;
    // a row or cell shorter than its fixed part has SheetJS take its index from the next record
    const fixed = type === ROW_HEADER ? ROW_HEADER_BYTES : isCellWithColumn(type) ? CELL_BYTES : 0;
    if (fixed > 0) {
      if (length < fixed) return false;
      if (view.getUint32(at, true) >= (type === ROW_HEADER ? ROWS : COLUMNS)) return false;
    }
    const layout = LAYOUTS.get(type);
    if (layout && !fieldsFit(view, at + layout.skip, end, layout)) return false;
    at = end;
  }
  return true;
}

function fieldsFit(view: DataView, start: number, end: number, layout: RecordLayout): boolean {
  if (layout.optional && start >= end) return true;
  let at = start;
  for (const field of layout.fields) {
    if (field === 'richText') at += 1; // flags, then the text
    if (at + 4 > end) return false;
    const count = view.getUint32(at, true);
    at += 4;
    if (field === 'formula') {
      // the formula's tokens, then the size of its extra data and that data
      at += count;
      if (at + 4 > end) return false;
      at += 4 + view.getUint32(at, true);
    } else if (field === 'metadataList' || field === 'sheetRefList') {
      at += LIST_ITEM_BYTES[field] * count;
    } else if (!(field === 'nullableText' && count === NULL_TEXT)) {
      at += 2 * count;
    }
    if (at > end) return false;
  }
  return true;
}
