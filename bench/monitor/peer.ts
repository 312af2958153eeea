/** What the harness needs from a peer under test (Vigie, Prometheus + blackbox_exporter, Uptime Kuma, bare). */
export interface PeerContext {
  readonly urls: readonly string[];
  readonly intervalMs: number;
  /** The peer reported target `id` down (an alert delivered, or a failed probe seen). */
  onAlert(id: number, at: number): void;
  log(line: string): void;
}

export interface Peer {
  readonly name: string;
  /** The processes whose CPU and memory are measured (their descendants included). */
  pids(): number[];
  /** Kills the peer hard and starts it again; resolves with the time it was started. */
  restart?(): Promise<number>;
  stop(): Promise<void>;
}
