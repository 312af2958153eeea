/** A destination in a directory of the Vigie host. */
import fs from 'node:fs';
import type { DestinationSettings } from '../policy-schema.js';
import type { DestinationOpener } from './destination-opener.js';

type LocalDestination = Extract<DestinationSettings, { type: 'local' }>;

export const localDestination: DestinationOpener<LocalDestination> = {
  open: async (_deps, settings, password) => ({ location: settings.path, password, cacheDir: undefined }),
  beforeInit: async (_deps, settings) => {
    fs.mkdirSync(settings.path, { recursive: true, mode: 0o700 });
  },
};
