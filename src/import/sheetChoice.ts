import { detectHeader } from './columnMatching';
import type { ImportKind } from './importKinds';
import type { SheetTable } from './sheetRows';

/** What the sheet picker says about one sheet of the open file. */
export interface SheetAssessment {
  index: number;
  name: string;
  hidden: boolean;
  /** rows that hold something */
  rowCount: number;
  /** the detected header row, an index into the sheet's rows */
  headerRow: number;
  /** the spreadsheet's own number of that row (1-based, blank rows counted), null when empty */
  headerRowNumber: number | null;
  /** how well the header row names the kind's fields (see `detectHeader`) */
  score: number;
  /** how many of the kind's fields the header row names */
  matchedFields: number;
  /** rows under the header row */
  dataRows: number;
  /** why the sheet cannot be imported, in the coordinator's words; null when it can */
  problem: string | null;
}

/** Every sheet of a workbook scored against the import kind, in the file's order. */
export function assessSheets(sheets: readonly SheetTable[], kind: ImportKind): SheetAssessment[] {
  return sheets.map((sheet, index) => {
    const guess = detectHeader(sheet.rows, kind);
    const empty = sheet.rows.length === 0;
    const dataRows = empty ? 0 : sheet.rows.length - guess.row - 1;
    const headerRowNumber = empty ? null : (sheet.rowNumbers[guess.row] ?? guess.row + 1);
    return {
      index,
      name: sheet.name,
      hidden: sheet.hidden,
      rowCount: sheet.rows.length,
      headerRow: guess.row,
      headerRowNumber,
      score: guess.score,
      matchedFields: guess.fields,
      dataRows,
      problem: empty
        ? 'Nothing is filled in on this sheet.'
        : dataRows === 0
          ? `Only a header row (row ${headerRowNumber}), with no rows of data under it.`
          : null,
    };
  });
}

/**
 * The sheet to open first: of the usable visible sheets, the one whose header row best names the
 * kind's fields (the first on a tie, so a workbook with no recognisable headers opens on its first
 * usable sheet); a hidden sheet only when no visible one can be used; null when no sheet can.
 */
export function chooseSheet(assessments: readonly SheetAssessment[]): number | null {
  let best: SheetAssessment | null = null;
  for (const hidden of [false, true]) {
    for (const sheet of assessments) {
      if (sheet.problem !== null || sheet.hidden !== hidden) continue;
      if (best === null || sheet.score > best.score + 1e-9) best = sheet;
    }
    if (best) return best.index;
  }
  return null;
}
