/** Puts the web app on the network, turning the operating system's refusals into errors people can act on. */
import type { AddressInfo } from 'node:net';
import { AppError } from '../errors/app-error.js';
import type { VigieFastify } from './types.js';

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/** Listens on `host:port` and returns the URL it serves (the real port when 0 was asked); closes the app on failure. */
export async function listenWebApp(app: VigieFastify, address: ListenAddress): Promise<string> {
  try {
    await app.listen({ host: address.host, port: address.port });
  } catch (cause) {
    await app.close();
    throw listenError(cause, address);
  }
  const bound = app.server.address() as AddressInfo;
  const host = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  return `http://${host}:${bound.port}`;
}

function listenError(cause: unknown, { host, port }: ListenAddress): AppError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  const where = `${host}:${port}`;
  if (code === 'EADDRINUSE') {
    return new AppError('PORT_IN_USE', `Cannot listen on ${where}: the port is already in use.`, {
      hint: `Stop the program using port ${port} (\`ss -ltnp | grep :${port}\` shows it), or choose another port with --port or VIGIE_PORT.`,
      cause,
    });
  }
  if (code === 'EACCES') {
    return new AppError('PORT_IN_USE', `Cannot listen on ${where}: permission denied.`, {
      hint: 'Ports below 1024 need privileges; use a higher port with --port or VIGIE_PORT, behind a reverse proxy.',
      cause,
    });
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new AppError(
      'BAD_INPUT',
      `Cannot listen on ${where}: ${host} is not an address of this machine.`,
      {
        hint: 'Use 127.0.0.1 (this machine only), 0.0.0.0 (every interface) or one of its addresses, with --host or VIGIE_HOST.',
        cause,
      },
    );
  }
  return new AppError(
    'INTERNAL',
    `Cannot listen on ${where}: ${cause instanceof Error ? cause.message : String(cause)}.`,
    {
      cause,
    },
  );
}
