/**
 * The undici agents the `http` check sends through: one per outbound policy and TLS setting, shared
 * by every check, so a check pays for its request and not for building and tearing down a client.
 */
import { Agent } from 'undici';
import { createGuardedLookup } from '../net/guarded-lookup.js';
import type { OutboundPolicy } from '../net/outbound-policy.js';
import { MAX_HEADER_BYTES } from './http-errors.js';

export interface AgentTlsOptions {
  readonly tlsVerify: boolean;
  readonly ca?: string | undefined;
  /** Checks that keep connections get their own agent, so a new-connection check never rides on one. */
  readonly keepAlive: boolean;
}

// Keyed by the policy, so agents live exactly as long as the process role that owns the policy.
const agentsByPolicy = new WeakMap<OutboundPolicy, Map<string, Agent>>();

/** The shared agent for `policy` and these TLS options; its lookup refuses what the policy refuses. */
export function checkAgent(policy: OutboundPolicy, options: AgentTlsOptions): Agent {
  let agents = agentsByPolicy.get(policy);
  if (agents === undefined) {
    agents = new Map();
    agentsByPolicy.set(policy, agents);
  }
  const key = `${options.keepAlive ? 'keep' : 'new'}\n${options.tlsVerify ? 'verify' : 'no-verify'}\n${options.ca ?? ''}`;
  let agent = agents.get(key);
  if (agent === undefined) {
    agent = new Agent({
      connect: {
        // The hostname is named in a refusal; the URL was already checked with its origin before connecting.
        lookup: (hostname, lookupOptions, callback) =>
          createGuardedLookup(policy, `http check ${hostname}`)(hostname, lookupOptions, callback),
        rejectUnauthorized: options.tlsVerify,
        ...(options.ca === undefined ? {} : { ca: options.ca }),
      },
      pipelining: 1,
      // The lean client's cap too, so both refuse the same responses.
      maxHeaderSize: MAX_HEADER_BYTES,
    });
    agents.set(key, agent);
  }
  return agent;
}
