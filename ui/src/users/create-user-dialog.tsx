/** The form that adds an account; a generated password is handed to the caller to show once. */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role, UserAccount } from '../api/types.js';
import { FormField } from '../components/form-field.js';
import { ModalDialog } from '../components/modal-dialog.js';
import { type AccountField, accountErrorText } from './account-error.js';
import { DialogError } from './dialog-error.js';
import { GENERATE_PASSWORD, PasswordChoice, type PasswordChoiceValue } from './password-choice.js';
import { PersonSelect } from './person-select.js';
import { RoleSelect } from './role-select.js';
import { useCreateUser } from './user-requests.js';

interface CreateUserDialogProps {
  readonly onClose: () => void;
  /** Called with the new account and, when the server generated it, its password. */
  readonly onCreated: (user: UserAccount, password: string | undefined) => void;
}

export function CreateUserDialog({ onClose, onCreated }: CreateUserDialogProps) {
  const { t } = useTranslation();
  const create = useCreateUser();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [personKey, setPersonKey] = useState('');
  const [password, setPassword] = useState<PasswordChoiceValue>(GENERATE_PASSWORD);
  const [localError, setLocalError] = useState<{ field: AccountField; text: string } | null>(null);

  // Said of the username that was sent, not of what the field holds since.
  const serverError = create.isError
    ? accountErrorText(t, create.error, 'create', create.variables?.username ?? username.trim())
    : null;
  const errorFor = (field: AccountField) =>
    localError?.field === field ? localError.text : serverError?.field === field ? serverError.text : null;
  const needsPerson = role === 'customer_developer';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setLocalError(null);
    create.reset();
    if (needsPerson && personKey === '') {
      setLocalError({ field: 'personKey', text: t('users.errors.personRequired') });
      return;
    }
    create.mutate(
      {
        username: username.trim(),
        role,
        ...(displayName.trim() === '' ? {} : { displayName: displayName.trim() }),
        ...(email.trim() === '' ? {} : { email: email.trim() }),
        ...(personKey === '' ? {} : { personKey }),
        ...(password.mode === 'type' ? { password: password.password } : {}),
      },
      { onSuccess: (body) => onCreated(body.user, body.password) },
    );
  };

  return (
    <ModalDialog
      title={t('users.create.title')}
      onClose={onClose}
      busy={create.isPending}
      testId="create-user"
    >
      <form onSubmit={submit} className="dialog-form" noValidate>
        <FormField
          label={t('users.username')}
          help={t('users.form.usernameHelp')}
          error={errorFor('username')}
        >
          {({ id, describedBy }) => (
            <input
              id={id}
              name="username"
              required
              autoComplete="off"
              spellCheck={false}
              aria-describedby={describedBy}
              value={username}
              onChange={(event) => setUsername(event.target.value)}
            />
          )}
        </FormField>
        <FormField label={t('users.displayName')} optional error={errorFor('displayName')}>
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
        <PasswordChoice value={password} onChange={setPassword} error={errorFor('password')} />
        {create.isError && <DialogError error={create.error} explained={serverError} />}
        <div className="modal-actions">
          <button type="button" className="button" onClick={onClose} disabled={create.isPending}>
            {t('dialog.cancel')}
          </button>
          <button
            type="submit"
            className="button primary"
            disabled={create.isPending}
            data-testid="create-user-submit"
          >
            {create.isPending ? t('dialog.working') : t('users.create.submit')}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
