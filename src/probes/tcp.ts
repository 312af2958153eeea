/** The `tcp` check: a TCP connection to host:port, optionally reading a banner (SMTP, SSH, FTP greetings). */
import { z } from 'zod';
import { openSocket } from './open-socket.js';
import type { Probe, ProbeDeps } from './probe.js';
import { runAttempt } from './probe-run.js';
import { baseSpecShape, hostSchema, portSchema, regexSourceSchema } from './probe-spec.js';

export const tcpSpecSchema = z.strictObject({
  ...baseSpecShape,
  host: hostSchema,
  port: portSchema,
  /** Text the server must send first, e.g. `SSH-2.0-` or `220 `. */
  banner: z.string().min(1).optional(),
  /** The same as a regular expression. */
  bannerRegex: regexSourceSchema.optional(),
});

export type TcpSpec = z.infer<typeof tcpSpecSchema>;

/** The most a banner may be before the probe stops reading. */
const BANNER_CAP_BYTES = 4096;

export const tcpProbe: Probe<TcpSpec> = {
  kind: 'tcp',
  specSchema: tcpSpecSchema,
  run: (deps: ProbeDeps, spec: TcpSpec, signal: AbortSignal) => {
    const target = `${spec.host}:${spec.port}`;
    return runAttempt(signal, spec.timeout, target, async (attempt) => {
      const socket = await openSocket(
        deps.outbound,
        { host: spec.host, port: spec.port, purpose: `tcp check ${target}` },
        attempt.signal,
      );
      try {
        const connectMs = attempt.elapsed();
        if (spec.banner === undefined && spec.bannerRegex === undefined) {
          return attempt.result('up', `TCP connection to ${target} in ${connectMs} ms`, {
            metrics: { connect_ms: connectMs },
          });
        }
        const matches = (text: string): boolean =>
          (spec.banner === undefined || text.includes(spec.banner)) &&
          (spec.bannerRegex === undefined || new RegExp(spec.bannerRegex).test(text));
        const banner = await readBanner(socket, matches, attempt.signal);
        const shown = JSON.stringify(banner.slice(0, 200));
        if (matches(banner)) {
          return attempt.result('up', `TCP connection to ${target}, banner ${shown}`, {
            metrics: { connect_ms: connectMs },
            details: { banner: banner.slice(0, 200) },
          });
        }
        const wanted = spec.banner === undefined ? `/${spec.bannerRegex}/` : JSON.stringify(spec.banner);
        return attempt.result('down', `Banner from ${target} was ${shown}, expected ${wanted}`, {
          details: { banner: banner.slice(0, 200) },
        });
      } finally {
        socket.destroy();
      }
    });
  },
};

/**
 * Reads until `done(text)` holds, a first line is complete (greetings are one line), the peer closes,
 * or the cap is reached; whatever came is returned.
 */
async function readBanner(
  socket: NodeJS.ReadableStream & { destroy(): void },
  done: (text: string) => boolean,
  signal: AbortSignal,
): Promise<string> {
  let text = '';
  return await new Promise((resolve, reject) => {
    const finish = (): void => {
      socket.removeListener('data', onData);
      resolve(text);
    };
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('latin1');
      if (done(text) || text.includes('\n') || text.length >= BANNER_CAP_BYTES) finish();
    };
    socket.on('data', onData);
    socket.once('end', finish);
    socket.once('close', finish);
    socket.once('error', reject);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
