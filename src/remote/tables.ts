/** Store tables of remote execution: sealed secrets, pinned host keys and security alerts. */

export interface SecretsTable {
  /** e.g. `ssh-key/ops`. */
  name: string;
  /** What the secret is: `ssh-private-key`. */
  kind: string;
  /** Versioned AES-256-GCM box (see secret-box.ts), base64 text. */
  ciphertext: string;
  /** Public, safe to show: the SHA-256 fingerprint of an SSH key's public half. */
  fingerprint: string | null;
  created_at: string;
  updated_at: string;
}

export type HostKeyStatus = 'pending' | 'approved' | 'rejected' | 'replaced';

export interface HostKeysTable {
  /** The host as Vigie names it (inventory id, or the name given to `vigie remote run`). */
  host: string;
  /** `SHA256:...` as OpenSSH prints it. */
  fingerprint: string;
  /** `address:port` where the key was seen. */
  address: string;
  algorithm: string;
  /** The public key blob, base64 (wire format). */
  public_key: string;
  status: HostKeyStatus;
  first_seen_at: string;
  last_seen_at: string;
  decided_by: string | null;
  decided_at: string | null;
}

export interface SecurityAlertsTable {
  id: string;
  at: string;
  /** e.g. `host_key_mismatch`. */
  kind: string;
  host: string | null;
  message: string;
  /** JSON. */
  details: string | null;
}

export interface RemoteTables {
  secrets: SecretsTable;
  host_keys: HostKeysTable;
  security_alerts: SecurityAlertsTable;
}
