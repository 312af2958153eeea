/** On the overview: each hypervisor's VMs and allocated memory and vCPU, one line each. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useObjects } from '../api/queries.js';
import { ObjectLink } from '../components/object-link.js';
import { UsageBar } from '../components/usage-bar.js';
import { useFormat } from '../format/use-format.js';
import { sumAllocations } from '../hypervisors/vm-resources.js';
import { displayName, specNumber } from '../spec/spec-access.js';

export function HypervisorsPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const devices = useObjects('device');
  const vms = useObjects('vm');
  const hypervisors = (devices.data ?? []).filter((device) => device.spec.type === 'hypervisor');
  if (devices.isPending || vms.isPending || hypervisors.length === 0) return null;
  return (
    <section className="panel overview-hypervisors">
      <h2>{t('nav.hypervisors')}</h2>
      <ul className="hypervisor-lines">
        {hypervisors.map((hypervisor) => {
          const guests = (vms.data ?? []).filter((vm) => vm.spec.hypervisor === hypervisor.key);
          const total = sumAllocations(guests);
          const memory = specNumber(hypervisor.spec, 'memory');
          const cores = specNumber(hypervisor.spec, 'cpu_cores');
          return (
            <li key={hypervisor.key}>
              <div className="hypervisor-line-head">
                <ObjectLink kind="device" objectKey={hypervisor.key}>
                  <strong>{displayName(hypervisor)}</strong>
                </ObjectLink>
                <span className="muted small">
                  {guests.map((vm) => displayName(vm)).join(', ') || t('hypervisors.noVms')}
                </span>
              </div>
              <div className="hypervisor-line-bars">
                <UsageBar
                  label={t('hypervisors.memory')}
                  figure={
                    memory === undefined
                      ? format.bytes(total.memory)
                      : t('hypervisors.ofCapacity', {
                          used: format.bytes(total.memory),
                          capacity: format.bytes(memory),
                        })
                  }
                  used={total.memory}
                  capacity={memory}
                />
                <UsageBar
                  label={t('hypervisors.vcpu')}
                  figure={
                    cores === undefined
                      ? t('hypervisors.vcpuFigure', { count: total.vcpu })
                      : `${total.vcpu} / ${cores}`
                  }
                  used={total.vcpu}
                  capacity={cores}
                  overcommitAllowed
                />
              </div>
            </li>
          );
        })}
      </ul>
      <Link to="/hypervisors" className="panel-link">
        {t('overview.openHypervisors')} →
      </Link>
    </section>
  );
}
