import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../../test/support/cli-io.js';
import { type HttpSink, startHttpSink } from '../../test/support/http-sink.js';
import { createTestEnvironment, TEST_DIALECT, type TestEnvironment } from '../../test/support/test-store.js';
import { createCliContext } from '../cli/context.js';
import { exitCodeFor } from '../cli/exit-codes.js';
import { isAppError } from '../errors/app-error.js';
import { registerAlertingCommands } from './commands.js';

const TOKEN = 'ntfy-token-from-stdin-never-printed';

describe(`vigie alerts commands on ${TEST_DIALECT}`, () => {
  let environment: TestEnvironment;
  let sink: HttpSink;
  let configFile: string;

  /** `vigie alerts ...` as the CLI runs it (mounted here until the lead mounts it in src/cli/main.ts). */
  const vigie = async (argv: string[], stdin = '') => {
    const io = captureIo(stdin);
    const program = new Command('vigie').option('--data <dir>').exitOverride();
    program.configureOutput({ writeOut: io.out, writeErr: io.err });
    registerAlertingCommands(program, createCliContext(environment.env, io));
    let code = 0;
    try {
      await program.parseAsync(['node', 'vigie', ...argv]);
    } catch (error) {
      if (!isAppError(error)) throw error;
      io.err(`error: ${error.message}`);
      if (error.hint) io.err(`hint: ${error.hint}`);
      code = exitCodeFor(error.code);
    }
    return { code, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n') };
  };

  beforeAll(async () => {
    sink = await startHttpSink();
    environment = await createTestEnvironment();
    configFile = path.join(environment.dataDir, 'alerting.yaml');
    fs.writeFileSync(
      configFile,
      [
        'alerting:',
        '  channels:',
        '    - id: phone',
        '      kind: ntfy',
        `      server: ${sink.url('/')}`,
        '      topic: astreinte',
        '      token_secret: ntfy-token',
        '  routes:',
        '    - id: all',
        '      channels: [phone]',
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await environment?.cleanup();
    await sink?.close();
  });

  it('stores a secret from stdin, sends a test notification and shows the outbox', async () => {
    expect(await vigie(['alerts', 'check', '--config', configFile])).toMatchObject({
      code: 0,
      stdout: 'alerting configuration is valid: 1 channel(s), 1 route(s)',
    });
    const missing = await vigie(['alerts', 'test', 'phone', '--config', configFile]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('The notifier secret ntfy-token is not stored');
    expect(missing.stderr).toContain('hint: It stays in the outbox');

    expect((await vigie(['alerts', 'set-secret', 'ntfy-token'], `${TOKEN}\n`)).stdout).toBe(
      'stored notifier secret ntfy-token',
    );
    const sent = await vigie(['alerts', 'test', 'phone', '--config', configFile]);
    expect(sent.code).toBe(0);
    expect(sent.stdout).toMatch(
      /^queued test notification [0-9a-f]{32} to phone\nsent test notification to phone$/,
    );
    const request = sink.requests.at(-1);
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.body).toContain('Si vous lisez ceci, le canal fonctionne.');

    const outbox = await vigie(['alerts', 'outbox']);
    expect(outbox.stdout).toMatch(
      /→ phone \(retry, next attempt .*, 1 attempt\)\n {4}info test: Essai du canal phone\n {4}last error: .*not stored/,
    );
    const json = JSON.parse((await vigie(['alerts', 'outbox', '--status', 'all', '--json'])).stdout);
    expect(json.map((i: { status: string }) => i.status).sort()).toEqual(['retry', 'sent']);
    const everything = JSON.stringify(json) + sent.stdout + sent.stderr + outbox.stdout;
    expect(everything).not.toContain(TOKEN);
  });

  it('explains a bad configuration file with the field path', async () => {
    const bad = path.join(environment.dataDir, 'bad.yaml');
    fs.writeFileSync(
      bad,
      'alerting:\n  channels:\n    - id: hook\n      kind: webhook\n      url: "htp//nowhere"\n',
    );
    const result = await vigie(['alerts', 'check', '--config', bad]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${bad}: alerting.channels[0].url: "htp//nowhere" is not a valid URL`);
    // Without a file, the applied inventory's alerting section is used: here there is none.
    const none = await vigie(['alerts', 'test', 'hook']);
    expect(none.stderr).toContain('No alerting channel is called hook');
  });
});
