/** The coloured states of the backup pages: RPO against its target, a run's and a drill's status. */
import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../components/badge.js';
import type { DrillStatus, RpoState, RunStatus } from './backup-types.js';

const RPO_TONES: Record<RpoState, BadgeTone> = { ok: 'success', late: 'danger', none: 'neutral' };
const RUN_TONES: Record<RunStatus, BadgeTone> = {
  running: 'info',
  written: 'warning',
  verified: 'success',
  failed: 'danger',
  pruned: 'neutral',
};
const DRILL_TONES: Record<DrillStatus, BadgeTone> = { running: 'info', passed: 'success', failed: 'danger' };

export function RpoBadge({ state }: { readonly state: RpoState }) {
  const { t } = useTranslation();
  return (
    <span data-rpo-state={state}>
      <Badge tone={RPO_TONES[state]}>{t(`backups.rpoState.${state}`)}</Badge>
    </span>
  );
}

export function RunStatusBadge({ status }: { readonly status: RunStatus }) {
  const { t } = useTranslation();
  return (
    <span data-run-status={status}>
      <Badge tone={RUN_TONES[status]}>{t(`backups.runStatus.${status}`)}</Badge>
    </span>
  );
}

export function DrillStatusBadge({ status }: { readonly status: DrillStatus }) {
  const { t } = useTranslation();
  return (
    <span data-drill-status={status}>
      <Badge tone={DRILL_TONES[status]}>{t(`backups.drillStatus.${status}`)}</Badge>
    </span>
  );
}
