/** The one error family of Vigie: a stable code, a message for people, a hint to fix it, and a cause. */

export type AppErrorCode =
  | 'BAD_INPUT'
  | 'INVENTORY_INVALID'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'PAYLOAD_TOO_LARGE'
  | 'OUTBOUND_REFUSED'
  | 'STORE_UNAVAILABLE'
  | 'CONFIG_INVALID'
  | 'AUDIT_BROKEN'
  | 'PORT_IN_USE'
  | 'HOST_KEY_MISMATCH'
  | 'HOST_KEY_UNAPPROVED'
  | 'REMOTE_FAILED'
  | 'BACKUP_FAILED'
  | 'INTERNAL';

const httpStatusByCode: Record<AppErrorCode, number> = {
  BAD_INPUT: 400,
  INVENTORY_INVALID: 422,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  OUTBOUND_REFUSED: 403,
  STORE_UNAVAILABLE: 503,
  CONFIG_INVALID: 500,
  AUDIT_BROKEN: 500,
  PORT_IN_USE: 500,
  HOST_KEY_MISMATCH: 409,
  HOST_KEY_UNAPPROVED: 409,
  REMOTE_FAILED: 502,
  BACKUP_FAILED: 500,
  INTERNAL: 500,
};

export interface AppErrorOptions {
  /** What the user can do about it. */
  readonly hint?: string;
  /** Structured detail safe to show (field paths, locations); never secrets. */
  readonly details?: unknown;
  readonly cause?: unknown;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: AppErrorCode;
  readonly hint: string | undefined;
  readonly details: unknown;

  constructor(code: AppErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }

  get httpStatus(): number {
    return httpStatusByCode[this.code];
  }

  /** The JSON body the API returns for this error. */
  toJSON(): { error: { code: AppErrorCode; message: string; hint?: string; details?: unknown } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.hint === undefined ? {} : { hint: this.hint }),
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
