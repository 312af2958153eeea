/**
 * Host key pinning. The first key a host shows is recorded as pending and nothing runs until an
 * engineer approves it; a different key later stops every operation on that host, raises a security
 * alert, and is only ever accepted by an explicit approval that shows both fingerprints.
 */
import { randomUUID } from 'node:crypto';
import { appendAuditEvent } from '../audit/append.js';
import { AppError } from '../errors/app-error.js';
import type { Dialect } from '../store/database.js';
import type { Store } from '../store/store.js';
import type { Clock } from '../time/clock.js';
import { fingerprintOfBlob } from './secrets.js';
import type { HostKeyStatus, HostKeysTable } from './tables.js';

export interface HostKeyDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly dialect: Dialect;
}

export interface HostKeyView {
  readonly host: string;
  readonly fingerprint: string;
  readonly algorithm: string;
  readonly address: string;
  readonly status: HostKeyStatus;
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
}

export interface PresentedHostKey {
  readonly host: string;
  /** `address:port` where it was seen. */
  readonly address: string;
  /** The public key blob in SSH wire format, as ssh2's hostVerifier receives it. */
  readonly blob: Buffer;
}

/**
 * Resolves when `presented` is the host's approved key; otherwise records what it must (the pending
 * key, a security alert) and throws HOST_KEY_UNAPPROVED or HOST_KEY_MISMATCH.
 */
export async function checkHostKey(deps: HostKeyDeps, presented: PresentedHostKey): Promise<void> {
  const fingerprint = fingerprintOfBlob(presented.blob);
  const now = deps.clock.now().toISOString();
  const outcome = await deps.store.transaction(async (trx) => {
    const rows = await trx.selectFrom('host_keys').selectAll().where('host', '=', presented.host).execute();
    const same = rows.find((row) => row.fingerprint === fingerprint);
    const approved = rows.find((row) => row.status === 'approved');
    if (same !== undefined) {
      await trx
        .updateTable('host_keys')
        .set({ last_seen_at: now, address: presented.address })
        .where('host', '=', presented.host)
        .where('fingerprint', '=', fingerprint)
        .execute();
    } else {
      await trx
        .insertInto('host_keys')
        .values({
          host: presented.host,
          fingerprint,
          address: presented.address,
          algorithm: algorithmOfBlob(presented.blob),
          public_key: presented.blob.toString('base64'),
          status: 'pending',
          first_seen_at: now,
          last_seen_at: now,
          decided_by: null,
          decided_at: null,
        })
        .execute();
    }
    if (same?.status === 'approved') return { kind: 'approved' as const };
    if (approved !== undefined) {
      // Recorded on every refused attempt: each is an event an engineer must be able to see.
      await trx
        .insertInto('security_alerts')
        .values({
          id: randomUUID(),
          at: now,
          kind: 'host_key_mismatch',
          host: presented.host,
          message: `The SSH host key of ${presented.host} changed: ${approved.fingerprint} is approved, ${fingerprint} was presented by ${presented.address}`,
          details: JSON.stringify({
            address: presented.address,
            approvedFingerprint: approved.fingerprint,
            presentedFingerprint: fingerprint,
          }),
        })
        .execute();
      return { kind: 'mismatch' as const, approved: approved.fingerprint };
    }
    return { kind: 'unapproved' as const, status: same?.status ?? 'pending' };
  });
  if (outcome.kind === 'approved') return;
  if (outcome.kind === 'mismatch') {
    throw new AppError(
      'HOST_KEY_MISMATCH',
      `The SSH host key of ${presented.host} (${presented.address}) changed: approved ${outcome.approved}, presented ${fingerprint}. Every operation on ${presented.host} is stopped.`,
      {
        hint: `This may be an attack (someone between Vigie and the host) or a reinstalled host. Check the key on the host's console (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub); only then run: vigie hostkey approve ${presented.host} --fingerprint ${fingerprint}`,
        details: {
          host: presented.host,
          address: presented.address,
          approved: outcome.approved,
          presented: fingerprint,
        },
      },
    );
  }
  const rejected = outcome.status === 'rejected';
  throw new AppError(
    'HOST_KEY_UNAPPROVED',
    rejected
      ? `The SSH host key ${fingerprint} of ${presented.host} was rejected; nothing runs on it`
      : `The SSH host key of ${presented.host} (${presented.address}) is not approved yet: ${fingerprint} is pending`,
    {
      hint: rejected
        ? 'Check the host; if the key is in fact right, approve it explicitly: vigie hostkey approve HOST --fingerprint ...'
        : `Compare with the host's own key (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub on its console), then run: vigie hostkey approve ${presented.host} --fingerprint ${fingerprint}`,
      details: { host: presented.host, address: presented.address, fingerprint, status: outcome.status },
    },
  );
}

/** Every recorded key, or one host's, newest first within each host. */
export async function listHostKeys(
  deps: Pick<HostKeyDeps, 'store'>,
  filter: { readonly host?: string | undefined } = {},
): Promise<HostKeyView[]> {
  let query = deps.store.db
    .selectFrom('host_keys')
    .selectAll()
    .orderBy('host')
    .orderBy('first_seen_at', 'desc');
  if (filter.host !== undefined) query = query.where('host', '=', filter.host);
  return (await query.execute()).map(toView);
}

export interface HostKeyDecision {
  readonly host: string;
  /** Required when the host has several undecided keys, or when approving would replace an approved key. */
  readonly fingerprint?: string | undefined;
  readonly actor: string;
}

export interface ApprovalResult {
  readonly approved: HostKeyView;
  /** The key it replaces, when the host had another approved key. */
  readonly replaced: HostKeyView | null;
}

/** Approves a host's pending (or rejected) key; replacing an approved key needs its fingerprint. Audited. */
export async function approveHostKey(deps: HostKeyDeps, input: HostKeyDecision): Promise<ApprovalResult> {
  const now = deps.clock.now().toISOString();
  return await deps.store.transaction(async (trx) => {
    const rows = await trx.selectFrom('host_keys').selectAll().where('host', '=', input.host).execute();
    const target = pickKey(rows, input, ['pending', 'rejected']);
    const previous = rows.find((row) => row.status === 'approved' && row.fingerprint !== target.fingerprint);
    if (previous !== undefined && input.fingerprint === undefined) {
      throw new AppError(
        'CONFLICT',
        `${input.host} already has an approved key (${previous.fingerprint}); the new one is ${target.fingerprint}`,
        {
          hint: `Replacing a pinned key must name it: vigie hostkey approve ${input.host} --fingerprint ${target.fingerprint}`,
          details: { host: input.host, approved: previous.fingerprint, presented: target.fingerprint },
        },
      );
    }
    if (previous !== undefined) {
      await setStatus(trx, input.host, previous.fingerprint, 'replaced', input.actor, now);
    }
    await setStatus(trx, input.host, target.fingerprint, 'approved', input.actor, now);
    await appendAuditEvent(deps, trx, {
      actor: input.actor,
      action: previous === undefined ? 'hostkey.approve' : 'hostkey.replace',
      targetKind: 'host_key',
      targetKey: input.host,
      before: previous === undefined ? { status: target.status } : { fingerprint: previous.fingerprint },
      after: { fingerprint: target.fingerprint, algorithm: target.algorithm, address: target.address },
    });
    const decided = { decided_by: input.actor, decided_at: now };
    return {
      approved: toView({ ...target, status: 'approved', ...decided }),
      replaced: previous === undefined ? null : toView({ ...previous, status: 'replaced', ...decided }),
    };
  });
}

/** Rejects a host's pending key: it stays recorded, and connections presenting it are refused. Audited. */
export async function rejectHostKey(deps: HostKeyDeps, input: HostKeyDecision): Promise<HostKeyView> {
  const now = deps.clock.now().toISOString();
  return await deps.store.transaction(async (trx) => {
    const rows = await trx.selectFrom('host_keys').selectAll().where('host', '=', input.host).execute();
    const target = pickKey(rows, input, ['pending', 'approved']);
    await setStatus(trx, input.host, target.fingerprint, 'rejected', input.actor, now);
    await appendAuditEvent(deps, trx, {
      actor: input.actor,
      action: 'hostkey.reject',
      targetKind: 'host_key',
      targetKey: input.host,
      before: { fingerprint: target.fingerprint, status: target.status },
      after: { fingerprint: target.fingerprint, status: 'rejected' },
    });
    return toView({ ...target, status: 'rejected', decided_by: input.actor, decided_at: now });
  });
}

function pickKey(
  rows: readonly HostKeysTable[],
  input: HostKeyDecision,
  decidable: readonly HostKeyStatus[],
): HostKeysTable {
  if (rows.length === 0) {
    throw new AppError('NOT_FOUND', `No SSH host key is recorded for ${input.host}`, {
      hint: `Vigie records a host's key at the first connection: run any operation on it (vigie remote run ${input.host} -- true), then approve.`,
      details: { host: input.host },
    });
  }
  if (input.fingerprint !== undefined) {
    const row = rows.find((candidate) => candidate.fingerprint === input.fingerprint);
    if (row === undefined) {
      throw new AppError('NOT_FOUND', `${input.host} never presented the key ${input.fingerprint}`, {
        hint: `Known keys: ${rows.map((r) => `${r.fingerprint} (${r.status})`).join(', ')}`,
        details: { host: input.host, fingerprint: input.fingerprint },
      });
    }
    return row;
  }
  // Without a fingerprint, only the one undecided key is meant; a fresh pending key wins over a rejected one.
  const candidates = rows.filter((row) => row.status === 'pending');
  const pool = candidates.length > 0 ? candidates : rows.filter((row) => decidable.includes(row.status));
  if (pool.length !== 1 || pool[0] === undefined) {
    throw new AppError(
      'CONFLICT',
      `${input.host} has ${pool.length === 0 ? 'no' : 'several'} keys to decide on`,
      {
        hint: `Name one with --fingerprint: ${rows.map((r) => `${r.fingerprint} (${r.status})`).join(', ')}`,
        details: { host: input.host },
      },
    );
  }
  return pool[0];
}

async function setStatus(
  trx: Parameters<Parameters<Store['transaction']>[0]>[0],
  host: string,
  fingerprint: string,
  status: HostKeyStatus,
  actor: string,
  at: string,
): Promise<void> {
  await trx
    .updateTable('host_keys')
    .set({ status, decided_by: actor, decided_at: at })
    .where('host', '=', host)
    .where('fingerprint', '=', fingerprint)
    .execute();
}

/** The key type named at the start of an SSH public key blob, e.g. `ssh-ed25519`. */
export function algorithmOfBlob(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const length = blob.readUInt32BE(0);
  return length > 0 && length < 64 && blob.length >= 4 + length
    ? blob.subarray(4, 4 + length).toString('ascii')
    : 'unknown';
}

function toView(row: HostKeysTable): HostKeyView {
  return {
    host: row.host,
    fingerprint: row.fingerprint,
    algorithm: row.algorithm,
    address: row.address,
    status: row.status,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
  };
}

/** A host's approved key in OpenSSH's terms (for a known_hosts line), and any key still pending. */
export interface PinnedHostKey {
  readonly approved: { readonly algorithm: string; readonly blob: string } | undefined;
  readonly pendingFingerprint: string | undefined;
}

/**
 * The key Vigie pinned for `host`, for the OpenSSH client that tools such as restic run: their
 * known_hosts holds this key alone, so they meet the same pin as Vigie's own connections.
 */
export async function pinnedHostKeyOf(
  deps: Pick<HostKeyDeps, 'store'>,
  host: string,
): Promise<PinnedHostKey> {
  const rows = await deps.store.db
    .selectFrom('host_keys')
    .select(['fingerprint', 'algorithm', 'public_key', 'status'])
    .where('host', '=', host)
    .execute();
  const approved = rows.find((row) => row.status === 'approved');
  return {
    approved:
      approved === undefined ? undefined : { algorithm: approved.algorithm, blob: approved.public_key },
    pendingFingerprint: rows.find((row) => row.status === 'pending')?.fingerprint,
  };
}
