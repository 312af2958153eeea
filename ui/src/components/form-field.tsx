/** A labelled form field with its help line and, when the server refused the value, why. */
import { type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';

interface FormFieldProps {
  readonly label: ReactNode;
  /** Renders the control with the ids that tie it to its label, help and error. */
  readonly children: (ids: { id: string; describedBy: string | undefined }) => ReactNode;
  readonly help?: ReactNode;
  readonly error?: string | null | undefined;
  readonly optional?: boolean;
}

export function FormField({ label, children, help, error, optional = false }: FormFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const hasError = error !== null && error !== undefined;
  const describedBy = [help === undefined ? null : helpId, hasError ? errorId : null]
    .filter((part) => part !== null)
    .join(' ');
  return (
    <div className={hasError ? 'field has-error' : 'field'}>
      <label htmlFor={id}>
        {label}
        {optional && <span className="muted field-optional"> {t('form.optional')}</span>}
      </label>
      {children({ id, describedBy: describedBy === '' ? undefined : describedBy })}
      {help !== undefined && (
        <span id={helpId} className="field-help">
          {help}
        </span>
      )}
      {hasError && (
        <span id={errorId} className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
