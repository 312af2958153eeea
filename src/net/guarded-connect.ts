/** Opens a TCP connection inside the outbound allowlist, e.g. to hand to ssh2 as its `sock`. */
import net from 'node:net';
import { guardedSocketOptions } from './guarded-lookup.js';
import type { OutboundPolicy } from './outbound-policy.js';

export interface GuardedConnectInput {
  readonly host: string;
  readonly port: number;
  /** What the connection is for, named in refusals, e.g. `ssh db03`. */
  readonly purpose: string;
  readonly timeoutMs?: number;
}

/**
 * Connects to `host:port` once the allowlist has accepted the address. Rejects with an
 * OUTBOUND_REFUSED AppError (nothing was sent), or the socket's own error (ECONNREFUSED, ETIMEDOUT...).
 */
export async function connectGuarded(
  policy: OutboundPolicy,
  input: GuardedConnectInput,
): Promise<net.Socket> {
  const options = guardedSocketOptions(policy, input.host, input.purpose);
  const timeoutMs = input.timeoutMs ?? 10_000;
  return await new Promise<net.Socket>((resolve, reject) => {
    const socket = net.connect({ host: input.host, port: input.port, ...options });
    const timer = setTimeout(() => {
      socket.destroy();
      // Shaped like the socket's own errors (ECONNREFUSED...), which callers already report.
      const error: NodeJS.ErrnoException = new Error(
        `connection to ${input.host}:${input.port} timed out after ${timeoutMs} ms (${input.purpose})`,
      );
      error.code = 'ETIMEDOUT';
      reject(error);
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    });
  });
}
