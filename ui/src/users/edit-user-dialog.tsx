/** Changes an account's name, e-mail, role and inventory person; only what changed is sent. */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role, UserAccount } from '../api/types.js';
import { FormField } from '../components/form-field.js';
import { ModalDialog } from '../components/modal-dialog.js';
import { type AccountField, accountErrorText } from './account-error.js';
import { DialogError } from './dialog-error.js';
import { PersonSelect } from './person-select.js';
import { RoleSelect } from './role-select.js';
import { type AccountChanges, useUpdateUser } from './user-requests.js';

interface EditUserDialogProps {
  readonly user: UserAccount;
  readonly onClose: () => void;
  readonly onSaved: (user: UserAccount) => void;
}

export function EditUserDialog({ user, onClose, onSaved }: EditUserDialogProps) {
  const { t } = useTranslation();
  const update = useUpdateUser();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [email, setEmail] = useState(user.email ?? '');
  const [role, setRole] = useState<Role>(user.role);
  const [personKey, setPersonKey] = useState(user.personKey ?? '');
  const [localError, setLocalError] = useState<{ field: AccountField; text: string } | null>(null);

  const serverError = update.isError ? accountErrorText(t, update.error, 'update', user.username) : null;
  const errorFor = (field: AccountField) =>
    localError?.field === field ? localError.text : serverError?.field === field ? serverError.text : null;
  const needsPerson = role === 'customer_developer';

  const changes = (): AccountChanges => ({
    ...(displayName.trim() !== user.displayName && displayName.trim() !== ''
      ? { displayName: displayName.trim() }
      : {}),
    ...(email.trim() !== (user.email ?? '') ? { email: email.trim() === '' ? null : email.trim() } : {}),
    ...(role !== user.role ? { role } : {}),
    ...(personKey !== (user.personKey ?? '') ? { personKey: personKey === '' ? null : personKey } : {}),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setLocalError(null);
    update.reset();
    if (needsPerson && personKey === '') {
      setLocalError({ field: 'personKey', text: t('users.errors.personRequired') });
      return;
    }
    const changed = changes();
    if (Object.keys(changed).length === 0) {
      onClose();
      return;
    }
    update.mutate({ id: user.id, changes: changed }, { onSuccess: (body) => onSaved(body.user) });
  };

  return (
    <ModalDialog
      title={t('users.edit.title', { username: user.username })}
      onClose={onClose}
      busy={update.isPending}
      testId="edit-user"
    >
      <form onSubmit={submit} className="dialog-form" noValidate>
        <FormField label={t('users.displayName')} error={errorFor('displayName')}>
          {({ id, describedBy }) => (
            <input
              id={id}
              name="displayName"
              aria-describedby={describedBy}
              value={displayName}
              onChange={(event) => setDisplayName(event.target.value)}
            />
          )}
        </FormField>
        <FormField label={t('users.email')} optional error={errorFor('email')}>
          {({ id, describedBy }) => (
            <input
              id={id}
              name="email"
              type="email"
              aria-describedby={describedBy}
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          )}
        </FormField>
        <FormField label={t('users.role')} help={t(`roleHelp.${role}`)} error={errorFor('role')}>
          {({ id, describedBy }) => (
            <RoleSelect id={id} describedBy={describedBy} value={role} onChange={setRole} />
          )}
        </FormField>
        <FormField
          label={t('kind.person')}
          optional={!needsPerson}
          help={needsPerson ? t('users.form.personHelpDeveloper') : t('users.form.personHelp')}
          error={errorFor('personKey')}
        >
          {({ id, describedBy }) => (
            <PersonSelect
              id={id}
              describedBy={describedBy}
              value={personKey}
              onChange={setPersonKey}
              required={needsPerson}
            />
          )}
        </FormField>
        {update.isError && <DialogError error={update.error} explained={serverError} />}
        <div className="modal-actions">
          <button type="button" className="button" onClick={onClose} disabled={update.isPending}>
            {t('dialog.cancel')}
          </button>
          <button
            type="submit"
            className="button primary"
            disabled={update.isPending}
            data-testid="edit-user-submit"
          >
            {update.isPending ? t('dialog.working') : t('users.edit.submit')}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
