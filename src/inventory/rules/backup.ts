/**
 * Rules on backups: destinations named by policies exist, and every database and website has a
 * backup that can run (a destination, an account on its server, paths) unless it says why not.
 */
import {
  type InventoryRule,
  type LocatedObject,
  listNames,
  recordsField,
  stringField,
} from './rule-context.js';

type Data = Readonly<Record<string, unknown>>;

function record(value: unknown): Data | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Data) : undefined;
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
}

const backupPolicies: InventoryRule = (context) => {
  const section = [...context.byKind('backup').values()][0];
  if (section === undefined) {
    // One warning for the whole inventory rather than one per database and website.
    const databases = context.byKind('database').size;
    const websites = context.byKind('website').size;
    if (databases + websites > 0) {
      context.reportGlobal(
        'warning',
        `nothing is backed up: ${databases} database(s) and ${websites} website(s), and no backup section`,
        {
          hint: 'add a backup: section with at least one destination (docs/backups.md); every database and website is then backed up every night',
        },
      );
    }
    return;
  }
  const config = section?.data ?? {};
  const declared = recordsField(config, 'destinations')
    .map((destination) => stringField(destination, 'id'))
    .filter((id): id is string => id !== undefined);
  const defaults = record(config.defaults) ?? {};
  const accounts = record(config.accounts) ?? {};
  const drillServers = record(config.drill_servers) ?? {};

  const seen = new Set<string>();
  recordsField(config, 'destinations').forEach((destination, index) => {
    const id = stringField(destination, 'id');
    if (id === undefined || section === undefined) return;
    if (seen.has(id))
      context.report(
        section,
        ['destinations', index, 'id'],
        'error',
        `the backup destination "${id}" is declared twice`,
      );
    seen.add(id);
  });

  const checkNamed = (
    object: LocatedObject,
    path: readonly (string | number)[],
    names: readonly string[],
  ): void => {
    names.forEach((name, index) => {
      if (declared.includes(name)) return;
      context.report(object, [...path, index], 'error', `no backup destination "${name}"`, {
        expected:
          declared.length === 0
            ? 'a destination declared in backup.destinations'
            : `one of ${listNames(declared)}`,
        hint: 'declare it under backup: destinations: with an id, a type (local or sftp) and a path',
      });
    });
  };
  if (section !== undefined)
    checkNamed(section, ['defaults', 'destinations'], strings(defaults.destinations) ?? []);

  const covered = (object: LocatedObject, noun: string): Data | undefined => {
    const own = record(object.data.backup) ?? {};
    if (own.disabled === true) {
      if (typeof own.reason !== 'string') {
        context.report(
          object,
          ['backup', 'disabled'],
          'warning',
          `backups of ${noun} are off without a reason`,
          {
            hint: 'write backup.reason: why (e.g. "rebuilt from the repository"), so that the restore plan says it',
          },
        );
      }
      return undefined;
    }
    const named = strings(own.destinations);
    if (named !== undefined) checkNamed(object, ['backup', 'destinations'], named);
    const destinations = named ?? strings(defaults.destinations) ?? declared.slice(0, 1);
    if (destinations.length === 0) {
      context.report(object, [], 'warning', `${noun} has no backup: no destination is declared`, {
        hint: 'declare one under backup: destinations: (e.g. { id: local, type: local, path: /var/lib/vigie/backups }), or write backup: { disabled: true, reason: ... }',
      });
      return undefined;
    }
    return own;
  };

  for (const database of context.byKind('database').values()) {
    const noun = `the database ${database.key}`;
    if (covered(database, noun) === undefined) continue;
    const server = stringField(database.data, 'server');
    const engine = stringField(database.data, 'engine');
    if (server !== undefined && record(accounts[server]) === undefined) {
      context.report(
        database,
        ['server'],
        'warning',
        `${noun} cannot be dumped: no backup account on its server ${server}`,
        {
          hint: `add backup: accounts: ${server}: { user: ..., password_secret: ... } (store the password with vigie backup set-password)`,
        },
      );
    }
    if (engine !== undefined && typeof drillServers[engine] !== 'string') {
      context.report(
        database,
        ['engine'],
        'warning',
        `${noun} has no restore drills: no ${engine} drill server`,
        {
          hint: `name one under backup: drill_servers: ${engine}: (a ${engine} service where scratch databases may be created)`,
        },
      );
    }
  }
  for (const website of context.byKind('website').values()) {
    const own = covered(website, `the website ${website.key}`);
    if (own === undefined) continue;
    if (strings(own.paths) === undefined && stringField(website.data, 'document_root') === undefined) {
      context.report(website, [], 'warning', `the website ${website.key} has no files to back up`, {
        hint: 'give it a document_root, or list backup.paths',
      });
    }
  }
  for (const vm of context.byKind('vm').values()) {
    if (record(vm.data.backup) !== undefined) covered(vm, `the VM ${vm.key}`);
  }
};

export const backupRules: readonly InventoryRule[] = [backupPolicies];
