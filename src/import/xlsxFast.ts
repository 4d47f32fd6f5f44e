import * as XLSX from 'xlsx';
import type { CellValue } from './cells';
import { ERROR_CODE, cellValueOf, tableFromCellRows, type SheetTable } from './sheetRows';

/**
 * A direct reader for the plain .xlsx/.xlsm that coordinators export: workbook, relationships,
 * styles, shared strings and worksheets read with native string searches, about six times faster
 * than SheetJS's general parser on a 100,000-row sheet. It reads each cell exactly as SheetJS does
 * with the import's options (`{ t, v, z }`), turned at once into the import's `CellValue`, so its
 * tables are those of `tableFromDenseSheet` over SheetJS's sheet (`xlsxFast.test.ts` compares the
 * two on every fixture). It returns null for anything outside that plain shape (namespace
 * prefixes, cells without references, `t="d"` cells, parts it cannot find), so SheetJS reads those.
 *
 * Each cell is converted as it is read rather than after the whole sheet: the `{ t, v, z }` objects
 * then die young instead of living through the sheet and being copied into the old generation
 * (on a 100,000-row sheet that copying was most of the reader's garbage-collection time).
 */

export interface FastCell {
  t: 's' | 'n' | 'b' | 'e';
  v: string | number | boolean;
  z?: string;
}

export interface FastWorkbook {
  date1904: boolean;
  sheets: SheetTable[];
}

type ZipEntry = { content?: Uint8Array };
export type ZipContainer = { FileIndex: ZipEntry[]; FullPaths: string[] };

const WORKSHEET_REL = '/relationships/worksheet';

/**
 * Reads a zip container as a plain workbook's tables, or null when SheetJS must read it.
 * `isDateFormat` tells a date's number format from a plain number's, as for SheetJS's sheets.
 */
export function readXlsxFast(
  zip: ZipContainer,
  isDateFormat: (format: string) => boolean,
): FastWorkbook | null {
  const files = new Map<string, Uint8Array>();
  zip.FullPaths.forEach((full, i) => {
    const content = zip.FileIndex[i]?.content;
    // `Root Entry/xl/workbook.xml` -> `xl/workbook.xml`
    if (content) files.set(full.slice(full.indexOf('/') + 1).toLowerCase(), content);
  });
  const text = (path: string): string | null => {
    const bytes = files.get(path.toLowerCase());
    return bytes ? utf8.decode(bytes) : null;
  };

  const workbookXml = text('xl/workbook.xml');
  const relsXml = text('xl/_rels/workbook.xml.rels');
  if (workbookXml === null || relsXml === null) return null;
  const sheetsXml = between(workbookXml, '<sheets', '</sheets>');
  if (sheetsXml === null) return null;

  const targets = new Map<string, string>();
  for (const tag of tags(relsXml, 'Relationship')) {
    const id = attribute(tag, 'Id');
    const target = attribute(tag, 'Target');
    const type = attribute(tag, 'Type') ?? '';
    if (id === null || target === null) continue;
    targets.set(id, type.endsWith(WORKSHEET_REL) ? resolveTarget(target) : '');
  }

  const styles = readStyles(text('xl/styles.xml'));
  const sharedStrings = readSharedStrings(text(sharedStringsPath(relsXml)));
  if (styles === null || sharedStrings === null) return null;

  const sheets: SheetTable[] = [];
  for (const tag of tags(sheetsXml, 'sheet')) {
    const name = attribute(tag, 'name');
    const relId = attribute(tag, 'r:id');
    const path = relId === null ? undefined : targets.get(relId);
    if (name === null || !path) return null;
    const xml = text(path);
    if (xml === null) return null;
    const data = readSheetData(xml, sharedStrings, styles, isDateFormat);
    if (data === null) return null;
    const state = attribute(tag, 'state');
    sheets.push(
      tableFromCellRows(unescapeXml(name, false), state === 'hidden' || state === 'veryHidden', data),
    );
  }
  const workbookPr = tags(workbookXml, 'workbookPr')[0];
  const date1904 = workbookPr ? /^(1|true)$/i.test(attribute(workbookPr, 'date1904') ?? '') : false;
  return { date1904, sheets };
}

const utf8 = new TextDecoder('utf-8');

/** The shared strings part the workbook's relationships name (Excel: `xl/sharedStrings.xml`). */
function sharedStringsPath(relsXml: string): string {
  for (const tag of tags(relsXml, 'Relationship')) {
    if ((attribute(tag, 'Type') ?? '').endsWith('/relationships/sharedStrings')) {
      return resolveTarget(attribute(tag, 'Target') ?? 'sharedStrings.xml');
    }
  }
  return 'xl/sharedStrings.xml';
}

function resolveTarget(target: string): string {
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

/** Number format of each cell style (`s` index): custom formats first, then the built-in table. */
function readStyles(xml: string | null): (string | undefined)[] | null {
  if (xml === null) return [];
  const builtin = XLSX.SSF.get_table() as Record<number, string | undefined>;
  const custom = new Map<number, string>();
  const numFmts = between(xml, '<numFmts', '</numFmts>');
  if (numFmts !== null) {
    for (const tag of tags(numFmts, 'numFmt')) {
      const id = Number(attribute(tag, 'numFmtId'));
      const code = attribute(tag, 'formatCode');
      if (Number.isInteger(id) && code !== null) custom.set(id, unescapeXml(code, false));
    }
  }
  const cellXfs = between(xml, '<cellXfs', '</cellXfs>');
  if (cellXfs === null) return [];
  return tags(cellXfs, 'xf').map((tag) => {
    const id = Number(attribute(tag, 'numFmtId') ?? 0);
    return custom.get(id) ?? builtin[id];
  });
}

const RUN = /<r\b[^<>]*>/;
const TEXT = /<t\b[^<>]*>([^<]*)<\/t>/g;
const PHONETIC = /<rPh\b[\s\S]*?<\/rPh>/g;
const TAG = /<[^<>]*>/g;

/** The shared string table as SheetJS reads it: plain `<t>`, or the runs' texts without phonetics. */
function readSharedStrings(xml: string | null): string[] | null {
  if (xml === null) return [];
  if (/<\w+:si\b/.test(xml)) return null;
  const strings: string[] = [];
  let at = xml.indexOf('<si');
  while (at !== -1) {
    const open = xml.indexOf('>', at);
    if (open === -1) return null;
    if (xml.charCodeAt(open - 1) === 47) {
      strings.push('');
      at = xml.indexOf('<si', open);
      continue;
    }
    const close = xml.indexOf('</si>', open);
    if (close === -1) return null;
    strings.push(stringItemText(xml.slice(open + 1, close).trim()));
    at = xml.indexOf('<si', close);
  }
  return strings;
}

function stringItemText(item: string): string {
  if (item === '') return '';
  if (/^<t\b[^>]*>/.test(item)) {
    const start = item.indexOf('>') + 1;
    const end = item.indexOf('</t>', start);
    return unescapeXml(end === -1 ? item.slice(start) : item.slice(start, end), true);
  }
  if (!RUN.test(item)) return '';
  const texts = item.replace(PHONETIC, '').match(TEXT) ?? [];
  return unescapeXml(texts.join('').replace(TAG, ''), true);
}

/**
 * The cells of one worksheet by row and column, or null when it is not in the plain shape this
 * reader knows. Cells without a value (formatting only) are skipped, as SheetJS does without
 * `sheetStubs`; a cell that `cellValueOf` reads as nothing leaves its place empty (undefined), as
 * it would in SheetJS's dense sheet, even where an earlier cell of the same reference stood.
 */
function readSheetData(
  xml: string,
  sharedStrings: readonly string[],
  styles: readonly (string | undefined)[],
  isDateFormat: (format: string) => boolean,
): ((CellValue | undefined)[] | undefined)[] | null {
  const start = xml.indexOf('<sheetData');
  if (start === -1) return /<\w+:sheetData\b/.test(xml) ? null : [];
  const startEnd = xml.indexOf('>', start);
  if (xml.charCodeAt(startEnd - 1) === 47) return [];
  const end = xml.indexOf('</sheetData>', startEnd);
  if (end === -1) return null;
  const data: ((CellValue | undefined)[] | undefined)[] = [];
  const builtin = XLSX.SSF.get_table() as Record<number, string | undefined>;

  let at = xml.indexOf('<c', startEnd);
  while (at !== -1 && at < end) {
    const next = xml.charCodeAt(at + 2);
    // `<c ` or `<c>`, not `<cols`, `<col`...
    if (next !== 32 && next !== 62 && next !== 47 && next !== 9 && next !== 10 && next !== 13) {
      at = xml.indexOf('<c', at + 2);
      continue;
    }
    const tagEnd = xml.indexOf('>', at);
    if (tagEnd === -1) return null;
    const selfClosing = xml.charCodeAt(tagEnd - 1) === 47;
    const cellEnd = selfClosing ? tagEnd : xml.indexOf('</c>', tagEnd);
    if (cellEnd === -1) return null;
    const tagStart = at;
    at = xml.indexOf('<c', cellEnd);
    // one pass over the tag's attributes; an unusual tag is read attribute by attribute
    const scanned = cellAttributes(xml, tagStart + 2, selfClosing ? tagEnd - 1 : tagEnd, found);
    const tag = scanned ? '' : xml.slice(tagStart, tagEnd);
    const type = scanned ? found.t : attribute(tag, 't');
    // formatting only, as most value-less cells are: nothing to read
    if (selfClosing && (type === null || type === 'n' || type === 's')) continue;

    const ref = scanned ? found.r : attribute(tag, 'r');
    if (ref === null) return null;
    const position = decodeReference(ref);
    if (position === null) return null;
    const cell = cellOf(type ?? 'n', selfClosing ? '' : xml.slice(tagEnd + 1, cellEnd), sharedStrings);
    if (cell === undefined) continue;
    if (cell === null) return null;
    const style = scanned ? found.s : attribute(tag, 's');
    // SheetJS: the cell style's number format, format 0 without a style, nothing when unknown
    const format = style === null ? builtin[0] : styles[Number(style)];
    if (format !== undefined) cell.z = format;
    else if (style !== null && Number(style) >= styles.length) cell.z = builtin[0];
    const value = cellValueOf(cell, isDateFormat);
    const row = data[position.row];
    if (value !== null) (row ?? (data[position.row] = []))[position.column] = value;
    else if (row && row[position.column] !== undefined) row[position.column] = undefined;
  }
  return data;
}

/**
 * A cell as SheetJS reads it (`parse_ws_xml_data` with the import's options): the `<v>` text is
 * unescaped once for every type, and once more for `str`. Undefined: no value, skip it;
 * null: a type this reader leaves to SheetJS.
 */
function cellOf(type: string, inner: string, sharedStrings: readonly string[]): FastCell | null | undefined {
  const raw = valueText(inner);
  const v = raw === null || raw === '' ? undefined : unescapeXml(raw, false);
  switch (type) {
    case 'n':
      return v === undefined ? undefined : { t: 'n', v: parseFloat(v) };
    case 's': {
      if (v === undefined) return undefined;
      const text = sharedStrings[parseInt(v, 10)];
      return text === undefined ? null : { t: 's', v: text };
    }
    case 'str':
      return { t: 's', v: v === undefined ? '' : unescapeXml(v, true) };
    case 'inlineStr': {
      const is = between(inner, '<is', '</is>');
      return { t: 's', v: is === null ? '' : stringItemText(is.slice(is.indexOf('>') + 1).trim()) };
    }
    case 'b':
      return { t: 'b', v: v === '1' || v === 'true' };
    case 'e':
      return { t: 'e', v: (v === undefined ? undefined : ERROR_CODE[v]) ?? -1 };
    default:
      return null;
  }
}

/** The `r`, `s` and `t` attributes of one cell's start tag, as `cellAttributes` found them. */
interface CellAttributes {
  r: string | null;
  s: string | null;
  t: string | null;
}

const found: CellAttributes = { r: null, s: null, t: null };

/**
 * Reads the attributes of a cell's start tag between `from` (after `<c`) and `to` (its `>` or
 * `/>`) into `out`, in one pass instead of one search per attribute: the reader's hottest loop.
 * False when the tag is not the plain `name="value"` list this expects (the caller then reads it
 * with `attribute`); the first of a repeated attribute counts, as `attribute` has it.
 */
function cellAttributes(xml: string, from: number, to: number, out: CellAttributes): boolean {
  out.r = null;
  out.s = null;
  out.t = null;
  let i = from;
  for (;;) {
    // whitespace before each attribute; at least one, unless the tag ends
    const before = i;
    let code = xml.charCodeAt(i);
    while (code === 32 || code === 9 || code === 10 || code === 13) code = xml.charCodeAt(++i);
    if (i >= to) return i === to;
    if (i === before) return false;
    const nameStart = i;
    while (i < to && code !== 61 && code !== 32 && code !== 9 && code !== 10 && code !== 13) {
      code = xml.charCodeAt(++i);
    }
    if (code !== 61) return false; // `name =` or a bare name
    const nameEnd = i;
    const quote = xml.charCodeAt(i + 1);
    if (quote !== 34 && quote !== 39) return false;
    const valueStart = i + 2;
    const valueEnd = xml.indexOf(quote === 34 ? '"' : "'", valueStart);
    if (valueEnd === -1 || valueEnd >= to) return false;
    if (nameEnd - nameStart === 1) {
      const name = xml.charCodeAt(nameStart);
      if (name === 114 && out.r === null) out.r = xml.slice(valueStart, valueEnd);
      else if (name === 115 && out.s === null) out.s = xml.slice(valueStart, valueEnd);
      else if (name === 116 && out.t === null) out.t = xml.slice(valueStart, valueEnd);
    }
    i = valueEnd + 1;
  }
}

/** The text of a cell's `<v>`, or null when it has none. */
function valueText(inner: string): string | null {
  const v = inner.indexOf('<v');
  if (v === -1) return null;
  const open = inner.indexOf('>', v);
  if (open === -1 || inner.charCodeAt(open - 1) === 47) return null;
  const close = inner.indexOf('</v>', open);
  return close === -1 ? null : inner.slice(open + 1, close);
}

/** `AB12` -> row 11, column 27 (0-based). */
function decodeReference(ref: string): { row: number; column: number } | null {
  let column = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const code = ref.charCodeAt(i);
    if (code >= 65 && code <= 90) column = column * 26 + (code - 64);
    else if (code >= 97 && code <= 122) column = column * 26 + (code - 96);
    else if (code === 36) continue;
    else break;
  }
  if (column === 0 || i === ref.length) return null;
  const row = Number(ref.slice(ref.charCodeAt(i) === 36 ? i + 1 : i));
  if (!Number.isInteger(row) || row < 1) return null;
  return { row: row - 1, column: column - 1 };
}

/** Every start tag `<name ...>` of `xml` (no namespace prefix), as text. */
function tags(xml: string, name: string): string[] {
  const found: string[] = [];
  const open = `<${name}`;
  let at = xml.indexOf(open);
  while (at !== -1) {
    const after = xml.charCodeAt(at + open.length);
    const end = xml.indexOf('>', at);
    if (end === -1) break;
    if (after === 32 || after === 62 || after === 47 || after === 9 || after === 10 || after === 13) {
      found.push(xml.slice(at, end + 1));
    }
    at = xml.indexOf(open, end);
  }
  return found;
}

/** The text between the element that starts with `open` and `close`, or null. */
function between(xml: string, open: string, close: string): string | null {
  const start = xml.indexOf(open);
  if (start === -1) return null;
  const end = xml.indexOf(close, start);
  return end === -1 ? null : xml.slice(start, end);
}

/** An attribute's raw value in a start tag (`name="..."` or `name='...'`), or null. */
function attribute(tag: string, name: string): string | null {
  let at = tag.indexOf(` ${name}=`);
  while (at !== -1) {
    const quote = tag[at + name.length + 2];
    if (quote === '"' || quote === "'") {
      const from = at + name.length + 3;
      const to = tag.indexOf(quote, from);
      return to === -1 ? null : tag.slice(from, to);
    }
    at = tag.indexOf(` ${name}=`, at + 1);
  }
  // attributes may be separated by newlines or tabs too (rare: only then a regular expression)
  if (!/[\t\n\r]/.test(tag)) return null;
  const match = new RegExp(`[\\s]${name.replace(':', '\\:')}=(["'])(.*?)\\1`).exec(tag);
  return match ? (match[2] ?? null) : null;
}

const ENTITY = /&(?:quot|apos|gt|lt|amp|#x?([\da-fA-F]+));/gi;
const ENTITIES: Record<string, string> = {
  '&quot;': '"',
  '&apos;': "'",
  '&gt;': '>',
  '&lt;': '<',
  '&amp;': '&',
};
const EXCEL_ESCAPE = /_x([\da-fA-F]{4})_/gi;

/** XML text as SheetJS unescapes it: entities, then Excel's `_xHHHH_`, CR LF as LF in cells. */
function unescapeXml(text: string, cell: boolean): string {
  if (text.includes('<![CDATA[')) {
    const i = text.indexOf('<![CDATA[');
    const j = text.indexOf(']]>', i);
    const joined =
      unescapeXml(text.slice(0, i), false) + text.slice(i + 9, j) + unescapeXml(text.slice(j + 3), false);
    return cell ? joined.replace(/\r\n/g, '\n') : joined;
  }
  let out = text;
  if (out.includes('&')) {
    out = out.replace(
      ENTITY,
      (entity, code: string | undefined) =>
        ENTITIES[entity] ??
        (String.fromCharCode(parseInt(code ?? '', entity.includes('x') ? 16 : 10)) || entity),
    );
  }
  if (out.includes('_x'))
    out = out.replace(EXCEL_ESCAPE, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return cell && out.includes('\r\n') ? out.replace(/\r\n/g, '\n') : out;
}
