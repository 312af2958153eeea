/** Hypervisors with their VMs: what each runs, and how much CPU, memory and disk it has handed out. */
import { useTranslation } from 'react-i18next';
import { useObjects } from '../api/queries.js';
import type { InventoryObject } from '../api/types.js';
import { ObjectLink } from '../components/object-link.js';
import { PageHeader } from '../components/page-header.js';
import { QueryView } from '../components/query-view.js';
import { UsageBar } from '../components/usage-bar.js';
import { useFormat } from '../format/use-format.js';
import { deviceModelOf } from '../rack/device-model.js';
import { displayName, specNumber, specText } from '../spec/spec-access.js';
import { allocationOf, osLabelOf, sumAllocations } from './vm-resources.js';

export function HypervisorsPage() {
  const { t } = useTranslation();
  const devices = useObjects('device');
  const vms = useObjects('vm');
  return (
    <>
      <PageHeader title={t('hypervisors.title')} subtitle={t('hypervisors.subtitle')} />
      <QueryView query={devices}>
        {(deviceList) => (
          <QueryView query={vms}>
            {(vmList) => (
              <HypervisorList
                hypervisors={deviceList.filter((d) => d.spec.type === 'hypervisor')}
                vms={vmList}
              />
            )}
          </QueryView>
        )}
      </QueryView>
    </>
  );
}

function HypervisorList({
  hypervisors,
  vms,
}: {
  readonly hypervisors: readonly InventoryObject[];
  readonly vms: readonly InventoryObject[];
}) {
  const { t } = useTranslation();
  if (hypervisors.length === 0) return <p className="empty-state">{t('hypervisors.none')}</p>;
  const byHypervisor = (key: string) => vms.filter((vm) => vm.spec.hypervisor === key);
  // Bars without a declared capacity are drawn against the largest hypervisor, so they compare.
  const disks = hypervisors.map((h) => sumAllocations(byHypervisor(h.key)).disk);
  const diskScale = Math.max(0, ...disks);
  return (
    <div className="card-grid">
      {hypervisors.map((hypervisor) => (
        <HypervisorCard
          key={hypervisor.key}
          hypervisor={hypervisor}
          vms={byHypervisor(hypervisor.key)}
          diskScale={diskScale}
        />
      ))}
    </div>
  );
}

interface HypervisorCardProps {
  readonly hypervisor: InventoryObject;
  readonly vms: readonly InventoryObject[];
  readonly diskScale: number;
}

function HypervisorCard({ hypervisor, vms, diskScale }: HypervisorCardProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const total = sumAllocations(vms);
  const cores = specNumber(hypervisor.spec, 'cpu_cores');
  const memory = specNumber(hypervisor.spec, 'memory');
  const model = deviceModelOf(hypervisor.spec);
  const platform = specText(hypervisor.spec, 'platform');

  return (
    <section className="panel hypervisor-card" data-hypervisor={hypervisor.key}>
      <header className="card-header">
        <h2>
          <ObjectLink kind="device" objectKey={hypervisor.key}>
            {displayName(hypervisor)}
          </ObjectLink>
        </h2>
        <p className="muted small">
          {[model, platform].filter((part) => part !== undefined && part !== '').join(' · ')}
        </p>
      </header>
      <div className="usage-group">
        <UsageBar
          label={t('hypervisors.vcpu')}
          figure={
            cores === undefined
              ? t('hypervisors.vcpuFigure', { count: total.vcpu })
              : t('hypervisors.vcpuOfCores', { vcpu: total.vcpu, cores })
          }
          used={total.vcpu}
          capacity={cores}
          overcommitAllowed
        />
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
          label={t('hypervisors.disk')}
          figure={format.bytes(total.disk)}
          used={total.disk}
          scale={diskScale}
        />
      </div>
      {vms.length === 0 ? (
        <p className="muted">{t('hypervisors.noVms')}</p>
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th>{t('kind.vm')}</th>
              <th className="numeric">{t('field.vcpu')}</th>
              <th className="numeric">{t('field.memory')}</th>
              <th className="numeric">{t('hypervisors.disk')}</th>
              <th>{t('field.os')}</th>
            </tr>
          </thead>
          <tbody>
            {vms.map((vm) => {
              const allocation = allocationOf(vm);
              return (
                <tr key={vm.key}>
                  <td>
                    <ObjectLink kind="vm" objectKey={vm.key}>
                      {displayName(vm)}
                    </ObjectLink>
                    {specText(vm.spec, 'role') !== undefined && (
                      <div className="muted small">{specText(vm.spec, 'role')}</div>
                    )}
                  </td>
                  <td className="numeric">{format.number(allocation.vcpu)}</td>
                  <td className="numeric nowrap">{format.bytes(allocation.memory)}</td>
                  <td className="numeric nowrap">{format.bytes(allocation.disk)}</td>
                  <td>{osLabelOf(vm) ?? '—'}</td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th>{t('hypervisors.total', { count: vms.length })}</th>
              <th className="numeric">{format.number(total.vcpu)}</th>
              <th className="numeric nowrap">{format.bytes(total.memory)}</th>
              <th className="numeric nowrap">{format.bytes(total.disk)}</th>
              <th />
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}
