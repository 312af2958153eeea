/** The terminal as commands see it: output streams, whether a person is there, and a yes/no prompt. */
import readline from 'node:readline/promises';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readonly interactive: boolean;
  /** Asks a yes/no question; `false` when nobody can answer. */
  confirm(question: string): Promise<boolean>;
  /** Reads a line without echo is not portable; secrets come from the environment or stdin instead. */
  readLine(question: string): Promise<string>;
}

export function processIo(): CliIo {
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const ask = async (question: string): Promise<string> => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  };
  return {
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    interactive,
    confirm: async (question) => {
      if (!interactive) return false;
      const answer = (await ask(`${question} [y/N] `)).trim().toLowerCase();
      return answer === 'y' || answer === 'yes' || answer === 'o' || answer === 'oui';
    },
    readLine: ask,
  };
}
