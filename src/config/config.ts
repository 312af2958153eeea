/** Vigie's runtime configuration: read once from the environment and flags, validated, frozen. */
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import { expandLabEntry, LAB_ENTRY } from '../net/lab-marker.js';
import { outboundEntryProblem } from '../net/outbound-entry.js';

const portSchema = z.coerce
  .number({ error: 'must be a port number from 0 to 65535' })
  .int('must be a whole port number')
  .min(0, 'must be a port number from 0 to 65535')
  .max(65535, 'must be a port number from 0 to 65535');

const configSchema = z.object({
  dataDir: z.string().min(1),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  host: z.string().min(1),
  port: portSchema,
  timeZone: z.string().refine(isKnownTimeZone, 'is not an IANA time zone such as Europe/Paris'),
  /** Networks (CIDR) and host names every outbound connection must match. */
  outboundAllow: z.array(z.string().min(1)).superRefine((entries, context) => {
    for (const entry of entries) {
      const problem = outboundEntryProblem(entry);
      if (problem !== undefined) context.addIssue({ code: 'custom', message: `'${entry}' ${problem}` });
    }
  }),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  /** Set when Vigie runs behind TLS (directly or through a proxy): cookies get `Secure`. */
  secureCookies: z.boolean(),
  /** The Ed25519 private key (PEM) that signs audit checkpoints; created on first use. */
  auditKeyFile: z.string().min(1),
  /** The master key (32 bytes, base64) that seals stored secrets; when absent, `masterKeyFile` holds it. */
  masterKey: z.string().min(1).optional(),
  masterKeyFile: z.string().min(1),
  /** Default SSH user for hosts whose inventory names none. */
  sshUser: z.string().min(1),
  /** Default stored SSH key name for hosts whose inventory names none. */
  sshKey: z.string().min(1),
  /** Seconds between two metric readings of a host in `vigie serve`; 0 turns collection off. */
  metricsIntervalSeconds: z.coerce
    .number({ error: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .refine((seconds) => seconds === 0 || (seconds >= 10 && seconds <= 86_400), {
      message: 'must be 0 (off) or from 10 to 86400 seconds',
    }),
  /** Whether `vigie serve` runs monitoring and alert delivery (off for a separate `vigie monitor` process). */
  monitor: z.enum(['0', '1'], { error: 'must be 1 (on) or 0 (off)' }).transform((value) => value === '1'),
  /** Where `vigie updates import-feed` reads the Debian security tracker JSON: a file path or an http(s) URL. */
  securityFeed: z.string().min(1).optional(),
});

export type VigieConfig = Readonly<z.infer<typeof configSchema>>;

export interface ConfigOverrides {
  readonly dataDir?: string | undefined;
  readonly databaseUrl?: string | undefined;
  readonly host?: string | undefined;
  readonly port?: string | number | undefined;
}

/** Where each field comes from, so an error names the variable to fix. */
const sourceByField: Record<string, string> = {
  dataDir: '--data / VIGIE_DATA_DIR',
  databaseUrl: 'VIGIE_DATABASE_URL',
  host: '--host / VIGIE_HOST',
  port: '--port / VIGIE_PORT',
  timeZone: 'VIGIE_TIME_ZONE',
  outboundAllow: 'VIGIE_OUTBOUND_ALLOW',
  logLevel: 'VIGIE_LOG_LEVEL',
  secureCookies: 'VIGIE_SECURE_COOKIES',
  auditKeyFile: 'VIGIE_AUDIT_KEY_FILE',
  masterKey: 'VIGIE_MASTER_KEY',
  masterKeyFile: 'VIGIE_MASTER_KEY_FILE',
  sshUser: 'VIGIE_SSH_USER',
  sshKey: 'VIGIE_SSH_KEY',
  metricsIntervalSeconds: 'VIGIE_METRICS_INTERVAL',
  monitor: 'VIGIE_MONITOR',
  securityFeed: 'VIGIE_SECURITY_FEED',
};

export const DEFAULT_OUTBOUND_ALLOW = ['127.0.0.0/8', '::1/128', 'localhost'];

/** The audit signing key's file name inside the data directory, unless VIGIE_AUDIT_KEY_FILE says otherwise. */
export const AUDIT_KEY_FILE_NAME = 'audit-signing-key.pem';

/** Parses the configuration from `env` and command-line overrides; throws one error listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv, overrides: ConfigOverrides = {}): VigieConfig {
  const dataDir = path.resolve(overrides.dataDir ?? env.VIGIE_DATA_DIR ?? './data');
  const raw = {
    dataDir,
    databaseUrl: emptyToUndefined(overrides.databaseUrl ?? env.VIGIE_DATABASE_URL),
    host: overrides.host ?? env.VIGIE_HOST ?? '127.0.0.1',
    port: overrides.port ?? env.VIGIE_PORT ?? 8080,
    timeZone: env.VIGIE_TIME_ZONE ?? 'Europe/Paris',
    outboundAllow: env.VIGIE_OUTBOUND_ALLOW
      ? env.VIGIE_OUTBOUND_ALLOW.split(',')
          .map((entry) => entry.trim())
          .filter((entry) => entry !== '')
          // `lab` means the lab of this machine: its marker lies under VIGIE_LAB_DIR, as the lab's does.
          .map((entry) => (entry === LAB_ENTRY ? expandLabEntry(env) : entry))
      : DEFAULT_OUTBOUND_ALLOW,
    logLevel: env.VIGIE_LOG_LEVEL ?? 'info',
    secureCookies: env.VIGIE_SECURE_COOKIES === '1' || env.VIGIE_SECURE_COOKIES === 'true',
    auditKeyFile: path.resolve(
      emptyToUndefined(env.VIGIE_AUDIT_KEY_FILE) ?? path.join(dataDir, AUDIT_KEY_FILE_NAME),
    ),
    masterKey: emptyToUndefined(env.VIGIE_MASTER_KEY),
    masterKeyFile: path.resolve(
      emptyToUndefined(env.VIGIE_MASTER_KEY_FILE) ?? path.join(dataDir, 'master.key'),
    ),
    sshUser: emptyToUndefined(env.VIGIE_SSH_USER) ?? 'root',
    sshKey: emptyToUndefined(env.VIGIE_SSH_KEY) ?? 'default',
    metricsIntervalSeconds: emptyToUndefined(env.VIGIE_METRICS_INTERVAL) ?? 60,
    monitor: emptyToUndefined(env.VIGIE_MONITOR) ?? '1',
    securityFeed: emptyToUndefined(env.VIGIE_SECURITY_FEED),
  };
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const field = String(issue.path[0] ?? '');
      const given = (raw as Record<string, unknown>)[field];
      const shown =
        field === 'databaseUrl' || field === 'masterKey' || typeof given === 'object'
          ? ''
          : ` (got ${JSON.stringify(given)})`;
      return `${sourceByField[field] ?? field}: ${issue.message}${shown}`;
    });
    throw new AppError('CONFIG_INVALID', `Invalid configuration:\n  ${problems.join('\n  ')}`, {
      hint: 'Fix the variables or flags named above; `vigie --help` lists them.',
      details: problems,
    });
  }
  return Object.freeze({
    ...parsed.data,
    outboundAllow: Object.freeze([...parsed.data.outboundAllow]),
  }) as VigieConfig;
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
