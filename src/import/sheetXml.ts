/**
 * Excel saves rows that were only formatted as `<row ...>` elements full of value-less `<c .../>`
 * cells; a sheet formatted down to row 1,048,576 holds a million of them and SheetJS would spend
 * tens of seconds on cells with nothing in them. This pass drops every row that holds no value
 * (`<v>` or inline `<is>`) before parsing, with native string searches over the XML.
 * Formatting runs to the bottom of a sheet, so the sheet's last rows tell: when they all hold values
 * the sheet is left alone after a look at its tail. Returns null when there is nothing to drop.
 */
export function dropValuelessRows(xml: Uint8Array): Uint8Array | null {
  if (xml.length > TAIL_BYTES && !tailHasValuelessRow(xml)) return null;
  // windows-1252 maps each byte to one UTF-16 unit, so string positions are byte positions.
  const text = new TextDecoder('windows-1252').decode(xml);
  const kept: [number, number][] = [];
  let keptFrom = 0;
  let dropped = 0;
  // Positions of the next `<v` and `<is`, moved forward only: one pass over the text in all.
  let nextV = -2;
  let nextInline = -2;
  const hasValue = (from: number, to: number): boolean => {
    if (nextV !== -1 && nextV < from) nextV = text.indexOf('<v', from);
    if (nextInline !== -1 && nextInline < from) nextInline = text.indexOf('<is', from);
    return (nextV !== -1 && nextV < to) || (nextInline !== -1 && nextInline < to);
  };
  let at = text.indexOf('<row', 0);
  while (at !== -1) {
    const after = text.charCodeAt(at + 4);
    if (after !== 32 && after !== 62 && after !== 47 && after !== 9 && after !== 10 && after !== 13) {
      at = text.indexOf('<row', at + 4);
      continue;
    }
    const tagEnd = text.indexOf('>', at);
    if (tagEnd === -1) return null;
    let rowEnd: number;
    let empty: boolean;
    if (text.charCodeAt(tagEnd - 1) === 47) {
      rowEnd = tagEnd + 1;
      empty = true;
    } else {
      const close = text.indexOf('</row>', tagEnd);
      if (close === -1) return null;
      rowEnd = close + 6;
      empty = !hasValue(tagEnd, close);
    }
    if (empty) {
      if (at > keptFrom) kept.push([keptFrom, at]);
      keptFrom = rowEnd;
      dropped++;
    }
    at = text.indexOf('<row', rowEnd);
  }
  if (dropped === 0) return null;
  kept.push([keptFrom, xml.length]);
  let length = 0;
  for (const [from, to] of kept) length += to - from;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const [from, to] of kept) {
    out.set(xml.subarray(from, to), offset);
    offset += to - from;
  }
  return out;
}

const TAIL_BYTES = 64 * 1024;

function tailHasValuelessRow(xml: Uint8Array): boolean {
  const tail = new TextDecoder('windows-1252').decode(xml.subarray(xml.length - TAIL_BYTES));
  let at = tail.indexOf('<row');
  while (at !== -1) {
    const tagEnd = tail.indexOf('>', at);
    if (tagEnd === -1) return false;
    if (tail.charCodeAt(tagEnd - 1) === 47) return true;
    const close = tail.indexOf('</row>', tagEnd);
    if (close === -1) return false;
    const body = tail.slice(tagEnd, close);
    if (!body.includes('<v') && !body.includes('<is')) return true;
    at = tail.indexOf('<row', close);
  }
  return false;
}
