/** A failure not tied to one field of an account dialog: translated when known, the server's words otherwise. */
import { ActionError } from '../components/action-error.js';
import type { AccountErrorText } from './account-error.js';

export function DialogError({
  error,
  explained,
}: {
  readonly error: unknown;
  readonly explained: AccountErrorText | null;
}) {
  // A field's error is shown next to the field.
  if (explained !== null && explained.field !== null) return null;
  return <ActionError error={error} text={explained?.text} />;
}
