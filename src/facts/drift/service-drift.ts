/** Service drift: declared services whose daemon the host does not show running. */
import type { ServiceSpec } from '../../inventory/schema/service.js';
import type { DriftFinding, HostFacts } from '../model.js';
import { type DeclaredHost, hostName, type InventoryEntry, sourceLine } from './drift-inventory.js';
import type { DriftSkip } from './drift-skip.js';
import { evidenceOf, runningNames, SERVICE_EVIDENCE } from './service-processes.js';

type Service = InventoryEntry<ServiceSpec>;

/** Findings for declared services not running, and the services that cannot be checked this way. */
export function servicesNotRunning(
  host: DeclaredHost,
  services: readonly Service[],
  facts: HostFacts,
): { findings: DriftFinding[]; skipped: DriftSkip[] } {
  const running = runningNames(facts);
  const findings: DriftFinding[] = [];
  const skipped: DriftSkip[] = [];
  for (const service of services) {
    const evidence = SERVICE_EVIDENCE[service.spec.kind];
    if (!evidence.check) {
      skipped.push({
        check: 'services',
        partial: false,
        object: { kind: 'service', key: service.key },
        reason: `${service.key}: ${evidence.reason}.`,
      });
      continue;
    }
    if (evidenceOf(service.spec.kind, running).length > 0) continue;
    const ports = (service.spec.ports ?? []).map((p) => `${p.port}/${p.protocol}`);
    const portsText = ports.length === 0 ? '' : ` (its ports ${ports.join(', ')} are not reported again)`;
    findings.push({
      host: host.key,
      kind: 'service_not_running',
      severity: 'critical',
      object: { kind: 'service', key: service.key },
      message:
        `${service.key} (${service.spec.kind}) is declared on ${hostName(host)} but not running: ` +
        `none of ${evidence.names.join(', ')} is among its running services and processes${portsText}.`,
      action:
        `Start ${service.spec.kind} on ${host.key} (unit or process ${evidence.names.join(' / ')}), ` +
        `or remove ${service.key} from ${sourceLine(service.source)} if it was retired.`,
      details: {
        service: service.key,
        serviceKind: service.spec.kind,
        lookedFor: evidence.names,
        ports,
        source: service.source,
      },
    });
  }
  return { findings, skipped };
}
