/** Who runs a command, as the audit trail records it. */
import os from 'node:os';

/** `cli:<operating-system user>`, the actor recorded for changes made from the command line. */
export function cliActor(env: NodeJS.ProcessEnv): string {
  try {
    return `cli:${os.userInfo().username}`;
  } catch {
    // A uid without a passwd entry (some containers) has no name: fall back to the environment, then the uid.
    return `cli:${env.USER || env.LOGNAME || `uid-${process.getuid?.() ?? 'unknown'}`}`;
  }
}
