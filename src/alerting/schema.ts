/**
 * The `alerting:` configuration: channels (who can be told) and routes (who is told what, grouped how,
 * reminded how often, escalated to whom). `loadAlertingConfig` validates it once and freezes it.
 */
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import { formatFieldPath } from '../inventory/loading/field-path.js';
import { idSchema, quote, refSchema, uniqueWithin, withRules } from '../inventory/schema/common.js';
import { durationSchema } from '../inventory/schema/units.js';
import { channelSchema } from './channel-schema.js';

export const GROUP_BY_FIELDS = ['incident', 'check', 'object', 'host', 'customer', 'severity'] as const;
export type GroupByField = (typeof GROUP_BY_FIELDS)[number];

const routeKinds = z.enum([
  'incident_opened',
  'incident_acknowledged',
  'incident_resolved',
  'incident_reminder',
  'incident_escalated',
]);

const channelRefs = z.array(refSchema('a channel')).min(1);

export const routeMatchSchema = z.strictObject({
  /** Any of these severities. */
  severities: z
    .array(z.enum(['critical', 'warning', 'info']))
    .min(1)
    .optional(),
  /** The event carries at least one of these tags. */
  tags: z.array(z.string().trim().min(1)).min(1).optional(),
  /** Any of these hosts (inventory ids). */
  hosts: z.array(z.string().trim().min(1)).min(1).optional(),
  /** Any of these customers (organisation ids). */
  customers: z.array(z.string().trim().min(1)).min(1).optional(),
  /** Any of these event kinds, e.g. only openings and resolutions. */
  kinds: z.array(routeKinds).min(1).optional(),
});

export const escalationLevelSchema = z.strictObject({
  /** Time since the incident opened, still unacknowledged, before this level hears about it. */
  after: durationSchema,
  channels: channelRefs,
});

export const routeSchema = z.strictObject({
  id: idSchema,
  /** Every field given must match (a list matches any of its values); no `match` matches everything. */
  match: routeMatchSchema.default({}),
  channels: channelRefs,
  /** Events sharing these fields (and channel) within group_wait go out as one message. */
  group_by: z.array(z.enum(GROUP_BY_FIELDS)).default(['incident']),
  group_wait: durationSchema.default(0),
  /** While an incident stays open and unacknowledged, remind every so often. */
  repeat_interval: durationSchema.optional(),
  /** Who else hears about an unacknowledged incident, and when; `after` grows level by level. */
  escalation: z.array(escalationLevelSchema).default([]),
  /** Keep looking at the next routes after this one matched (first match wins otherwise). */
  continue: z.boolean().default(false),
});

export const alertingConfigSchema = withRules(
  z.strictObject({
    channels: z.array(channelSchema).default([]),
    routes: z.array(routeSchema).default([]),
    /** Where events go that no route matches; without it they are logged as unrouted. */
    default_channels: z.array(refSchema('a channel')).default([]),
  }),
  uniqueWithin('channels', 'id', 'the channel'),
  uniqueWithin('routes', 'id', 'the route'),
  (value, report) => {
    const channels = Array.isArray(value.channels) ? value.channels : [];
    const known = new Set(
      channels.map((c) => (c as { id?: unknown }).id).filter((id) => typeof id === 'string'),
    );
    const hint = known.size === 0 ? 'declare it under channels' : `known channels: ${[...known].join(', ')}`;
    const check = (path: (string | number)[], list: unknown) => {
      if (!Array.isArray(list)) return;
      list.forEach((ref, index) => {
        if (typeof ref === 'string' && !known.has(ref))
          report([...path, index], `no channel has the id ${quote(ref)}`, { hint });
      });
    };
    check(['default_channels'], value.default_channels);
    const routes = Array.isArray(value.routes) ? value.routes : [];
    routes.forEach((route: unknown, r) => {
      if (typeof route !== 'object' || route === null) return;
      const { channels: routeChannels, escalation } = route as { channels?: unknown; escalation?: unknown };
      check(['routes', r, 'channels'], routeChannels);
      if (!Array.isArray(escalation)) return;
      let previous = -1;
      escalation.forEach((level: unknown, l) => {
        if (typeof level !== 'object' || level === null) return;
        const { after, channels: levelChannels } = level as { after?: unknown; channels?: unknown };
        check(['routes', r, 'escalation', l, 'channels'], levelChannels);
        if (typeof after === 'number') {
          if (after <= previous)
            report(
              ['routes', r, 'escalation', l, 'after'],
              'each escalation level must come after the previous one',
              {
                hint: 'order the levels by their delay, e.g. 15m then 1h',
              },
            );
          previous = after;
        }
      });
    });
  },
);

export type AlertingConfig = z.output<typeof alertingConfigSchema>;
export type RouteConfig = AlertingConfig['routes'][number];

export interface ConfigProblem {
  readonly path: string;
  readonly message: string;
  readonly hint?: string | undefined;
}

/**
 * Validates the parsed `alerting:` section (from YAML or JSON) and freezes it. A problem is a
 * CONFIG_INVALID error listing each field path, e.g. `alerting.channels[0].url: "x" is not a valid URL`.
 */
export function loadAlertingConfig(raw: unknown, source = 'alerting'): AlertingConfig {
  const result = alertingConfigSchema.safeParse(raw ?? {});
  if (result.success) return deepFreeze(result.data);
  const problems: ConfigProblem[] = result.error.issues.map((issue) => {
    const path = formatFieldPath([source, ...issue.path]);
    const params = (issue as { params?: { hint?: unknown } }).params;
    const hint = typeof params?.hint === 'string' ? params.hint : undefined;
    return { path, message: issue.message, ...(hint === undefined ? {} : { hint }) };
  });
  const lines = problems.map((p) => `${p.path}: ${p.message}${p.hint === undefined ? '' : ` (${p.hint})`}`);
  throw new AppError('CONFIG_INVALID', `Invalid alerting configuration:\n  ${lines.join('\n  ')}`, {
    hint: 'Fix the fields named above; docs/alerting.md shows a complete example.',
    details: problems,
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
