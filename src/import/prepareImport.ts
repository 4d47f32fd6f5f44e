import { detectHeaderRow, proposeMapping, type ColumnMapping, type MappingProposal } from './columnMatching';
import { importKind, type ImportKindId } from './importKinds';
import { tableFromSheet, type ImportTable } from './importTable';
import type { WorkbookData } from './readWorkbook';

export interface PrepareOptions {
  kind: ImportKindId;
  /** default: the workbook's preselected sheet */
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
}

/** The wizard's preview step: the chosen sheet split at its header row and a proposed mapping. */
export function prepareImport(workbook: WorkbookData, options: PrepareOptions): PreparedImport {
  const kind = importKind(options.kind);
  const sheetIndex = options.sheetIndex ?? workbook.selectedSheet;
  const sheet = workbook.sheets[sheetIndex];
  if (!sheet)
    throw new RangeError(`Sheet ${sheetIndex} does not exist; the file has ${workbook.sheets.length}`);
  const headerRow = options.headerRow ?? detectHeaderRow(sheet.rows, kind);
  const table = tableFromSheet(sheet, headerRow, workbook.dateSystem);
  const proposal = proposeMapping(table.headers, kind, options.rememberedMapping ?? null);
  return { sheetIndex, headerRow, table, proposal };
}
