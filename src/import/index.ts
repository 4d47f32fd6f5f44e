/**
 * Spreadsheet import and export. The wizard's steps, each a plain function over plain data so it
 * runs in a Worker: `readWorkbook` -> `prepareImport` (sheet, header row, proposed mapping) ->
 * `validateRows` -> `fixCell` / `setExcluded` -> `summarize` -> `acceptedValues`.
 */
export * from './activityTypes';
export * from './cells';
export * from './columnMatching';
export * from './csv';
export * from './dates';
export * from './durations';
export * from './errors';
export * from './export';
export * from './fileFormat';
export * from './headerText';
export * from './importKinds';
export * from './importTable';
export * from './mentorRoster';
export * from './parseResult';
export * from './prepareImport';
export * from './readWorkbook';
export * from './rowValidation';
export * from './sheetChoice';
export * from './sheetRows';
export * from './templates';
export * from './textCells';
export * from './textEncoding';
export * from './workbookWriter';
