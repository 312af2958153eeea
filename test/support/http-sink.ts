/**
 * A real local HTTP server that records every request (webhooks, Teams, Slack, Matrix, ntfy), and
 * answers 200 unless told to fail; it can be stopped and started again on the same port.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SinkRequest {
  readonly method: string;
  /** Path and query, e.g. `/_matrix/client/v3/rooms/...`. */
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export interface HttpSink {
  readonly port: number;
  /** `http://127.0.0.1:PORT` + `path`. */
  url(path?: string): string;
  /** Every request received so far (including those answered with an error). */
  readonly requests: SinkRequest[];
  /** Answers the next `count` requests with `status` (500 unless told). */
  failNext(count: number, status?: number): void;
  /** Stops listening: connections are refused until `start()`. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the sink on a free loopback port; the caller must `close()` it. */
export async function startHttpSink(): Promise<HttpSink> {
  const requests: SinkRequest[] = [];
  let failures: { count: number; status: number } = { count: 0, status: 500 };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      if (failures.count > 0) {
        failures = { ...failures, count: failures.count - 1 };
        response.writeHead(failures.status, { 'content-type': 'text/plain' }).end('sink told to fail');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) {
        resolve();
        return;
      }
      server.close(() => resolve());
      server.closeAllConnections();
    });
  await listen();
  return {
    get port() {
      return port;
    },
    url: (path = '/') => `http://127.0.0.1:${port}${path}`,
    requests,
    failNext: (count, status = 500) => {
      failures = { count, status };
    },
    stop,
    start: listen,
    close: stop,
  };
}
