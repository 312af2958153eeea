/** The small signs of the updates pages: urgency, CVE links to the tracker, reboot. */
import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../components/badge.js';
import { trackerUrl, type Urgency } from './updates-requests.js';

const URGENCY_TONE: Record<Urgency, BadgeTone> = {
  critical: 'danger',
  high: 'danger',
  medium: 'warning',
  low: 'info',
  unimportant: 'neutral',
  unknown: 'neutral',
};

export function UrgencyBadge({ urgency }: { readonly urgency: Urgency }) {
  const { t } = useTranslation();
  if (urgency === 'unknown') return <span className="muted">—</span>;
  return <Badge tone={URGENCY_TONE[urgency]}>{t(`updates.urgency.${urgency}`)}</Badge>;
}

/** CVE ids, each linking to its Debian tracker page (the address shown on hover). */
export function CveLinks({ cves }: { readonly cves: readonly { readonly id: string }[] }) {
  if (cves.length === 0) return <span className="muted">—</span>;
  return (
    <span className="cve-list">
      {cves.map((cve, index) => (
        <span key={cve.id}>
          {index > 0 && ', '}
          <a
            href={trackerUrl(cve.id)}
            title={trackerUrl(cve.id)}
            target="_blank"
            rel="noreferrer"
            className="mono"
          >
            {cve.id}
          </a>
        </span>
      ))}
    </span>
  );
}
