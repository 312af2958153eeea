/** Plan a maintenance window: one-off (start, end) or recurring (cron, duration), by host, object, tag or check. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionError } from '../components/action-error.js';
import { FormField } from '../components/form-field.js';
import { ModalDialog } from '../components/modal-dialog.js';
import { useAddMaintenance } from './monitoring-requests.js';
import type { MaintenanceInput } from './monitoring-types.js';

const SCOPES = ['host', 'object', 'tag', 'check'] as const;

/** `datetime-local` values are in the browser's zone; the API wants an ISO instant. */
function toIso(local: string): string | undefined {
  if (local === '') return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function MaintenanceDialog({ onClose }: { readonly onClose: () => void }) {
  const { t } = useTranslation();
  const add = useAddMaintenance();
  const [recurring, setRecurring] = useState(false);
  const [form, setForm] = useState({
    title: '',
    scopeKind: 'host',
    scopeValue: '',
    start: '',
    end: '',
    cron: '',
    duration: '',
  });
  const set = (name: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm((current) => ({ ...current, [name]: event.target.value }));
  const submit = () => {
    const start = toIso(form.start);
    const end = toIso(form.end);
    const input: MaintenanceInput = {
      title: form.title.trim(),
      scope: { kind: form.scopeKind, value: form.scopeValue.trim() },
      ...(start === undefined ? {} : { start }),
      ...(end === undefined ? {} : { end }),
      ...(recurring ? { cron: form.cron.trim(), duration: form.duration.trim() } : {}),
    };
    add.mutate(input, { onSuccess: onClose });
  };
  const field =
    (name: keyof typeof form, type = 'text', placeholder?: string) =>
    ({ id, describedBy }: { id: string; describedBy: string | undefined }) => (
      <input
        id={id}
        type={type}
        aria-describedby={describedBy}
        value={form[name]}
        placeholder={placeholder}
        data-testid={`maintenance-${name}`}
        onChange={set(name)}
      />
    );
  return (
    <ModalDialog
      title={t('monitoring.maintenance.add')}
      onClose={onClose}
      busy={add.isPending}
      testId="maintenance-dialog"
      actions={
        <>
          <button type="button" className="button" onClick={onClose} disabled={add.isPending}>
            {t('monitoring.cancel')}
          </button>
          <button
            type="button"
            className="button primary"
            data-testid="maintenance-submit"
            disabled={add.isPending}
            onClick={submit}
          >
            {t('monitoring.maintenance.create')}
          </button>
        </>
      }
    >
      <div className="dialog-form">
        <FormField label={t('monitoring.maintenance.titleField')}>
          {field('title', 'text', t('monitoring.maintenance.titlePlaceholder'))}
        </FormField>
        <FormField label={t('monitoring.maintenance.scope')}>
          {({ id }) => (
            <select
              id={id}
              className="select"
              value={form.scopeKind}
              data-testid="maintenance-scopeKind"
              onChange={set('scopeKind')}
            >
              {SCOPES.map((scope) => (
                <option key={scope} value={scope}>
                  {t(`monitoring.scope.${scope}`)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField
          label={t('monitoring.maintenance.scopeValue')}
          help={t('monitoring.maintenance.scopeHelp')}
        >
          {field('scopeValue')}
        </FormField>
        <fieldset className="choice">
          <label className="radio">
            <input type="radio" checked={!recurring} onChange={() => setRecurring(false)} />{' '}
            {t('monitoring.maintenance.oneOff')}
          </label>
          <label className="radio">
            <input
              type="radio"
              checked={recurring}
              data-testid="maintenance-recurring"
              onChange={() => setRecurring(true)}
            />{' '}
            {t('monitoring.maintenance.recurring')}
          </label>
        </fieldset>
        <FormField label={t('monitoring.maintenance.start')} optional>
          {field('start', 'datetime-local')}
        </FormField>
        <FormField
          label={recurring ? t('monitoring.maintenance.lastStart') : t('monitoring.maintenance.end')}
          optional={recurring}
        >
          {field('end', 'datetime-local')}
        </FormField>
        {recurring && (
          <>
            <FormField label={t('monitoring.maintenance.cron')} help={t('monitoring.maintenance.cronHelp')}>
              {field('cron', 'text', '0 2 * * 0')}
            </FormField>
            <FormField label={t('monitoring.maintenance.duration')}>
              {field('duration', 'text', '2h')}
            </FormField>
          </>
        )}
      </div>
      {add.isError && <ActionError error={add.error} />}
    </ModalDialog>
  );
}
