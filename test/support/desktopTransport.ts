import { httpAbortSchema, httpRequestSchema, httpResultSchema } from '../../electron/shared/ipc';
import { createHttpRelay, type HttpRelay } from '../../electron/main/http-relay';
import { createIpcFetch } from '../../renderer/engine-host/ipc-fetch';

/**
 * The desktop's sync transport end to end without Electron: the engine window's `fetch`
 * (renderer/engine-host/ipc-fetch.ts) -> a stand-in for IPC that parses every payload with the
 * channel's schema and clones it, as the real channel does -> the main process's relay
 * (electron/main/http-relay.ts) sending with `fetch` (Node's here, `net.fetch` in the app).
 */
export interface DesktopTransport {
  fetch: typeof fetch;
  relay: HttpRelay;
}

const ENGINE_WINDOW_ID = 7;

export function desktopTransport(options: {
  allowedOrigin: () => string | undefined;
  /** what the main process sends with (default: Node's fetch) */
  fetch?: typeof fetch;
}): DesktopTransport {
  const relay = createHttpRelay({
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    allowedOrigin: options.allowedOrigin,
  });
  const fetchThroughMain = createIpcFetch({
    send: async (request) => {
      const answer = await relay.send(ENGINE_WINDOW_ID, httpRequestSchema.parse(structuredClone(request)));
      return httpResultSchema.parse(structuredClone(answer));
    },
    abort: async (id) => relay.abort(ENGINE_WINDOW_ID, httpAbortSchema.parse({ id }).id),
  });
  return { fetch: fetchThroughMain, relay };
}

/**
 * Chromium's limit of six connections per server, which a `fetch` in Node does not have: at most
 * `limit` requests to one origin at a time, a slot freed when the answer is read or the request
 * ends. `leakOnAbort` stands for what a renderer meets: a hung preflight that an abort never
 * cancels, so its slot is never freed.
 */
export function sixPerOrigin(
  inner: typeof fetch,
  options: { limit?: number; leakOnAbort?: boolean } = {},
): typeof fetch {
  const limit = options.limit ?? 6;
  const busy = new Map<string, number>();
  const waiting = new Map<string, Array<() => void>>();
  const release = (origin: string): void => {
    const next = waiting.get(origin)?.shift();
    if (next) next();
    else busy.set(origin, (busy.get(origin) ?? 1) - 1);
  };
  return async (input, init) => {
    const origin = new URL(String(input)).origin;
    if ((busy.get(origin) ?? 0) >= limit) {
      await new Promise<void>((resolve, reject) => {
        const queue = waiting.get(origin) ?? [];
        queue.push(resolve);
        waiting.set(origin, queue);
        init?.signal?.addEventListener('abort', () => {
          queue.splice(queue.indexOf(resolve), 1);
          reject(init.signal?.reason);
        });
      });
    } else busy.set(origin, (busy.get(origin) ?? 0) + 1);
    let released = false;
    const free = (): void => {
      if (released) return;
      released = true;
      release(origin);
    };
    try {
      const response = await inner(input, init);
      const body = await response.text();
      free();
      return new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    } catch (error) {
      if (!(options.leakOnAbort && init?.signal?.aborted)) free();
      throw error;
    }
  };
}
