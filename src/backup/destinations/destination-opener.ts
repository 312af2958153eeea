/**
 * What each kind of backup destination provides: how to reach its restic repository. Adding a kind
 * (S3-compatible storage next) is one opener file plus its line in `openers.ts`.
 */
import type { CoreDeps } from '../../runtime/deps.js';
import type { ResticRepository } from '../restic.js';

export interface DestinationOpener<Settings> {
  /**
   * The repository, opened with `password`; throws a located AppError when the destination cannot be
   * reached safely (an unpinned host key, a refused address, a missing SSH key).
   */
  open(deps: CoreDeps, settings: Settings, password: string): Promise<ResticRepository>;
  /** What must exist before `restic init` can create the repository there. */
  beforeInit?(deps: CoreDeps, settings: Settings): Promise<void>;
}
