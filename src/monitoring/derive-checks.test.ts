import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadInventory } from '../inventory/load.js';
import type { DesiredObject } from '../inventory/model.js';
import { deriveChecks, formatCheckProblem } from './derive-checks.js';
import { reachAddressOf } from './topology.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../examples/gip-paca');

describe('checks derived from the gip-paca example', () => {
  let objects: DesiredObject[];
  beforeAll(async () => {
    const loaded = await loadInventory([EXAMPLE]);
    if (!loaded.ok) throw new Error(`example invalid: ${JSON.stringify(loaded.errors.slice(0, 2))}`);
    objects = [...loaded.objects];
  });
  const find = (kind: string, key: string) => {
    const object = objects.find((o) => o.kind === kind && o.key === key);
    if (object === undefined) throw new Error(`${kind}/${key} missing`);
    return object;
  };
  const withChecks = (kind: string, key: string, checks: unknown) =>
    objects.map((o) => (o.kind === kind && o.key === key ? { ...o, spec: { ...o.spec, checks } } : o));

  it('gives every website HTTP and TLS, every database a connection, every host ping (and SSH where it runs)', () => {
    const { checks, problems } = deriveChecks(objects);
    expect(problems).toEqual([]);
    const ids = checks.map((check) => check.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const website of objects.filter((o) => o.kind === 'website')) {
      expect(ids).toContain(`website/${website.key}/http`);
      expect(ids).toContain(`website/${website.key}/tls`);
    }
    const intranet = checks.find((check) => check.id === 'website/intranet/http');
    expect(intranet?.spec).toMatchObject({ url: 'https://intranet.gip-paca.test/', timeout: 10_000 });
    expect(intranet).toMatchObject({ host: 'host04', kind: 'http', objectName: 'Intranet' });
    const db03Address = reachAddressOf(find('vm', 'db03'));
    expect(checks.find((check) => check.id === 'database/opendata/postgres')?.spec).toMatchObject({
      host: db03Address,
      port: 5432,
      database: 'opendata',
    });
    expect(checks.find((check) => check.id === 'database/intranet/mysql')?.spec).toMatchObject({
      port: 3306,
    });
    for (const host of ['vm/db03', 'vm/host03', 'vm/host04', 'device/ecwan', 'device/virtualwan03']) {
      expect(ids).toEqual(expect.arrayContaining([`${host}/ping`, `${host}/ssh`]));
    }
    // A PDU answers ping but runs no SSH; a patch panel has no address at all.
    expect(ids).toContain('device/pdu-a/ping');
    expect(ids).not.toContain('device/pdu-a/ssh');
    expect(ids.some((id) => id.startsWith('device/patch-b12/'))).toBe(false);
    expect(deriveChecks(objects).checks).toEqual(checks);
  });

  it('judges the stored metrics of every VM and every metered device that runs SSH', () => {
    const { checks } = deriveChecks(objects);
    const metered = checks.filter((check) => check.kind === 'host_metrics');
    expect(metered.map((check) => check.id)).toEqual(
      expect.arrayContaining(['vm/db03/host_metrics', 'vm/host03/host_metrics', 'vm/host04/host_metrics']),
    );
    expect(metered.find((check) => check.id === 'vm/db03/host_metrics')).toMatchObject({
      host: 'db03',
      spec: { hostId: 'db03' },
      parents: ['vm/db03/ping'],
    });
    // A PDU is not read over SSH: no metrics to judge.
    expect(metered.some((check) => check.object === 'device/pdu-a')).toBe(false);
    for (const check of metered) expect(check.spec).toMatchObject({ hostId: check.object.split('/')[1] });
  });

  it('lets the inventory tune or disable the host_metrics check', () => {
    const tuned = deriveChecks(
      withChecks('vm', 'db03', { host_metrics: { interval: '5m', staleAfter: '20m' } }),
    );
    expect(tuned.problems).toEqual([]);
    expect(tuned.checks.find((check) => check.id === 'vm/db03/host_metrics')).toMatchObject({
      policy: { intervalMs: 300_000 },
      spec: { hostId: 'db03', staleAfter: 1_200_000 },
    });
    const disabled = deriveChecks(withChecks('vm', 'db03', { host_metrics: { disabled: true } }));
    expect(disabled.checks.map((check) => check.id)).not.toContain('vm/db03/host_metrics');
    // Added by kind on a website, it judges the website's host.
    const added = deriveChecks(withChecks('website', 'intranet', { load: { kind: 'host_metrics' } }));
    expect(added.checks.find((check) => check.id === 'website/intranet/load')?.spec).toMatchObject({
      hostId: 'host04',
    });
  });

  it('knows the topology: websites on their host, VMs on their hypervisor, everything behind ECWAN', () => {
    const { checks } = deriveChecks(objects);
    const parents = (id: string) => checks.find((check) => check.id === id)?.parents;
    expect(parents('website/intranet/http')).toEqual(['vm/host04/ping']);
    expect(parents('database/opendata/postgres')).toEqual(['vm/db03/ping']);
    expect(parents('vm/host04/ssh')).toEqual(['vm/host04/ping']);
    expect(parents('vm/host04/ping')).toEqual(['device/virtualwan04/ping', 'device/ecwan/ping']);
    expect(parents('device/virtualwan04/ping')).toEqual(['device/ecwan/ping']);
    expect(parents('device/pdu-a/ping')).toEqual(['device/ecwan/ping']);
    expect(parents('device/ecwan/ping')).toEqual([]);
    expect(parents('device/ecwan/ssh')).toEqual(['device/ecwan/ping']);
  });

  it('lets an object tune, disable and add checks, and tags tune many at once', () => {
    const tuned = withChecks('website', 'intranet', {
      http: {
        interval: '30s',
        retries: 3,
        recoveries: 2,
        timeout: '5s',
        path: '/health',
        expect: { status: 200, keyword: 'ok' },
      },
      tls: { disabled: true },
      smtp: { kind: 'tcp', port: 25 },
    });
    const { checks, problems } = deriveChecks(tuned, {
      interval: '2m',
      by_tag: { web: { ssh: { disabled: true } } },
    });
    expect(problems).toEqual([]);
    const http = checks.find((check) => check.id === 'website/intranet/http');
    expect(http?.spec).toMatchObject({
      url: 'https://intranet.gip-paca.test/health',
      status: 200,
      keyword: 'ok',
      timeout: 5000,
    });
    expect(http?.policy).toEqual({ intervalMs: 30_000, retries: 3, recoveries: 2 });
    expect(checks.find((check) => check.id === 'website/intranet/tls')).toBeUndefined();
    const smtp = checks.find((check) => check.id === 'website/intranet/smtp');
    expect(smtp).toMatchObject({ kind: 'tcp', host: 'host04', parents: ['vm/host04/ping'] });
    expect(smtp?.spec).toMatchObject({ host: reachAddressOf(find('vm', 'host04')), port: 25 });
    // check_defaults: 2 minutes for all; host03 and host04 carry the tag web, db03 does not.
    expect(checks.find((check) => check.id === 'website/observatoire/http')?.policy.intervalMs).toBe(120_000);
    const ids = checks.map((check) => check.id);
    expect(ids).not.toContain('vm/host03/ssh');
    expect(ids).toContain('vm/db03/ssh');
  });

  it('refuses a bad URL, regex or duration with the object, its source and the field, and keeps the other checks', () => {
    const broken = withChecks('website', 'intranet', {
      http: { url: 'not a url', regex: '(unclosed' },
      tls: { timeout: 'soon' },
      pop3: { port: 110 },
    });
    const { checks, problems } = deriveChecks(broken);
    const source = find('website', 'intranet').source;
    expect(problems.map(formatCheckProblem)).toEqual([
      `website/intranet (${source}) checks.pop3: There is no derived check named pop3: add kind: (tcp, http, tls, dns, ping, postgres, mysql, ssh, host_metrics, backup) to declare one`,
      `website/intranet (${source}) checks.http.url: Write a full http:// or https:// URL`,
      `website/intranet (${source}) checks.http.regex: Not a valid regular expression`,
      `website/intranet (${source}) checks.tls.timeout: "soon" is not a duration`,
    ]);
    const ids = checks.map((check) => check.id);
    expect(ids).not.toContain('website/intranet/http');
    expect(ids).toContain('website/orientation/http');
  });

  it('connects to the host address when told, still asking for the site by name (Host header, SNI)', () => {
    const { checks, problems } = deriveChecks(objects, {
      by_tag: { web: { http: { connect_to: 'host' }, tls: { connect_to: 'host' } } },
    });
    expect(problems).toEqual([]);
    const address = reachAddressOf(find('vm', 'host03'));
    expect(checks.find((check) => check.id === 'website/api-open-data/http')?.spec).toMatchObject({
      url: `https://${address}/status.php`,
      headers: { host: 'api.gip-paca.test' },
      keyword: 'api-open-data',
    });
    expect(checks.find((check) => check.id === 'website/api-open-data/tls')?.spec).toMatchObject({
      host: address,
      serverName: 'api.gip-paca.test',
    });
    const misplaced = deriveChecks(withChecks('vm', 'db03', { ping: { connect_to: 'host' } }));
    expect(misplaced.problems.map((problem) => problem.path)).toEqual(['checks.ping.connect_to']);
  });

  it('reports unknown option names and bad defaults as located problems', () => {
    const { problems } = deriveChecks(withChecks('vm', 'db03', { ping: { cont: 3 } }), { interval: 'often' });
    expect(problems.map(formatCheckProblem)).toEqual([
      'check_defaults check_defaults.interval: "often" is not a duration',
      `vm/db03 (${find('vm', 'db03').source}) checks.ping: Unrecognized key: "cont"`,
    ]);
  });
});
