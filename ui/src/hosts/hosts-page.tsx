/** Hosts (VMs and devices) with the services they run, their ports, and the websites they serve. */
import { useTranslation } from 'react-i18next';
import { useObjects } from '../api/queries.js';
import type { InventoryObject } from '../api/types.js';
import { Badge } from '../components/badge.js';
import { ObjectLink } from '../components/object-link.js';
import { PageHeader } from '../components/page-header.js';
import { QueryView } from '../components/query-view.js';
import { useFormat } from '../format/use-format.js';
import { osLabelOf } from '../hypervisors/vm-resources.js';
import { deviceTypeOf } from '../rack/device-types.js';
import { displayName, specList, specNumber, specText } from '../spec/spec-access.js';
import { portLabelsOf, serviceLabelOf } from './service-label.js';

interface Host {
  readonly kind: 'vm' | 'device';
  readonly object: InventoryObject;
}

export function HostsPage() {
  const { t } = useTranslation();
  const vms = useObjects('vm');
  const devices = useObjects('device');
  const services = useObjects('service');
  const websites = useObjects('website');
  return (
    <>
      <PageHeader title={t('hosts.title')} subtitle={t('hosts.subtitle')} />
      <QueryView query={vms}>
        {(vmList) => (
          <QueryView query={devices}>
            {(deviceList) => (
              <QueryView query={services}>
                {(serviceList) => {
                  const hosts: Host[] = [
                    ...vmList.map((object) => ({ kind: 'vm' as const, object })),
                    // Devices that run nothing (switches, PDUs) belong to the rack page, not here.
                    ...deviceList
                      .filter((device) => serviceList.some((service) => service.spec.host === device.key))
                      .map((object) => ({ kind: 'device' as const, object })),
                  ];
                  if (hosts.length === 0) return <p className="empty-state">{t('hosts.none')}</p>;
                  return (
                    <div className="card-grid">
                      {hosts.map((host) => (
                        <HostCard
                          key={`${host.kind}/${host.object.key}`}
                          host={host}
                          services={serviceList.filter((service) => service.spec.host === host.object.key)}
                          websites={(websites.data ?? []).filter(
                            (website) => website.spec.host === host.object.key,
                          )}
                        />
                      ))}
                    </div>
                  );
                }}
              </QueryView>
            )}
          </QueryView>
        )}
      </QueryView>
    </>
  );
}

interface HostCardProps {
  readonly host: Host;
  readonly services: readonly InventoryObject[];
  readonly websites: readonly InventoryObject[];
}

function HostCard({ host, services, websites }: HostCardProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const { object } = host;
  const addresses = specList(object.spec, 'interfaces').flatMap((item) => {
    const address =
      typeof item === 'object' && item !== null ? (item as Record<string, unknown>).address : undefined;
    return typeof address === 'string' ? [address] : [];
  });
  const system = host.kind === 'vm' ? osLabelOf(object) : specText(object.spec, 'platform');
  const vcpu = specNumber(object.spec, 'vcpu');
  const memory = specNumber(object.spec, 'memory');

  return (
    <section className="panel host-card" data-host={object.key}>
      <header className="card-header">
        <h2>
          <ObjectLink kind={host.kind} objectKey={object.key}>
            {displayName(object)}
          </ObjectLink>
        </h2>
        <Badge tone={host.kind === 'vm' ? 'info' : 'neutral'}>
          {host.kind === 'vm' ? t('hosts.vm') : t(`deviceType.${deviceTypeOf(object.spec.type)}`)}
        </Badge>
      </header>
      <p className="host-facts muted small">
        {[
          system,
          vcpu === undefined ? undefined : t('hosts.vcpu', { count: vcpu }),
          memory === undefined ? undefined : format.bytes(memory),
          specText(object.spec, 'role'),
        ]
          .filter((part): part is string => part !== undefined)
          .join(' · ')}
      </p>
      {addresses.length > 0 && (
        <ul className="chips">
          {addresses.map((address) => (
            <li key={address} className="mono">
              {address}
            </li>
          ))}
        </ul>
      )}
      {services.length === 0 ? (
        <p className="muted small">{t('hosts.noServices')}</p>
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th>{t('kind.service')}</th>
              <th>{t('hosts.ports')}</th>
            </tr>
          </thead>
          <tbody>
            {services.map((service) => (
              <tr key={service.key}>
                <td>
                  <ObjectLink kind="service" objectKey={service.key}>
                    {serviceLabelOf(service)}
                  </ObjectLink>
                  {specText(service.spec, 'description') !== undefined && (
                    <div className="muted small">{specText(service.spec, 'description')}</div>
                  )}
                </td>
                <td>
                  <ul className="chips">
                    {portLabelsOf(service).map((port) => (
                      <li key={port} className="mono">
                        {port}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {websites.length > 0 && (
        <p className="small hosted-sites">
          <span className="muted">{t('hosts.websites', { count: websites.length })} </span>
          {websites.map((website, index) => (
            <span key={website.key}>
              {index > 0 && ', '}
              <ObjectLink kind="website" objectKey={website.key}>
                {displayName(website)}
              </ObjectLink>
            </span>
          ))}
        </p>
      )}
    </section>
  );
}
