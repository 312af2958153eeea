/** The short form of a snapshot that history lists and the CLI's one-line report show. */
import type { HostFacts } from './model.js';

export interface FactsSummary {
  /** `Debian GNU/Linux 12 (bookworm)`. */
  readonly os: string;
  readonly kernel: string;
  readonly cores: number;
  readonly memoryBytes: number;
  /** The fullest filesystem: its mount point and the share of it in use (0 to 1). */
  readonly fullest: { readonly mountpoint: string; readonly usedRatio: number } | undefined;
  readonly listeningPorts: number;
  readonly services: number;
  readonly packages: number;
  readonly rebootRequired: boolean;
  readonly problems: number;
}

export function summarizeFacts(facts: HostFacts): FactsSummary {
  let fullest: FactsSummary['fullest'];
  for (const fs of facts.filesystems) {
    const usedRatio = usedRatioOf(fs);
    if (fullest === undefined || usedRatio > fullest.usedRatio)
      fullest = { mountpoint: fs.mountpoint, usedRatio };
  }
  return {
    os: facts.os.name,
    kernel: facts.kernel,
    cores: facts.cpu.cores,
    memoryBytes: facts.memory.totalBytes,
    fullest,
    listeningPorts: new Set(facts.listening.map((socket) => `${socket.protocol}/${socket.port}`)).size,
    services: facts.services.length,
    packages: facts.packages.length,
    rebootRequired: facts.reboot.required,
    problems: facts.problems.length,
  };
}

/** Used over what is usable, as `df` computes its percentage (the root reserve is not usable). */
export function usedRatioOf(fs: { readonly usedBytes: number; readonly availableBytes: number }): number {
  const usable = fs.usedBytes + fs.availableBytes;
  return usable > 0 ? fs.usedBytes / usable : 0;
}
