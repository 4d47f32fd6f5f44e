import { describe, expect, it } from 'vitest';
import { describeFetchError } from '../../../src/sync/transport';

const fetchFailed = (cause: unknown) => Object.assign(new TypeError('fetch failed'), { cause });
const coded = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('describeFetchError', () => {
  it.each([
    ['our timeout fired', new Error('aborted'), true, 'timeout'],
    ['AbortSignal.timeout reason', Object.assign(new Error('t'), { name: 'TimeoutError' }), false, 'timeout'],
    ['caller aborted', Object.assign(new Error('a'), { name: 'AbortError' }), false, 'aborted'],
    ['connection refused', fetchFailed(coded('ECONNREFUSED')), false, 'unreachable'],
    ['unknown host', fetchFailed(coded('ENOTFOUND')), false, 'unreachable'],
    [
      'socket closed mid-answer',
      fetchFailed(coded('UND_ERR_SOCKET', 'other side closed')),
      false,
      'unreachable',
    ],
    ['self-signed certificate', fetchFailed(coded('DEPTH_ZERO_SELF_SIGNED_CERT')), false, 'tls'],
    ['expired certificate', fetchFailed(coded('CERT_HAS_EXPIRED')), false, 'tls'],
    ['wrong host name', fetchFailed(coded('ERR_TLS_CERT_ALTNAME_INVALID')), false, 'tls'],
    [
      'certificate named only in the message',
      fetchFailed(new Error('unable to verify the first certificate')),
      false,
      'tls',
    ],
    ['browser: Failed to fetch', new TypeError('Failed to fetch'), false, 'unreachable'],
  ])('%s -> %s', (_name, error, timedOut, kind) => {
    expect(describeFetchError(error, timedOut as boolean, 'https://sync.example').kind).toBe(kind);
  });

  it('tells a browser user on https that the certificate may be the cause, since fetch cannot say', () => {
    const failure = describeFetchError(new TypeError('Failed to fetch'), false, 'https://sync.example');
    expect(failure.message).toContain('TLS certificate');
  });

  it('says in words what a bare "Failed to fetch" means, never the browser\'s words', () => {
    const failure = describeFetchError(new TypeError('Failed to fetch'), false, 'http://127.0.0.1:9');
    expect(failure.message).toBe(
      'Cannot reach http://127.0.0.1:9: no answer came (the server may be down, or the address may be wrong)',
    );
  });
});
