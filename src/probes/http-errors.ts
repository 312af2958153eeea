/**
 * The HTTP check's faults in words people can act on, the same whichever client met the server: the
 * lean client throws `HttpFaultError` itself, and undici's errors are translated to the same words.
 */
import { isAppError } from '../errors/app-error.js';

/** Response headers beyond this are refused by both clients (undici's agent is built with it). */
export const MAX_HEADER_BYTES = 65_536;

export type HttpFaultCode = 'NOT_HTTP' | 'HEADERS_TOO_LARGE' | 'CLOSED_EARLY';

/** A server that answered something other than a usable HTTP response head. */
export class HttpFaultError extends Error {
  readonly code: HttpFaultCode;
  constructor(code: HttpFaultCode, message: string) {
    super(message);
    this.name = 'HttpFaultError';
    this.code = code;
  }
}

/** `not an HTTP response: first bytes "SSH-2.0-OpenSSH_9.2\r\n"`, at most 32 bytes shown. */
export function notHttp(firstBytes: Buffer): HttpFaultError {
  const shown = JSON.stringify(firstBytes.subarray(0, 32).toString('latin1'));
  return new HttpFaultError('NOT_HTTP', `not an HTTP response: first bytes ${shown}`);
}

export function headersTooLarge(): HttpFaultError {
  return new HttpFaultError(
    'HEADERS_TOO_LARGE',
    `response headers larger than ${MAX_HEADER_BYTES / 1024} KiB: the server or a proxy in front of it is misbehaving`,
  );
}

export function closedEarly(): HttpFaultError {
  return new HttpFaultError(
    'CLOSED_EARLY',
    'connection closed by the server before the end of the response headers',
  );
}

// OpenSSL's verification codes and Node's host name check, for "which certificate problem".
const CERTIFICATE_CODE = /CERT|SELF_SIGNED|ISSUER|SIGNATURE|ALTNAME|HOSTNAME/;

/**
 * Translates what either client threw into the check's words; other errors pass through unchanged
 * (errno codes such as ECONNREFUSED are worded by `describeFailure`).
 */
export function explainHttpError(error: unknown): unknown {
  if (!(error instanceof Error) || isAppError(error)) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && CERTIFICATE_CODE.test(code) && !code.startsWith('UND_ERR')) {
    return withCode(`TLS certificate refused: ${error.message} (${code})`, code, error);
  }
  if (code === 'UND_ERR_HEADERS_OVERFLOW') return headersTooLarge();
  if (code === 'UND_ERR_SOCKET' && error.message === 'other side closed') return closedEarly();
  if (error.name === 'HTTPParserError') {
    const data = (error as { data?: unknown }).data;
    return typeof data === 'string' ? notHttp(Buffer.from(data, 'latin1')) : error;
  }
  return error;
}

function withCode(message: string, code: string, cause: Error): Error {
  const explained: NodeJS.ErrnoException = new Error(message, { cause });
  explained.code = code;
  return explained;
}
