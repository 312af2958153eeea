/**
 * Rules on `ssh.jump`: it names another declared VM or device, and following jumps ends within the
 * two hops the SSH layer goes through (`src/remote/inventory-host.ts`), so a loop is found at
 * validate time rather than at the first remote operation.
 */
import { closestMatch } from '../loading/did-you-mean.js';
import { INVENTORY_SECTIONS } from '../schema/document.js';
import {
  type InventoryRule,
  type LocatedObject,
  listNames,
  nameOf,
  type RuleContext,
  whereIs,
} from './rule-context.js';

/** Jump hosts the SSH layer goes through at most, between Vigie and the host it reaches. */
export const MAX_JUMP_HOPS = 2;

const JUMP_FIELD = ['ssh', 'jump'] as const;

/** The id an object's `ssh.jump` names, read warily since the object may have failed its schema. */
function jumpOf(object: LocatedObject): string | undefined {
  const ssh = object.data.ssh;
  if (typeof ssh !== 'object' || ssh === null || Array.isArray(ssh)) return undefined;
  const jump = (ssh as Record<string, unknown>).jump;
  return typeof jump === 'string' ? jump : undefined;
}

/** VMs and devices by id, in file order (a VM and a device sharing an id is reported elsewhere). */
function hostsOf(context: RuleContext): Map<string, LocatedObject> {
  const hosts = new Map<string, LocatedObject>();
  for (const object of context.objects) {
    if ((object.kind === 'vm' || object.kind === 'device') && !hosts.has(object.key)) {
      hosts.set(object.key, object);
    }
  }
  return hosts;
}

const jumpNamesAHost: InventoryRule = (context) => {
  const hosts = hostsOf(context);
  for (const host of hosts.values()) {
    const jump = jumpOf(host);
    if (jump === undefined || (hosts.has(jump) && jump !== host.key)) continue;
    if (jump === host.key) {
      context.report(host, JUMP_FIELD, 'error', `${nameOf(host)} names itself as its SSH jump host`, {
        expected: 'the id of another VM or device, e.g. the edge firewall',
        hint: 'remove ssh.jump to connect directly, or name the host to go through',
      });
      continue;
    }
    const candidates = [...hosts.keys()].filter((key) => key !== host.key);
    const otherKind = INVENTORY_SECTIONS.find(
      (section) =>
        section.kind !== 'vm' && section.kind !== 'device' && context.byKind(section.kind).has(jump),
    );
    const suggestion = closestMatch(jump, candidates);
    context.report(
      host,
      JUMP_FIELD,
      'error',
      `${nameOf(host)} goes through SSH jump host "${jump}", which is not a declared VM or device; declared VMs and devices: ${listNames(candidates)}`,
      {
        expected: 'the id of a declared VM or device',
        hint: otherKind
          ? `"${jump}" is a ${otherKind.label}, not a VM or device`
          : suggestion
            ? `did you mean "${suggestion}"?`
            : `declare VM or device "${jump}", or name one that exists`,
      },
    );
  }
};

const jumpChainsEnd: InventoryRule = (context) => {
  const hosts = hostsOf(context);
  const order = [...hosts.keys()];
  for (const host of hosts.values()) {
    const chain = [host.key];
    let next = jumpOf(host);
    while (next !== undefined && hosts.has(next) && next !== chain.at(-1)) {
      if (chain.includes(next)) break;
      chain.push(next);
      next = jumpOf(hosts.get(next) as LocatedObject);
    }
    const loopsBackHere = next === host.key && chain.length > 1;
    if (loopsBackHere) {
      // One report per loop, on the member declared first.
      const first = order.find((key) => chain.includes(key));
      if (first !== host.key) continue;
      const others = chain.slice(1).map((key) => whereIs(hosts.get(key) as LocatedObject, JUMP_FIELD));
      context.report(
        host,
        JUMP_FIELD,
        'error',
        `the SSH jump chain ${[...chain, host.key].join(' → ')} loops (also at ${others.join(', ')})`,
        {
          expected: 'jump hosts that lead, in the end, to a host reached directly',
          hint: 'remove ssh.jump from the host Vigie reaches directly (usually the edge firewall)',
        },
      );
      continue;
    }
    const leadsIntoLoop = next !== undefined && chain.includes(next);
    if (!leadsIntoLoop && chain.length - 1 > MAX_JUMP_HOPS) {
      context.report(
        host,
        JUMP_FIELD,
        'error',
        `the SSH jump chain ${chain.join(' → ')} goes through ${chain.length - 1} jump hosts; Vigie goes through at most ${MAX_JUMP_HOPS}`,
        {
          expected: `at most ${MAX_JUMP_HOPS} jump hosts between Vigie and ${nameOf(host)}`,
          hint: `name a jump host nearer to Vigie, e.g. ssh.jump: ${chain.at(-MAX_JUMP_HOPS) ?? ''}`,
        },
      );
    }
  }
};

export const sshJumpRules: readonly InventoryRule[] = [jumpNamesAHost, jumpChainsEnd];
