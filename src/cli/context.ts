/** What a command gets: the environment, the terminal, and the store opened from global options. */
import type { Command } from 'commander';
import { type ConfigOverrides, loadConfig, type VigieConfig } from '../config/config.js';
import { createLogger } from '../log/logger.js';
import type { CoreDeps } from '../runtime/deps.js';
import { systemClock } from '../time/clock.js';
import type { CliIo } from './io.js';

export interface CliContext {
  readonly env: NodeJS.ProcessEnv;
  readonly io: CliIo;
  /** The configuration from the environment and the global `--data` option, plus command overrides. */
  config(command: Command, overrides?: ConfigOverrides): VigieConfig;
  /** Opens the store, runs `work`, and closes the store whatever happens. */
  withDeps<T>(
    command: Command,
    work: (deps: CoreDeps) => Promise<T>,
    overrides?: ConfigOverrides,
  ): Promise<T>;
}

export function createCliContext(env: NodeJS.ProcessEnv, io: CliIo): CliContext {
  const config = (command: Command, overrides: ConfigOverrides = {}): VigieConfig => {
    const globals = command.optsWithGlobals<{ data?: string }>();
    return loadConfig(env, { dataDir: globals.data, ...overrides });
  };
  return {
    env,
    io,
    config,
    withDeps: async (command, work, overrides) => {
      const resolved = config(command, overrides);
      // Commands speak to people on stderr; the process log stays quiet unless asked.
      const logger = createLogger({ logLevel: env.VIGIE_LOG_LEVEL ? resolved.logLevel : 'warn' });
      // Loaded on first use: `--help` and `validate` need no database driver.
      const { openStore } = await import('../store/store.js');
      const store = await openStore(resolved);
      try {
        return await work({ config: resolved, store, clock: systemClock, logger });
      } finally {
        await store.close();
      }
    },
  };
}
