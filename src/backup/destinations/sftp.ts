/**
 * A destination on an inventory host, reached by restic's sftp backend through OpenSSH's `ssh`, as
 * strictly as Vigie's own SSH layer: the host's address, port, user and key from the inventory (and
 * its jump hosts), the addresses checked against the outbound allowlist, and only the host keys
 * pinned in the store accepted (a host whose key is not approved yet is refused before connecting).
 */
import { AppError } from '../../errors/app-error.js';
import { createOutboundPolicy } from '../../net/outbound-policy.js';
import { pinnedHostKeyOf } from '../../remote/host-keys.js';
import { remoteHostFromInventory } from '../../remote/inventory-host.js';
import type { RemoteHost } from '../../remote/remote-host.js';
import { loadSecretBox } from '../../remote/secret-box.js';
import { openSshKey } from '../../remote/secrets.js';
import type { CoreDeps } from '../../runtime/deps.js';
import type { Store } from '../../store/store.js';
import type { DestinationSettings } from '../policy-schema.js';
import type { DestinationOpener } from './destination-opener.js';
import { prepareSshClientFiles, type SshHop } from './ssh-client-files.js';

type SftpDestination = Extract<DestinationSettings, { type: 'sftp' }>;

export const sftpDestination: DestinationOpener<SftpDestination> = {
  open: async (deps, settings, password) => {
    const host = await remoteHostFromInventory({ store: deps.store, config: deps.config }, settings.host);
    const hops = await hopsTo(deps, settings, host);
    return {
      location: locationOf(host, settings.path),
      password,
      cacheDir: undefined,
      sftp: { host: host.name, prepare: () => prepareSshClientFiles(hops) },
    };
  },
};

/** restic's repository string; the host part is for people: the ssh command says where to connect. */
function locationOf(host: RemoteHost, path: string): string {
  const address = host.address.includes(':') ? `[${host.address}]` : host.address;
  return `sftp://${host.user}@${address}:${host.port}/${path}`;
}

/** The destination host then its jump hosts outwards, each checked, with its pinned key and private key. */
async function hopsTo(deps: CoreDeps, settings: SftpDestination, host: RemoteHost): Promise<SshHop[]> {
  const chain: RemoteHost[] = [];
  for (let hop: RemoteHost | undefined = host; hop !== undefined; hop = hop.jump) chain.push(hop);
  const policy = createOutboundPolicy(deps.config.outboundAllow);
  const secrets = { ...deps, secretBox: loadSecretBox(deps.config) };
  const hops: SshHop[] = [];
  for (const [index, hop] of chain.entries()) {
    checkSshValues(hop, settings.id);
    // Every hop must be one Vigie may reach, as for its own SSH connections; the outermost one is
    // connected to at the address the allowlist approved (no second DNS answer).
    const resolved = await policy.resolve(
      hop.address,
      `sftp backup destination ${settings.id} on ${hop.name}`,
    );
    const outermost = index === chain.length - 1;
    hops.push({
      name: hop.name,
      address: outermost ? (resolved[0]?.address ?? hop.address) : hop.address,
      port: hop.port,
      user: hop.user,
      hostKey: await pinnedHostKey(deps.store, hop.name, settings.id),
      privateKey: await openSshKey(secrets, hop.key),
    });
  }
  return hops;
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const SAFE_USER = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
const SAFE_ADDRESS = /^(?:[A-Za-z0-9][A-Za-z0-9.-]*|[0-9A-Fa-f:.]+)$/;

/**
 * The values that reach ssh's config and command line: restic splits its `sftp.command` on spaces and
 * quotes and ssh expands `%` tokens, so anything beyond plain names and addresses is refused here.
 */
function checkSshValues(hop: RemoteHost, destination: string): void {
  const problems: string[] = [];
  if (!SAFE_NAME.test(hop.name)) problems.push(`its id "${hop.name}"`);
  if (!SAFE_ADDRESS.test(hop.address)) problems.push(`ssh.address "${hop.address}"`);
  if (!SAFE_USER.test(hop.user)) problems.push(`ssh.user "${hop.user}"`);
  if (!Number.isInteger(hop.port) || hop.port < 1 || hop.port > 65535) problems.push(`ssh.port ${hop.port}`);
  if (problems.length === 0) return;
  throw new AppError(
    'INVENTORY_INVALID',
    `the sftp backup destination ${destination} cannot go through ${hop.name}: ${problems.join(', ')} cannot be passed to ssh safely`,
    {
      hint: `write ${hop.name}'s ssh address as a plain IP address or DNS name and its user with letters, digits, dots, dashes and underscores (no spaces, quotes or %)`,
      details: { destination, host: hop.name },
    },
  );
}

/**
 * The approved key of `host` from the store's pins. ssh accepts only this key; a host without one is
 * refused before any connection, since asking ssh to accept a first key would be trust on first use.
 */
async function pinnedHostKey(store: Store, host: string, destination: string): Promise<SshHop['hostKey']> {
  const { approved, pendingFingerprint } = await pinnedHostKeyOf({ store }, host);
  if (approved !== undefined) {
    if (!/^[a-z0-9@.-]+$/.test(approved.algorithm) || !/^[A-Za-z0-9+/]+=*$/.test(approved.blob)) {
      throw new AppError('INTERNAL', `the pinned host key of ${host} is not a readable SSH key`);
    }
    return approved;
  }
  throw new AppError(
    'HOST_KEY_UNAPPROVED',
    pendingFingerprint === undefined
      ? `the SSH host key of ${host} is not pinned yet: the sftp backup destination ${destination} cannot be used`
      : `the SSH host key of ${host} (${pendingFingerprint}) is still pending approval: the sftp backup destination ${destination} cannot be used`,
    {
      hint:
        pendingFingerprint === undefined
          ? `record it with vigie remote run ${host} -- true, compare it with the host's own key (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on its console), then vigie hostkey approve ${host}`
          : `compare it with the host's own key (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on its console), then vigie hostkey approve ${host} --fingerprint ${pendingFingerprint}`,
      details: { host, destination },
    },
  );
}
