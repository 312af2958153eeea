/**
 * Counts the rows of each table in a mariadb-dump stream as it passes, so the counts recorded with a
 * MariaDB backup are exactly what the dump holds (mariadb-dump's own snapshot is not shareable, unlike
 * PostgreSQL's). It reads `INSERT INTO `t` VALUES (...),(...);` statements (rows on one line or one per line): strings are single-quoted
 * with backslash escapes, and a row is a parenthesised tuple at the statement's top level.
 */

const QUOTE = 0x27; // '
const BACKSLASH = 0x5c;
const OPEN = 0x28; // (
const CLOSE = 0x29; // )
const SEMICOLON = 0x3b;
const NEWLINE = 0x0a;
const PREFIX = Buffer.from('INSERT INTO `');
const VALUES = Buffer.from('` VALUES');

type Mode = 'line-start' | 'other-line' | 'prefix' | 'values' | 'string' | 'escape';

export class SqlRowCounter {
  readonly #counts = new Map<string, number>();
  #mode: Mode = 'line-start';
  /** While in `prefix`: the statement's first bytes, up to ` VALUES `. */
  #prefix: number[] = [];
  #table = '';
  #depth = 0;
  #rows = 0;

  /** Tables that exist but hold no rows appear with 0 when named here. */
  declareTables(tables: readonly string[]): void {
    for (const table of tables) if (!this.#counts.has(table)) this.#counts.set(table, 0);
  }

  push(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i += 1) {
      const byte = chunk[i] as number;
      switch (this.#mode) {
        case 'line-start':
          if (byte === PREFIX[0]) {
            this.#mode = 'prefix';
            this.#prefix = [byte];
          } else if (byte !== NEWLINE) {
            this.#mode = 'other-line';
          }
          break;
        case 'other-line':
          // Comments, DDL, LOCK/UNLOCK: nothing to count; a CREATE's strings never span lines here.
          if (byte === NEWLINE) this.#mode = 'line-start';
          break;
        case 'prefix':
          this.#prefix.push(byte);
          if (this.#prefix.length <= PREFIX.length && byte !== PREFIX[this.#prefix.length - 1]) {
            this.#mode = byte === NEWLINE ? 'line-start' : 'other-line';
          } else if (endsWith(this.#prefix, VALUES)) {
            // Rows follow on the same line (MySQL) or one per line (mariadb-dump 10.11).
            this.#table = tableName(this.#prefix);
            this.#mode = 'values';
            this.#depth = 0;
          } else if (this.#prefix.length > 4096) {
            this.#mode = 'other-line';
          }
          break;
        case 'values':
          if (byte === QUOTE) this.#mode = 'string';
          else if (byte === OPEN) this.#depth += 1;
          else if (byte === CLOSE) {
            this.#depth -= 1;
            if (this.#depth === 0) this.#rows += 1;
          } else if (byte === SEMICOLON && this.#depth === 0) {
            this.#counts.set(this.#table, (this.#counts.get(this.#table) ?? 0) + this.#rows);
            this.#rows = 0;
            this.#mode = 'other-line';
          }
          break;
        case 'string':
          if (byte === BACKSLASH) this.#mode = 'escape';
          else if (byte === QUOTE) this.#mode = 'values';
          break;
        case 'escape':
          this.#mode = 'string';
          break;
      }
    }
  }

  /** Rows per table, by table name, sorted. */
  counts(): Array<{ table: string; rows: number }> {
    return [...this.#counts.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([table, rows]) => ({ table, rows }));
  }
}

function endsWith(bytes: readonly number[], suffix: Uint8Array): boolean {
  if (bytes.length < suffix.length) return false;
  const offset = bytes.length - suffix.length;
  for (let i = 0; i < suffix.length; i += 1) if (bytes[offset + i] !== suffix[i]) return false;
  return true;
}

/** The table of `INSERT INTO `na``me` VALUES (`: backticks inside a name are doubled. */
function tableName(prefix: readonly number[]): string {
  const text = Buffer.from(prefix).toString('utf8');
  const match = /^INSERT INTO `((?:[^`]|``)*)`/.exec(text);
  return (match?.[1] ?? '').replaceAll('``', '`');
}
