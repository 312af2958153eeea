/** Disables an account (its sessions and API tokens stop working at once) or enables it again, after confirmation. */
import { useTranslation } from 'react-i18next';
import type { UserAccount } from '../api/types.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { accountErrorText } from './account-error.js';
import { useUpdateUser } from './user-requests.js';

interface DisableUserDialogProps {
  readonly user: UserAccount;
  readonly onClose: () => void;
  readonly onDone: (user: UserAccount) => void;
}

export function DisableUserDialog({ user, onClose, onDone }: DisableUserDialogProps) {
  const { t } = useTranslation();
  const update = useUpdateUser();
  const disabling = !user.disabled;
  const explained = update.isError ? accountErrorText(t, update.error, 'update', user.username) : null;
  return (
    <ConfirmDialog
      title={t(disabling ? 'users.disable.title' : 'users.enable.title', { username: user.username })}
      confirmLabel={t(disabling ? 'users.disable.submit' : 'users.enable.submit')}
      tone={disabling ? 'danger' : 'primary'}
      pending={update.isPending}
      error={update.error}
      errorText={explained?.text}
      onConfirm={() =>
        update.mutate(
          { id: user.id, changes: { disabled: disabling } },
          { onSuccess: (body) => onDone(body.user) },
        )
      }
      onClose={onClose}
      testId={disabling ? 'disable-user' : 'enable-user'}
    >
      <p>{t(disabling ? 'users.disable.body' : 'users.enable.body', { name: user.displayName })}</p>
    </ConfirmDialog>
  );
}
