import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { NO_ANSWER_MESSAGE, STORAGE_FULL_MESSAGE, describeError } from '../../../src/errors';

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
    ["Chromium's fetch without an answer", new TypeError('Failed to fetch'), NO_ANSWER_MESSAGE],
    ["Firefox's", new TypeError('NetworkError when attempting to fetch resource.'), NO_ANSWER_MESSAGE],
    ["Safari's", new TypeError('Load failed'), NO_ANSWER_MESSAGE],
    ['another TypeError', new TypeError('x is not a function'), 'x is not a function'],
  ])('%s', (_, error, message) => {
    expect(describeError(error)).toBe(message);
  });
});
