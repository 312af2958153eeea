/** A link to the host (a VM or a device) that a service, website or database refers to by key. */
import { useObjects } from '../api/queries.js';
import { isScopedToOwnWork } from '../session/access.js';
import { useMe } from '../session/session-context.js';
import { displayName } from '../spec/spec-access.js';
import { ObjectLink } from './object-link.js';

/** Resolves `hostKey` among VMs, then devices, then services (a database may name its server service). */
export function HostLink({ hostKey }: { readonly hostKey: string | undefined }) {
  const me = useMe();
  const enabled = !isScopedToOwnWork(me);
  const vms = useObjects('vm', enabled);
  const devices = useObjects('device', enabled);
  const services = useObjects('service', enabled);
  if (hostKey === undefined) return <span className="muted">—</span>;
  for (const [kind, list] of [
    ['vm', vms],
    ['device', devices],
    ['service', services],
  ] as const) {
    const found = list.data?.find((object) => object.key === hostKey);
    if (found !== undefined) {
      return (
        <ObjectLink kind={kind} objectKey={hostKey}>
          {displayName(found)}
        </ObjectLink>
      );
    }
  }
  return <span className="object-ref">{hostKey}</span>;
}
