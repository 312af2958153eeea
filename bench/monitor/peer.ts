/** What the harness needs from a peer under test (Vigie, Prometheus + blackbox_exporter, Uptime Kuma, bare). */

/**
 * How an alert reached the bench: `delivered` (a notification received), `observed` (the peer's own
 * API or series, the default), or `printed` (a line on the peer's output, a fallback).
 */
export type AlertPath = 'delivered' | 'observed' | 'printed';

export interface PeerContext {
  readonly urls: readonly string[];
  readonly intervalMs: number;
  /**
   * The peer reported target `id` down (an alert delivered, or a failed probe seen); `printed` lines
   * count only when nothing came another way.
   */
  onAlert(id: number, at: number, path?: AlertPath): void;
  log(line: string): void;
}

/** Figures a peer adds to its row (open dashboards and their polls). */
export interface PeerExtra {
  readonly dashboards?: number;
  readonly overviewPolls?: number;
  readonly overviewNotModified?: number;
}

export interface Peer {
  readonly name: string;
  /** The processes whose CPU and memory are measured (their descendants included). */
  pids(): number[];
  /** Kills the peer hard and starts it again; resolves with the time it was started. */
  restart?(): Promise<number>;
  /** Called when the window closes: what the peer saw beyond the targets' figures. */
  extra?(): PeerExtra;
  /** Called when the window opens, so `extra` counts from there. */
  windowOpened?(): void;
  stop(): Promise<void>;
}
