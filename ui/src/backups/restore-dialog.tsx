/**
 * Restoring one run for real, in two steps: choose the target (where it came from, or elsewhere), see
 * the dry run's plan, then start it. A destructive restore (it replaces what is there) is only started
 * once the user has typed the text the plan asks for, as the host key dialog asks for a fingerprint.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionError } from '../components/action-error.js';
import { Badge } from '../components/badge.js';
import { ModalDialog } from '../components/modal-dialog.js';
import { useFormat } from '../format/use-format.js';
import { useRestoreDryRun, useStartRestore } from './backup-requests.js';
import type { BackupRun, RestorePlan, RestoreTarget } from './backup-types.js';

interface RestoreDialogProps {
  readonly run: BackupRun;
  readonly onClose: () => void;
}

type Where = 'origin' | 'elsewhere';

export function RestoreDialog({ run, onClose }: RestoreDialogProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const dryRun = useRestoreDryRun();
  const restore = useStartRestore();
  const [where, setWhere] = useState<Where>('origin');
  const [target, setTarget] = useState<RestoreTarget>({});
  const [allowUnverified, setAllowUnverified] = useState(false);
  const [typed, setTyped] = useState('');
  const confirmId = useId();
  const files = run.sourceKind === 'files';
  const plan = dryRun.data?.plan;
  const chosenTarget = where === 'origin' ? undefined : withoutBlanks(target);
  const request = {
    runId: run.id,
    ...(chosenTarget === undefined ? {} : { target: chosenTarget }),
    ...(allowUnverified ? { allowUnverified } : {}),
  };
  const busy = dryRun.isPending || restore.isPending;
  const confirmed = plan !== undefined && (!plan.destructive || typed === (plan.confirmWith ?? ''));
  const needsUnverified = plan !== undefined && !plan.verified && !allowUnverified;
  // Changing the target makes the plan shown stale: it must be prepared again.
  const change = (next: () => void) => {
    next();
    dryRun.reset();
    setTyped('');
  };

  return (
    <ModalDialog
      title={t('backups.restore.title', { source: run.source })}
      onClose={onClose}
      busy={busy}
      testId="restore-dialog"
      wide
      actions={
        <>
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            {t('dialog.cancel')}
          </button>
          {plan === undefined ? (
            <button
              type="button"
              className="button primary"
              disabled={busy}
              onClick={() => dryRun.mutate(request)}
              data-testid="restore-dry-run"
            >
              {dryRun.isPending ? t('dialog.working') : t('backups.restore.dryRun')}
            </button>
          ) : (
            <button
              type="button"
              className={plan.destructive ? 'button danger' : 'button primary'}
              disabled={busy || !confirmed || needsUnverified}
              onClick={() =>
                restore.mutate(
                  { ...request, ...(plan.confirmWith === null ? {} : { confirm: typed }) },
                  { onSuccess: onClose },
                )
              }
              data-testid="confirm"
            >
              {restore.isPending ? t('dialog.working') : t('backups.restore.start')}
            </button>
          )}
        </>
      }
    >
      <p>
        {t('backups.restore.intro', {
          taken: run.takenAt === null ? '—' : format.dateTime(run.takenAt),
          size: run.sizeBytes === null ? '—' : format.bytes(run.sizeBytes),
        })}
      </p>
      <fieldset className="choice restore-where" disabled={busy}>
        <legend>{t('backups.restore.where')}</legend>
        {(['origin', 'elsewhere'] as const).map((value) => (
          <label key={value} className="radio">
            <input
              type="radio"
              name="restore-where"
              value={value}
              checked={where === value}
              onChange={() => change(() => setWhere(value))}
              data-testid={`restore-${value}`}
            />
            <span>
              <strong>{t(`backups.restore.${value}`)}</strong>
              <span className="block small muted">{t(`backups.restore.${value}Help`)}</span>
            </span>
          </label>
        ))}
        {where === 'elsewhere' && (
          <div className="restore-target-fields">
            {(files ? (['host', 'path'] as const) : (['database', 'server'] as const)).map((field) => (
              <label key={field} className="field">
                <span>{t(`backups.restore.target.${field}`)}</span>
                <input
                  name={`restore-${field}`}
                  className="mono"
                  value={target[field] ?? ''}
                  onChange={(event) => change(() => setTarget({ ...target, [field]: event.target.value }))}
                  autoComplete="off"
                  spellCheck={false}
                />
                <span className="field-help">{t(`backups.restore.target.${field}Help`)}</span>
              </label>
            ))}
          </div>
        )}
      </fieldset>
      {plan !== undefined && <PlanView plan={plan} />}
      {plan !== undefined && !plan.verified && (
        <label className="radio" data-testid="allow-unverified">
          <input
            type="checkbox"
            checked={allowUnverified}
            onChange={(event) => setAllowUnverified(event.target.checked)}
          />
          <span>{t('backups.restore.allowUnverified')}</span>
        </label>
      )}
      {plan?.destructive === true && plan.confirmWith !== null && (
        <div className={typed !== '' && !confirmed ? 'field has-error' : 'field'}>
          <label htmlFor={confirmId}>
            {t('backups.restore.typeToConfirm')} <code className="mono">{plan.confirmWith}</code>
          </label>
          <input
            id={confirmId}
            className="mono"
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            autoComplete="off"
            spellCheck={false}
            data-testid="restore-confirm-input"
          />
        </div>
      )}
      {dryRun.isError && <ActionError error={dryRun.error} />}
      {restore.isError && <ActionError error={restore.error} />}
    </ModalDialog>
  );
}

function PlanView({ plan }: { readonly plan: RestorePlan }) {
  const { t } = useTranslation();
  return (
    <section className="restore-plan" data-testid="restore-plan">
      <h3>
        {t('backups.restore.planTitle')}{' '}
        {plan.destructive ? (
          <Badge tone="danger">{t('backups.restore.destructive')}</Badge>
        ) : (
          <Badge tone="success">{t('backups.restore.notDestructive')}</Badge>
        )}{' '}
        {!plan.verified && <Badge tone="warning">{t('backups.restore.unverified')}</Badge>}
      </h3>
      <p>
        {t('backups.restore.planTarget')} <strong>{plan.target.description}</strong>
      </p>
      {plan.destructive && (
        <div className="notice notice-danger">{t('backups.restore.destructiveExplain')}</div>
      )}
      <ol className="restore-steps">
        {plan.steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
    </section>
  );
}

/** Empty fields mean "as at the origin": they are not sent. */
function withoutBlanks(target: RestoreTarget): RestoreTarget {
  return Object.fromEntries(
    Object.entries(target).filter(([, value]) => typeof value === 'string' && value.trim() !== ''),
  ) as RestoreTarget;
}
