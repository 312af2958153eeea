/**
 * Checkpoint statements as files, for the commands that write and read them (`vigie audit ...`,
 * `vigie journal ...`): a checkpoint is meant to be kept, so a file is never overwritten, and a bad
 * path is reported before anything is signed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors/app-error.js';

/** The text of a checkpoint file; `command` is the one that writes such files, for the hint. */
export function readCheckpointFile(file: string, command: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (cause) {
    throw new AppError(
      'BAD_INPUT',
      `Cannot read the checkpoint file ${file}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`,
      {
        hint: `Give the path of a checkpoint saved from \`${command}\`.`,
        cause,
      },
    );
  }
}

/** Checked before signing, so that a checkpoint is not recorded and then lost for a bad path. */
export function checkCheckpointFileWritable(file: string): void {
  if (fs.existsSync(file)) {
    throw new AppError('CONFLICT', `Refusing to overwrite ${file}`, {
      hint: 'Checkpoints are meant to be kept: choose a new file name, e.g. one with the date.',
    });
  }
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) {
    throw new AppError('BAD_INPUT', `Cannot write ${file}: the directory ${dir} does not exist`, {
      hint: 'Create the directory first, or choose another path.',
    });
  }
}

/** Writes a signed statement to a new file; on failure the error carries the statement to save by hand. */
export function writeCheckpointFile(file: string, json: string): void {
  try {
    fs.writeFileSync(file, json, { flag: 'wx' });
  } catch (cause) {
    throw new AppError(
      'BAD_INPUT',
      `The checkpoint was signed and recorded, but writing ${file} failed: ${(cause as Error).message}`,
      {
        hint: `Here it is, save it by hand:\n${json}`,
        cause,
      },
    );
  }
}
