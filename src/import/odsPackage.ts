import * as XLSX from 'xlsx';
import type { ZipContainer } from './xlsxFast';
import { zipEntries, zipEntryData } from './zipSize';

/** Its manifest is small; a bigger one is not an OpenDocument manifest worth reading. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/**
 * An OpenDocument package saved with a password: its manifest says how each part is encrypted
 * (`manifest:encryption-data`). Read from the archive's bytes, with only the manifest unpacked,
 * because the encrypted parts are ciphertext that no unzip or parser gets through (they would read
 * as damage).
 */
export function isEncryptedOds(bytes: Uint8Array): boolean {
  const manifest = zipEntries(bytes)?.find((e) => e.name === 'META-INF/manifest.xml');
  if (!manifest || manifest.size > MAX_MANIFEST_BYTES) return false;
  const data = zipEntryData(bytes, manifest);
  if (data === null) return false;
  try {
    const text =
      manifest.method === 0 ? data : manifest.method === 8 ? inflateRaw(data, manifest.size) : null;
    return text !== null && utf8.decode(text).includes('encryption-data');
  } catch {
    return false;
  }
}

function inflateRaw(data: Uint8Array, size: number): Uint8Array {
  const cfbUtils = XLSX.CFB.utils as unknown as { _inflateRaw: (d: Uint8Array, n: number) => Uint8Array };
  return cfbUtils._inflateRaw(data, size);
}

/**
 * The names of an OpenDocument spreadsheet's hidden sheets. LibreOffice hides a sheet through its
 * table style (`<style:table-properties table:display="false"/>`), which SheetJS does not read,
 * so a hidden sheet would otherwise be offered, and picked, like a visible one. Styles sit before
 * the body (automatic styles of `content.xml`, or `styles.xml`); the body is searched as bytes,
 * and only when some table style hides, so a 500 MB `content.xml` is never turned into a string.
 */
export function hiddenOdsSheets(zip: ZipContainer): Set<string> {
  const content = entry(zip, 'content.xml');
  const hidden = new Set<string>();
  if (!content) return hidden;
  const bodyAt = indexOfBytes(content, BODY, 0);
  const head = utf8.decode(bodyAt === -1 ? content : content.subarray(0, bodyAt));
  const styles = entry(zip, 'styles.xml');
  const hidingStyles = new Set([
    ...hidingTableStyles(head),
    ...(styles ? hidingTableStyles(utf8.decode(styles)) : []),
  ]);
  if (hidingStyles.size === 0 || bodyAt === -1) return hidden;
  let at = indexOfBytes(content, TABLE, bodyAt);
  while (at !== -1) {
    const next = content[at + TABLE.length];
    const end = content.indexOf(GT, at);
    if (end === -1) break;
    // `<table:table ` or `<table:table>`, not `<table:table-row`
    if (next === SPACE || next === GT || next === TAB || next === LF || next === CR) {
      const tag = utf8.decode(content.subarray(at, end));
      const name = attribute(tag, 'table:name');
      const style = attribute(tag, 'table:style-name');
      if (name !== null && style !== null && hidingStyles.has(style)) hidden.add(name);
    }
    at = indexOfBytes(content, TABLE, end);
  }
  return hidden;
}

/** Names of the table styles (`style:family="table"`) whose properties say `table:display="false"`. */
function hidingTableStyles(xml: string): string[] {
  const names: string[] = [];
  let at = xml.indexOf('<style:style');
  while (at !== -1) {
    const tagEnd = xml.indexOf('>', at);
    if (tagEnd === -1) break;
    const tag = xml.slice(at, tagEnd);
    const selfClosing = xml.charCodeAt(tagEnd - 1) === 47;
    const close = selfClosing ? tagEnd : xml.indexOf('</style:style>', tagEnd);
    const body = selfClosing || close === -1 ? '' : xml.slice(tagEnd, close);
    if (attribute(tag, 'style:family') === 'table' && /\btable:display\s*=\s*["']false["']/.test(body)) {
      const name = attribute(tag, 'style:name');
      if (name !== null) names.push(name);
    }
    at = xml.indexOf('<style:style', close === -1 ? tagEnd : close);
  }
  return names;
}

function entry(zip: ZipContainer, path: string): Uint8Array | undefined {
  for (let i = 0; i < zip.FullPaths.length; i++) {
    const full = zip.FullPaths[i]!;
    if (full.slice(full.indexOf('/') + 1) === path) return zip.FileIndex[i]?.content;
  }
  return undefined;
}

function attribute(tag: string, name: string): string | null {
  const match = new RegExp(`\\s${name.replace(/[:.-]/g, '\\$&')}\\s*=\\s*(["'])(.*?)\\1`).exec(tag);
  return match ? unescape(match[2] ?? '') : null;
}

function unescape(text: string): string {
  return text.replace(/&(quot|apos|lt|gt|amp|#x?[\da-fA-F]+);/g, (whole, code: string) => {
    const known: Record<string, string> = { quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' };
    if (known[code]) return known[code];
    const n = code[1] === 'x' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
    return Number.isFinite(n) && n <= 0x10ffff ? String.fromCodePoint(n) : whole;
  });
}

function indexOfBytes(bytes: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0]!;
  let at = bytes.indexOf(first, from);
  while (at !== -1) {
    let i = 1;
    while (i < needle.length && bytes[at + i] === needle[i]) i++;
    if (i === needle.length) return at;
    at = bytes.indexOf(first, at + 1);
  }
  return -1;
}

const utf8 = new TextDecoder('utf-8');
const ascii = (text: string) => new TextEncoder().encode(text);
const BODY = ascii('<office:body');
const TABLE = ascii('<table:table');
const GT = 62;
const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
