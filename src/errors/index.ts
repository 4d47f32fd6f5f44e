export { AppError, isAppError } from './appError';
export {
  describeError,
  isBrowserFetchFailure,
  NO_ANSWER_MESSAGE,
  NO_ANSWER_WORDS,
  STORAGE_FULL_MESSAGE,
} from './describeError';
