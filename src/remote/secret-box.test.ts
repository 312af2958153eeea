import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSecretBox, loadMasterKey, loadSecretBox } from './secret-box.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-box-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('secret box', () => {
  it('round-trips, and never shows the plaintext in the sealed text', () => {
    const box = createSecretBox(randomBytes(32));
    const sealed = box.seal('-----BEGIN OPENSSH PRIVATE KEY-----', 'secret:ops');
    expect(sealed).toMatch(new RegExp(`^v1\\.${box.keyId}\\.`));
    expect(sealed).not.toContain('OPENSSH');
    expect(box.open(sealed, 'secret:ops')).toBe('-----BEGIN OPENSSH PRIVATE KEY-----');
    expect(box.seal('x', 'a')).not.toBe(box.seal('x', 'a'));
  });

  it('refuses a tampered box, another name, and another key with clear errors', () => {
    const box = createSecretBox(randomBytes(32));
    const sealed = box.seal('secret value', 'secret:ops');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[4] ?? '', 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    const tampered = [...parts.slice(0, 4), body.toString('base64url')].join('.');
    expect(() => box.open(tampered, 'secret:ops')).toThrow(/altered/);
    expect(() => box.open(sealed, 'secret:other')).toThrow(/altered/);
    expect(() => box.open('garbage', 'secret:ops')).toThrow(/not a sealed secret/);
    expect(() => createSecretBox(randomBytes(32)).open(sealed, 'secret:ops')).toThrow(/another master key/);
  });

  it('creates the key file 0600 on first use and reuses it', () => {
    const file = path.join(tempDir(), 'data', 'master.key');
    const first = loadSecretBox({ masterKeyFile: file });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const second = loadSecretBox({ masterKeyFile: file });
    expect(second.keyId).toBe(first.keyId);
    expect(second.open(first.seal('x', 'n'), 'n')).toBe('x');
  });

  it('refuses a key file others can read, and a malformed key', () => {
    const dir = tempDir();
    const file = path.join(dir, 'master.key');
    fs.writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    expect(() => loadMasterKey({ masterKeyFile: file })).toThrow(/readable by other users \(mode 644\)/);
    fs.chmodSync(file, 0o600);
    fs.writeFileSync(file, 'too short');
    expect(() => loadMasterKey({ masterKeyFile: file })).toThrow(/does not hold 32 bytes/);
    expect(() => loadMasterKey({ masterKey: 'c2hvcnQ=', masterKeyFile: file })).toThrow(
      /VIGIE_MASTER_KEY must be 32 bytes/,
    );
  });

  it('prefers VIGIE_MASTER_KEY and creates no file then', () => {
    const key = randomBytes(32);
    const file = path.join(tempDir(), 'master.key');
    const box = loadSecretBox({ masterKey: key.toString('base64'), masterKeyFile: file });
    expect(box.keyId).toBe(createSecretBox(key).keyId);
    expect(fs.existsSync(file)).toBe(false);
  });
});
