/**
 * Drift detection: what a host shows (its latest facts) against what the inventory declares about it.
 * A pure function of both, computed on every read, so findings are never older than the facts.
 */
import type { DriftFinding, HostFacts } from '../model.js';
import { addressFindings } from './address-drift.js';
import { type DriftInventory, declaredHost, servicesOn } from './drift-inventory.js';
import type { DriftCheck, DriftSkip } from './drift-skip.js';
import { cpuMismatch, memoryMismatch, osMismatch } from './machine-drift.js';
import { closedPorts, undeclaredPorts } from './port-drift.js';
import { servicesNotRunning } from './service-drift.js';

export interface HostDriftCheck {
  readonly findings: DriftFinding[];
  /** Checks that could not be made, each with why (a facts section unreadable, a service kind with no daemon). */
  readonly skipped: DriftSkip[];
}

/** The facts sections each check reads: when one could not be gathered, the check is skipped, not guessed. */
const SECTIONS: Readonly<Record<DriftCheck, readonly string[]>> = {
  ports: ['listening'],
  services: ['services'],
  memory: ['memory'],
  cpu: ['cpu'],
  os: ['os'],
  addresses: ['addresses'],
};

const SEVERITY_ORDER: Readonly<Record<DriftFinding['severity'], number>> = {
  critical: 0,
  warning: 1,
  info: 2,
};

/** The findings of one host's facts against the inventory (none when the host is not in it). */
export function computeDrift(inventory: DriftInventory, facts: HostFacts): DriftFinding[] {
  return checkHostDrift(inventory, facts).findings;
}

/** Findings and skipped checks of one host's facts, findings ordered by severity, kind, then message. */
export function checkHostDrift(inventory: DriftInventory, facts: HostFacts): HostDriftCheck {
  const host = declaredHost(inventory, facts.host);
  if (host === undefined) return { findings: [], skipped: [] };
  const services = servicesOn(inventory, host.key);
  const skipped: DriftSkip[] = [];
  // A section that could not be read at all skips its check; one read in part is checked with what came.
  const runnable = (check: DriftCheck, hasData: boolean): boolean => {
    const problem = facts.problems.find((p) => SECTIONS[check].includes(p.section));
    if (problem === undefined) return true;
    skipped.push({
      check,
      partial: hasData,
      reason: `${hasData ? 'checked with what could be read' : 'not checked'}: ${problem.section} on ${host.key}: ${problem.message}`,
    });
    return hasData;
  };
  const findings: DriftFinding[] = [];
  const notRunning = new Set<string>();
  if (runnable('services', facts.services.length > 0)) {
    const result = servicesNotRunning(host, services, facts);
    findings.push(...result.findings);
    skipped.push(...result.skipped);
    for (const finding of result.findings) if (finding.object) notRunning.add(finding.object.key);
  }
  if (runnable('ports', facts.listening.length > 0)) {
    findings.push(
      ...undeclaredPorts(host, services, facts),
      ...closedPorts(host, services, facts, notRunning),
    );
  }
  if (runnable('memory', facts.memory.totalBytes > 0)) findings.push(...memoryMismatch(host, facts));
  if (runnable('cpu', facts.cpu.cores > 0)) findings.push(...cpuMismatch(host, facts));
  if (runnable('os', facts.os.id !== '' && facts.os.id !== 'unknown'))
    findings.push(...osMismatch(host, facts));
  if (runnable('addresses', facts.addresses.length > 0)) findings.push(...addressFindings(host, facts));
  findings.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.kind.localeCompare(b.kind) ||
      a.message.localeCompare(b.message),
  );
  return { findings, skipped };
}
