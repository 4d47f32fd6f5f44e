import { AppError } from '../errors/appError';

/**
 * Why a file cannot be imported. Every code comes with a sentence a coordinator understands;
 * the wizard shows `message` as is. Nothing is returned when one is thrown, so a bad file never
 * leaves a half-read import behind.
 */
export type ImportErrorCode =
  | 'empty_file'
  | 'file_too_large'
  | 'unsupported_format'
  | 'password_protected'
  | 'corrupt_file'
  | 'no_data'
  | 'headers_only'
  | 'missing_columns'
  /** columns chosen for a field and for the parts it may be split in (Start and Date, Time) */
  | 'conflicting_columns'
  | 'unresolved_rows';

export class ImportError extends AppError<ImportErrorCode> {}

export function isImportError(error: unknown): error is ImportError {
  return error instanceof ImportError;
}
