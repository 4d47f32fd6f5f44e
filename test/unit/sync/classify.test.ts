import { describe, expect, it } from 'vitest';
import {
  classifyOutcome,
  isOvertakenByServer,
  type OutcomeClass,
  type RequestOutcome,
} from '../../../src/sync/classify';

const http = (status: number, code?: string): RequestOutcome => ({ kind: 'response', status, code });

describe('classifyOutcome', () => {
  it.each<[string, RequestOutcome, OutcomeClass]>([
    ['200', http(200), 'ok'],
    ['201', http(201), 'ok'],
    ['202 accepted batch', http(202), 'ok'],
    ['network error', { kind: 'unreachable' }, 'retry'],
    ['timeout', { kind: 'timeout' }, 'retry'],
    ['TLS failure', { kind: 'tls' }, 'retry'],
    ['2xx that breaks the contract', { kind: 'invalid_response' }, 'retry'],
    ['408 request timeout', http(408), 'retry'],
    ['425 too early', http(425), 'retry'],
    ['429 rate limited', http(429, 'rate_limited'), 'retry'],
    ['500', http(500, 'internal'), 'retry'],
    ['502 from a gateway', http(502), 'retry'],
    ['503', http(503), 'retry'],
    ['409 same key still running', http(409, 'idempotency_key_in_use'), 'retry'],
    ['401 refused token', http(401, 'unauthorized'), 'auth'],
    ['400 validation', http(400, 'validation_failed'), 'permanent'],
    ['403', http(403), 'permanent'],
    ['404 not found', http(404, 'not_found'), 'permanent'],
    ['409 illegal state change', http(409, 'conflict'), 'permanent'],
    ['413 too many items', http(413, 'payload_too_large'), 'permanent'],
    ['415', http(415, 'unsupported_media_type'), 'permanent'],
    ['422 key reused with another body', http(422, 'idempotency_key_reused'), 'permanent'],
  ])('%s -> %s', (_name, outcome, expected) => {
    expect(classifyOutcome(outcome)).toBe(expected);
  });
});

describe('isOvertakenByServer', () => {
  it.each<[string, string, unknown, number, string, boolean]>([
    ['cancel, nothing pending any more', 'batch.cancel', undefined, 409, 'conflict', true],
    ['retry, nothing failed any more', 'batch.retry', undefined, 409, 'conflict', true],
    [
      'cancel with a reason',
      'batch.update',
      { status: 'cancelled', cancellation_reason: 'x' },
      409,
      'conflict',
      true,
    ],
    ['relabel', 'batch.update', { label: 'x' }, 409, 'conflict', false],
    ['delete while items are pending', 'batch.delete', undefined, 409, 'conflict', false],
    ['create', 'batch.create', {}, 409, 'conflict', false],
    ['run resolve while running', 'run.update', { status: 'resolved' }, 409, 'conflict', false],
    ['same key still running', 'batch.cancel', undefined, 409, 'idempotency_key_in_use', false],
    ['cancel refused for another reason', 'batch.cancel', undefined, 400, 'validation_failed', false],
    ['cancel of a batch the server lost', 'batch.cancel', undefined, 404, 'not_found', false],
  ])('%s -> %s', (_name, op, body, status, code, expected) => {
    expect(isOvertakenByServer(op, body, status, code)).toBe(expected);
  });
});
