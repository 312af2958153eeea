/** A check's or service's state as a coloured label. */
import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../components/badge.js';

const TONES: Record<string, BadgeTone> = {
  up: 'success',
  degraded: 'warning',
  down: 'danger',
  maintenance: 'info',
  unknown: 'neutral',
};

export function StateBadge({ state }: { readonly state: string }) {
  const { t } = useTranslation();
  return (
    <span data-state={state}>
      <Badge tone={TONES[state] ?? 'neutral'}>{t(`monitoring.state.${state}`)}</Badge>
    </span>
  );
}
