/** What is past its thresholds on a host, worst first, or a line saying all is within them. */
import { useTranslation } from 'react-i18next';
import { Badge } from '../components/badge.js';
import { useFormat } from '../format/use-format.js';
import type { Breach } from './metrics-types.js';

export function BreachList({ breaches }: { readonly breaches: readonly Breach[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (breaches.length === 0) return null;
  const sorted = [...breaches].sort((a, b) => (a.level === b.level ? 0 : a.level === 'critical' ? -1 : 1));
  const value = (breach: Breach) =>
    breach.metric === 'fill_days'
      ? t('metrics.breach.days', { days: format.number(breach.value, 1), threshold: breach.threshold })
      : breach.metric === 'load_per_core'
        ? t('metrics.breach.load', {
            value: format.number(breach.value, 2),
            threshold: format.number(breach.threshold, 2),
          })
        : t('metrics.breach.percent', {
            value: format.percent(breach.value / 100),
            threshold: format.percent(breach.threshold / 100),
          });
  return (
    <ul className="plain-list" data-testid="metrics-breaches" style={{ marginBottom: 14 }}>
      {sorted.map((breach) => (
        <li
          key={`${breach.metric}:${breach.mountpoint ?? ''}`}
          data-level={breach.level}
          style={{ marginBottom: 4 }}
        >
          <Badge tone={breach.level === 'critical' ? 'danger' : 'warning'}>
            {t(`metrics.level.${breach.level}`)}
          </Badge>{' '}
          <strong>{t(`metrics.metric.${breach.metric}`)}</strong>
          {breach.mountpoint !== undefined && <span className="mono"> {breach.mountpoint}</span>}{' '}
          {value(breach)}
        </li>
      ))}
    </ul>
  );
}
