/** Exit codes of `vigie`, one place for all commands. */
import type { AppErrorCode } from '../errors/app-error.js';

export const EXIT_OK = 0;
/** Something the user gave was wrong (files, arguments, a refused confirmation). */
export const EXIT_INVALID = 1;
/** The command line itself was wrong (unknown option, missing argument). */
export const EXIT_USAGE = 2;
/** A dependency is unavailable (store, port in use). */
export const EXIT_UNAVAILABLE = 3;
/** An integrity check failed (audit chain broken). */
export const EXIT_INTEGRITY = 4;
export const EXIT_INTERNAL = 70;

export function exitCodeFor(code: AppErrorCode): number {
  switch (code) {
    case 'STORE_UNAVAILABLE':
    case 'PORT_IN_USE':
      return EXIT_UNAVAILABLE;
    case 'AUDIT_BROKEN':
      return EXIT_INTEGRITY;
    case 'INTERNAL':
      return EXIT_INTERNAL;
    default:
      return EXIT_INVALID;
  }
}
