import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { dropValuelessRows } from '../../../src/import/sheetXml';
import { zipExpandedSize } from '../../../src/import/zipSize';
import { formattedEmptyRowsXlsx, workbookBytes } from './fixtures';

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array | null) => (bytes ? new TextDecoder().decode(bytes) : null);

describe('dropping value-less rows from sheet XML', () => {
  it.each([
    ['<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>', null],
    ['<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData>', null],
    [
      '<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2" s="1" customFormat="1"/></sheetData>',
      '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>',
    ],
    [
      '<sheetData><row r="1" s="1"><c r="A1" s="1"/><c r="B1" s="1"/></row><row r="2"><c r="A2" t="s"><v>0</v></c></row></sheetData>',
      '<sheetData><row r="2"><c r="A2" t="s"><v>0</v></c></row></sheetData>',
    ],
    ['<sheetData><rows/><row r="1"></row></sheetData>', '<sheetData><rows/></sheetData>'],
    [
      '<sheetData><row r="1"><c r="A1" s="2"/></row><row r="2"><c r="A2" s="2"/></row></sheetData>',
      '<sheetData></sheetData>',
    ],
  ])('%s', (xml, expected) => {
    expect(decode(dropValuelessRows(encode(xml)))).toBe(expected);
  });

  it('keeps non-ASCII text byte for byte', () => {
    const xml =
      '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Zoë €</t></is></c></row><row r="2"/></sheetData>';
    expect(decode(dropValuelessRows(encode(xml)))).toBe(
      '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Zoë €</t></is></c></row></sheetData>',
    );
  });
});

describe('the unpacked size of a zip', () => {
  it('adds up the sizes the central directory declares', () => {
    for (const bytes of [formattedEmptyRowsXlsx(1000), workbookBytes({ S: [['a']] })]) {
      const zip = XLSX.CFB.read(bytes, { type: 'buffer' }) as {
        FileIndex: { name: string; content?: Uint8Array }[];
      };
      // CFB lists a 4-byte marker entry of its own that is not in the archive.
      const unpacked = zip.FileIndex.filter((entry) => !entry.name.includes('Sh33tJ5')).reduce(
        (sum, entry) => sum + (entry.content?.length ?? 0),
        0,
      );
      expect(zipExpandedSize(bytes)).toBe(unpacked);
    }
  });

  it('is unknown for a cut archive', () => {
    const bytes = workbookBytes({ S: [['a']] });
    expect(zipExpandedSize(bytes.subarray(0, bytes.length - 10))).toBeNull();
  });
});
