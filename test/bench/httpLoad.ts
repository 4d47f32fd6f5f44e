/**
 * A light HTTP/1.1 load client for the server benchmarks: each connection is one keep-alive
 * socket sending one request at a time (no pipelining), its answer read by its Content-Length.
 * autocannon did the same work with about 40% of a core on this 2-core machine, CPU the server
 * and PostgreSQL then lacked; this client builds each request as one string and parses only the
 * status line and the length.
 *
 * With `rate`, each connection sends `rate` requests a second, the connections' first sends spread
 * evenly over the first second; a request whose turn came while the previous answer was still
 * awaited is sent as soon as that answer arrives, and its latency counts from then (as autocannon's
 * `ignoreCoordinatedOmission`). Without `rate`, each connection sends the next request as soon as
 * the previous answer arrived.
 */
import { connect, type Socket } from 'node:net';

export interface HttpLoadOptions {
  url: string;
  seconds: number;
  connections: number;
  /** requests per second per connection; none: as fast as the answers come */
  rate?: number;
  method: string;
  headers: Record<string, string>;
  path: () => string;
  body: () => string;
}

export interface HttpLoadResult {
  /** latencies of the answers with status 200, in ms, sorted */
  latencies: number[];
  /** answers of another status, and connections that failed */
  failed: number;
  /**
   * answers with status 200 a second: each connection's answers over its own window, from its
   * first send to the end, summed. With `rate` the connections start one after another over the
   * first second, so dividing all answers by `seconds` would count that ramp as load not carried.
   */
  rps: number;
}

export async function httpLoad(o: HttpLoadOptions): Promise<HttpLoadResult> {
  const { hostname, port } = new URL(o.url);
  const head = Object.entries(o.headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  const latencies: number[] = [];
  let failed = 0;
  let rps = 0;
  const started = performance.now();
  const until = started + o.seconds * 1000;

  const runConnection = (index: number) =>
    new Promise<void>((resolve) => {
      const socket: Socket = connect({ host: hostname, port: Number(port), noDelay: true });
      let buffer = '';
      let sentAt = 0;
      let sent = 0;
      let answered = 0;
      const firstAt = o.rate ? started + (index * 1000) / o.connections : started;
      const finish = () => {
        rps += (answered * 1000) / (until - firstAt);
        socket.destroy();
        resolve();
      };
      const send = () => {
        const now = performance.now();
        if (now >= until) return finish();
        const dueAt = o.rate ? firstAt + (sent * 1000) / o.rate : now;
        if (dueAt > now) {
          setTimeout(send, dueAt - now);
          return;
        }
        const body = o.body();
        sent++;
        sentAt = performance.now();
        socket.write(
          `${o.method} ${o.path()} HTTP/1.1\r\nhost: ${hostname}:${port}\r\n${head}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        );
      };
      socket.setEncoding('utf8');
      socket.on('connect', send);
      socket.on('error', () => {
        failed++;
        resolve();
      });
      socket.on('data', (chunk: string) => {
        buffer += chunk;
        const headEnd = buffer.indexOf('\r\n\r\n');
        if (headEnd === -1) return;
        const length = /\r\ncontent-length: *(\d+)/i.exec(buffer.slice(0, headEnd));
        if (!length) {
          failed++;
          return finish();
        }
        // bodies are JSON: one character a byte is not guaranteed, so compare bytes
        const bodyText = buffer.slice(headEnd + 4);
        if (Buffer.byteLength(bodyText) < Number(length[1])) return;
        const status = Number(buffer.slice(9, 12));
        buffer = '';
        if (status === 200) {
          latencies.push(performance.now() - sentAt);
          answered++;
        } else failed++;
        send();
      });
    });

  await Promise.all(Array.from({ length: o.connections }, (_, i) => runConnection(i)));
  latencies.sort((a, b) => a - b);
  return { latencies, failed, rps };
}
