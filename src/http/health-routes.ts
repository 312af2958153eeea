/** `/healthz` (the process answers) and `/readyz` (the store answers too): for supervisors and load balancers. */
import { sql } from 'kysely';
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import type { CoreDeps } from '../runtime/deps.js';
import type { VigieFastify } from './types.js';

const READY_TIMEOUT_MS = 3000;

export function healthRoutes(app: VigieFastify, deps: Pick<CoreDeps, 'store'>): void {
  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'The process is alive',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'The process can serve: its store answers a query (503 otherwise)',
        response: { 200: z.object({ status: z.literal('ok'), store: z.enum(['sqlite', 'postgres']) }) },
      },
    },
    async (request) => {
      try {
        await withTimeout(sql`select 1`.execute(deps.store.db), READY_TIMEOUT_MS);
      } catch (cause) {
        request.log.warn({ err: cause }, 'readiness check: the store does not answer');
        throw new AppError('STORE_UNAVAILABLE', 'Not ready: the store does not answer.', {
          hint: 'Check that the database is running and reachable; the server log has the cause.',
          cause,
        });
      }
      return { status: 'ok' as const, store: deps.store.dialect };
    },
  );
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
