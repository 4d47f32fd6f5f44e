import { isBrowserFetchFailure, NO_ANSWER_WORDS } from '../errors/describeError';

/**
 * Why a request got no HTTP answer. `fetch` rejects with a bare TypeError in browsers; Node's
 * fetch (undici) puts the socket or TLS error in `cause`, so there the reason can be named.
 */

export type TransportFailureKind = 'unreachable' | 'timeout' | 'tls' | 'aborted';

export interface TransportFailure {
  kind: TransportFailureKind;
  message: string;
}

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused (nothing listens there)',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved right now',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'the host cannot be reached',
  ENETUNREACH: 'the network cannot be reached',
  UND_ERR_SOCKET: 'the connection closed before an answer came',
  UND_ERR_CLOSED: 'the connection closed before an answer came',
};

/**
 * Names the failure of a `fetch` that rejected. `timedOut` says whether our own timeout fired
 * (an AbortSignal.timeout reason is also recognised).
 */
export function describeFetchError(error: unknown, timedOut: boolean, url: string): TransportFailure {
  if (timedOut || nameOf(error) === 'TimeoutError') {
    return { kind: 'timeout', message: `No answer from ${url} in time` };
  }
  if (nameOf(error) === 'AbortError') return { kind: 'aborted', message: 'The request was cancelled' };
  const chain = causeChain(error);
  for (const link of chain) {
    const code = codeOf(link);
    if (
      code !== undefined &&
      (TLS_CODES.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL'))
    ) {
      return {
        kind: 'tls',
        message: `The server's TLS certificate is not accepted (${code}: ${messageOf(link)})`,
      };
    }
  }
  for (const link of chain) {
    const message = messageOf(link);
    if (/certificate|ssl|tls handshake/i.test(message)) {
      return { kind: 'tls', message: `The server's TLS certificate is not accepted (${message})` };
    }
  }
  for (const link of chain) {
    const code = codeOf(link);
    if (code !== undefined && code in NETWORK_WORDS) {
      return { kind: 'unreachable', message: `Cannot reach ${url}: ${NETWORK_WORDS[code]}` };
    }
  }
  // a browser says only "Failed to fetch": a down server, no network, CORS or an untrusted
  // certificate all look alike from here
  const hint = url.startsWith('https:') ? ' (or its TLS certificate is not trusted)' : '';
  const last = chain.at(-1) ?? error;
  const why = isBrowserFetchFailure(last) ? NO_ANSWER_WORDS : messageOf(last);
  return { kind: 'unreachable', message: `Cannot reach ${url}${hint}: ${why}` };
}

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && chain.length < 5) {
    chain.push(current);
    current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
  }
  return chain;
}

function nameOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : undefined;
}

function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
