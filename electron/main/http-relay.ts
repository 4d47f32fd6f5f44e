import {
  MAX_HTTP_BODY_CHARS,
  MAX_HTTP_TIMEOUT_MS,
  RELAYED_RESPONSE_HEADERS,
  type HttpRequest,
  type HttpResult,
} from '../shared/ipc';
import { IpcRejection } from './ipc-guard';

/**
 * The main-process half of the engine's HTTP: it sends each request the engine window hands it
 * with the `fetch` it is given (Electron's `net.fetch` in the app, Node's in tests), to the
 * configured sync server only, and ends it when the engine aborts it, when its timeout passes or
 * when the engine window goes. In a renderer Chromium never cancels a hung CORS preflight and six
 * of them block every later request to that server; here there is no preflight, and an abort
 * closes the connection, so hung answers cost nothing once they time out.
 */

export interface HttpRelayOptions {
  fetch: typeof fetch;
  /** the origin (`https://host:port`) of the server the coordinator configured, or undefined */
  allowedOrigin(): string | undefined;
}

export interface HttpRelay {
  /** `owner`: the sending window's `webContents.id`; request ids are scoped to it */
  send(owner: number, request: HttpRequest): Promise<HttpResult>;
  abort(owner: number, id: string): void;
  /** ends every request of a window that went away */
  abortAll(owner: number): void;
  /** requests still running, for tests and diagnostics */
  inFlight(): number;
}

/** Electron's net errors, named as Node's are so the sync client's `describeFetchError` reads both. */
const NET_ERROR_CODES: Record<string, string> = {
  'net::ERR_CONNECTION_REFUSED': 'ECONNREFUSED',
  'net::ERR_NAME_NOT_RESOLVED': 'ENOTFOUND',
  'net::ERR_NAME_RESOLUTION_FAILED': 'EAI_AGAIN',
  'net::ERR_CONNECTION_RESET': 'ECONNRESET',
  'net::ERR_CONNECTION_CLOSED': 'UND_ERR_SOCKET',
  'net::ERR_EMPTY_RESPONSE': 'UND_ERR_SOCKET',
  'net::ERR_ADDRESS_UNREACHABLE': 'EHOSTUNREACH',
  'net::ERR_INTERNET_DISCONNECTED': 'ENETUNREACH',
};

/** The request's URL, if it is an http(s) URL of the allowed origin with no credentials in it. */
export function checkRelayUrl(url: string, allowedOrigin: string | undefined): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new IpcRejection('ro:http-send: refused, not a URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new IpcRejection(`ro:http-send: refused, ${parsed.protocol} is not http or https`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new IpcRejection('ro:http-send: refused, credentials in the URL');
  }
  if (allowedOrigin === undefined) {
    throw new IpcRejection('ro:http-send: refused, no sync server is configured');
  }
  if (parsed.origin !== allowedOrigin) {
    throw new IpcRejection(`ro:http-send: refused, ${parsed.origin} is not the configured sync server`);
  }
  return parsed;
}

export function createHttpRelay(options: HttpRelayOptions): HttpRelay {
  const running = new Map<string, AbortController>();
  const keyOf = (owner: number, id: string): string => `${owner}:${id}`;

  async function send(owner: number, request: HttpRequest): Promise<HttpResult> {
    const url = checkRelayUrl(request.url, options.allowedOrigin());
    const key = keyOf(owner, request.id);
    if (running.has(key)) throw new IpcRejection(`ro:http-send: refused, request ${request.id} is running`);
    const controller = new AbortController();
    running.set(key, controller);
    let timedOut = false;
    const timer = setTimeout(
      () => {
        timedOut = true;
        controller.abort();
      },
      Math.min(request.timeoutMs, MAX_HTTP_TIMEOUT_MS),
    );
    try {
      const response = await options.fetch(url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: controller.signal,
        // a redirect could lead to another origin than the one allowed; the API never redirects
        redirect: 'error',
        credentials: 'omit',
      });
      // the timeout and an abort cover the body too (a server that sends headers and stalls)
      const body = await response.text();
      if (body.length > MAX_HTTP_BODY_CHARS) {
        return failure('TypeError', `The answer from ${url.origin} is larger than this app accepts`);
      }
      const headers: Partial<Record<(typeof RELAYED_RESPONSE_HEADERS)[number], string>> = {};
      for (const name of RELAYED_RESPONSE_HEADERS) {
        const value = response.headers.get(name);
        if (value !== null) headers[name] = value;
      }
      return { ok: true, status: response.status, statusText: response.statusText, headers, body };
    } catch (error) {
      if (timedOut) return failure('TimeoutError', `No answer from ${url.origin} in time`);
      if (controller.signal.aborted) return failure('AbortError', 'The request was cancelled');
      const { message, code } = describeNetworkError(error);
      return failure('TypeError', message, code);
    } finally {
      clearTimeout(timer);
      if (running.get(key) === controller) running.delete(key);
    }
  }

  return {
    send,
    abort(owner, id) {
      running.get(keyOf(owner, id))?.abort();
    },
    abortAll(owner) {
      for (const [key, controller] of running) if (key.startsWith(`${owner}:`)) controller.abort();
    },
    inFlight: () => running.size,
  };
}

function failure(
  name: 'TimeoutError' | 'AbortError' | 'TypeError',
  message: string,
  code?: string,
): HttpResult {
  const bounded = message.slice(0, 2000);
  return {
    ok: false,
    failure: code === undefined ? { name, message: bounded } : { name, message: bounded, code },
  };
}

/** The innermost message and a Node-style code, from Node's `cause` chain or Electron's `net::ERR_*`. */
function describeNetworkError(error: unknown): { message: string; code?: string } {
  let current: unknown = error;
  let message = error instanceof Error ? error.message : String(error);
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const link = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof link.message === 'string' && link.message !== '') message = link.message;
    if (typeof link.code === 'string') return { message, code: link.code.slice(0, 64) };
    const netError =
      typeof link.message === 'string' ? /net::ERR_[A-Z_]+/.exec(link.message)?.[0] : undefined;
    if (netError !== undefined) {
      const code =
        NET_ERROR_CODES[netError] ?? (/ERR_(CERT|SSL)_/.test(netError) ? 'ERR_TLS_CERT' : undefined);
      return code === undefined ? { message } : { message, code };
    }
    current = link.cause;
  }
  return { message };
}
