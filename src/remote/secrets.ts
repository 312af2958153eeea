/**
 * The encrypted secret store: SSH private keys sealed by the secret box, listed by name and public
 * fingerprint only. Nothing here ever returns a secret to a caller other than the SSH runner.
 */
import { createHash } from 'node:crypto';
import ssh2 from 'ssh2';
import { appendAuditEvent } from '../audit/append.js';
import { AppError } from '../errors/app-error.js';
import type { Store } from '../store/store.js';
import type { Clock } from '../time/clock.js';
import type { SecretBox } from './secret-box.js';

export interface SecretDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly secretBox: SecretBox;
}

export interface SecretSummary {
  readonly name: string;
  readonly kind: string;
  readonly fingerprint: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

const SSH_KEY_KIND = 'ssh-private-key';
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Stores (or replaces) an SSH private key under `name`; returns its public fingerprint. Audited. */
export async function storeSshKey(
  deps: SecretDeps,
  input: { readonly name: string; readonly privateKey: string; readonly actor: string },
): Promise<SecretSummary> {
  if (!NAME_PATTERN.test(input.name)) {
    throw new AppError('BAD_INPUT', `"${input.name}" is not a valid key name`, {
      hint: 'Use letters, digits, dots, dashes and underscores, e.g. ops or gip-paca.',
    });
  }
  const fingerprint = sshKeyFingerprint(input.privateKey);
  return await sealAndStore(deps, {
    name: input.name,
    actor: input.actor,
    kind: SSH_KEY_KIND,
    value: input.privateKey,
    fingerprint,
  });
}

/**
 * Stores (or replaces) another kind of secret (a notifier's password or token) under `name`. Audited
 * by name and kind only. Open it with {@link openSecretValue}.
 */
export async function storeSecretValue(
  deps: SecretDeps,
  input: { readonly name: string; readonly kind: string; readonly value: string; readonly actor: string },
): Promise<SecretSummary> {
  if (!NAME_PATTERN.test(input.name)) {
    throw new AppError('BAD_INPUT', `"${input.name}" is not a valid secret name`, {
      hint: 'Use letters, digits, dots, dashes and underscores, e.g. smtp-password.',
    });
  }
  if (input.kind === SSH_KEY_KIND) throw new Error('SSH keys are stored with storeSshKey');
  return await sealAndStore(deps, { ...input, fingerprint: null });
}

/** The secret of `kind` stored under `name`, decrypted; for the component that uses it only. */
export async function openSecretValue(deps: SecretDeps, name: string, kind: string): Promise<string> {
  const row = await deps.store.db
    .selectFrom('secrets')
    .select(['ciphertext', 'kind'])
    .where('name', '=', name)
    .executeTakeFirst();
  if (row === undefined || row.kind !== kind) {
    throw new AppError('NOT_FOUND', `No secret named ${name} is stored for ${kind}`, {
      details: { secret: name, kind },
    });
  }
  return deps.secretBox.open(row.ciphertext, secretAad(name));
}

async function sealAndStore(
  deps: SecretDeps,
  input: {
    readonly name: string;
    readonly kind: string;
    readonly value: string;
    readonly fingerprint: string | null;
    readonly actor: string;
  },
): Promise<SecretSummary> {
  const { kind, fingerprint } = input;
  const now = deps.clock.now().toISOString();
  const ciphertext = deps.secretBox.seal(input.value, secretAad(input.name));
  return await deps.store.transaction(async (trx) => {
    const existing = await trx
      .selectFrom('secrets')
      .select(['created_at', 'fingerprint'])
      .where('name', '=', input.name)
      .executeTakeFirst();
    if (existing === undefined) {
      await trx
        .insertInto('secrets')
        .values({ name: input.name, kind, ciphertext, fingerprint, created_at: now, updated_at: now })
        .execute();
    } else {
      await trx
        .updateTable('secrets')
        .set({ kind, ciphertext, fingerprint, updated_at: now })
        .where('name', '=', input.name)
        .execute();
    }
    // The audit trail names the secret, its kind and its public fingerprint, never the secret.
    await appendAuditEvent({ clock: deps.clock, dialect: deps.store.dialect }, trx, {
      actor: input.actor,
      action: existing === undefined ? 'secret.add' : 'secret.replace',
      targetKind: 'secret',
      targetKey: input.name,
      before: existing === undefined ? undefined : { fingerprint: existing.fingerprint },
      after: { kind, fingerprint },
    });
    return {
      name: input.name,
      kind,
      fingerprint,
      createdAt: existing?.created_at ?? now,
      updatedAt: now,
    };
  });
}

/** The SSH private key stored under `name`, decrypted; for the SSH runner only. */
export async function openSshKey(deps: SecretDeps, name: string): Promise<string> {
  const row = await deps.store.db
    .selectFrom('secrets')
    .select(['ciphertext', 'kind'])
    .where('name', '=', name)
    .executeTakeFirst();
  if (row === undefined || row.kind !== SSH_KEY_KIND) {
    throw new AppError('NOT_FOUND', `No SSH key named ${name} is stored`, {
      hint: `Store it with: vigie secret set-ssh-key ${name} --file PATH`,
      details: { secret: name },
    });
  }
  return deps.secretBox.open(row.ciphertext, secretAad(name));
}

/** Names, kinds and fingerprints of the stored secrets, never their values. */
export async function listSecrets(deps: Pick<SecretDeps, 'store'>): Promise<SecretSummary[]> {
  const rows = await deps.store.db
    .selectFrom('secrets')
    .select(['name', 'kind', 'fingerprint', 'created_at', 'updated_at'])
    .orderBy('name')
    .execute();
  return rows.map((row) => ({
    name: row.name,
    kind: row.kind,
    fingerprint: row.fingerprint,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

/** `SHA256:...` of an SSH private key's public half, as `ssh-keygen -l` prints it. */
export function sshKeyFingerprint(privateKey: string): string {
  const parsed = ssh2.utils.parseKey(privateKey);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (key === undefined || key instanceof Error) {
    throw new AppError(
      'BAD_INPUT',
      `Not a usable SSH private key: ${key instanceof Error ? key.message : 'empty'}`,
      {
        hint: 'Give an unencrypted OpenSSH or PEM private key (ssh-keygen -t ed25519 -N "").',
      },
    );
  }
  if (!key.isPrivateKey()) {
    throw new AppError('BAD_INPUT', 'This is a public key; Vigie needs the private key to log in', {
      hint: 'Give the file without .pub.',
    });
  }
  return fingerprintOfBlob(key.getPublicSSH());
}

/** `SHA256:<base64 without padding>` of a public key blob in SSH wire format. */
export function fingerprintOfBlob(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

function secretAad(name: string): string {
  return `secret:${name}`;
}
