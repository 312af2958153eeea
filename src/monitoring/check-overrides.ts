/**
 * How the inventory tunes derived checks: an object's `checks:` section (per check name: tune it,
 * disable it, or add a new one with `kind:`), and `check_defaults` (for every check, and by tag).
 * Scheduling fields are read here; every other field is an option of the check's kind, validated
 * by that kind's probe schema when the checks are derived.
 *
 * ```yaml
 * checks:
 *   http: { interval: 60s, timeout: 10s, retries: 3, path: /health, expect: { status: 200 } }
 *   tls: { disabled: true }
 *   smtp: { kind: tcp, port: 25 }        # a check of its own, named smtp
 * ```
 */
import { z } from 'zod';
import { slaSchema } from '../inventory/schema/sla.js';
import { httpExpectShape } from '../probes/http-expect.js';
import { durationMsSchema, isHostOrAddress } from '../probes/probe-spec.js';

/** Check names are written like inventory ids (`http`, `smtp`, `api-health`), or like a kind (`host_metrics`). */
export const CHECK_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;

/** The message of a check name that does not match CHECK_NAME_PATTERN. */
export const CHECK_NAME_MESSAGE = 'Check names are lowercase letters, digits, - and _';

/** The fields every check has besides its kind's options. */
export const scheduleShape = {
  /** Time between two runs (`30s`, `5m`). */
  interval: durationMsSchema.optional(),
  /** Failed results tolerated before DOWN: DOWN at the (retries + 1)th failure in a row. */
  retries: z.number().int().min(0).max(20).optional(),
  /** UP results in a row needed to be UP again after DOWN or DEGRADED. */
  recoveries: z.number().int().min(1).max(20).optional(),
};

/** One entry of an object's `checks:` section. */
export const checkOverrideSchema = z
  .looseObject({
    /** The kind of a check added by name (`smtp: { kind: tcp, port: 25 }`); the name itself otherwise. */
    kind: z.string().min(1).optional(),
    disabled: z.boolean().optional(),
    ...scheduleShape,
    /** For a derived http check: the path requested on the website's main domain. */
    path: z.string().startsWith('/', 'Write a path starting with /, e.g. /health').optional(),
    /** For a derived http check: what the response must show (status, keyword, regex, json). */
    expect: z.strictObject(httpExpectShape).optional(),
    /**
     * For http and tls checks: connect to this address instead of resolving the URL's name, still
     * asking for that name (Host header, TLS SNI and certificate name). `host` is the address of the
     * host the object sits on: what a provider needs before DNS points at the rack.
     */
    connect_to: z.string().refine(isHostOrAddress, 'Write host, an IP address or a host name').optional(),
  })
  .meta({ description: 'Tune, disable or add one check; other fields are options of its kind.' });

export type CheckOverride = z.infer<typeof checkOverrideSchema>;

/** An object's `checks:` section: check name → override. */
export const checkOverridesSchema = z
  .record(z.string().regex(CHECK_NAME_PATTERN, CHECK_NAME_MESSAGE), checkOverrideSchema)
  .meta({ description: 'Checks of this object: tune, disable, or add by name.' });

export type CheckOverrides = z.infer<typeof checkOverridesSchema>;

/** `check_defaults`: scheduling for every check, then `checks:` sections applied by tag. */
export const checkDefaultsSchema = z
  .strictObject({
    ...scheduleShape,
    by_tag: z
      .record(z.string().min(1), checkOverridesSchema)
      .meta({ description: 'Tag → checks section applied to every object with that tag.' })
      .optional(),
    /** The availability target of websites and databases that set none (read by the SLA report). */
    sla: slaSchema.optional(),
  })
  .meta({ description: 'Defaults for derived checks: scheduling, and tuning by tag.' });

export type CheckDefaults = z.infer<typeof checkDefaultsSchema>;

/** Fields of an override that are not options of the check's kind. */
export const NON_PROBE_FIELDS = [
  'kind',
  'disabled',
  'interval',
  'retries',
  'recoveries',
  'path',
  'expect',
  'connect_to',
];
