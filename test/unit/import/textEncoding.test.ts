import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseDelimited } from '../../../src/import/csv';
import { decodeText } from '../../../src/import/textEncoding';
import { readWorkbook } from '../../../src/import/readWorkbook';
import { utf16, utf8, windows1252 } from './fixtures';

describe('encoding detection', () => {
  const text = 'Mentor;Name\r\nm-1;Zoë Müller\r\n';

  it.each([
    ['UTF-8 without BOM', utf8(text), 'utf-8', false],
    ['UTF-8 with BOM', utf8(text, true), 'utf-8', true],
    ['UTF-16 LE with BOM', utf16(text, 'le'), 'utf-16le', true],
    ['UTF-16 BE with BOM', utf16(text, 'be'), 'utf-16be', true],
    ['UTF-16 LE without BOM', utf16(text, 'le', false), 'utf-16le', false],
    ['Windows-1252', windows1252(text), 'windows-1252', false],
  ])('%s decodes to the same text', (_name, bytes, encoding, bom) => {
    expect(decodeText(bytes)).toEqual({ text, encoding, bom });
  });

  it('reads 1252-only characters (€, curly quotes) from a Windows-1252 file', () => {
    const bytes = new Uint8Array([0x80, 0x20, 0x93, 0x61, 0x94]);
    expect(decodeText(bytes).text).toBe('€ “a”');
  });
});

describe('delimiter detection', () => {
  it.each([
    ['a,b,c\n1,2,3\n', ','],
    ['a;b;c\n1;2;3\n', ';'],
    ['a\tb\tc\n1\t2\t3\n', '\t'],
    ['a|b|c\n1|2|3\n', '|'],
    // commas inside quotes do not count
    ['name;note\n"Smith, Ann";"a, b, c"\n"Lee, Bo";"d, e"\n', ';'],
    // decimal commas in a semicolon file
    ['id;hours\nm1;1,5\nm2;2,25\n', ';'],
    // one column: the fallback
    ['only\none\ncolumn\n', ','],
  ])('%j -> %j', (text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });
});

describe('RFC 4180 parsing', () => {
  it.each([
    [
      'a,b\r\n1,2\r\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'a,b\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'a,b\r1,2\r',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    ['"a,1","say ""hi"""\n', [['a,1', 'say "hi"']]],
    ['"line 1\nline 2",x\n', [['line 1\nline 2', 'x']]],
    [
      '"line 1\r\nline 2",x\r\ny,z',
      [
        ['line 1\r\nline 2', 'x'],
        ['y', 'z'],
      ],
    ],
    [
      'a,,c\n,,\n',
      [
        ['a', '', 'c'],
        ['', '', ''],
      ],
    ],
    ['a,b,\n', [['a', 'b', '']]],
    ['5" screen,b\n', [['5" screen', 'b']]],
    ['"",x\n', [['', 'x']]],
  ])('%j', (text, records) => {
    expect(parseDelimited(text, ',')).toEqual(records);
  });

  it('refuses a quoted cell that never closes, naming the line', () => {
    expect(() => parseDelimited('a,b\n1,"open\n2,3\n', ',')).toThrow(/starts on line 2 never ends/);
  });
});

describe('CSV and TSV files', () => {
  it('reads a Windows-1252 file with ; and accented names, all cells as text', () => {
    const csv =
      'Mentor ID;Nom;Date;Durée\r\nm-1;Zoë Müller;03/04/2026;1,5h\r\nm-2;José Ñúñez;2026-04-05;0090\r\n';
    const workbook = readWorkbook(windows1252(csv), { fileName: 'inscriptions.csv' });
    expect(workbook.text).toEqual({ encoding: 'windows-1252', delimiter: ';' });
    expect(workbook.sheets[0]!.name).toBe('inscriptions');
    expect(workbook.sheets[0]!.rows).toEqual([
      ['Mentor ID', 'Nom', 'Date', 'Durée'],
      ['m-1', 'Zoë Müller', '03/04/2026', '1,5h'],
      ['m-2', 'José Ñúñez', '2026-04-05', '0090'],
    ]);
  });

  it('reads a UTF-16 file with tabs (Excel\'s "Unicode text")', () => {
    const workbook = readWorkbook(utf16('Mentor ID\tName\nm-1\tŁukasz\n', 'le'), { fileName: 'roster.csv' });
    expect(workbook.text).toEqual({ encoding: 'utf-16le', delimiter: '\t' });
    expect(workbook.sheets[0]!.rows[1]).toEqual(['m-1', 'Łukasz']);
  });

  it('reads a UTF-8 file with a BOM without keeping the BOM in the first header', () => {
    const workbook = readWorkbook(utf8('Mentor ID,Date\nm-1,2026-04-05\n', true), { fileName: 'a.csv' });
    expect(workbook.sheets[0]!.rows[0]).toEqual(['Mentor ID', 'Date']);
  });

  it('follows an Excel "sep=" first line and leaves it out of the rows', () => {
    const workbook = readWorkbook(utf8('sep=;\r\nMentor ID;Notes\r\nm-1;a, b\r\n'), { fileName: 'a.csv' });
    expect(workbook.text?.delimiter).toBe(';');
    expect(workbook.sheets[0]!.rows).toEqual([
      ['Mentor ID', 'Notes'],
      ['m-1', 'a, b'],
    ]);
    expect(workbook.sheets[0]!.rowNumbers).toEqual([1, 2]);
  });

  it('always splits .tsv files on tabs', () => {
    const workbook = readWorkbook(utf8('a,b\tc\n1,2\t3\n'), { fileName: 'a.tsv' });
    expect(workbook.sheets[0]!.rows).toEqual([
      ['a,b', 'c'],
      ['1,2', '3'],
    ]);
  });

  it('drops empty rows and columns and keeps the file row numbers', () => {
    const workbook = readWorkbook(utf8('a,,b\n,,\n1,,2\n\n3,,4\n'), { fileName: 'a.csv' });
    const sheet = workbook.sheets[0]!;
    expect(sheet.rows).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(sheet.rowNumbers).toEqual([1, 3, 5]);
    expect(sheet.columnLetters).toEqual(['A', 'C']);
  });
});
