/** Creates an API token: a name saying what uses it, an optional expiry date; the token is then shown once. */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionError } from '../components/action-error.js';
import { SecretDialog } from '../components/secret-dialog.js';
import { endOfDay, tomorrow } from './end-of-day.js';
import { useCreateToken } from './token-requests.js';

export function TokenForm() {
  const { t } = useTranslation();
  const create = useCreateToken();
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState('');
  const [shown, setShown] = useState<{ name: string; secret: string } | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed === '') return;
    create.mutate(
      { name: trimmed, expiresAt: expiry === '' ? null : endOfDay(expiry) },
      {
        onSuccess: (created) => {
          setShown({ name: created.token.name, secret: created.secret });
          setName('');
          setExpiry('');
        },
      },
    );
  };

  return (
    <form className="inline-form" onSubmit={submit} data-testid="token-form">
      <label className="field">
        {t('tokens.name')}
        <input
          name="token-name"
          value={name}
          maxLength={100}
          required
          placeholder={t('tokens.namePlaceholder')}
          onChange={(event) => setName(event.target.value)}
        />
      </label>
      <label className="field">
        <span>
          {t('tokens.expiry')} <span className="muted">{t('form.optional')}</span>
        </span>
        <input
          name="token-expiry"
          type="date"
          value={expiry}
          min={tomorrow()}
          onChange={(event) => setExpiry(event.target.value)}
        />
      </label>
      <button type="submit" className="button primary" disabled={create.isPending || name.trim() === ''}>
        {create.isPending ? t('dialog.working') : t('tokens.create')}
      </button>
      {create.isError && <ActionError error={create.error} />}
      {shown !== null && (
        <SecretDialog
          title={t('tokens.createdTitle', { name: shown.name })}
          intro={t('tokens.createdIntro')}
          secret={shown.secret}
          onClose={() => setShown(null)}
          testId="token-secret"
        />
      )}
    </form>
  );
}
