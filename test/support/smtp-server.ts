/**
 * A real SMTP server for tests: aiosmtpd (Debian's python3-aiosmtpd) on 127.0.0.1 and a free port,
 * writing each accepted message to a directory before it answers 250. It can require a login, and be
 * stopped and started again on the same port (an SMTP server that is down, then back).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './sshd.js';

/** Debian's interpreter: python3-aiosmtpd is installed for it, not for another python3 on PATH. */
const PYTHON = '/usr/bin/python3';

const SERVER_SCRIPT = `
import json, os, sys, time
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

host, port, outdir, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]

class Recorder:
    count = 0
    async def handle_DATA(self, server, session, envelope):
        Recorder.count += 1
        name = "%020d-%d-%06d.json" % (time.time_ns(), os.getpid(), Recorder.count)
        login = session.auth_data.decode() if isinstance(session.auth_data, bytes) else None
        record = {"mailFrom": envelope.mail_from, "rcptTos": envelope.rcpt_tos,
                  "data": envelope.content.decode("utf8", "replace"), "login": login}
        tmp = os.path.join(outdir, "." + name)
        with open(tmp, "w") as f:
            json.dump(record, f)
            f.flush()
            os.fsync(f.fileno())
        os.rename(tmp, os.path.join(outdir, name))
        return "250 Message accepted for delivery"

def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password
    return AuthResult(success=ok, handled=False, auth_data=auth_data.login if ok else None)

options = {}
if user:
    options = dict(authenticator=authenticator, auth_require_tls=False, auth_required=True)
# server_hostname: without it every connection waits on a reverse DNS lookup of this machine.
controller = Controller(Recorder(), hostname=host, port=port, server_hostname="vigie-test-smtp", **options)
controller.start()
print("ready", flush=True)
while True:
    time.sleep(3600)
`;

export interface SmtpMessage {
  readonly mailFrom: string;
  readonly rcptTos: readonly string[];
  /** The whole message as received: headers and body. */
  readonly data: string;
  /** The user who logged in, if the server required it. */
  readonly login: string | null;
  readonly messageId: string | undefined;
  readonly subject: string | undefined;
}

export interface SmtpServerFixture {
  readonly host: string;
  readonly port: number;
  /** Every message accepted so far, in order of arrival (across restarts). */
  messages(): SmtpMessage[];
  /** Waits until at least `count` messages have arrived. */
  waitForMessages(count: number, timeoutMs?: number): Promise<SmtpMessage[]>;
  /** Stops the server: connections are refused until `start()`. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its files. */
  close(): Promise<void>;
}

export interface SmtpServerOptions {
  /** Require this login (AUTH PLAIN/LOGIN, allowed without TLS on loopback). */
  readonly username?: string;
  readonly password?: string;
}

/** Starts the server; the caller must `close()` it. */
export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<SmtpServerFixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-smtp-'));
  const inbox = path.join(dir, 'inbox');
  fs.mkdirSync(inbox);
  const script = path.join(dir, 'smtp_server.py');
  fs.writeFileSync(script, SERVER_SCRIPT);
  const port = await freePort();
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    if (child !== undefined && child.exitCode === null) return;
    const spawned = spawn(
      PYTHON,
      [script, '127.0.0.1', String(port), inbox, options.username ?? '', options.password ?? ''],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = spawned;
    let stderr = '';
    spawned.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`aiosmtpd did not start: ${stderr}`)), 15_000);
      spawned.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      spawned.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`aiosmtpd exited with ${code}: ${stderr}`));
      });
    });
  };

  const stop = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });
  };

  const messages = (): SmtpMessage[] =>
    fs
      .readdirSync(inbox)
      .filter((name) => name.endsWith('.json') && !name.startsWith('.'))
      .sort()
      .map((name) => {
        const record = JSON.parse(fs.readFileSync(path.join(inbox, name), 'utf8')) as Omit<
          SmtpMessage,
          'messageId' | 'subject'
        >;
        const head = record.data.split(/\r?\n\r?\n/)[0] ?? '';
        return { ...record, messageId: header(head, 'Message-ID'), subject: header(head, 'Subject') };
      });

  await start();
  return {
    host: '127.0.0.1',
    port,
    messages,
    waitForMessages: async (count, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages();
        if (found.length >= count) return found;
        if (Date.now() > deadline) throw new Error(`expected ${count} messages, got ${found.length}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    stop,
    start,
    close: async () => {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A header's value, unfolded. */
function header(head: string, name: string): string | undefined {
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const match = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(unfolded);
  return match?.[1]?.trim();
}
