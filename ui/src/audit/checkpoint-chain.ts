import type { CheckpointVerification } from '../api/types.js';
import type { ChainVerification } from './integrity-result.js';

/** A chain verified against a checkpoint, whichever chain it is. */
export type ChainCheckpointVerification = ChainVerification & Pick<CheckpointVerification, 'checkpoint'>;

/**
 * Which hash chain a checkpoint panel works on: the audit trail here, the intervention journal in
 * ui/src/journal/. The panel, its requests and its file names are the same for both.
 */

export interface CheckpointChain {
  /** Names test ids (`audit-checkpoints`) and downloaded files. */
  readonly id: 'audit' | 'journal';
  /** Signs a checkpoint (POST, 201 with the statement). */
  readonly createPath: string;
  /** Verifies the chain against a statement (POST `{ checkpoint }`). */
  readonly verifyPath: string;
  /** Query keys made stale by a new checkpoint (each is recorded in the audit trail). */
  readonly stalePrefixes: readonly string[];
  /** i18n keys of what differs between chains; the rest is under `checkpoint.`. */
  readonly texts: {
    readonly title: string;
    readonly explain: string;
    /** Plural (`count`, `formatted`): the checkpoint downloaded, with its length. */
    readonly created: string;
    /** Plural (`date`, `count`, `formatted`): the chain extends the checkpoint. */
    readonly extends: string;
    /** Plural (`count`, `formatted`): how long the verified chain is. */
    readonly chainLength: string;
  };
}

export const AUDIT_CHAIN: CheckpointChain = {
  id: 'audit',
  createPath: '/audit/checkpoint',
  verifyPath: '/audit/verify',
  stalePrefixes: ['/audit'],
  texts: {
    title: 'checkpoint.title',
    explain: 'checkpoint.explain',
    created: 'checkpoint.create.done',
    extends: 'checkpoint.verify.extends',
    chainLength: 'audit.chainLength',
  },
};
