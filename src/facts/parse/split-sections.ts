/** Cuts the output of the facts script into its sections, and the helpers every section parser shares. */
import { FACT_SECTIONS, type FactSection, SECTION_MARKER } from '../gather-script.js';

export interface RawSection {
  readonly name: FactSection;
  readonly text: string;
  /** Exit status of the section's command as the script printed it; undefined when its line is missing. */
  readonly status: number | undefined;
  /** The start of the command's standard error, on one line. */
  readonly stderr: string;
}

export interface SplitOutput {
  readonly sections: ReadonlyMap<FactSection, RawSection>;
  /** Whether the closing `end` marker arrived: without it the output was cut short. */
  readonly complete: boolean;
}

const STATUS_LINE = /^status (\d+)(?: (.*))?$/;

/** Splits the script's output on its markers; lines before the first marker (a noisy login file) are ignored. */
export function splitSections(output: string): SplitOutput {
  const sections = new Map<FactSection, RawSection>();
  let complete = false;
  let current: { name: FactSection; lines: string[] } | undefined;
  let status: number | undefined;
  let stderr = '';
  const close = (): void => {
    if (current !== undefined)
      sections.set(current.name, { name: current.name, text: current.lines.join('\n'), status, stderr });
    current = undefined;
    status = undefined;
    stderr = '';
  };
  for (const line of output.split('\n')) {
    if (!line.startsWith(SECTION_MARKER)) {
      current?.lines.push(line);
      continue;
    }
    const rest = line.slice(SECTION_MARKER.length);
    const statusMatch = STATUS_LINE.exec(rest);
    if (statusMatch !== null && current !== undefined) {
      status = Number(statusMatch[1]);
      stderr = (statusMatch[2] ?? '').trim();
      close();
      continue;
    }
    close();
    if (rest === 'end') {
      complete = true;
      break;
    }
    if (isSection(rest)) current = { name: rest, lines: [] };
  }
  close();
  return { sections, complete };
}

function isSection(name: string): name is FactSection {
  return (FACT_SECTIONS as readonly string[]).includes(name);
}

/** Why a section could not be read; the facts assembly turns it into a `problems` entry. */
export class SectionUnreadable extends Error {
  override readonly name = 'SectionUnreadable';
}

/** A line of host output made safe to quote in a message: printable, on one line, at most 80 characters. */
export function quoteLine(line: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what must go.
  const printable = line.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, '?').trim();
  return JSON.stringify(printable.length > 80 ? `${printable.slice(0, 80)}…` : printable);
}

/** Non-empty lines of a section, trimmed at the end. */
export function linesOf(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '');
}

/**
 * Parses each line with `parseLine` (undefined = skip it, e.g. a header); lines it rejects are counted
 * and the first is quoted in the problem, while the readable ones are kept.
 */
export function parseLines<T>(
  text: string,
  parseLine: (line: string) => T | undefined | 'unreadable',
): { readonly items: T[]; readonly problem: string | undefined } {
  const items: T[] = [];
  const rejected: string[] = [];
  for (const line of linesOf(text)) {
    const parsed = parseLine(line);
    if (parsed === 'unreadable') rejected.push(line);
    else if (parsed !== undefined) items.push(parsed);
  }
  const first = rejected[0];
  const problem =
    first === undefined
      ? undefined
      : `${rejected.length} line${rejected.length === 1 ? '' : 's'} not understood, the first: ${quoteLine(first)}`;
  return { items, problem };
}

/** A whole number from text written only with digits, else undefined. */
export function wholeNumber(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,18}$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}
