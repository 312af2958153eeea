/**
 * The `dns` check: asks one DNS server (or the system's) for a record and compares the answer.
 * The server's address is checked against the outbound allowlist before the question is sent.
 */

import dns from 'node:dns';
import { Resolver } from 'node:dns/promises';
import net from 'node:net';
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import type { Probe, ProbeDeps } from './probe.js';
import { runAttempt } from './probe-run.js';
import { baseSpecShape, hostSchema } from './probe-spec.js';

const RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS'] as const;

/** `192.0.2.53`, `192.0.2.53:5353`, `[2001:db8::53]:53` or `2001:db8::53`. */
export const dnsServerSchema = z.string().refine((value) => parseServer(value) !== undefined, {
  message: 'Write the DNS server as an IP address, optionally with :port (IPv6 in brackets when with a port)',
});

const valuesSchema = z.union([z.string(), z.array(z.string()).min(1)]).transform((v) => [v].flat());

export const dnsSpecSchema = z.strictObject({
  ...baseSpecShape,
  name: hostSchema,
  type: z.enum(RECORD_TYPES).default('A'),
  /** The server to ask; the system's resolvers unless told. */
  server: dnsServerSchema.optional(),
  /** The answer must be exactly these values, in any order. MX as `10 mail.example.org`. */
  equals: valuesSchema.optional(),
  /** The answer must include these values (others may be there too). */
  contains: valuesSchema.optional(),
});

export type DnsSpec = z.infer<typeof dnsSpecSchema>;

export const dnsProbe: Probe<DnsSpec> = {
  kind: 'dns',
  specSchema: dnsSpecSchema,
  run: (deps: ProbeDeps, spec: DnsSpec, signal: AbortSignal) => {
    const question = `${spec.type} ${spec.name}`;
    const via = spec.server === undefined ? '' : ` at ${spec.server}`;
    return runAttempt(signal, spec.timeout, `DNS ${question}${via}`, async (attempt) => {
      const resolver = new Resolver({ timeout: attempt.timeoutMs, tries: 1 });
      const servers = spec.server === undefined ? dns.getServers() : [spec.server];
      for (const server of servers) {
        const parsed = parseServer(server);
        if (parsed === undefined) throw new AppError('BAD_INPUT', `Invalid DNS server ${server}`);
        // The resolver's UDP socket cannot take a lookup: the address is judged here, before any query.
        deps.outbound.checkAddress(parsed.address, `dns check ${question}${via}`);
      }
      resolver.setServers(servers);
      const cancel = (): void => resolver.cancel();
      attempt.signal.addEventListener('abort', cancel, { once: true });
      let answer: string[];
      try {
        answer = await query(resolver, spec);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOTFOUND' || code === 'ENODATA') {
          return attempt.result('down', `No ${question} record${via}`, { details: { error: code } });
        }
        throw error;
      } finally {
        attempt.signal.removeEventListener('abort', cancel);
      }
      const shown = answer.length === 0 ? '(empty)' : answer.join(', ');
      const details = { answer };
      const metrics = { response_ms: attempt.elapsed() };
      if (spec.equals !== undefined && !sameSet(answer, spec.equals.map(normalise(spec.type)))) {
        return attempt.result('down', `${question}${via} is ${shown}, expected ${spec.equals.join(', ')}`, {
          details,
          metrics,
        });
      }
      const missing = (spec.contains ?? []).filter((value) => !answer.includes(normalise(spec.type)(value)));
      if (missing.length > 0) {
        return attempt.result('down', `${question}${via} is ${shown}, missing ${missing.join(', ')}`, {
          details,
          metrics,
        });
      }
      return attempt.result('up', `${question}${via}: ${shown}`, { details, metrics });
    });
  },
};

async function query(resolver: Resolver, spec: DnsSpec): Promise<string[]> {
  const norm = normalise(spec.type);
  switch (spec.type) {
    case 'A':
      return (await resolver.resolve4(spec.name)).map(norm);
    case 'AAAA':
      return (await resolver.resolve6(spec.name)).map(norm);
    case 'CNAME':
      return (await resolver.resolveCname(spec.name)).map(norm);
    case 'NS':
      return (await resolver.resolveNs(spec.name)).map(norm);
    case 'MX':
      return (await resolver.resolveMx(spec.name)).map((mx) => norm(`${mx.priority} ${mx.exchange}`));
    case 'TXT':
      return (await resolver.resolveTxt(spec.name)).map((chunks) => chunks.join(''));
  }
}

/** Compares names without case or trailing dot, and IPv6 addresses in one spelling. */
function normalise(type: DnsSpec['type']): (value: string) => string {
  if (type === 'TXT') return (value) => value;
  if (type === 'A' || type === 'AAAA') {
    return (value) => value.toLowerCase();
  }
  return (value) => value.trim().toLowerCase().replace(/\.$/, '').replace(/\s+/g, ' ');
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((value) => right.has(value));
}

/** Splits `ip`, `ip:port`, `[v6]:port` into its address, or undefined when it is not one. */
function parseServer(value: string): { address: string; port: number } | undefined {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
  const v4 = /^([\d.]+)(?::(\d+))?$/.exec(value);
  const [address, port] = bracketed ? [bracketed[1], bracketed[2]] : v4 ? [v4[1], v4[2]] : [value, undefined];
  if (address === undefined || net.isIP(address) === 0) return undefined;
  const portNumber = port === undefined ? 53 : Number(port);
  if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65_535) return undefined;
  return { address, port: portNumber };
}
