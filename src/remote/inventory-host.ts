/** Finds how to reach a host over SSH from its inventory object (a VM or a device). */
import { AppError } from '../errors/app-error.js';
import type { SshAccess } from '../inventory/schema/ssh.js';
import { type StoredObject, selectObject } from '../inventory/store.js';
import type { Store } from '../store/store.js';
import type { RemoteHost } from './remote-host.js';

export interface SshDefaults {
  readonly sshUser: string;
  readonly sshKey: string;
}

/** The RemoteHost for inventory id `name`, following `ssh.jump` (at most 3 hops, no loops). */
export async function remoteHostFromInventory(
  deps: { readonly store: Store; readonly config: SshDefaults },
  name: string,
  seen: readonly string[] = [],
): Promise<RemoteHost> {
  if (seen.includes(name) || seen.length >= 3) {
    throw new AppError(
      'INVENTORY_INVALID',
      `The SSH jump chain ${[...seen, name].join(' → ')} loops or is too long`,
      {
        hint: 'Fix the ssh.jump fields of these hosts in the inventory.',
        details: { chain: [...seen, name] },
      },
    );
  }
  const object =
    (await selectObject(deps.store.db, 'vm', name)) ?? (await selectObject(deps.store.db, 'device', name));
  if (object === undefined) {
    throw new AppError('NOT_FOUND', `No VM or device named ${name} in the inventory`, {
      hint: 'Use the id of a VM or device (vigie inventory list), and apply the inventory first.',
      details: { host: name },
    });
  }
  const ssh = (object.spec.ssh ?? {}) as SshAccess;
  const address = ssh.address ?? defaultAddress(object);
  if (address === undefined) {
    throw new AppError('INVENTORY_INVALID', `${name} has no address to reach it over SSH`, {
      hint: `Give ${name} an interface address, or an ssh.address, in the inventory.`,
      details: { host: name },
    });
  }
  return {
    name,
    address,
    port: ssh.port ?? 22,
    user: ssh.user ?? deps.config.sshUser,
    key: ssh.key ?? deps.config.sshKey,
    jump: ssh.jump === undefined ? undefined : await remoteHostFromInventory(deps, ssh.jump, [...seen, name]),
  };
}

function defaultAddress(object: StoredObject): string | undefined {
  const interfaces = (object.spec.interfaces ?? []) as ReadonlyArray<{ readonly address?: string }>;
  const fromInterface = interfaces.find((entry) => entry.address !== undefined)?.address?.split('/')[0];
  const management = object.spec.management_address;
  return fromInterface ?? (typeof management === 'string' ? management : undefined);
}
