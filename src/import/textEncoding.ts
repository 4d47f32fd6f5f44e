/**
 * Text files from spreadsheets come in whatever the coordinator's machine wrote: UTF-8 (Excel adds a
 * BOM), UTF-16 ("Unicode text"), or Windows-1252 from an older Excel on Windows. Decoding uses the
 * platform's `TextDecoder`, available in Node, browsers and Workers.
 */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /** true when the file started with a byte order mark (removed from `text`) */
  bom: boolean;
}

export function detectEncoding(bytes: Uint8Array): { encoding: TextEncodingName; bom: boolean } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { encoding: 'utf-8', bom: true };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bom: true };
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return { encoding: utf16, bom: false };
  return { encoding: isValidUtf8(bytes) ? 'utf-8' : 'windows-1252', bom: false };
}

export function decodeText(bytes: Uint8Array): DecodedText {
  const { encoding, bom } = detectEncoding(bytes);
  const body = bom ? bytes.subarray(encoding === 'utf-8' ? 3 : 2) : bytes;
  // ignoreBOM: the mark was already stripped above; a second one would be content.
  const decoded = new TextDecoder(encoding, { ignoreBOM: true }).decode(body);
  const text = encoding === 'windows-1252' ? fixC1Controls(decoded) : decoded;
  return { text, encoding, bom };
}

/**
 * Bytes 0x80-0x9F are € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ in Windows-1252. Browsers
 * decode them so, but Node 20's `TextDecoder('windows-1252')` gives the C1 control characters
 * U+0080-U+009F (ISO-8859-1) instead; this puts the right characters back on either platform.
 */
function fixC1Controls(text: string): string {
  return C1_CONTROL.test(text)
    ? text.replace(C1_CONTROLS, (c) => CP1252_C1[c.charCodeAt(0) - 0x80] ?? c)
    : text;
}

const C1_CONTROL = /[\u0080-\u009f]/;
const C1_CONTROLS = /[\u0080-\u009f]/g;
// prettier-ignore
const CP1252_C1: readonly (string | undefined)[] = [
  '€', undefined, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', undefined, 'Ž', undefined,
  undefined, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', undefined, 'ž', 'Ÿ',
];

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * UTF-16 without a BOM shows as a zero byte in every other position for Latin text. A sample is
 * enough; real UTF-8 or 1252 text has no zero bytes at all.
 */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const sample = Math.min(bytes.length, 4096) & ~1;
  if (sample < 4) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < sample; i += 2) {
    if (bytes[i] === 0) zeroEven++;
    if (bytes[i + 1] === 0) zeroOdd++;
  }
  const pairs = sample / 2;
  if (zeroOdd > pairs * 0.4 && zeroEven < pairs * 0.05) return 'utf-16le';
  if (zeroEven > pairs * 0.4 && zeroOdd < pairs * 0.05) return 'utf-16be';
  return null;
}
