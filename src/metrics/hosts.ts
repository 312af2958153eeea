/** Which hosts Vigie reads metrics from, and each one's thresholds, from the inventory. */
import { AppError } from '../errors/app-error.js';
import { metricsSettingsOf } from '../inventory/schema/metrics.js';
import { getInventoryObject, getInventoryObjects, nameOf } from '../inventory/service.js';
import type { CoreDeps } from '../runtime/deps.js';
import { type HostThresholds, thresholdsFor } from './thresholds.js';

/** Device types that run an operating system Vigie can log in to (the same choice as `vigie facts`). */
export const METRIC_DEVICE_TYPES: readonly string[] = ['firewall', 'hypervisor', 'server'];

/** Every VM, then every firewall, hypervisor and server, by id. */
export async function metricHosts(deps: Pick<CoreDeps, 'store'>): Promise<string[]> {
  const vms = await getInventoryObjects(deps, 'vm');
  const devices = await getInventoryObjects<{ readonly type?: string }>(deps, 'device');
  return [
    ...vms.map((vm) => vm.key),
    ...devices.filter((device) => METRIC_DEVICE_TYPES.includes(device.spec.type ?? '')).map((d) => d.key),
  ];
}

/** The VM's or device's stored spec; a located error when `host` is neither. */
async function hostSpec(
  deps: Pick<CoreDeps, 'store'>,
  host: string,
): Promise<Readonly<Record<string, unknown>>> {
  const object =
    (await getInventoryObject(deps, 'vm', host)) ?? (await getInventoryObject(deps, 'device', host));
  if (object === undefined) {
    throw new AppError('NOT_FOUND', `No VM or device named ${host} in the inventory`, {
      hint: 'Use the id of a VM or device (vigie inventory list); metrics are read from the hosts the inventory declares.',
      details: { host },
    });
  }
  return object.spec;
}

/** Checks that `host` is a VM or device of the inventory. */
export async function requireMetricHost(deps: Pick<CoreDeps, 'store'>, host: string): Promise<void> {
  await hostSpec(deps, host);
}

/** The host's thresholds: Vigie's defaults under its `metrics.thresholds`. */
export async function hostThresholds(deps: Pick<CoreDeps, 'store'>, host: string): Promise<HostThresholds> {
  return thresholdsFor(metricsSettingsOf(await hostSpec(deps, host)));
}

/** Name and thresholds of every VM and device, by id (hosts without a `metrics` block get the defaults). */
export async function allHostSettings(
  deps: Pick<CoreDeps, 'store'>,
): Promise<Map<string, { readonly name: string; readonly thresholds: HostThresholds }>> {
  const objects = [
    ...(await getInventoryObjects(deps, 'vm')),
    ...(await getInventoryObjects(deps, 'device')),
  ];
  return new Map(
    objects.map((object) => [
      object.key,
      { name: nameOf(object), thresholds: thresholdsFor(metricsSettingsOf(object.spec)) },
    ]),
  );
}
