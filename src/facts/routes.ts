/**
 * The facts domain over HTTP, mounted under /api/v1: read a host's latest facts (or one of its history)
 * and its gathering history, gather now for one host or many. Gathering opens an SSH runner for the
 * request and closes it after: the web app keeps no connection to the hosts between requests.
 */
import { z } from 'zod';
import { AppError, type AppErrorCode } from '../errors/app-error.js';
import { changeContextOf } from '../http/request-context.js';
import type { VigieFastify } from '../http/types.js';
import { getInventoryObject } from '../inventory/service.js';
import { createRunnerFromConfig } from '../remote/runner-from-config.js';
import type { CoreDeps } from '../runtime/deps.js';
import {
  factsSummarySchema,
  hostFactsSchema,
  hostGatherResultSchema,
  lastAttemptSchema,
} from './api-schemas.js';
import { driftRoutes } from './drift/routes.js';
import { type GatherReport, gatherFacts, type HostGatherResult } from './gather.js';
import { factsAt, factsHistory, type GatherAttempt, lastAttempt, latestFacts } from './store.js';

const hostParams = z.strictObject({ host: z.string().min(1).max(200) });

export async function factsRoutes(app: VigieFastify, deps: CoreDeps): Promise<void> {
  await driftRoutes(app, deps);

  app.get(
    '/hosts/:host/facts',
    {
      config: { permission: 'hosts:read' },
      schema: {
        tags: ['facts'],
        summary: "A host's latest facts (or those gathered at `at`) and its last gathering attempt",
        description:
          '404 when the facts of this host were never gathered nor tried; `facts` is null when every attempt failed.',
        params: hostParams,
        querystring: z.strictObject({
          at: z.iso.datetime().optional().describe('an instant of the history: the snapshot gathered then'),
        }),
        response: {
          200: z.object({ facts: hostFactsSchema.nullable(), lastAttempt: lastAttemptSchema.nullable() }),
        },
      },
    },
    async (request) => {
      const { host } = request.params;
      const { at } = request.query;
      const facts =
        at === undefined
          ? await latestFacts(deps.store.db, host)
          : await factsAt(deps.store.db, host, new Date(at).toISOString());
      const attempt = await lastAttempt(deps.store.db, host);
      if (facts === undefined && (attempt === undefined || at !== undefined))
        throw await notGathered(deps, host, at);
      return { facts: facts ?? null, lastAttempt: attempt === undefined ? null : attemptView(attempt) };
    },
  );

  app.get(
    '/hosts/:host/facts/history',
    {
      config: { permission: 'hosts:read' },
      schema: {
        tags: ['facts'],
        summary: "A host's gatherings, newest first, in short form",
        params: hostParams,
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(20) }),
        response: {
          200: z.object({
            items: z.array(z.object({ gatheredAt: z.string(), summary: factsSummarySchema })),
          }),
        },
      },
    },
    async (request) => ({
      items: await factsHistory(deps.store.db, request.params.host, { limit: request.query.limit }),
    }),
  );

  app.post(
    '/hosts/:host/facts',
    {
      config: { permission: 'hosts:operate' },
      schema: {
        tags: ['facts'],
        summary: "Gather a host's facts now over SSH; the error says why when the host could not be read",
        params: hostParams,
        response: { 200: hostGatherResultSchema },
      },
    },
    async (request) => {
      const report = await gatherWithRunner(deps, [request.params.host], changeContextOf(request).actor);
      const [result] = report.hosts;
      if (result === undefined) throw new AppError('INTERNAL', 'The gathering returned no result');
      if (!result.ok) throw errorOf(result);
      return resultView(result);
    },
  );

  app.post(
    '/facts/gather',
    {
      config: { permission: 'hosts:operate' },
      schema: {
        tags: ['facts'],
        summary:
          'Gather the facts of these hosts (default: every VM, firewall, hypervisor and server), each on its own',
        body: z
          .strictObject({ hosts: z.array(z.string().min(1).max(200)).min(1).max(500).optional() })
          .default({}),
        response: { 200: z.object({ hosts: z.array(hostGatherResultSchema), durationMs: z.number() }) },
      },
    },
    async (request) => {
      const report = await gatherWithRunner(
        deps,
        request.body?.hosts ?? 'all',
        changeContextOf(request).actor,
      );
      return { hosts: report.hosts.map(resultView), durationMs: report.durationMs };
    },
  );
}

async function gatherWithRunner(
  deps: CoreDeps,
  hosts: readonly string[] | 'all',
  actor: string,
): Promise<GatherReport> {
  const runner = createRunnerFromConfig(deps);
  try {
    return await gatherFacts({ ...deps, runner }, hosts, { actor });
  } finally {
    await runner.close();
  }
}

function resultView(result: HostGatherResult) {
  return result.ok
    ? { host: result.host, ok: true, durationMs: result.durationMs, facts: result.facts }
    : {
        host: result.host,
        ok: false,
        durationMs: result.durationMs,
        error: { ...result.error, hint: result.error.hint ?? null },
      };
}

function attemptView(attempt: GatherAttempt) {
  return {
    attemptedAt: attempt.attemptedAt,
    actor: attempt.actor,
    ok: attempt.ok,
    durationMs: attempt.durationMs,
    error: attempt.error === undefined ? null : { ...attempt.error, hint: attempt.error.hint ?? null },
  };
}

/** The host's own error, as the API answers it (502 unreachable, 409 host key, 404 unknown host...). */
function errorOf(result: Extract<HostGatherResult, { ok: false }>): AppError {
  const { code, message, hint } = result.error;
  return new AppError(code as AppErrorCode, message, {
    ...(hint === undefined ? {} : { hint }),
    details: { host: result.host },
  });
}

async function notGathered(deps: CoreDeps, host: string, at: string | undefined): Promise<AppError> {
  const known =
    (await getInventoryObject(deps, 'vm', host)) ?? (await getInventoryObject(deps, 'device', host));
  if (known === undefined) {
    return new AppError('NOT_FOUND', `No VM or device named ${host} in the inventory`, {
      hint: 'Use the id of a VM or device, as the inventory lists them.',
      details: { host },
    });
  }
  if (at !== undefined) {
    return new AppError('NOT_FOUND', `No facts of ${host} were gathered at ${at}`, {
      hint: `Take an instant from GET /api/v1/hosts/${host}/facts/history.`,
      details: { host, at },
    });
  }
  return new AppError('NOT_FOUND', `The facts of ${host} were never gathered`, {
    hint: `Gather them now (POST /api/v1/hosts/${host}/facts, or vigie facts ${host}).`,
    details: { host },
  });
}
