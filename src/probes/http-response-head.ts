/**
 * Reads an HTTP/1.x response head (status line and headers) from the bytes received so far, for the
 * lean client: only the status and `Location` are kept, since nothing else is judged.
 */
import { closedEarly, headersTooLarge, MAX_HEADER_BYTES, notHttp } from './http-errors.js';

export interface ResponseHead {
  readonly status: number;
  readonly location: string | undefined;
}

const HEAD_END = Buffer.from('\r\n\r\n');
const PREFIX = Buffer.from('HTTP/');
const STATUS_LINE = /^HTTP\/\d(?:\.\d)? (\d{3})(?: |\r|$)/;
const LOCATION = /\r\nlocation:[ \t]*([^\r]*?)[ \t]*(?:\r|$)/i;

/**
 * The final head in `received`, or undefined while more bytes are needed; throws `HttpFaultError` for
 * bytes that are not HTTP or a head past `MAX_HEADER_BYTES`. Informational heads (1xx but 101) are skipped.
 */
export function readResponseHead(received: Buffer): ResponseHead | undefined {
  let start = 0;
  for (;;) {
    const rest = received.subarray(start);
    // Fails on the first bytes, not at the timeout: an SSH or SMTP banner never ends with a blank line.
    const prefixLength = Math.min(rest.length, PREFIX.length);
    if (rest.compare(PREFIX, 0, prefixLength, 0, prefixLength) !== 0) throw notHttp(rest);
    const end = rest.indexOf(HEAD_END);
    if (end === -1) {
      if (rest.length > MAX_HEADER_BYTES) throw headersTooLarge();
      const lineEnd = rest.indexOf('\r\n');
      if (lineEnd !== -1 && !STATUS_LINE.test(rest.toString('latin1', 0, lineEnd))) throw notHttp(rest);
      return undefined;
    }
    if (end > MAX_HEADER_BYTES) throw headersTooLarge();
    const head = rest.toString('latin1', 0, end);
    const status = Number(STATUS_LINE.exec(head)?.[1] ?? Number.NaN);
    if (Number.isNaN(status)) throw notHttp(rest);
    if (status >= 100 && status < 200 && status !== 101) {
      start += end + HEAD_END.length;
      continue;
    }
    const location = status >= 300 && status < 400 ? LOCATION.exec(head)?.[1] : undefined;
    return { status, location };
  }
}

/** The error for a connection that ended with `received` and no complete head. */
export function endedWithout(received: Buffer): Error {
  if (received.length === 0) return closedEarly();
  try {
    readResponseHead(received);
  } catch (error) {
    return error as Error;
  }
  return closedEarly();
}
