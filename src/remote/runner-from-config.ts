/** The SSH runner a process builds from its configuration: the master key, the outbound allowlist. */
import { createOutboundPolicy } from '../net/outbound-policy.js';
import type { CoreDeps } from '../runtime/deps.js';
import type { SshRunner } from './remote-host.js';
import { loadSecretBox } from './secret-box.js';
import { createSshRunner, type SshRunnerOptions } from './ssh-runner.js';

/** A runner over `deps`' store; the caller closes it (end of a CLI command, shutdown of `serve`). */
export function createRunnerFromConfig(deps: CoreDeps, options: SshRunnerOptions = {}): SshRunner {
  return createSshRunner(
    {
      ...deps,
      secretBox: loadSecretBox(deps.config),
      policy: createOutboundPolicy(deps.config.outboundAllow),
    },
    options,
  );
}
