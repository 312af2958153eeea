/** Websites as a table: domains, host, TLS. */
import { useTranslation } from 'react-i18next';
import type { InventoryObject } from '../api/types.js';
import { Badge } from '../components/badge.js';
import { HostLink } from '../components/host-link.js';
import { ObjectLink } from '../components/object-link.js';
import { useFormat } from '../format/use-format.js';
import { displayName, specText, specTexts } from '../spec/spec-access.js';
import { certificateState, tlsOf } from './tls.js';

export function WebsitesTable({ websites }: { readonly websites: readonly InventoryObject[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (websites.length === 0) return <p className="empty-state">{t('websites.none')}</p>;
  return (
    <table className="table" data-testid="websites-table">
      <thead>
        <tr>
          <th>{t('field.name')}</th>
          <th>{t('websites.domains')}</th>
          <th>{t('field.host')}</th>
          <th>{t('websites.tls')}</th>
        </tr>
      </thead>
      <tbody>
        {websites.map((website) => {
          const domains = specTexts(website.spec, 'domains');
          const tls = tlsOf(website.spec);
          const certificate = tls.expires === undefined ? 'valid' : certificateState(tls.expires, new Date());
          return (
            <tr key={website.key}>
              <td>
                <ObjectLink kind="website" objectKey={website.key}>
                  {displayName(website)}
                </ObjectLink>
                {specText(website.spec, 'application') !== undefined && (
                  <div className="muted small">{specText(website.spec, 'application')}</div>
                )}
              </td>
              <td>
                <ul className="plain-list">
                  {domains.map((domain) => (
                    <li key={domain} className="mono">
                      {domain}
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                <HostLink hostKey={specText(website.spec, 'host')} />
              </td>
              <td>
                {tls.enabled && certificate === 'expired' ? (
                  <Badge tone="danger">{t('websites.certificateExpired')}</Badge>
                ) : tls.enabled && certificate === 'expiring' ? (
                  <Badge tone="warning">{t('websites.certificateExpiring')}</Badge>
                ) : tls.enabled ? (
                  <Badge tone="success">{t('websites.https')}</Badge>
                ) : (
                  <Badge tone="warning">{t('websites.httpOnly')}</Badge>
                )}
                {tls.mode !== undefined && tls.mode !== 'none' && (
                  <div className="muted small">{t(`websites.tlsMode.${tls.mode}`)}</div>
                )}
                {tls.issuer !== undefined && <div className="muted small">{tls.issuer}</div>}
                {tls.expires !== undefined && (
                  <div className={certificate === 'valid' ? 'muted small' : 'small text-danger'}>
                    {t(certificate === 'expired' ? 'websites.expired' : 'websites.expires', {
                      date: format.date(`${tls.expires}T12:00:00Z`),
                    })}
                  </div>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
