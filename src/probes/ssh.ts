/**
 * The `ssh` check: opens an SSH handshake far enough to see the server's host key, compares it with
 * the expected one, and disconnects without ever authenticating. `ssh2` lives behind this file for checks.
 */
import { createHash } from 'node:crypto';
import { Client } from 'ssh2';
import { z } from 'zod';
import { connectGuarded } from '../net/guarded-connect.js';
import type { Probe, ProbeDeps } from './probe.js';
import { runAttempt } from './probe-run.js';
import { baseSpecShape, hostSchema, portSchema } from './probe-spec.js';

const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;
const KEY_LINE = /^(ssh-[a-z0-9-]+|ecdsa-sha2-nistp\d+) ([A-Za-z0-9+/]+={0,2})(\s.*)?$/;

export const sshSpecSchema = z.strictObject({
  ...baseSpecShape,
  host: hostSchema,
  port: portSchema.default(22),
  /** The expected host key: `SHA256:...` as `ssh-keygen -lf` prints it, or the public key line. */
  hostKey: z
    .string()
    .trim()
    .refine((value) => FINGERPRINT.test(value) || KEY_LINE.test(value), {
      message:
        'Write the host key as SHA256:... (ssh-keygen -lf) or as its public key line (ssh-ed25519 AAAA...)',
    })
    .optional(),
});

export type SshSpec = z.infer<typeof sshSpecSchema>;

export const sshProbe: Probe<SshSpec> = {
  kind: 'ssh',
  specSchema: sshSpecSchema,
  run: (deps: ProbeDeps, spec: SshSpec, signal: AbortSignal) => {
    const target = `${spec.host}:${spec.port}`;
    return runAttempt(signal, spec.timeout, `ssh ${target}`, async (attempt) => {
      const sock = await connectGuarded(deps.outbound, {
        host: spec.host,
        port: spec.port,
        purpose: `ssh check ${target}`,
        timeoutMs: attempt.timeoutMs,
      });
      const expected = spec.hostKey === undefined ? undefined : expectedKey(spec.hostKey);
      const client = new Client();
      const stop = (): void => {
        client.end();
        sock.destroy();
      };
      attempt.signal.addEventListener('abort', stop, { once: true });
      try {
        const seen = await new Promise<{ fingerprint: string; keyType: string }>((resolve, reject) => {
          client.on('error', (error) => reject(error));
          client.on('close', () => reject(new Error('connection closed before the host key was seen')));
          client.connect({
            sock,
            username: 'vigie-check',
            readyTimeout: attempt.timeoutMs,
            // Asks for the expected key's type, so a server with several keys shows the one pinned.
            ...(expected?.keyType === undefined
              ? {}
              : { algorithms: { serverHostKey: hostKeyAlgorithms(expected.keyType) } }),
            hostVerifier: (key: Buffer): boolean => {
              resolve({ fingerprint: fingerprintOf(key), keyType: keyTypeOf(key) });
              // Refusing ends the handshake here: the check never authenticates.
              return false;
            },
          } as Parameters<Client['connect']>[0]);
        });
        const details = { fingerprint: seen.fingerprint, keyType: seen.keyType };
        if (expected !== undefined && expected.fingerprint !== seen.fingerprint) {
          return attempt.result(
            'down',
            `Host key of ${target} changed: ${seen.keyType} ${seen.fingerprint}, expected ${expected.fingerprint}`,
            { details: { ...details, expected: expected.fingerprint, error: 'HOST_KEY_MISMATCH' } },
          );
        }
        const pinned = expected === undefined ? ' (no expected key configured)' : ', host key as expected';
        return attempt.result('up', `SSH on ${target}: ${seen.keyType} ${seen.fingerprint}${pinned}`, {
          details,
          metrics: { handshake_ms: attempt.elapsed() },
        });
      } finally {
        attempt.signal.removeEventListener('abort', stop);
        stop();
      }
    });
  },
};

/** OpenSSH's fingerprint of a raw public key blob: `SHA256:` and unpadded base64. */
export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type written at the start of the blob (`ssh-ed25519`). */
function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const length = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + length).toString('latin1');
}

function expectedKey(text: string): { fingerprint: string; keyType?: string } {
  const line = KEY_LINE.exec(text);
  if (line?.[1] === undefined || line[2] === undefined) return { fingerprint: text };
  const blob = Buffer.from(line[2], 'base64');
  return { fingerprint: fingerprintOf(blob), keyType: keyTypeOf(blob) };
}

/** The handshake algorithms that yield a key of `keyType`; RSA keys sign with SHA-2 on current servers. */
function hostKeyAlgorithms(keyType: string): string[] {
  return keyType === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [keyType];
}
