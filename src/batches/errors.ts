import { AppError } from '../errors/appError';

/** Why a batch action was refused; `message` is meant for the coordinator. */
export type BatchActionErrorCode = 'not_found' | 'conflict' | 'invalid';

export class BatchActionError extends AppError<BatchActionErrorCode> {}

export function batchNotFound(id: string): BatchActionError {
  return new BatchActionError('not_found', `No batch ${id} on this computer; it may have been deleted.`);
}
