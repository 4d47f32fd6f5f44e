import { ImportError } from './errors';

/**
 * RFC 4180 reader: quoted cells may hold the delimiter, doubled quotes and line breaks; CRLF, LF
 * and CR all end a record. A quote inside an unquoted cell is kept as text (as Excel does). Cells
 * stay text: dates and numbers are read later by the column's own parser.
 */
export function parseDelimited(text: string, delimiter: string, maxRecords = Infinity): string[][] {
  const records: string[][] = [];
  const delim = delimiter.charCodeAt(0);
  const length = text.length;
  let record: string[] = [];
  let pos = 0;
  let line = 1;
  while (pos <= length && records.length < maxRecords) {
    if (pos === length) {
      // A final line break does not start one more (empty) record.
      if (record.length > 0) records.push(record);
      break;
    }
    let cell: string;
    if (text.charCodeAt(pos) === QUOTE) {
      const openedOn = line;
      let out = '';
      let start = pos + 1;
      let i = start;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q === -1) {
          throw new ImportError(
            'corrupt_file',
            `A quoted cell that starts on line ${openedOn} never ends: a closing quote (") is missing, so the rest of the file cannot be read safely. Add the missing quote in a text editor, or open the file in Excel or LibreOffice and save it as .csv again.`,
          );
        }
        line += countLineBreaks(text, i, q);
        if (text.charCodeAt(q + 1) === QUOTE) {
          out += text.slice(start, q + 1);
          i = q + 2;
          start = i;
          continue;
        }
        out += text.slice(start, q);
        pos = q + 1;
        break;
      }
      // Text after the closing quote and before the delimiter is kept, as spreadsheet apps do.
      const end = findCellEnd(text, pos, delim);
      cell = end > pos ? out + text.slice(pos, end) : out;
      pos = end;
    } else {
      const end = findCellEnd(text, pos, delim);
      cell = text.slice(pos, end);
      pos = end;
    }
    record.push(cell);
    if (pos >= length) {
      records.push(record);
      break;
    }
    const c = text.charCodeAt(pos);
    if (c === delim) {
      pos++;
      if (pos === length) {
        record.push('');
        records.push(record);
        break;
      }
      continue;
    }
    // line break
    pos += c === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1;
    line++;
    records.push(record);
    record = [];
  }
  return records;
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

function findCellEnd(text: string, from: number, delim: number): number {
  let i = from;
  const length = text.length;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === delim || c === LF || c === CR) return i;
    i++;
  }
  return i;
}

function countLineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) n++;
  }
  return n;
}

export const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof CANDIDATE_DELIMITERS)[number];

/**
 * The delimiter that splits the first lines into the same number (more than one) of cells most
 * consistently; quotes are respected, so a comma inside `"Smith, Ann"` does not count. Ties go to
 * the more cells, then to the order above. A file with one column gets `fallback`.
 */
export function detectDelimiter(text: string, fallback: Delimiter = ','): Delimiter {
  const sample = text.length > 65_536 ? text.slice(0, 65_536) : text;
  const sampleIsWhole = sample.length === text.length;
  let best: { delimiter: Delimiter; consistent: number; cells: number } | null = null;
  for (const delimiter of CANDIDATE_DELIMITERS) {
    let records: string[][];
    try {
      records = parseDelimited(sample, delimiter, 21);
    } catch {
      // an unclosed quote in a cut sample: count what was read before it
      records = [];
    }
    // The sample may cut the last record short.
    if (!sampleIsWhole && records.length > 1) records.pop();
    const counts = records.filter((r) => !(r.length === 1 && r[0] === '')).map((r) => r.length);
    if (counts.length === 0) continue;
    const mode = modeOf(counts);
    if (mode < 2) continue;
    const consistent = counts.filter((n) => n === mode).length;
    if (!best || consistent > best.consistent || (consistent === best.consistent && mode > best.cells)) {
      best = { delimiter, consistent, cells: mode };
    }
  }
  return best ? best.delimiter : fallback;
}

function modeOf(values: number[]): number {
  const tally = new Map<number, number>();
  let mode = 0;
  let top = 0;
  for (const v of values) {
    const n = (tally.get(v) ?? 0) + 1;
    tally.set(v, n);
    if (n > top || (n === top && v > mode)) {
      top = n;
      mode = v;
    }
  }
  return mode;
}
