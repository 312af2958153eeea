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
