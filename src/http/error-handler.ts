/** The one place that turns an error into an HTTP response: `{error: {code, message, hint?, details?}}`, never a stack. */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type AppErrorCode, isAppError } from '../errors/app-error.js';

export interface ErrorBody {
  readonly error: { code: string; message: string; hint?: string; details?: unknown };
}

export interface ErrorResponse {
  readonly status: number;
  readonly body: ErrorBody;
  /** A server fault, logged with its stack; the caller only sees the request id. */
  readonly internal: boolean;
}

const codeByStatus: Record<number, AppErrorCode> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
};

export interface ErrorContext {
  readonly requestId: string;
  /** The body limit of the route that failed, to say how much it accepts. */
  readonly bodyLimit?: number | undefined;
}

/** Maps any thrown value to the response the API sends for it. */
export function toErrorResponse(error: unknown, { requestId, bodyLimit }: ErrorContext): ErrorResponse {
  if (isAppError(error))
    return { status: error.httpStatus, body: error.toJSON(), internal: error.httpStatus >= 500 };
  if (hasZodFastifySchemaValidationErrors(error)) return validationResponse(error);
  const fastifyError = error as Partial<FastifyError> | null;
  if (fastifyError?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const accepts = bodyLimit === undefined ? '' : `at most ${formatBytes(bodyLimit)} (${bodyLimit} bytes)`;
    return fromAppError(
      new AppError(
        'PAYLOAD_TOO_LARGE',
        `The request body is too large${accepts ? `: this route accepts ${accepts}` : ''}.`,
        {
          hint: 'Send a smaller body; inventory files go to the plan and apply routes, which accept more.',
          ...(bodyLimit === undefined ? {} : { details: { bodyLimit } }),
        },
      ),
    );
  }
  if (fastifyError && Array.isArray(fastifyError.validation)) {
    return fromAppError(
      new AppError('BAD_INPUT', `Invalid request: ${fastifyError.message ?? 'validation failed'}.`),
    );
  }
  const status = typeof fastifyError?.statusCode === 'number' ? fastifyError.statusCode : 500;
  if (status >= 400 && status < 500) {
    // Fastify's own client errors (bad JSON, unsupported media type) have messages written for callers.
    const ownMessage = typeof fastifyError?.code === 'string' && fastifyError.code.startsWith('FST_');
    const message =
      ownMessage && fastifyError?.message
        ? fastifyError.message
        : `The request was refused (HTTP ${status}).`;
    return {
      status,
      body: { error: { code: codeByStatus[status] ?? 'BAD_INPUT', message } },
      internal: false,
    };
  }
  return {
    status: 500,
    body: {
      error: {
        code: 'INTERNAL',
        message: 'Something went wrong on the server.',
        hint: `Try again; if it keeps failing, give the request id ${requestId} to your Vigie administrator.`,
        details: { requestId },
      },
    },
    internal: true,
  };
}

/** Installs the error handler on `app`: every route's errors go through `toErrorResponse`. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const response = toErrorResponse(error, {
      requestId: String(request.id),
      bodyLimit: request.routeOptions.bodyLimit,
    });
    if (response.internal) request.log.error({ err: error, requestId: request.id }, 'request failed');
    else
      request.log.info(
        { code: response.body.error.code, status: response.status },
        response.body.error.message,
      );
    if (response.status === 429 && isAppError(error)) {
      const retryAfter = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
    }
    return reply.status(response.status).type('application/json; charset=utf-8').send(response.body);
  });
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

function fromAppError(error: AppError): ErrorResponse {
  return { status: error.httpStatus, body: error.toJSON(), internal: false };
}

interface ValidationIssue {
  readonly instancePath: string;
  readonly message: string;
  readonly keyword: string;
}

function validationResponse(error: { validation: unknown[]; validationContext?: string }): ErrorResponse {
  const where = error.validationContext ?? 'body';
  const issues = (error.validation as ValidationIssue[]).map((issue) => ({
    path: [where, ...issue.instancePath.split('/').filter((part) => part !== '')].join('.'),
    message: issue.message,
    code: issue.keyword,
  }));
  const listed = issues
    .slice(0, 5)
    .map((issue) => `${issue.path}: ${issue.message}`)
    .join('; ');
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
  return fromAppError(
    new AppError('BAD_INPUT', `Invalid request: ${listed}${more}.`, {
      hint: 'Fix the fields named in details; the API is described at /api/docs.',
      details: issues,
    }),
  );
}
