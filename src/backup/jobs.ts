/**
 * Backups, verifications, drills and restores started from the web run in the background of
 * `vigie serve`: one at a time per source, with their progress readable while they run.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors/app-error.js';

/** What a background job does; route schemas list the same kinds. */
export const JOB_KINDS = ['backup', 'verify', 'drill', 'restore'] as const;

export interface JobView {
  readonly id: string;
  readonly kind: (typeof JOB_KINDS)[number];
  readonly source: string;
  readonly actor: string;
  readonly startedAt: string;
  /** What it is doing now, e.g. `offre_formation.pgdump`. */
  readonly stage: string;
  readonly bytes: number;
  /** Set when it ended: the run or drill it produced, or why it could not start. */
  readonly finishedAt: string | null;
  readonly result: { readonly runId?: string; readonly drillId?: string; readonly status: string } | null;
  readonly error: string | null;
}

type MutableJob = { -readonly [K in keyof JobView]: JobView[K] };

export interface JobProgress {
  report(stage: string, bytes: number): void;
}

/** Jobs of this process; finished ones stay listed for ten minutes. */
export class BackupJobs {
  readonly #jobs = new Map<string, MutableJob>();

  start(
    kind: JobView['kind'],
    source: string,
    actor: string,
    work: (progress: JobProgress) => Promise<NonNullable<JobView['result']>>,
  ): JobView {
    this.#forgetOld();
    const busy = [...this.#jobs.values()].find((job) => job.source === source && job.finishedAt === null);
    if (busy !== undefined) {
      throw new AppError(
        'CONFLICT',
        `${source} is already busy: a ${busy.kind} started at ${busy.startedAt}`,
        {
          hint: 'wait for it to end (its progress is under /backups/jobs)',
        },
      );
    }
    const job: MutableJob = {
      id: randomUUID(),
      kind,
      source,
      actor,
      startedAt: new Date().toISOString(),
      stage: 'starting',
      bytes: 0,
      finishedAt: null,
      result: null,
      error: null,
    };
    this.#jobs.set(job.id, job);
    const progress: JobProgress = {
      report: (stage, bytes) => {
        job.stage = stage;
        job.bytes = bytes;
      },
    };
    work(progress).then(
      (result) => {
        job.result = result;
        job.stage = 'done';
        job.finishedAt = new Date().toISOString();
      },
      (error: unknown) => {
        job.error = (error as Error).message;
        job.stage = 'failed';
        job.finishedAt = new Date().toISOString();
      },
    );
    return { ...job };
  }

  list(): JobView[] {
    this.#forgetOld();
    return [...this.#jobs.values()]
      .map((job) => ({ ...job }))
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  /** Resolves once no job runs (shutdown waits for them rather than cutting a backup). */
  async idle(): Promise<void> {
    while ([...this.#jobs.values()].some((job) => job.finishedAt === null)) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  #forgetOld(): void {
    const cutoff = Date.now() - 10 * 60_000;
    for (const [id, job] of this.#jobs) {
      if (job.finishedAt !== null && new Date(job.finishedAt).getTime() < cutoff) this.#jobs.delete(id);
    }
  }
}
