import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { STORAGE_FULL_MESSAGE, describeError } from '../../../src/errors';

const named = (name: string, extra: object = {}) => Object.assign(new Error('low level'), { name }, extra);

describe('describeError', () => {
  it.each([
    ['a DOMException-like quota error', named('QuotaExceededError'), STORAGE_FULL_MESSAGE],
    [
      'Dexie wrapping it',
      new Dexie.AbortError('Transaction aborted', named('QuotaExceededError')),
      STORAGE_FULL_MESSAGE,
    ],
    [
      'a cause chain',
      new Error('write failed', { cause: named('QuotaExceededError') }),
      STORAGE_FULL_MESSAGE,
    ],
    ['an ordinary error', new Error('Mentor list is unreadable'), 'Mentor list is unreadable'],
    ['a thrown string', 'boom', 'boom'],
  ])('%s', (_, error, message) => {
    expect(describeError(error)).toBe(message);
  });
});
