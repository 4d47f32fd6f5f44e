import {
  MAX_HTTP_TIMEOUT_MS,
  RELAYED_REQUEST_HEADERS,
  httpRequestSchema,
  type HttpRequest,
  type RoHostHttpApi,
} from '../../electron/shared/ipc';

/**
 * A `fetch` for the sync client that hands each request to the main process (`roHost.http`),
 * which sends it with `net.fetch` (electron/main/http-relay.ts). It speaks just what the client
 * uses: a URL, GET/POST/PUT/DELETE, the client's headers, a text body and an abort signal. An
 * abort rejects at once with the signal's reason and tells the main process to end the request.
 * A request that got no answer rejects as `fetch` does (a TypeError whose `cause` has the code),
 * so `describeFetchError` names the failure alike in the browser build and here.
 */

const SUPPORTED_METHODS = new Set<string>(httpRequestSchema.shape.method.options);
const SENDABLE_HEADERS = new Set<string>(RELAYED_REQUEST_HEADERS);

export interface IpcFetchOptions {
  /** how long the main process lets one request run, whatever the caller's signal */
  timeoutMs?: number;
  newId?: () => string;
}

export function createIpcFetch(http: RoHostHttpApi, options: IpcFetchOptions = {}): typeof fetch {
  const timeoutMs = Math.min(options.timeoutMs ?? MAX_HTTP_TIMEOUT_MS, MAX_HTTP_TIMEOUT_MS);
  const newId = options.newId ?? (() => crypto.randomUUID());

  return async (input, init = {}) => {
    const request = describeRequest(input, init, newId(), timeoutMs);
    const signal = init.signal ?? undefined;
    signal?.throwIfAborted();
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_resolve, reject) => {
      onAbort = () => {
        // the engine stops waiting now; the main process closes the connection
        void http.abort(request.id).catch(() => undefined);
        reject(signal?.reason ?? new DOMException('The request was aborted', 'AbortError'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const result = await Promise.race([http.send(request), aborted]).catch((error: unknown) => {
        if (signal?.aborted) throw error;
        // the main process refused the request (its origin, its payload)
        throw new TypeError('fetch failed', { cause: error });
      });
      if (!result.ok) {
        const { name, message, code } = result.failure;
        if (name !== 'TypeError') throw new DOMException(message, name);
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error(message), code ? { code } : {}),
        });
      }
      const noBody = result.status === 204 || result.status === 205 || result.status === 304;
      return new Response(noBody ? null : result.body, {
        status: result.status,
        statusText: result.statusText,
        headers: result.headers,
      });
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  };
}

function describeRequest(
  input: RequestInfo | URL,
  init: RequestInit,
  id: string,
  timeoutMs: number,
): HttpRequest {
  if (typeof input !== 'string' && !(input instanceof URL)) {
    throw new TypeError('The desktop sync transport takes a URL, not a Request');
  }
  const method = (init.method ?? 'GET').toUpperCase();
  if (!SUPPORTED_METHODS.has(method))
    throw new TypeError(`The desktop sync transport does not send ${method}`);
  if (init.body !== undefined && init.body !== null && typeof init.body !== 'string') {
    throw new TypeError('The desktop sync transport sends text bodies only');
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of new Headers(init.headers)) {
    if (!SENDABLE_HEADERS.has(name)) throw new TypeError(`The desktop sync transport does not send ${name}`);
    headers[name] = value;
  }
  return {
    id,
    url: String(input),
    method: method as HttpRequest['method'],
    headers,
    ...(typeof init.body === 'string' ? { body: init.body } : {}),
    timeoutMs,
  };
}
