import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { readWorkbook } from '../../../src/import/readWorkbook';
import { tableFromDenseSheet } from '../../../src/import/sheetRows';
import { readXlsxFast, type ZipContainer } from '../../../src/import/xlsxFast';
import { generateRegistrationsXlsx } from '../../bench/pages/generateWorkbook';
import { formattedEmptyRowsXlsx, replaceZipEntry, workbookBytes } from './fixtures';

const SHEETJS_OPTIONS: XLSX.ParsingOptions = {
  type: 'array',
  dense: true,
  cellFormula: false,
  cellHTML: false,
  cellStyles: false,
  cellText: false,
  cellDates: false,
  cellNF: true,
  bookVBA: false,
  bookDeps: false,
  sheetStubs: false,
  WTF: false,
};

const isDate = (fmt: string) => fmt !== 'General' && Boolean(XLSX.SSF.is_date(fmt));

/** The tables SheetJS gives, for comparison. */
function throughSheetJs(bytes: Uint8Array) {
  const book = XLSX.read(bytes, SHEETJS_OPTIONS);
  return {
    date1904: Boolean(book.Workbook?.WBProps?.date1904),
    sheets: book.SheetNames.map((name, i) =>
      tableFromDenseSheet(name, Boolean(book.Workbook?.Sheets?.[i]?.Hidden), book.Sheets[name]!, isDate),
    ),
  };
}

function throughFastReader(bytes: Uint8Array) {
  return readXlsxFast(XLSX.CFB.read(bytes, { type: 'buffer' }) as ZipContainer, isDate);
}

const encode = (text: string) => new TextEncoder().encode(text);
const XMLNS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';

/** A SheetJS-written two-sheet workbook with a shared string table, its parts then replaced. */
function craftedWorkbook(parts: Record<string, string>): Uint8Array {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['a']]), 'First');
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['b']]), 'Second');
  let bytes: Uint8Array = new Uint8Array(
    XLSX.write(book, { type: 'array', bookType: 'xlsx', bookSST: true }) as ArrayBuffer,
  );
  for (const [path, xml] of Object.entries(parts)) bytes = replaceZipEntry(bytes, path, encode(xml));
  return bytes;
}

const TRICKY_STRINGS = `<?xml version="1.0" encoding="UTF-8"?><sst ${XMLNS} count="6" uniqueCount="6">
<si><t>Mentor ID</t></si>
<si><t xml:space="preserve">  padded &amp; &lt;escaped&gt; &#233;t&#xE9; </t></si>
<si><r><rPr><b/></rPr><t>Rich</t></r><r><t xml:space="preserve"> text</t></r><rPh sb="0" eb="1"><t>PHONETIC</t></rPh></si>
<si><t>line_x000D_
break</t></si>
<si><t></t></si>
<si><t>Peer session</t></si>
</sst>`;

const TRICKY_STYLES = `<?xml version="1.0" encoding="UTF-8"?><styleSheet ${XMLNS}>
<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="0.0&quot; min&quot;"/></numFmts>
<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/><xf numFmtId="165"/><xf numFmtId="20"/></cellXfs>
</styleSheet>`;

const TRICKY_SHEET = `<?xml version="1.0" encoding="UTF-8"?><worksheet ${XMLNS}><cols><col min="1" max="3" width="12"/></cols><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>
<row r="2"><c r="A2" t="s"><v>5</v></c><c r="B2" s="1"><v>46023</v></c><c r="C2" s="2"><v>46024.5</v></c><c r="D2" s="3"><v>1.5E1</v></c><c r="E2" s="4"><v>0.0625</v></c></row>
<row r="3" spans="1:6"><c r="A3" t="inlineStr"><is><t>inline &quot;text&quot;</t></is></c><c r="B3" t="b"><v>1</v></c><c r="C3" t="b"><v>0</v></c><c r="D3" t="e"><v>#DIV/0!</v></c><c r="E3" t="str"><f>A1&amp;"x"</f><v>Mentor IDx</v></c><c r="F3"><f>1+1</f><v>2</v></c></row>
<row r="4"><c r="A4" s="1"/><c r="B4" t="str"><v></v></c><c r="C4" s="9"><v>7</v></c><c r="D4"><v>-0.25</v></c></row>
<row r="6"><c r="C6" t="s"><v>5</v></c><c r="AA6"><v>3</v></c></row>
<row r="7"><c r="A7" s="1"/><c r="B7" s="2"/></row>
</sheetData></worksheet>`;

describe('the fast .xlsx reader gives exactly what SheetJS gives', () => {
  const cases: Array<[string, () => Uint8Array]> = [
    ['the benchmark workbook (dates, numbers, text)', () => new Uint8Array(generateRegistrationsXlsx(500))],
    [
      'fixture workbooks: several sheets, a hidden one, dates and times',
      () =>
        workbookBytes(
          {
            Notes: [['read me']],
            Data: [
              ['Mentor ID', 'Date', 'Time', 'Flag'],
              ['M-1', { date: 46023 }, { time: 0.5 }, true],
              [null, null, null, null],
              ['M-2', '03/04/2026', 90, false],
            ],
          },
          'xlsx',
          { hidden: ['Notes'] },
        ),
    ],
    [
      'a 1904-system workbook',
      () => workbookBytes({ Old: [['Date'], [{ date: 40000 }]] }, 'xlsx', { date1904: true }),
    ],
    ['formatted but empty rows', () => formattedEmptyRowsXlsx(2_000, ['Mentor ID', 'Date'])],
    [
      'shared strings with rich text, phonetics, entities and escapes; styles; inline strings, booleans, errors, formulas',
      () =>
        craftedWorkbook({
          'xl/sharedStrings.xml': TRICKY_STRINGS,
          'xl/styles.xml': TRICKY_STYLES,
          'xl/worksheets/sheet1.xml': TRICKY_SHEET,
        }),
    ],
    [
      'cell tags with tabs and newlines between attributes, single quotes, other attributes, and a reference given twice',
      () =>
        craftedWorkbook({
          'xl/sharedStrings.xml': TRICKY_STRINGS,
          'xl/styles.xml': TRICKY_STYLES,
          'xl/worksheets/sheet1.xml': `<worksheet ${XMLNS}><sheetData>
<row r="1"><c r="A1"\n\tt="s"><v>0</v></c><c r='B1' s='1'><v>46023</v></c><c cm="1" r="C1" t="s" vm="2"><v>5</v></c><c r="D1"\r\ns="2" /></row>
<row r="2"><c r="A2" t="s"><v>5</v></c><c r="A2" t="str"><v>   </v></c><c r="B2" t="str"><v>kept</v></c><c r="C2"/></row>
<row r="3"><c r="E3" t="str"><v>  </v></c></row>
</sheetData></worksheet>`,
        }),
    ],
  ];

  it.each(cases)('%s', (_name, make) => {
    const bytes = make();
    const fast = throughFastReader(bytes);
    expect(fast).not.toBeNull();
    expect(fast).toEqual(throughSheetJs(bytes));
  });

  it('the crafted workbook reads as a coordinator would expect', () => {
    const bytes = craftedWorkbook({
      'xl/sharedStrings.xml': TRICKY_STRINGS,
      'xl/styles.xml': TRICKY_STYLES,
      'xl/worksheets/sheet1.xml': TRICKY_SHEET,
    });
    const [first] = readWorkbook(bytes, { fileName: 'crafted.xlsx' }).sheets;
    expect(first?.rows[0]).toEqual([
      'Mentor ID',
      'padded & <escaped> été',
      'Rich text',
      'line\nbreak',
      null,
      null,
      null,
    ]);
    expect(first?.rows[1]?.slice(0, 3)).toEqual([
      'Peer session',
      { kind: 'excel-date', serial: 46023 },
      { kind: 'excel-date', serial: 46024.5 },
    ]);
    expect(first?.rows[2]).toEqual([
      'inline "text"',
      true,
      false,
      { kind: 'excel-error', text: '#DIV/0!' },
      'Mentor IDx',
      2,
      null,
    ]);
  });

  it.each<[string, Record<string, string>]>([
    [
      'namespace-prefixed worksheets',
      {
        'xl/worksheets/sheet1.xml': `<x:worksheet xmlns:x="${XMLNS.slice(7, -1)}"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`,
      },
    ],
    [
      'cells without references',
      {
        'xl/worksheets/sheet1.xml': `<worksheet ${XMLNS}><sheetData><row><c t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>`,
      },
    ],
    [
      'ISO date cells',
      {
        'xl/worksheets/sheet1.xml': `<worksheet ${XMLNS}><sheetData><row r="1"><c r="A1" t="d"><v>2026-03-01</v></c></row></sheetData></worksheet>`,
      },
    ],
  ])('leaves %s to SheetJS, which still reads them', (_name, parts) => {
    const bytes = craftedWorkbook(parts);
    expect(throughFastReader(bytes)).toBeNull();
    expect(readWorkbook(bytes, { fileName: 'odd.xlsx' }).sheets[0]?.rows.length).toBe(1);
  });
});
