import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A fault-injecting HTTP proxy on loopback, for tests that put faults between the app and the
 * server. Each request gets a fault from the queue (`failNext`) or else from the plan
 * (`setPlan`, default pass-through). The target can be swapped (a server restarted on another
 * port) and the log tells which request met which fault.
 */

export type Fault =
  | { kind: 'pass' }
  /** answer this status without asking the server */
  | { kind: 'status'; status: number; retryAfter?: string; body?: unknown }
  /** close the connection before the server sees the request */
  | { kind: 'drop-request' }
  /** let the server process the request, then close the connection instead of answering */
  | { kind: 'drop-response' }
  /** never answer (the client's timeout must fire) */
  | { kind: 'hang' }
  /** pass through, answering after `ms` */
  | { kind: 'delay'; ms: number };

export interface ProxiedRequest {
  method: string;
  path: string;
  /** the Idempotency-Key header, if any */
  key: string | undefined;
}

export interface LoggedRequest extends ProxiedRequest {
  fault: Fault['kind'];
  /** the server's status when the server answered (also for drop-response) */
  upstreamStatus?: number;
  /** the server's answer headers (lower-case names), e.g. `idempotent-replayed` on a replay */
  upstreamHeaders?: http.OutgoingHttpHeaders;
  /** for a seed 001 bulk body (`data.attributes.tasks`): how many tasks the request carried */
  tasks?: number;
}

type Matcher = (request: ProxiedRequest) => boolean;

export interface FaultProxy {
  url: string;
  setTarget(url: string): void;
  setPlan(plan: (request: ProxiedRequest, index: number) => Fault): void;
  /** the next `count` requests that `match` (default: any) meet `fault` */
  failNext(count: number, fault: Fault, match?: Matcher): void;
  readonly log: LoggedRequest[];
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  let upstream = new URL(target);
  let plan: (request: ProxiedRequest, index: number) => Fault = () => ({ kind: 'pass' });
  const queued: Array<{ fault: Fault; match: Matcher; left: number }> = [];
  const log: LoggedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();

  const server = http.createServer((req, res) => {
    const proxied: ProxiedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      key: headerValue(req.headers['idempotency-key']),
    };
    const fault = pickFault(proxied);
    const entry: LoggedRequest = { ...proxied, fault: fault.kind };
    log.push(entry);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const tasks = bulkTaskCount(body);
      if (tasks !== undefined) entry.tasks = tasks;
      switch (fault.kind) {
        case 'status':
          res.writeHead(fault.status, {
            'content-type': 'application/json',
            ...(fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {}),
          });
          res.end(
            JSON.stringify(
              fault.body ?? {
                error: { code: 'internal', message: `Injected ${fault.status} by the fault proxy` },
              },
            ),
          );
          return;
        case 'drop-request':
          req.socket.destroy();
          return;
        case 'hang':
          return;
        default:
          forward(
            req,
            body,
            (status, headers, answer) => {
              entry.upstreamStatus = status;
              entry.upstreamHeaders = headers;
              if (fault.kind === 'drop-response') {
                req.socket.destroy();
                return;
              }
              const send = () => {
                if (res.destroyed) return;
                res.writeHead(status, headers);
                res.end(answer);
              };
              if (fault.kind === 'delay') {
                const timer = setTimeout(() => {
                  timers.delete(timer);
                  send();
                }, fault.ms);
                timers.add(timer);
              } else send();
            },
            () => req.socket.destroy(),
          );
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  function pickFault(request: ProxiedRequest): Fault {
    const index = log.length;
    const hit = queued.find((q) => q.left > 0 && q.match(request));
    if (hit) {
      hit.left -= 1;
      return hit.fault;
    }
    return plan(request, index);
  }

  function forward(
    req: http.IncomingMessage,
    body: Buffer,
    onAnswer: (status: number, headers: http.OutgoingHttpHeaders, answer: Buffer) => void,
    onError: () => void,
  ): void {
    const headers = { ...req.headers, host: upstream.host };
    delete headers['connection'];
    const outgoing = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...headers, 'content-length': String(body.length) },
        agent: false,
      },
      (response) => {
        const parts: Buffer[] = [];
        response.on('data', (chunk: Buffer) => parts.push(chunk));
        response.on('end', () => {
          const answerHeaders = { ...response.headers };
          delete answerHeaders['transfer-encoding'];
          delete answerHeaders['connection'];
          delete answerHeaders['keep-alive'];
          const answer = Buffer.concat(parts);
          answerHeaders['content-length'] = String(answer.length);
          onAnswer(response.statusCode ?? 502, answerHeaders, answer);
        });
        response.on('error', onError);
      },
    );
    // the server is down (restarting): to the client this is a dropped connection
    outgoing.on('error', onError);
    outgoing.end(body);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    setTarget(url) {
      upstream = new URL(url);
    },
    setPlan(next) {
      plan = next;
    },
    failNext(count, fault, match = () => true) {
      queued.push({ fault, match, left: count });
    },
    log,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function bulkTaskCount(body: Buffer): number | undefined {
  if (body.length === 0) return undefined;
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { data?: { attributes?: { tasks?: unknown } } };
    const tasks = parsed.data?.attributes?.tasks;
    return Array.isArray(tasks) ? tasks.length : undefined;
  } catch {
    return undefined;
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
