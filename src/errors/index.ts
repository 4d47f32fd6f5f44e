export { AppError, isAppError } from './appError';
export { describeError, STORAGE_FULL_MESSAGE } from './describeError';
