/**
 * A `dns.lookup`-compatible function that applies the outbound allowlist, for `net.connect`,
 * `tls.connect`, undici's `connect: { lookup }` and anything else that takes one. The socket then
 * connects to the very address that was checked, so a name cannot be re-resolved elsewhere in between
 * (DNS rebinding).
 */
import type dns from 'node:dns';
import net from 'node:net';
import { stripBrackets } from './outbound-entry.js';
import type { OutboundPolicy } from './outbound-policy.js';

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/** The shape of `dns.lookup` as sockets call it. */
export type GuardedLookup = (
  hostname: string,
  options: dns.LookupOptions | number | LookupCallback,
  callback?: LookupCallback,
) => void;

/** A lookup that resolves through `policy` and refuses (before any connection) what it does not allow. */
export function createGuardedLookup(policy: OutboundPolicy, purpose = 'outbound connection'): GuardedLookup {
  return (hostname, optionsOrCallback, maybeCallback) => {
    const callback = typeof optionsOrCallback === 'function' ? optionsOrCallback : maybeCallback;
    if (callback === undefined) throw new TypeError('lookup needs a callback');
    const options: dns.LookupOptions =
      typeof optionsOrCallback === 'number'
        ? { family: optionsOrCallback }
        : typeof optionsOrCallback === 'object'
          ? optionsOrCallback
          : {};
    policy.resolve(hostname, purpose).then(
      (resolved) => {
        const wanted = familyNumber(options.family);
        const addresses = resolved.filter((entry) => wanted === 0 || entry.family === wanted);
        const first = addresses[0];
        if (first === undefined) {
          const error: NodeJS.ErrnoException = new Error(`${hostname} has no IPv${wanted} address`);
          error.code = 'ENOTFOUND';
          callback(error, '');
        } else if (options.all) {
          callback(
            null,
            addresses.map((entry) => ({ address: entry.address, family: entry.family })),
          );
        } else {
          callback(null, first.address, first.family);
        }
      },
      (error: unknown) => callback(error as NodeJS.ErrnoException, ''),
    );
  };
}

/**
 * Socket options that keep a connection inside the allowlist: `{ lookup }` for names, and a check of
 * IP literals right away, because Node connects to a literal without calling `lookup`.
 * Usage: `net.connect({ host, port, ...guardedSocketOptions(policy, host, 'tcp check db03') })`.
 */
export function guardedSocketOptions(
  policy: OutboundPolicy,
  host: string,
  purpose: string,
): { lookup: GuardedLookup } {
  const literal = stripBrackets(host);
  if (net.isIP(literal) !== 0) policy.checkAddress(literal, purpose);
  return { lookup: createGuardedLookup(policy, purpose) };
}

function familyNumber(family: dns.LookupOptions['family']): 0 | 4 | 6 {
  if (family === 4 || family === 'IPv4') return 4;
  if (family === 6 || family === 'IPv6') return 6;
  return 0;
}
