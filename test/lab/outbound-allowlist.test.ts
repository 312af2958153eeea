/**
 * The outbound allowlist's `lab` entry against the real lab: while the lab is up its hosts are
 * reached through the guarded connection every SSH session uses; a marker that is not there refuses
 * before a packet is sent.
 */
import fs from 'node:fs';
import type net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { labHost } from '../../lab/topology.js';
import { loadConfig } from '../../src/config/config.js';
import { connectGuarded } from '../../src/net/guarded-connect.js';
import { createOutboundPolicy } from '../../src/net/outbound-policy.js';
import { labSkipReason, useLab } from '../support/lab.js';

function firstLine(socket: net.Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    socket.once('data', (data: Buffer) => {
      socket.destroy();
      resolve(data.toString('utf8').split('\n')[0] ?? '');
    });
    socket.once('error', reject);
  });
}

describe.skipIf(labSkipReason !== undefined)('the outbound allowlist and the rack lab', () => {
  const lab = useLab();

  it('reaches lab hosts through `lab` while the lab is up: its marker is there', async () => {
    expect(fs.readFileSync(lab.paths.upMarker, 'utf8')).toMatch(/^up since \d{4}-\d\d-\d\dT/);
    const config = loadConfig({ VIGIE_OUTBOUND_ALLOW: 'lab', VIGIE_LAB_DIR: lab.paths.dir });
    const policy = createOutboundPolicy(config.outboundAllow);
    for (const id of ['db03', 'host03', 'ecwan'] as const) {
      const socket = await connectGuarded(policy, {
        host: labHost(id).address,
        port: 22,
        purpose: `ssh ${id}`,
        timeoutMs: 3_000,
      });
      expect(await firstLine(socket)).toMatch(/^SSH-2\.0-OpenSSH/);
    }
  });

  it('refuses a lab host, although it answers, when the marker says the lab is down', async () => {
    const elsewhere = path.join(lab.paths.dir, 'not-this-lab', 'run', 'lab-up');
    const policy = createOutboundPolicy([`lab:${elsewhere}`]);
    await expect(
      connectGuarded(policy, { host: labHost('db03').address, port: 5432, purpose: 'postgresql db03' }),
    ).rejects.toMatchObject({
      code: 'OUTBOUND_REFUSED',
      message: expect.stringContaining('the rack lab is down (npm run lab:up)'),
    });
  });
});
