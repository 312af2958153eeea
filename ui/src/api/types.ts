/** The API's response shapes as the UI reads them (see the `routes.ts` of each server domain). */

export type Locale = 'fr' | 'en';

export type Role =
  | 'provider_admin'
  | 'provider_engineer'
  | 'customer_manager'
  | 'customer_developer'
  | 'viewer';

export interface Me {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly locale: Locale;
  readonly personKey: string | null;
  readonly permissions: readonly string[];
}

export type Spec = Readonly<Record<string, unknown>>;

export interface InventoryObject {
  readonly kind: string;
  readonly key: string;
  /** The object's `name` when it has one, else its key. */
  readonly name?: string;
  readonly spec: Spec;
  readonly source: string;
  readonly createdAt?: string;
  readonly updatedAt?: string;
  readonly revisionId?: number;
}

export interface Relation {
  /** The field holding the reference, e.g. `hypervisor` or `access.websites`. */
  readonly relation: string;
  readonly kind: string;
  readonly key: string;
  readonly name?: string;
  /** False for a dangling reference. */
  readonly exists?: boolean;
}

export interface AuditEvent {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly targetKind?: string | null;
  readonly targetKey?: string | null;
  readonly before: unknown;
  readonly after: unknown;
  readonly meta?: unknown;
}

export interface ObjectDetail {
  readonly object: InventoryObject;
  readonly outgoing: readonly Relation[];
  readonly incoming: readonly Relation[];
  readonly history: readonly AuditEvent[];
}

export interface Revision {
  readonly id: number;
  readonly appliedAt: string;
  readonly actor: string;
  /** Counts of the plan applied: `{add, change, remove}`. */
  readonly summary: Readonly<Record<string, number>>;
}

export interface InventorySummary {
  readonly counts: Readonly<Record<string, number>>;
  readonly total?: number;
  /** Null before the first apply, and for users scoped to their own work. */
  readonly lastRevision: Revision | null;
}

export interface RackDevice {
  readonly key: string;
  readonly name: string;
  readonly type: string | null;
  /** Lowest unit the device occupies (1-based from the bottom). */
  readonly position: number;
  /** Height in units. */
  readonly height: number;
  /** Highest unit it occupies. */
  readonly top?: number;
}

export interface RackElevation {
  readonly rack: {
    readonly key: string;
    readonly name: string;
    /** Height of the rack in units (0 when the inventory does not say). */
    readonly height: number;
    readonly site: string | null;
    readonly spec: Spec;
  };
  /** Devices placed in the rack, the topmost first. */
  readonly devices: readonly RackDevice[];
  /** Keys of devices assigned to the rack without a position. */
  readonly unplaced?: readonly string[];
  readonly freeUnits?: number;
}

export type AuditFindingKind =
  | 'altered'
  | 'inserted'
  | 'deleted'
  | 'checkpoint_signature'
  | 'checkpoint_key'
  | 'checkpoint_truncated'
  | 'checkpoint_mismatch';

export interface AuditFinding {
  readonly kind: AuditFindingKind;
  readonly seq: number | null;
  readonly toSeq: number | null;
  readonly at: string | null;
  readonly actor: string | null;
  readonly action: string | null;
  /** The server's sentence (English); the UI says it again from `kind` and `seq`. */
  readonly message: string;
}

export interface AuditVerification {
  readonly ok: boolean;
  /** Rows in the chain. */
  readonly count: number;
  /** `seq` of the newest row. */
  readonly length: number;
  readonly headHash: string;
  readonly findings: readonly AuditFinding[];
  readonly findingCount: number;
  readonly recordedCheckpoints?: number;
}

export interface UserAccount {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly locale: Locale;
  readonly personKey: string | null;
  readonly disabled: boolean;
  readonly email?: string | null;
  readonly createdAt?: string;
}

export interface ItemList<T> {
  readonly items: readonly T[];
}

/** One problem found in inventory files, located (`POST /inventory/validate`). */
export interface InventoryProblem {
  readonly severity: 'error' | 'warning';
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The field path inside the file, e.g. `vms[0].memory`. */
  readonly path: string;
  readonly message: string;
  readonly expected?: string;
  readonly hint?: string;
}

/** An inventory file as the API receives it: a path for messages, and its YAML text. */
export interface InventoryFile {
  readonly path: string;
  readonly content: string;
}

export interface ValidateResult {
  readonly ok: boolean;
  readonly objectCount: number;
  readonly errors: readonly InventoryProblem[];
  readonly warnings: readonly InventoryProblem[];
}

export type PlanAction = 'add' | 'change' | 'remove';

/** One field of an object that a plan adds, changes or removes. */
export interface PlanFieldChange {
  readonly path: string;
  readonly op: PlanAction;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** One object a plan adds, changes or removes. */
export interface PlanEntry {
  readonly action: PlanAction;
  readonly kind: string;
  readonly key: string;
  /** `file:line:column` of its declaration (the stored one for a removal). */
  readonly source: string;
  readonly before: Spec | null;
  readonly after: Spec | null;
  readonly changes: readonly PlanFieldChange[];
}

export interface PlanSummary {
  readonly add: number;
  readonly change: number;
  readonly remove: number;
  readonly unchanged: number;
}

export interface InventoryPlan {
  readonly entries: readonly PlanEntry[];
  readonly summary: PlanSummary;
  /** Passed back to `POST /inventory/apply` to apply exactly this plan. */
  readonly digest: string;
  readonly desiredDigest: string;
}

export interface PlanResult {
  readonly plan: InventoryPlan;
  readonly warnings: readonly InventoryProblem[];
}

export interface ApplyResult {
  /** False when the store already matched the files. */
  readonly applied: boolean;
  readonly revisionId: number | null;
  readonly plan: InventoryPlan;
  readonly warnings: readonly InventoryProblem[];
}

export interface RevisionDetail extends Revision {
  readonly entries: readonly PlanEntry[];
}

/** One of the caller's API tokens; never the token itself. */
export interface ApiToken {
  readonly id: string;
  readonly name: string;
  /** `vgt_` and the first characters, to recognise it. */
  readonly prefix: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
}

/** `POST /me/tokens`: the only time the token itself (`secret`) is shown. */
export interface CreatedApiToken {
  readonly token: ApiToken;
  readonly secret: string;
}

/** The answer of `POST /users` and `POST /users/:id/reset-password`; `password` only when generated. */
export interface AccountWithPassword {
  readonly user: UserAccount;
  readonly password?: string;
}

/** A signed checkpoint of the audit chain, as `POST /audit/checkpoint` returns it and the customer keeps it. */
export interface CheckpointStatement {
  readonly format: string;
  readonly length: number;
  readonly headHash: string;
  readonly createdAt: string;
  readonly keyId: string;
  readonly publicKey: string;
  readonly signature: string;
}

/** `POST /audit/verify`: the chain verified, and whether it still extends the checkpoint. */
export interface CheckpointVerification extends AuditVerification {
  readonly checkpoint: {
    readonly length: number;
    readonly headHash: string;
    readonly createdAt: string;
    readonly keyId: string;
    readonly signatureValid: boolean;
    /** Null when this Vigie has no signing key yet to compare with. */
    readonly signedByThisVigie: boolean | null;
  };
}

/** One entry of the intervention journal (`GET /journal`). */
export interface JournalEntry {
  readonly seq: number;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly durationMs: number;
  readonly actor: string;
  readonly category: string;
  readonly hosts: readonly string[];
  readonly summary: string;
  readonly detail: string | null;
  readonly result: 'ok' | 'failed';
  readonly error: string | null;
}

/** A page of the journal; `nextBeforeSeq` asks for the next (older) page, null on the last. */
export interface JournalPage {
  readonly items: readonly JournalEntry[];
  readonly nextBeforeSeq: number | null;
}

export type HostKeyStatus = 'pending' | 'approved' | 'rejected' | 'replaced';

/** An SSH host key Vigie has seen (`GET /hostkeys`). */
export interface HostKey {
  readonly host: string;
  /** `SHA256:...` as `ssh-keygen -l` prints it. */
  readonly fingerprint: string;
  readonly algorithm: string;
  readonly address: string;
  readonly status: HostKeyStatus;
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
}

/** A security alert of the SSH layer (`GET /security-alerts`), e.g. a changed host key. */
export interface SecurityAlert {
  readonly id: string;
  readonly at: string;
  readonly kind: string;
  readonly host: string | null;
  /** The server's sentence (English); the UI says it again from `kind` and `details`. */
  readonly message: string;
  readonly details: unknown;
}
