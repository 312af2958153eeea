/** `vigie monitor` in a process of its own, for the kill-and-restart test: run with `node --import tsx`. */
import { main } from '../../src/cli/main.js';

process.exitCode = await main(['node', 'vigie', 'monitor', '--stats-every', '3600']);
