import { detectHeaderRow, proposeMapping, type ColumnMapping, type MappingProposal } from './columnMatching';
import { ImportError } from './errors';
import { importKind, type ImportKindId } from './importKinds';
import { tableFromSheet, type ImportTable } from './importTable';
import type { WorkbookData } from './readWorkbook';
import { assessSheets, chooseSheet, type SheetAssessment } from './sheetChoice';

export interface PrepareOptions {
  kind: ImportKindId;
  /** default: the sheet whose header row best matches the kind (see `chooseSheet`) */
  sheetIndex?: number;
  /** index into the sheet's rows; default: detected */
  headerRow?: number;
  /** a mapping the coordinator confirmed earlier for the same `signature` */
  rememberedMapping?: ColumnMapping | null;
}

export interface PreparedImport {
  sheetIndex: number;
  headerRow: number;
  table: ImportTable;
  proposal: MappingProposal;
  /** every sheet of the file, scored against the kind, for the picker */
  sheets: SheetAssessment[];
}

/** The wizard's preview step: the chosen sheet split at its header row and a proposed mapping. */
export function prepareImport(workbook: WorkbookData, options: PrepareOptions): PreparedImport {
  const kind = importKind(options.kind);
  const sheets = assessSheets(workbook.sheets, kind);
  const sheetIndex = options.sheetIndex ?? chooseSheet(sheets) ?? unusable(workbook, sheets);
  const sheet = workbook.sheets[sheetIndex];
  if (!sheet)
    throw new RangeError(`Sheet ${sheetIndex} does not exist; the file has ${workbook.sheets.length}`);
  const headerRow = options.headerRow ?? detectHeaderRow(sheet.rows, kind);
  const table = tableFromSheet(sheet, headerRow, workbook.dateSystem, workbook.fileName);
  const proposal = proposeMapping(table.headers, kind, options.rememberedMapping ?? null);
  return { sheetIndex, headerRow, table, proposal, sheets };
}

/** No sheet can be imported: the first sheet with something in it says why. */
function unusable(workbook: WorkbookData, sheets: readonly SheetAssessment[]): never {
  const first = sheets.find((s) => s.rowCount > 0) ?? sheets[0];
  if (!first) throw new ImportError('no_data', `"${workbook.fileName}" has no sheets to import.`);
  tableFromSheet(workbook.sheets[first.index]!, first.headerRow, workbook.dateSystem, workbook.fileName);
  throw new Error('unreachable: a sheet without a problem was not chosen');
}
