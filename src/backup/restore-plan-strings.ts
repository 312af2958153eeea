/** Every word of the restore plan, per language (French by default): one place to read and translate. */
import type { ReportLanguage } from '../reports/strings.js';
import type { RetentionCounts } from './retention.js';

export interface RestorePlanStrings {
  readonly title: string;
  readonly noCustomer: string;
  readonly intro: string;
  readonly timesIn: (timeZone: string) => string;
  readonly summary: string;
  readonly summaryColumns: readonly [string, string, string, string, string, string];
  readonly disabled: string;
  readonly disabledIntro: string;
  readonly disabledColumns: readonly [string, string];
  readonly destinationsTitle: string;
  readonly destinationsColumns: readonly [string, string, string];
  readonly destinationType: (type: string) => string;
  readonly escrow: (destination: string) => string;
  readonly nothing: string;
  // One source.
  readonly protects: string;
  readonly what: (kind: string, name: string, detail: string) => string;
  readonly kindName: Readonly<Record<'postgresql' | 'mariadb' | 'files', string>>;
  readonly databaseDetail: (database: string, server: string, host: string) => string;
  readonly filesDetail: (host: string) => string;
  readonly paths: string;
  readonly excluded: string;
  readonly schedule: string;
  readonly retention: string;
  readonly retentionText: (counts: RetentionCounts) => string;
  readonly destinations: string;
  readonly copyOf: string;
  readonly rpo: string;
  readonly rpoText: (measured: string | null, target: string) => string;
  readonly rto: string;
  readonly rtoText: (restore: string, at: string, target: string) => string;
  readonly noDrillPassed: string;
  readonly drillsOff: string;
  readonly drills: string;
  readonly drillsText: (schedule: string, server: string) => string;
  readonly cannotRun: (problem: string) => string;
  readonly cannotRunBadge: string;
  readonly drillFailed: string;
  readonly state: Readonly<Record<'ok' | 'late' | 'none' | 'passed' | 'failed' | 'running', string>>;
  readonly runState: Readonly<Record<'running' | 'written' | 'verified' | 'failed' | 'pruned', string>>;
  readonly lastRuns: string;
  readonly runsColumns: readonly [string, string, string, string, string];
  readonly noRuns: string;
  readonly lastDrill: string;
  readonly drillSummary: (at: string, target: string, run: string) => string;
  readonly checksColumns: readonly [string, string, string];
  // How to restore.
  readonly howTo: string;
  readonly noVerified: string;
  readonly withVigie: string;
  readonly stepChoose: (source: string) => string;
  readonly latestVerified: (run: string, at: string) => string;
  readonly stepDryRun: string;
  readonly stepRestoreAside: string;
  readonly stepRestoreOrigin: string;
  readonly stepRestoreElsewhere: string;
  readonly stepFilesAside: string;
  readonly stepFilesOrigin: string;
  readonly withoutVigie: string;
  readonly manualIntro: string;
  readonly stepKey: (destination: string) => string;
  readonly stepSnapshots: string;
  readonly snapshotsOfRun: (run: string) => string;
  readonly stepGlobals: string;
  readonly stepUsers: string;
  readonly stepDumpPostgres: string;
  readonly stepDumpMariadb: string;
  readonly stepDumpFiles: string;
  readonly stepCleanup: string;
  readonly afterTitle: string;
  readonly afterTables: (tables: number) => string;
  readonly afterRowsColumns: readonly [string, string];
  readonly afterQuery: string;
  readonly afterApplication: string;
  readonly afterFiles: string;
  readonly afterJournal: string;
  readonly moreTables: (count: number) => string;
}

const FR: RestorePlanStrings = {
  title: 'Plan de restauration',
  noCustomer: 'Client non renseigné dans l’inventaire',
  intro:
    'Ce document est généré par Vigie à partir de l’inventaire et du catalogue des sauvegardes : il est à jour à la date de génération. Pour chaque service, il dit ce qui est sauvegardé, où, à quelle fréquence, comment restaurer pas à pas (avec Vigie et sans Vigie), et le point de reprise (RPO) et le temps de restauration (RTO) mesurés.',
  timesIn: (zone) => `Les heures sont celles du fuseau ${zone}.`,
  summary: 'Synthèse',
  summaryColumns: ['Source', 'Protège', 'Fréquence', 'RPO mesuré / cible', 'RTO (dernier exercice)', 'État'],
  disabled: 'Sources non sauvegardées',
  disabledIntro: 'Ces objets de l’inventaire ne sont volontairement pas sauvegardés :',
  disabledColumns: ['Source', 'Raison'],
  destinationsTitle: 'Destinations',
  destinationsColumns: ['Destination', 'Type', 'Emplacement'],
  destinationType: (type) =>
    type === 'local' ? 'dépôt restic local (hôte Vigie)' : `dépôt restic ${type.toUpperCase()}`,
  escrow: (destination) =>
    `La clé du dépôt ${destination} s’obtient par « vigie backup key-export ${destination} » (action journalisée dans l’audit) ; elle doit être conservée par le client hors des sauvegardes : sans elle, elles sont illisibles.`,
  nothing: 'Aucune source n’est sauvegardée : l’inventaire n’a pas de section backup.',
  protects: 'Ce qui est protégé',
  what: (kind, name, detail) => `${kind} ${name} — ${detail}`,
  kindName: { postgresql: 'Base PostgreSQL', mariadb: 'Base MariaDB', files: 'Fichiers' },
  databaseDetail: (database, server, host) => `base « ${database} » du serveur ${server}, hôte ${host}`,
  filesDetail: (host) => `sur l’hôte ${host}`,
  paths: 'Chemins',
  excluded: 'Exclus',
  schedule: 'Fréquence',
  retention: 'Conservation',
  retentionText: (c) =>
    `${c.daily} quotidienne(s), ${c.weekly} hebdomadaire(s), ${c.monthly} mensuelle(s), ${c.yearly} annuelle(s) ; la dernière sauvegarde vérifiée n’est jamais supprimée`,
  destinations: 'Destinations',
  copyOf: 'copie',
  rpo: 'RPO (point de reprise)',
  rpoText: (measured, target) =>
    measured === null ? `aucune sauvegarde vérifiée (cible ${target})` : `${measured} (cible ${target})`,
  rto: 'RTO (temps de restauration)',
  rtoText: (restore, at, target) => `${restore}, mesuré par l’exercice du ${at} sur ${target}`,
  noDrillPassed: 'aucun exercice de restauration réussi',
  drillsOff: 'pas d’exercice de restauration (fichiers : restauration vérifiée par lecture complète)',
  drills: 'Exercices',
  drillsText: (schedule, server) => `${schedule}, sur ${server}`,
  cannotRunBadge: 'NE PEUT PAS TOURNER',
  drillFailed: 'EXERCICE EN ÉCHEC',
  cannotRun: (problem) => `Cette source ne peut pas être sauvegardée telle que configurée : ${problem}`,
  state: {
    ok: 'OK',
    late: 'EN RETARD',
    none: 'AUCUNE',
    passed: 'RÉUSSI',
    failed: 'ÉCHEC',
    running: 'EN COURS',
  },
  runState: {
    running: 'EN COURS',
    written: 'ÉCRITE',
    verified: 'VÉRIFIÉE',
    failed: 'ÉCHEC',
    pruned: 'PURGÉE',
  },
  lastRuns: 'Dernières sauvegardes',
  runsColumns: ['Date', 'État', 'Taille', 'Durée', 'Identifiant'],
  noRuns: 'Aucune sauvegarde encore.',
  lastDrill: 'Dernier exercice de restauration',
  drillSummary: (at, target, run) => `Le ${at}, sur ${target}, de la sauvegarde ${run} :`,
  checksColumns: ['Contrôle', 'Résultat', 'Détail'],
  howTo: 'Restaurer pas à pas',
  noVerified:
    'Il n’existe encore aucune sauvegarde vérifiée de cette source : il n’y a rien de sûr à restaurer. Lancer « vigie backup run » puis régénérer ce document.',
  withVigie: 'Avec Vigie',
  stepChoose: (source) =>
    `Choisir la sauvegarde à restaurer (la plus récente vérifiée, ou une plus ancienne) dans le catalogue de ${source} :`,
  latestVerified: (run, at) => `Dernière sauvegarde vérifiée : ${run} (${at}).`,
  stepDryRun: 'Vérifier ce que la restauration ferait, sans rien modifier :',
  stepRestoreAside:
    'Restaurer dans une nouvelle base à côté de l’originale (sans risque), puis contrôler et basculer l’application :',
  stepRestoreOrigin:
    'Ou restaurer à l’origine, en remplaçant la base existante (destructif : confirmation explicite par --yes) :',
  stepRestoreElsewhere: 'Ou sur un autre serveur de base de données de l’inventaire :',
  stepFilesAside:
    'Restaurer les fichiers dans un répertoire à part sur l’hôte, pour comparer ou reprendre un fichier :',
  stepFilesOrigin:
    'Ou restaurer à leur emplacement d’origine (destructif : confirmation explicite par --yes) :',
  withoutVigie: 'Sans Vigie (procédure manuelle)',
  manualIntro:
    'Si Vigie n’est pas disponible, les sauvegardes restent lisibles avec les outils standards (Debian : restic, postgresql-client, mariadb-client, tar) et la clé du dépôt :',
  stepKey: (destination) =>
    `Indiquer à restic le dépôt et sa clé (la clé est celle exportée par « vigie backup key-export ${destination} » et conservée par le client) :`,
  stepSnapshots: 'Lister les instantanés de cette source :',
  snapshotsOfRun: (run) => `Instantanés de la dernière sauvegarde vérifiée (${run}) :`,
  stepGlobals: 'Recréer les rôles si le serveur est neuf (facultatif) :',
  stepUsers: 'Recréer les utilisateurs et leurs droits si le serveur est neuf (facultatif) :',
  stepDumpPostgres: 'Extraire l’archive, créer la base et la restaurer :',
  stepDumpMariadb: 'Créer la base et y rejouer le dump SQL :',
  stepDumpFiles:
    'Extraire l’archive tar (chemins relatifs à /) dans un répertoire de restauration sur l’hôte, puis remettre les fichiers en place :',
  stepCleanup: 'Effacer le fichier temporaire et la clé de la machine de restauration.',
  afterTitle: 'Après la restauration, vérifier',
  afterTables: (tables) =>
    `que les ${tables} table(s) sont présentes avec le nombre de lignes de la sauvegarde :`,
  afterRowsColumns: ['Table', 'Lignes à la sauvegarde'],
  afterQuery: 'que la requête de contrôle de l’inventaire renvoie vrai :',
  afterApplication:
    'que l’application qui utilise ces données fonctionne (connexion, pages principales, dernières saisies).',
  afterFiles: 'que les fichiers, leurs propriétaires et droits sont en place, et que le site répond.',
  afterJournal:
    'que la restauration figure au journal d’intervention (Vigie l’y inscrit ; à la main, l’y ajouter).',
  moreTables: (count) => `… et ${count} autre(s) table(s) (vigie backup runs --json)`,
};

const EN: RestorePlanStrings = {
  title: 'Restore plan',
  noCustomer: 'No customer in the inventory',
  intro:
    'Vigie generates this document from the inventory and the backup catalog: it is current as of its generation time. For each service it says what is backed up, where, how often, how to restore step by step (with Vigie and without it), and the measured recovery point (RPO) and recovery time (RTO).',
  timesIn: (zone) => `Times are in the ${zone} time zone.`,
  summary: 'Summary',
  summaryColumns: ['Source', 'Protects', 'Schedule', 'RPO measured / target', 'RTO (last drill)', 'State'],
  disabled: 'Sources not backed up',
  disabledIntro: 'These inventory objects are deliberately not backed up:',
  disabledColumns: ['Source', 'Reason'],
  destinationsTitle: 'Destinations',
  destinationsColumns: ['Destination', 'Type', 'Location'],
  destinationType: (type) =>
    type === 'local' ? 'local restic repository (Vigie host)' : `${type.toUpperCase()} restic repository`,
  escrow: (destination) =>
    `The key of repository ${destination} is printed by "vigie backup key-export ${destination}" (audited); the customer keeps it apart from the backups: without it they cannot be read.`,
  nothing: 'Nothing is backed up: the inventory has no backup section.',
  protects: 'What it protects',
  what: (kind, name, detail) => `${kind} ${name} — ${detail}`,
  kindName: { postgresql: 'PostgreSQL database', mariadb: 'MariaDB database', files: 'Files' },
  databaseDetail: (database, server, host) => `database "${database}" on server ${server}, host ${host}`,
  filesDetail: (host) => `on host ${host}`,
  paths: 'Paths',
  excluded: 'Excluded',
  schedule: 'Schedule',
  retention: 'Retention',
  retentionText: (c) =>
    `${c.daily} daily, ${c.weekly} weekly, ${c.monthly} monthly, ${c.yearly} yearly; the last verified backup is never deleted`,
  destinations: 'Destinations',
  copyOf: 'copy',
  rpo: 'RPO (recovery point)',
  rpoText: (measured, target) =>
    measured === null ? `no verified backup (target ${target})` : `${measured} (target ${target})`,
  rto: 'RTO (recovery time)',
  rtoText: (restore, at, target) => `${restore}, measured by the drill of ${at} on ${target}`,
  noDrillPassed: 'no restore drill passed',
  drillsOff: 'no restore drill (files: every backup is verified by a full read)',
  drills: 'Drills',
  drillsText: (schedule, server) => `${schedule}, on ${server}`,
  cannotRunBadge: 'CANNOT RUN',
  drillFailed: 'DRILL FAILED',
  cannotRun: (problem) => `This source cannot be backed up as configured: ${problem}`,
  state: { ok: 'OK', late: 'LATE', none: 'NONE', passed: 'PASSED', failed: 'FAILED', running: 'RUNNING' },
  runState: {
    running: 'RUNNING',
    written: 'WRITTEN',
    verified: 'VERIFIED',
    failed: 'FAILED',
    pruned: 'PRUNED',
  },
  lastRuns: 'Last backups',
  runsColumns: ['Date', 'State', 'Size', 'Duration', 'Id'],
  noRuns: 'No backup yet.',
  lastDrill: 'Last restore drill',
  drillSummary: (at, target, run) => `On ${at}, on ${target}, of backup ${run}:`,
  checksColumns: ['Check', 'Result', 'Detail'],
  howTo: 'How to restore, step by step',
  noVerified:
    'There is no verified backup of this source yet: nothing is safe to restore. Run "vigie backup run", then generate this document again.',
  withVigie: 'With Vigie',
  stepChoose: (source) =>
    `Choose the backup to restore (the newest verified one, or an older one) in the catalog of ${source}:`,
  latestVerified: (run, at) => `Newest verified backup: ${run} (${at}).`,
  stepDryRun: 'See what the restore would do, without changing anything:',
  stepRestoreAside:
    'Restore into a new database next to the original (no risk), then check it and switch the application:',
  stepRestoreOrigin:
    'Or restore to the origin, replacing the existing database (destructive: confirm with --yes):',
  stepRestoreElsewhere: 'Or onto another database server of the inventory:',
  stepFilesAside:
    'Restore the files into a separate directory on the host, to compare them or take one file back:',
  stepFilesOrigin: 'Or restore them where they were (destructive: confirm with --yes):',
  withoutVigie: 'Without Vigie (by hand)',
  manualIntro:
    'Should Vigie be unavailable, the backups remain readable with standard tools (Debian: restic, postgresql-client, mariadb-client, tar) and the repository key:',
  stepKey: (destination) =>
    `Point restic at the repository and its key (the key exported by "vigie backup key-export ${destination}", kept by the customer):`,
  stepSnapshots: 'List the snapshots of this source:',
  snapshotsOfRun: (run) => `Snapshots of the newest verified backup (${run}):`,
  stepGlobals: 'Recreate the roles if the server is new (optional):',
  stepUsers: 'Recreate the users and their grants if the server is new (optional):',
  stepDumpPostgres: 'Extract the archive, create the database and restore it:',
  stepDumpMariadb: 'Create the database and replay the SQL dump into it:',
  stepDumpFiles:
    'Extract the tar archive (paths relative to /) into a restore directory on the host, then put the files back:',
  stepCleanup: 'Delete the temporary file and the key from the restore machine.',
  afterTitle: 'After the restore, check',
  afterTables: (tables) => `that the ${tables} table(s) are there with the row counts of the backup:`,
  afterRowsColumns: ['Table', 'Rows at backup time'],
  afterQuery: "that the inventory's check query returns true:",
  afterApplication: 'that the application using this data works (login, main pages, latest entries).',
  afterFiles: 'that the files, their owners and modes are in place, and that the site answers.',
  afterJournal: 'that the restore is in the intervention journal (Vigie writes it; by hand, add it).',
  moreTables: (count) => `… and ${count} more table(s) (vigie backup runs --json)`,
};

export const RESTORE_PLAN_STRINGS: Readonly<Record<ReportLanguage, RestorePlanStrings>> = { fr: FR, en: EN };
