import { describe, expect, it } from 'vitest';
import { BatchActionError } from '../../../src/batches/errors';
import { ThresholdListError } from '../../../src/domain/expiry';
import { AppError, describeError, isAppError } from '../../../src/errors';
import { ImportError } from '../../../src/import/errors';
import { ExpiryRunConflictError } from '../../../src/expiry/runs';

describe('AppError, the one base of the app errors', () => {
  it.each([
    ['an import error', new ImportError('no_data', 'The file has no data.'), 'no_data', 'ImportError'],
    [
      'a batch action error',
      new BatchActionError('conflict', 'Nothing to retry.'),
      'conflict',
      'BatchActionError',
    ],
    [
      'a threshold list error',
      new ThresholdListError('Unknown threshold "3_day".'),
      'invalid_thresholds',
      'ThresholdListError',
    ],
    [
      'an expiry run conflict',
      new ExpiryRunConflictError('run-1', 'The run is still running.'),
      'conflict',
      'ExpiryRunConflictError',
    ],
  ])('%s carries its code, its own name and its sentence', (_label, error, code, name) => {
    expect(isAppError(error)).toBe(true);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe(code);
    expect(error.name).toBe(name);
    expect(describeError(error)).toBe(error.message);
  });

  it('keeps the cause it was given', () => {
    const cause = new Error('low level');
    expect(new AppError('x', 'Sentence.', { cause }).cause).toBe(cause);
  });

  it('is not claimed by a plain Error', () => {
    expect(isAppError(new Error('plain'))).toBe(false);
  });
});
