/** The alerting configuration in force: the applied inventory's `alerting:` section. */
import { getInventoryObject } from '../inventory/service.js';
import type { CoreDeps } from '../runtime/deps.js';
import { type AlertingConfig, loadAlertingConfig } from './schema.js';

/** The applied `alerting:` section, validated; no channels and no routes when the inventory has none. */
export async function storedAlertingConfig(deps: Pick<CoreDeps, 'store'>): Promise<AlertingConfig> {
  const stored = await getInventoryObject(deps, 'alerting', 'alerting');
  return loadAlertingConfig(stored?.spec ?? {}, 'alerting');
}
