/** Which routes an event follows, and the group key that decides which events share one message. */
import type { AlertEvent } from './model.js';
import type { AlertingConfig, GroupByField, RouteConfig } from './schema.js';

/** The route used for events no route matches, when `default_channels` is set. */
export const DEFAULT_ROUTE_ID = '(default)';

/** Routes matching `event`, in order: the first match, and the following ones while `continue` is set. */
export function matchRoutes(config: AlertingConfig, event: AlertEvent): RouteConfig[] {
  const matched: RouteConfig[] = [];
  for (const route of config.routes) {
    if (!routeMatches(route, event)) continue;
    matched.push(route);
    if (!route.continue) break;
  }
  if (matched.length === 0 && config.default_channels.length > 0) {
    matched.push({
      id: DEFAULT_ROUTE_ID,
      match: {},
      channels: [...config.default_channels],
      group_by: ['incident'],
      group_wait: 0,
      escalation: [],
      continue: false,
    });
  }
  return matched;
}

/** Whether every field of the route's `match` holds for `event`. */
export function routeMatches(route: RouteConfig, event: AlertEvent): boolean {
  const { severities, tags, hosts, customers, kinds } = route.match;
  const { subject } = event;
  if (severities !== undefined && !severities.includes(event.severity)) return false;
  if (kinds !== undefined && !(kinds as readonly string[]).includes(event.kind)) return false;
  if (tags !== undefined && !tags.some((tag) => subject.tags.includes(tag))) return false;
  if (hosts !== undefined && (subject.host === undefined || !hosts.includes(subject.host))) return false;
  if (customers !== undefined && (subject.customer === undefined || !customers.includes(subject.customer)))
    return false;
  return true;
}

/** `route|host=host03|severity=critical`: events with the same key on one channel may share a message. */
export function groupKeyOf(route: Pick<RouteConfig, 'id' | 'group_by'>, event: AlertEvent): string {
  const parts = route.group_by.map((field) => `${field}=${groupValue(field, event) ?? ''}`);
  return [route.id, ...parts].join('|');
}

function groupValue(field: GroupByField, event: AlertEvent): string | undefined {
  switch (field) {
    case 'incident':
      return event.incidentId;
    case 'check':
      return event.subject.checkId;
    case 'object':
      return event.subject.object;
    case 'host':
      return event.subject.host;
    case 'customer':
      return event.subject.customer;
    case 'severity':
      return event.severity;
  }
}

/**
 * The channels of a route for an event: its own channels, plus those of the escalation levels already
 * reached (so that whoever was escalated to also hears of the acknowledgement and the resolution).
 * An escalation event goes to its new level only.
 */
export function channelsFor(route: RouteConfig, event: AlertEvent, reachedLevel: number): string[] {
  if (event.kind === 'incident_escalated') {
    const level = route.escalation[(event.escalationLevel ?? 1) - 1];
    return level === undefined ? [] : [...level.channels];
  }
  const channels = [...route.channels];
  for (const level of route.escalation.slice(0, reachedLevel)) channels.push(...level.channels);
  return [...new Set(channels)];
}
