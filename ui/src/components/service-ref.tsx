/** A service named with its host: `PostgreSQL 16 on DB03`, both parts linked. */
import { useTranslation } from 'react-i18next';
import { useObjects } from '../api/queries.js';
import { serviceLabelOf } from '../hosts/service-label.js';
import { isScopedToOwnWork } from '../session/access.js';
import { useMe } from '../session/session-context.js';
import { specText } from '../spec/spec-access.js';
import { HostLink } from './host-link.js';
import { ObjectLink } from './object-link.js';

export function ServiceRef({ serviceKey }: { readonly serviceKey: string | undefined }) {
  const { t } = useTranslation();
  const me = useMe();
  const services = useObjects('service', !isScopedToOwnWork(me));
  if (serviceKey === undefined) return <span className="muted">—</span>;
  const service = services.data?.find((object) => object.key === serviceKey);
  if (service === undefined) return <span className="object-ref">{serviceKey}</span>;
  return (
    <span>
      <ObjectLink kind="service" objectKey={service.key}>
        {serviceLabelOf(service)}
      </ObjectLink>{' '}
      <span className="muted">{t('common.on')}</span> <HostLink hostKey={specText(service.spec, 'host')} />
    </span>
  );
}
