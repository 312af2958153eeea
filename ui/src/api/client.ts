/** The one way the UI talks to the API: same-origin JSON under `/api/v1`, errors turned into `ApiError`. */

export const API_BASE = '/api/v1';

/** An API failure as the server described it (`{error: {code, message, hint?, details?}}`). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly hint: string | undefined;
  readonly details: unknown;
  /** Seconds to wait before retrying, from `Retry-After` (rate limiting). */
  readonly retryAfter: number | undefined;

  constructor(status: number, code: string, message: string, extra: ApiErrorExtra = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.hint = extra.hint;
    this.details = extra.details;
    this.retryAfter = extra.retryAfter;
  }
}

interface ApiErrorExtra {
  readonly hint?: string | undefined;
  readonly details?: unknown;
  readonly retryAfter?: number | undefined;
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** Sends one request and returns the decoded JSON body (undefined for 204). */
export async function apiRequest<T>(method: Method, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (cause) {
    // The browser gives no detail on network failures; the UI shows a translated "server unreachable".
    throw new ApiError(0, 'NETWORK', cause instanceof Error ? cause.message : String(cause));
  }
  if (response.status === 204) return undefined as T;
  const payload: unknown = await readJson(response);
  if (!response.ok) throw errorFrom(response, payload);
  return payload as T;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // A proxy's HTML error page, for instance: keep the status, drop the body.
    return undefined;
  }
}

function errorFrom(response: Response, payload: unknown): ApiError {
  const error = isRecord(payload) && isRecord(payload.error) ? payload.error : undefined;
  const retryAfterHeader = response.headers.get('retry-after');
  const retryAfterDetail = isRecord(error?.details) ? error.details.retryAfterSeconds : undefined;
  const retryAfter =
    typeof retryAfterDetail === 'number'
      ? retryAfterDetail
      : retryAfterHeader !== null && /^\d+$/.test(retryAfterHeader)
        ? Number(retryAfterHeader)
        : undefined;
  const code = typeof error?.code === 'string' ? error.code : `HTTP_${response.status}`;
  const message = typeof error?.message === 'string' ? error.message : response.statusText;
  const hint = typeof error?.hint === 'string' ? error.hint : undefined;
  return new ApiError(response.status, code, message, { hint, details: error?.details, retryAfter });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
