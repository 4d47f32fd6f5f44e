import * as XLSX from 'xlsx';

/**
 * The benchmark's spreadsheet: `rows` registrations in 6 columns as coordinators send them
 * (a date cell, a text activity type, a notes column and one column the import ignores),
 * compressed like Excel writes it (or stored, `compression: false`, as some exporters write it:
 * the largest file for its rows). Every row is valid and distinct.
 */
export function generateRegistrationsXlsx(rows: number, options: { compression?: boolean } = {}): Buffer {
  const header = ['Mentor ID', 'Type of activity', 'Date', 'Duration (mins)', 'Comments', 'Venue'];
  const data: XLSX.CellObject[][] = [header.map((v) => ({ t: 's', v }))];
  const firstDay = Date.UTC(2026, 0, 1) / 86_400_000 + 25_569;
  for (let i = 0; i < rows; i++) {
    data.push([
      { t: 's', v: `mentor-${Math.floor(i / 300)}` },
      { t: 's', v: i % 2 === 0 ? 'Peer session' : 'Workshop' },
      { t: 'n', v: firstDay + (i % 300), z: 'dd/mm/yyyy' },
      { t: 'n', v: 30 + (i % 90) },
      { t: 's', v: `Session ${i}` },
      { t: 's', v: `Room ${i % 12}` },
    ]);
  }
  const sheet = { '!data': data } as XLSX.WorkSheet;
  sheet['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: rows, c: header.length - 1 } });
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, 'Registrations');
  return XLSX.write(book, {
    type: 'buffer',
    bookType: 'xlsx',
    compression: options.compression ?? true,
  }) as Buffer;
}
