/** The floor: `bare-prober.mjs`, a Node prober with no storage, states or alerts. */
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Peer, PeerContext } from './peer.js';

export async function startBarePeer(context: PeerContext): Promise<Peer> {
  const script = fileURLToPath(new URL('./bare-prober.mjs', import.meta.url));
  const child = spawn(process.execPath, [script, String(context.intervalMs), '-'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdin.end(context.urls.join('\n'));
  const seen = new Set<number>();
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    const id = Number(line.split(' ')[1]);
    // Only the first failure of an episode is an "alert"; a recovery clears it.
    if (!seen.has(id)) {
      seen.add(id);
      context.onAlert(id, Date.now());
    }
  });
  return {
    name: 'bare',
    pids: () => (child.pid === undefined ? [] : [child.pid]),
    stop: async () => {
      if (child.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}
