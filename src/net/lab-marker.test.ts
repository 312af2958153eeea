import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { labPaths } from '../../lab/paths.js';
import { LAB_PREFIX } from '../../lab/topology.js';
import { loadConfig } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import { connectGuarded } from './guarded-connect.js';
import { DEFAULT_LAB_DIR, LAB_OUTBOUND_PREFIX, labUpMarkerFile } from './lab-marker.js';
import { createOutboundPolicy } from './outbound-policy.js';

let labDir: string;
let marker: string;

beforeEach(() => {
  labDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-lab-marker-'));
  marker = labUpMarkerFile(labDir);
});

afterEach(() => {
  fs.rmSync(labDir, { recursive: true, force: true });
});

function markUp(): void {
  fs.mkdirSync(path.dirname(marker), { recursive: true });
  fs.writeFileSync(marker, 'up\n');
}

function thrown(action: () => unknown): AppError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a refusal');
}

describe('the outbound allowlist entry `lab`', () => {
  it('admits the lab prefix only while the marker exists, judged at each connection', () => {
    const policy = createOutboundPolicy(['127.0.0.0/8', `lab:${marker}`]);
    expect(policy.allowsAddress('198.18.2.13')).toBe(false);
    markUp();
    expect(policy.allowsAddress('198.18.2.13')).toBe(true);
    expect(policy.allowsAddress('198.18.255.254')).toBe(true);
    expect(policy.allowsAddress('::ffff:198.18.1.13')).toBe(true);
    // Only the lab's range: its neighbours and the rest stay refused.
    for (const ip of ['198.19.0.1', '198.17.255.255', '10.0.0.1', '192.168.1.1']) {
      expect(policy.allowsAddress(ip), ip).toBe(false);
    }
    fs.rmSync(marker);
    expect(policy.allowsAddress('198.18.2.13')).toBe(false);
    expect(policy.allowsAddress('127.0.0.1')).toBe(true);
  });

  it('says the lab is down, and how to start it, when a lab address is refused', async () => {
    const policy = createOutboundPolicy([`lab:${marker}`]);
    const error = thrown(() => policy.checkAddress('198.18.2.13', 'ssh db03'));
    expect(error.code).toBe('OUTBOUND_REFUSED');
    expect(error.message).toBe(
      'Outbound connection to 198.18.2.13 refused for ssh db03: the rack lab is down (npm run lab:up)',
    );
    expect(error.hint).toContain(marker);
    expect(error.details).toMatchObject({ labMarkers: [marker], refusedAddresses: ['198.18.2.13'] });
    // A name that resolves into the lab is refused alike, and nothing is sent.
    const byName = createOutboundPolicy([`lab:${marker}`], {
      resolveAll: async () => [{ address: '198.18.1.13', family: 4 }],
    });
    await expect(byName.resolve('host03.lab.test', 'http check')).rejects.toThrow(/the rack lab is down/);
    await expect(
      connectGuarded(policy, { host: '198.18.2.13', port: 22, purpose: 'ssh db03' }),
    ).rejects.toThrow(/the rack lab is down/);
  });

  it('points at the entry when the allowlist does not name the lab', () => {
    const error = thrown(() =>
      createOutboundPolicy(['127.0.0.0/8']).checkAddress('198.18.1.14', 'ssh host04'),
    );
    expect(error.message).toContain('198.18.1.14 is outside the outbound allowlist');
    expect(error.hint).toContain(`${LAB_OUTBOUND_PREFIX} is the rack lab's range: add lab`);
    const elsewhere = thrown(() => createOutboundPolicy(['127.0.0.0/8']).checkAddress('10.1.1.1', 'x'));
    expect(elsewhere.hint).not.toContain('rack lab');
  });

  it('reads `lab` as the default lab, and refuses a relative marker path', () => {
    expect(createOutboundPolicy(['lab']).allowsAddress('198.18.0.2')).toBe(
      fs.existsSync(labUpMarkerFile(DEFAULT_LAB_DIR)),
    );
    expect(() => createOutboundPolicy(['lab:run/lab-up'])).toThrow(
      /'lab:run\/lab-up' is not a valid lab entry: expected lab:\/absolute\/path/,
    );
  });

  it('takes the lab of VIGIE_LAB_DIR when the configuration says `lab`', () => {
    const config = loadConfig({ VIGIE_OUTBOUND_ALLOW: '127.0.0.0/8, lab', VIGIE_LAB_DIR: labDir });
    expect(config.outboundAllow).toEqual(['127.0.0.0/8', `lab:${marker}`]);
    const policy = createOutboundPolicy(config.outboundAllow);
    expect(policy.allowsAddress('198.18.3.13')).toBe(false);
    markUp();
    expect(policy.allowsAddress('198.18.3.13')).toBe(true);
    expect(() => loadConfig({ VIGIE_OUTBOUND_ALLOW: 'lab:relative' })).toThrow(/not a valid lab entry/);
  });

  it('agrees with the lab on its prefix and marker file', () => {
    expect(LAB_OUTBOUND_PREFIX).toBe(LAB_PREFIX);
    expect(labPaths(labDir).upMarker).toBe(marker);
  });
});
