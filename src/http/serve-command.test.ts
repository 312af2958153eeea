import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnvironment, TEST_DIALECT, type TestEnvironment } from '../../test/support/test-store.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/vigie.mjs');

/** A TCP server holding a free port on 127.0.0.1. */
async function occupyPort(): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Collects a child's output and resolves when `pattern` appears on stdout. */
function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs = 20_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`no ${pattern} within ${timeoutMs} ms; output so far: ${seen}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = pattern.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ${pattern}; output: ${seen}`));
    });
  });
}

describe(`vigie serve on ${TEST_DIALECT}`, () => {
  let environment: TestEnvironment | undefined;
  let child: ChildProcess | undefined;
  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, 'dist/src/cli/main.js'))) {
      spawnSync('npm', ['run', '--silent', 'build:server'], { cwd: ROOT, stdio: 'ignore' });
    }
  });
  afterEach(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    child = undefined;
    await environment?.cleanup();
    environment = undefined;
  });

  it('refuses a port in use with a clear error naming host:port, and exit code 3', async () => {
    environment = await createTestEnvironment();
    const holder = await occupyPort();
    try {
      const result = spawnSync(
        process.execPath,
        [BIN, 'serve', '--host', '127.0.0.1', '--port', String(holder.port)],
        {
          cwd: ROOT,
          env: environment.env,
          encoding: 'utf8',
          timeout: 30_000,
        },
      );
      expect(result.status).toBe(3);
      expect(result.stderr).toContain(
        `error: Cannot listen on 127.0.0.1:${holder.port}: the port is already in use.`,
      );
      expect(result.stderr).toContain('hint: ');
      expect(result.stderr).toContain('--port');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await holder.close();
    }
  });

  it('serves until SIGTERM, then stops cleanly with exit code 0', async () => {
    environment = await createTestEnvironment();
    child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { cwd: ROOT, env: environment.env });
    const [, url] = await waitForOutput(child, /Vigie is serving on (http:\/\/127\.0\.0\.1:\d+)/);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ok', store: TEST_DIALECT });

    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('Stopped.');
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
