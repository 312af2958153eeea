/**
 * Issue 4's "done when", on the rack lab: the example inventory (the lab's addresses) with an
 * `alerting:` section whose e-mail goes to a real local SMTP server and whose webhook to a local HTTP
 * sink, monitored in-process through `startMonitoring` (as `vigie serve` runs it) with 2 s intervals.
 * Stopping nginx on Host03 opens incidents, sends exactly one e-mail and one webhook call, shows in the
 * API, and resolves with a journal entry when nginx is back; cutting ECWAN gives one alert for ECWAN
 * and suppressed children labelled "unreachable because of ECWAN".
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labSetHostLink } from '../../lab/lab.js';
import { labHost } from '../../lab/topology.js';
import { startWeb, stopWeb } from '../../lab/web.js';
import { addUser } from '../../src/auth/users.js';
import { loadConfig } from '../../src/config/config.js';
import { createWebApp } from '../../src/http/app.js';
import type { VigieFastify } from '../../src/http/types.js';
import { applyInventory } from '../../src/inventory/apply.js';
import { parseInventorySources } from '../../src/inventory/load.js';
import type { DesiredObject } from '../../src/inventory/model.js';
import { listJournalEntries } from '../../src/journal/list-entries.js';
import { createLogger } from '../../src/log/logger.js';
import { type Monitoring, startMonitoring } from '../../src/monitoring/start-monitoring.js';
import type { CoreDeps } from '../../src/runtime/deps.js';
import { systemClock } from '../../src/time/clock.js';
import { sessionCookieOf } from '../http/web-fixture.js';
import { type HttpSink, startHttpSink } from '../support/http-sink.js';
import { labSkipReason, useLab } from '../support/lab.js';
import { type SmtpServerFixture, startSmtpServer } from '../support/smtp-server.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../support/test-store.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../examples/gip-paca');
const LAB_HOST_IDS = new Set(['ecwan', 'virtualwan03', 'virtualwan04', 'db03', 'host03', 'host04']);
const PASSWORD = 'correct horse battery staple';

interface IncidentView {
  checkId: string;
  host: string | null;
  status: string;
  alerted: boolean;
  unreachableBecauseOf: string | null;
  suppressedBy: string | null;
  durationMs: number;
}

/** The example's files, with the alerting section replaced by one pointing at the local servers. */
function exampleWith(alerting: string): DesiredObject[] {
  const sources = fs
    .readdirSync(EXAMPLE)
    .filter((name) => name.endsWith('.yaml') && name !== 'alerting.yaml')
    .map((name) => ({
      path: path.join(EXAMPLE, name),
      content: fs.readFileSync(path.join(EXAMPLE, name), 'utf8'),
    }));
  const loaded = parseInventorySources([
    ...sources,
    { path: path.join(EXAMPLE, 'lab-alerting.yaml'), content: alerting },
  ]);
  if (!loaded.ok) throw new Error(`inventory invalid: ${JSON.stringify(loaded.errors.slice(0, 3))}`);
  // Devices the lab does not build (the PDUs on the management network) are not checked. Host metrics
  // are not collected here (test/lab/metrics.test.ts does): their checks would stay UNKNOWN.
  return loaded.objects.map((object) => {
    if (object.kind === 'device' && !LAB_HOST_IDS.has(object.key)) {
      return { ...object, spec: { ...object.spec, checks: { ping: { disabled: true } } } };
    }
    if (object.kind === 'device' || object.kind === 'vm') {
      const checks = (object.spec.checks ?? {}) as Record<string, unknown>;
      return { ...object, spec: { ...object.spec, checks: { ...checks, host_metrics: { disabled: true } } } };
    }
    // No backup runs here either (test/backup and the backup lab test do): their checks would stay UNKNOWN.
    if (object.kind === 'database' || object.kind === 'website') {
      const checks = (object.spec.checks ?? {}) as Record<string, unknown>;
      return { ...object, spec: { ...object.spec, checks: { ...checks, backup: { disabled: true } } } };
    }
    return object;
  });
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(250);
  }
}

describe.skipIf(labSkipReason !== undefined)(
  `monitoring and alerting on the rack lab (${TEST_DIALECT})`,
  () => {
    const lab = useLab();
    let testStore: TestStore;
    let smtp: SmtpServerFixture;
    let sink: HttpSink;
    let deps: CoreDeps;
    let app: VigieFastify;
    let session: string;
    let monitoring: Monitoring | undefined;

    const incidents = async (state: 'open' | 'all'): Promise<IncidentView[]> => {
      const response = await app.inject({
        method: 'GET',
        url: `/api/v1/incidents?state=${state}&limit=200`,
        cookies: { vigie_session: session },
      });
      expect(response.statusCode).toBe(200);
      return (response.json() as { items: IncidentView[] }).items;
    };
    const checkStates = async (): Promise<
      Array<{ id: string; state: string; lastMessage: string | null }>
    > => {
      const response = await app.inject({
        method: 'GET',
        url: '/api/v1/checks',
        cookies: { vigie_session: session },
      });
      return (response.json() as { items: Array<{ id: string; state: string; lastMessage: string | null }> })
        .items;
    };
    const webhookEvents = () =>
      sink.requests.map(
        (request) =>
          JSON.parse(request.body) as {
            events: Array<{ kind: string; subject: { host?: string; checkId: string } }>;
          },
      );

    beforeAll(async () => {
      if (labSkipReason) return;
      smtp = await startSmtpServer();
      sink = await startHttpSink();
      testStore = await createTestStore();
      const config = loadConfig({
        ...testStore.env,
        VIGIE_OUTBOUND_ALLOW: '127.0.0.0/8,lab',
        VIGIE_LAB_DIR: lab.paths.dir,
      });
      deps = {
        config,
        store: testStore.store,
        clock: systemClock,
        logger: createLogger({ logLevel: 'silent' }),
      };
      // The lab's sites present self-signed certificates: trust them, as a provider trusts its own CA.
      const ca = ['host03', 'host04']
        .map((host) => fs.readFileSync(path.join(lab.paths.hostKeyDir(host as 'host03'), 'tls.crt'), 'utf8'))
        .join('\n');
      const alerting = `
alerting:
  channels:
    - { id: astreinte, kind: smtp, host: 127.0.0.1, port: ${smtp.port}, tls: none, from: vigie@calanques-infogerance.test, to: [astreinte@calanques-infogerance.test] }
    - { id: supervision, kind: webhook, url: "${sink.url('/hooks/vigie')}" }
  routes:
    - id: openings
      match: { severities: [critical], kinds: [incident_opened] }
      channels: [astreinte, supervision]
      group_by: [host]
      group_wait: 8s
    - id: resolutions
      match: { kinds: [incident_resolved] }
      channels: [supervision]
check_defaults:
  interval: 2s
  retries: 1
  by_tag:
    web:
      http: { connect_to: host, ca: ${JSON.stringify(ca)} }
      tls: { connect_to: host, ca: ${JSON.stringify(ca)} }
    databases:
      postgres: { user: ${lab.database.user}, password: ${lab.database.password}, database: ${lab.database.database} }
      mysql: { user: ${lab.database.user}, password: ${lab.database.password}, database: ${lab.database.database} }
`;
      await applyInventory(deps, { actor: 'test', objects: exampleWith(alerting) });
      app = await createWebApp(deps, { uiDir: '/nonexistent/vigie-ui' });
      await addUser(deps, {
        username: 'oncall',
        role: 'provider_engineer',
        password: PASSWORD,
        actor: 'test',
      });
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'oncall', password: PASSWORD },
      });
      session = sessionCookieOf(login);
      monitoring = await startMonitoring(deps, {
        deliveryPollMs: 200,
        followUpsMs: 1000,
        revisionPollMs: 1000,
      });
    }, 120_000);

    afterAll(async () => {
      await monitoring?.stop();
      await app?.close();
      await smtp?.close();
      await sink?.close();
      await testStore?.cleanup();
    });

    it('derives the checks of the example with its tunings and reaches every lab host', async () => {
      expect(monitoring?.monitor.problems()).toEqual([]);
      expect(monitoring?.alerting().channels.map((channel) => channel.id)).toEqual([
        'astreinte',
        'supervision',
      ]);
      // Everything the lab runs answers: no check is down before anything is broken.
      const states = await until('every check UP', 60_000, async () => {
        const views = await checkStates();
        return views.length > 0 && views.every((view) => view.state === 'up') ? views : undefined;
      }).catch(async (error: unknown) => {
        const stuck = (await checkStates()).filter((view) => view.state !== 'up');
        throw new Error(`${(error as Error).message}: ${JSON.stringify(stuck, null, 1)}`);
      });
      expect(states.map((view) => view.id)).toContain('website/api-open-data/http');
      expect(await incidents('open')).toEqual([]);
      expect(smtp.messages()).toEqual([]);
    }, 90_000);

    it('stopping nginx on Host03 opens incidents, sends one e-mail and one webhook call, and resolves with the journal', async () => {
      const host03 = labHost('host03');
      await lab.exclusively(async () => {
        // Timed from the stop itself: waiting for the lab to be free is not detection time.
        const stoppedAt = Date.now();
        await stopWeb(lab.paths, host03);
        try {
          const opened = await until('incidents for host03', 30_000, async () => {
            const open = (await incidents('open')).filter((incident) => incident.host === 'host03');
            return open.length >= 6 ? open : undefined;
          });
          // Within one interval plus the retry (2 s × 2), plus the probes' own time.
          expect(Date.now() - stoppedAt).toBeLessThan(20_000);
          expect(opened.map((incident) => incident.checkId).sort()).toEqual(
            ['api-open-data', 'observatoire', 'offre-formation'].flatMap((site) => [
              `website/${site}/http`,
              `website/${site}/tls`,
            ]),
          );
          const [mail] = await smtp.waitForMessages(1, 30_000);
          await until('the webhook call', 15_000, async () => (sink.requests.length >= 1 ? true : undefined));
          // Grouped by host: one message carries the six openings.
          await sleep(3_000);
          expect(smtp.messages()).toHaveLength(1);
          expect(mail?.rcptTos).toEqual(['astreinte@calanques-infogerance.test']);
          expect(mail?.data).toContain('offre-formation');
          expect(sink.requests).toHaveLength(1);
          const [call] = webhookEvents();
          expect(call?.events.map((event) => event.kind)).toEqual(Array(6).fill('incident_opened'));
          expect(new Set(call?.events.map((event) => event.subject.host))).toEqual(new Set(['host03']));
        } finally {
          await startWeb(lab.paths, host03);
        }
      });
      const resolved = await until('resolutions', 30_000, async () => {
        const all = (await incidents('all')).filter((incident) => incident.host === 'host03');
        return all.length >= 6 && all.every((incident) => incident.status === 'resolved') ? all : undefined;
      });
      expect(resolved.every((incident) => incident.durationMs > 0)).toBe(true);
      const journal = await until('journal entries', 10_000, async () => {
        const entries = await listJournalEntries(deps.store.db, { category: 'incident', host: 'host03' });
        return entries.length >= 6 ? entries : undefined;
      });
      expect(journal.every((entry) => entry.durationMs > 0)).toBe(true);
      expect(journal[0]?.summary).toMatch(/host03|Offre|Observatoire|API/i);
      // Resolutions go to the webhook; no second e-mail for the opening.
      await until('resolution webhooks', 15_000, async () =>
        webhookEvents().filter((body) => body.events.some((event) => event.kind === 'incident_resolved'))
          .length >= 6
          ? true
          : undefined,
      );
      expect(smtp.messages()).toHaveLength(1);
    }, 660_000);

    it('cutting ECWAN gives one alert for ECWAN and suppressed, labelled children', async () => {
      const before = { mails: smtp.messages().length, calls: sink.requests.length };
      await lab.exclusively(async () => {
        await labSetHostLink({ paths: lab.paths, log: () => {} }, { host: 'ecwan', state: 'down' });
        try {
          const open = await until('ECWAN and its children down', 60_000, async () => {
            const current = await incidents('open');
            const ecwan = current.find((incident) => incident.checkId === 'device/ecwan/ping');
            const children = current.filter((incident) => incident.host !== 'ecwan');
            return ecwan !== undefined && children.length >= 10 ? current : undefined;
          });
          await smtp.waitForMessages(before.mails + 1, 30_000);
          await sleep(10_000);
          const fresh = await incidents('open');
          const ecwan = fresh.filter((incident) => incident.host === 'ecwan');
          expect(ecwan.find((incident) => incident.checkId === 'device/ecwan/ping')?.alerted).toBe(true);
          const children = fresh.filter((incident) => incident.host !== 'ecwan');
          expect(children.length).toBeGreaterThanOrEqual(open.length - ecwan.length);
          for (const child of children) {
            expect(child, child.checkId).toMatchObject({ alerted: false, unreachableBecauseOf: 'ECWAN' });
          }
          // One e-mail and one webhook call, both about ECWAN only.
          const mails = smtp.messages().slice(before.mails);
          expect(mails).toHaveLength(1);
          expect(mails[0]?.data).toContain('ECWAN');
          const calls = webhookEvents().slice(before.calls);
          expect(calls).toHaveLength(1);
          expect(new Set(calls[0]?.events.map((event) => event.subject.host))).toEqual(new Set(['ecwan']));
          const listed = await checkStates();
          const child = listed.find((view) => view.id === 'website/intranet/http') as
            | { unreachableBecauseOf?: string | null }
            | undefined;
          expect(child?.unreachableBecauseOf).toBe('ECWAN');
        } finally {
          await labSetHostLink({ paths: lab.paths, log: () => {} }, { host: 'ecwan', state: 'up' });
        }
      });
      await until('everything resolved after ECWAN is back', 90_000, async () =>
        (await incidents('open')).length === 0 ? true : undefined,
      );
    }, 660_000);
  },
);
