/**
 * A lean HTTP/1.1 exchange on node:net / node:tls for the common check (GET or HEAD, nothing in the
 * body judged, a new connection each time): it sends the request with `Connection: close`, reads the
 * status line and headers only, and closes. undici costs several times more CPU for the same check.
 */
import type dns from 'node:dns';
import net from 'node:net';
import tls from 'node:tls';
import type { OutboundPolicy, ResolvedAddress } from '../net/outbound-policy.js';
import { keepSession, type LeanTlsOptions, leanTls } from './http-lean-tls.js';
import { endedWithout, type ResponseHead, readResponseHead } from './http-response-head.js';

export interface LeanRequest {
  readonly url: URL;
  /** The addresses `guardedUrl` checked for the URL's host: the socket connects to these and no others. */
  readonly addresses: readonly ResolvedAddress[];
  readonly method: 'GET' | 'HEAD';
  /** Header names and values already validated (no line breaks); `host` and `connection` are set here. */
  readonly headers: Readonly<Record<string, string>>;
  readonly tls: LeanTlsOptions;
}

/** Sends one request and resolves with the response head; rejects with the socket's or the parser's error. */
export function leanExchange(
  outbound: OutboundPolicy,
  request: LeanRequest,
  signal: AbortSignal,
): Promise<ResponseHead> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const socket = connect(outbound, request);
    let received: Buffer = Buffer.alloc(0);
    let settled = false;
    const settle = (error: unknown, head?: ResponseHead): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      if (head === undefined) reject(error);
      else resolve(head);
    };
    const onAbort = (): void => settle(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    socket.on('data', (chunk: Buffer) => {
      received = received.length === 0 ? chunk : Buffer.concat([received, chunk]);
      let head: ResponseHead | undefined;
      try {
        head = readResponseHead(received);
      } catch (error) {
        settle(error);
        return;
      }
      if (head !== undefined) settle(undefined, head);
    });
    socket.on('error', (error) => settle(error));
    // Checked before building the error: `close` follows every `destroy()`, and an Error costs a stack trace.
    const onEnd = (): void => {
      if (!settled) settle(endedWithout(received));
    };
    socket.on('end', onEnd);
    socket.on('close', onEnd);
    // Written before the connection is up: the socket sends it once connected (after the handshake for
    // TLS). Not `end()`: some proxies take a half-closed client for one that left, and answer nothing.
    socket.write(requestText(request));
  });
}

function connect(outbound: OutboundPolicy, request: LeanRequest): net.Socket {
  const { url } = request;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const secure = url.protocol === 'https:';
  const port = url.port === '' ? (secure ? 443 : 80) : Number(url.port);
  // A name goes through a lookup that serves the checked addresses: no second resolution, no rebinding.
  const lookup = net.isIP(host) === 0 ? { lookup: checkedLookup(request.addresses) } : {};
  if (!secure) return net.connect({ host, port, ...lookup });
  const settings = leanTls(outbound, request.tls);
  // SNI and the certificate's name check use the Host header's name when one is given (a check that
  // connects to an address for a named site, `connect_to`), else the URL's host; an address with no
  // name is checked against the certificate's IP SANs. undici does the same.
  const named = hostHeaderName(request.headers);
  const serverName = named ?? (net.isIP(host) === 0 ? host : undefined);
  const server = `${serverName ?? host}:${port}`;
  const session = settings.sessions.get(server);
  const socket = tls.connect({
    host,
    port,
    ...lookup,
    ...(serverName === undefined ? {} : { servername: serverName }),
    rejectUnauthorized: settings.rejectUnauthorized,
    secureContext: settings.secureContext,
    ...(session === undefined ? {} : { session }),
  });
  socket.on('session', (ticket: Buffer) => keepSession(settings, server, ticket));
  return socket;
}

/** The name of a `Host` header (`site.test:8443` → `site.test`), unless it is an address. */
function hostHeaderName(headers: Readonly<Record<string, string>>): string | undefined {
  const entry = Object.entries(headers).find(([name]) => name.toLowerCase() === 'host');
  if (entry === undefined) return undefined;
  const name = entry[1]
    .trim()
    .replace(/^\[(.*)\](:\d+)?$/, '$1')
    .replace(/:\d+$/, '');
  return name === '' || net.isIP(name) !== 0 ? undefined : name;
}

function requestText(request: LeanRequest): string {
  const { url } = request;
  let host = url.host;
  let lines = '';
  for (const [name, value] of Object.entries(request.headers)) {
    const lower = name.toLowerCase();
    if (lower === 'host') host = value;
    else if (lower !== 'connection') lines += `${name}: ${value}\r\n`;
  }
  return `${request.method} ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n${lines}\r\n`;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/** A `dns.lookup` stand-in answering with addresses already checked against the allowlist. */
function checkedLookup(addresses: readonly ResolvedAddress[]) {
  return (_hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
    const usable = addresses.filter((entry) => wanted === 0 || entry.family === wanted);
    process.nextTick(() => {
      const first = usable[0];
      if (first === undefined) {
        const error: NodeJS.ErrnoException = new Error(`no IPv${wanted} address among the checked ones`);
        error.code = 'ENOTFOUND';
        callback(error, '');
      } else if (options.all) {
        callback(
          null,
          usable.map((entry) => ({ address: entry.address, family: entry.family })),
        );
      } else {
        callback(null, first.address, first.family);
      }
    });
  };
}
