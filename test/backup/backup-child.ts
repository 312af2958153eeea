/** A backup run in a process of its own, for the kill -9 test: `node --import tsx backup-child.ts`. */
import { runBackup } from '../../src/backup/run-backup.js';
import { loadConfig } from '../../src/config/config.js';
import { openStore } from '../../src/store/store.js';
import { systemClock } from '../../src/time/clock.js';

const store = await openStore(loadConfig(process.env));
const view = await runBackup(
  { store, clock: systemClock },
  {
    kind: 'postgresql',
    source: 'database:killed',
    host: 'local',
    target: { host: '127.0.0.1', port: 5432, database: process.env.BACKUP_DATABASE ?? '', user: 'postgres' },
    globals: false,
  },
  { id: 'local', repo: { location: process.env.BACKUP_REPO ?? '', password: process.env.BACKUP_KEY ?? '' } },
  { trigger: 'manual', actor: 'test' },
);
process.stdout.write(`${view.status}\n`);
await store.close();
