/**
 * The `tls` check: a TLS handshake with SNI, judged on the certificate's remaining days, its chain,
 * whether it names the host, and the protocol version negotiated.
 */
import net from 'node:net';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import tls from 'node:tls';
import { z } from 'zod';
import { openSocket } from './open-socket.js';
import type { Probe, ProbeDeps, ProbeResult } from './probe.js';
import { type Attempt, runAttempt } from './probe-run.js';
import { baseSpecShape, hostSchema, portSchema } from './probe-spec.js';

const PROTOCOLS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
const DAY_MS = 86_400_000;

export const tlsSpecSchema = z.strictObject({
  ...baseSpecShape,
  host: hostSchema,
  port: portSchema.default(443),
  /** The name sent in SNI and expected in the certificate; the host unless told (e.g. when host is an IP). */
  serverName: hostSchema.optional(),
  /** DEGRADED when fewer days than this remain. */
  warnDays: z.number().min(0).default(14),
  /** DOWN when the chain does not lead to a trusted CA. */
  verifyChain: z.boolean().default(true),
  /** DOWN when the certificate does not name the server. */
  verifyHostname: z.boolean().default(true),
  /** DOWN when the negotiated protocol is older. */
  minProtocol: z.enum(PROTOCOLS).default('TLSv1.2'),
  /** Extra trusted CA certificates (PEM), for a private CA. */
  ca: z.string().optional(),
});

export type TlsSpec = z.infer<typeof tlsSpecSchema>;

export const tlsProbe: Probe<TlsSpec> = {
  kind: 'tls',
  specSchema: tlsSpecSchema,
  run: (deps: ProbeDeps, spec: TlsSpec, signal: AbortSignal) => {
    const target = `${spec.host}:${spec.port}`;
    const serverName = spec.serverName ?? spec.host;
    return runAttempt(signal, spec.timeout, target, async (attempt) => {
      const socket = (await openSocket(
        deps.outbound,
        {
          host: spec.host,
          port: spec.port,
          purpose: `tls check ${target}`,
          tls: {
            // Judged below, so that an invalid certificate is a clear reason rather than a failed handshake.
            rejectUnauthorized: false,
            // Let an old server connect, so that "TLSv1 is below TLSv1.2" can be said.
            minVersion: 'TLSv1',
            ...(isIpLiteral(serverName) ? {} : { servername: serverName }),
            ...(spec.ca === undefined ? {} : { ca: spec.ca }),
          },
        },
        attempt.signal,
      )) as TLSSocket;
      try {
        return judge(deps, spec, serverName, socket, attempt);
      } finally {
        socket.destroy();
      }
    });
  },
};

function judge(
  deps: ProbeDeps,
  spec: TlsSpec,
  serverName: string,
  socket: TLSSocket,
  attempt: Attempt,
): ProbeResult {
  const cert = socket.getPeerCertificate(false);
  if (cert === undefined || Object.keys(cert).length === 0) {
    return attempt.result('down', `${spec.host}:${spec.port} presented no certificate`);
  }
  const protocol = socket.getProtocol() ?? 'unknown';
  const now = deps.clock.now().getTime();
  const validTo = Date.parse(cert.valid_to);
  const validFrom = Date.parse(cert.valid_from);
  const daysToExpiry = Math.floor(((validTo - now) / DAY_MS) * 10) / 10;
  const details = describeCertificate(cert, protocol);
  const extra = { metrics: { days_to_expiry: daysToExpiry }, details };
  const subject = `Certificate of ${serverName} (${spec.host}:${spec.port})`;
  if (validTo <= now) return attempt.result('down', `${subject} expired on ${isoDay(validTo)}`, extra);
  if (validFrom > now) {
    return attempt.result('down', `${subject} is not valid before ${isoDay(validFrom)}`, extra);
  }
  if (spec.verifyHostname) {
    const mismatch = tls.checkServerIdentity(serverName, cert);
    if (mismatch !== undefined) {
      return attempt.result('down', `${subject} does not match the host name: ${mismatch.message}`, extra);
    }
  }
  if (spec.verifyChain && !socket.authorized) {
    const reason = String(socket.authorizationError ?? 'unknown reason');
    return attempt.result('down', `${subject} is not trusted: ${reason}`, extra);
  }
  if (PROTOCOLS.indexOf(protocol as (typeof PROTOCOLS)[number]) < PROTOCOLS.indexOf(spec.minProtocol)) {
    return attempt.result(
      'down',
      `${spec.host}:${spec.port} negotiated ${protocol}, below ${spec.minProtocol}`,
      extra,
    );
  }
  const days = `${Math.floor(daysToExpiry)} days left (until ${isoDay(validTo)})`;
  if (daysToExpiry < spec.warnDays) {
    return attempt.result('degraded', `${subject} expires soon: ${days}`, extra);
  }
  return attempt.result('up', `${subject} valid, ${days}, ${protocol}`, extra);
}

function describeCertificate(cert: PeerCertificate, protocol: string): Record<string, unknown> {
  return {
    subject: cert.subject?.CN,
    issuer: cert.issuer?.CN,
    subjectAltName: cert.subjectaltname,
    validFrom: new Date(cert.valid_from).toISOString(),
    validTo: new Date(cert.valid_to).toISOString(),
    fingerprint256: cert.fingerprint256,
    protocol,
  };
}

/** SNI carries names only (RFC 6066). */
function isIpLiteral(host: string): boolean {
  return net.isIP(host.replace(/^\[(.*)\]$/, '$1')) !== 0;
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
