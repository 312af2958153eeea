/** Generate a password on the server (the default, shown once) or type one. */
import { useTranslation } from 'react-i18next';
import { FormField } from '../components/form-field.js';

export interface PasswordChoiceValue {
  readonly mode: 'generate' | 'type';
  readonly password: string;
}

export const GENERATE_PASSWORD: PasswordChoiceValue = { mode: 'generate', password: '' };

interface PasswordChoiceProps {
  readonly value: PasswordChoiceValue;
  readonly onChange: (value: PasswordChoiceValue) => void;
  readonly error: string | null | undefined;
}

export function PasswordChoice({ value, onChange, error }: PasswordChoiceProps) {
  const { t } = useTranslation();
  return (
    <fieldset className="choice">
      <legend>{t('users.form.password')}</legend>
      <label className="radio">
        <input
          type="radio"
          name="password-mode"
          value="generate"
          checked={value.mode === 'generate'}
          onChange={() => onChange({ mode: 'generate', password: '' })}
        />
        {t('users.form.generate')}
      </label>
      <label className="radio">
        <input
          type="radio"
          name="password-mode"
          value="type"
          checked={value.mode === 'type'}
          onChange={() => onChange({ mode: 'type', password: value.password })}
        />
        {t('users.form.type')}
      </label>
      {value.mode === 'type' ? (
        <FormField label={t('users.form.newPassword')} help={t('users.form.passwordHelp')} error={error}>
          {({ id, describedBy }) => (
            <input
              id={id}
              name="password"
              type="password"
              autoComplete="new-password"
              required
              aria-describedby={describedBy}
              value={value.password}
              onChange={(event) => onChange({ mode: 'type', password: event.target.value })}
            />
          )}
        </FormField>
      ) : (
        error !== null && error !== undefined && <span className="field-error">{error}</span>
      )}
    </fieldset>
  );
}
