/** Opens a TCP or TLS socket for a probe, inside the outbound allowlist, destroyed when the attempt ends. */
import net from 'node:net';
import tls from 'node:tls';
import { guardedSocketOptions } from '../net/guarded-lookup.js';
import type { OutboundPolicy } from '../net/outbound-policy.js';

export interface OpenSocketInput {
  readonly host: string;
  readonly port: number;
  /** Named in refusals: `tcp check 10.20.0.13:22`. */
  readonly purpose: string;
  /** Makes it a TLS socket; resolved on `secureConnect`. */
  readonly tls?: tls.ConnectionOptions;
}

/**
 * Connects, or rejects with OUTBOUND_REFUSED (nothing sent) or the socket's error. The socket is
 * destroyed as soon as `signal` aborts, connected or not, so no caller can leak it.
 */
export async function openSocket(
  outbound: OutboundPolicy,
  input: OpenSocketInput,
  signal: AbortSignal,
): Promise<net.Socket | tls.TLSSocket> {
  const guard = guardedSocketOptions(outbound, input.host, input.purpose);
  signal.throwIfAborted();
  const host = input.host.replace(/^\[(.*)\]$/, '$1');
  const socket =
    input.tls === undefined
      ? net.connect({ host, port: input.port, ...guard })
      : tls.connect({ ...input.tls, host, port: input.port, ...guard });
  const destroy = (): void => {
    socket.destroy();
  };
  signal.addEventListener('abort', destroy, { once: true });
  socket.once('close', () => signal.removeEventListener('abort', destroy));
  return await new Promise((resolve, reject) => {
    socket.once(input.tls === undefined ? 'connect' : 'secureConnect', () => resolve(socket));
    socket.once('error', (error) => {
      socket.destroy();
      reject(error);
    });
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
