/** Notifier secrets (SMTP passwords, tokens, HMAC keys) in the sealed secret store, by name. */
import { AppError, isAppError } from '../errors/app-error.js';
import { openSecretValue, type SecretDeps, type SecretSummary, storeSecretValue } from '../remote/secrets.js';

export const ALERTING_SECRET_KIND = 'alerting-secret';

/** Stores (or replaces) the secret `name` for notifiers. Audited by name only. */
export function storeAlertingSecret(
  deps: SecretDeps,
  input: { readonly name: string; readonly value: string; readonly actor: string },
): Promise<SecretSummary> {
  if (input.value === '') {
    throw new AppError('BAD_INPUT', `The secret ${input.name} is empty`, {
      hint: 'Give the value on standard input, e.g. printf %s "$TOKEN" | vigie alerts set-secret NAME',
    });
  }
  return storeSecretValue(deps, { ...input, kind: ALERTING_SECRET_KIND });
}

/** A function opening notifier secrets by name, for the notifiers only. */
export function alertingSecretOpener(deps: SecretDeps): (name: string) => Promise<string> {
  return async (name) => {
    try {
      return await openSecretValue(deps, name, ALERTING_SECRET_KIND);
    } catch (error) {
      if (isAppError(error) && error.code === 'NOT_FOUND') {
        throw new AppError('NOT_FOUND', `The notifier secret ${name} is not stored`, {
          hint: `Store it with: vigie alerts set-secret ${name} (the value on standard input)`,
          details: { secret: name },
          cause: error,
        });
      }
      throw error;
    }
  };
}
