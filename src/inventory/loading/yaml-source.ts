/** Reads a YAML file into plain data that remembers where each node was written, and reports syntax errors located. */
import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  type Pair,
  parseAllDocuments,
  type YAMLError,
} from 'yaml';
import type { InventoryProblem } from '../model.js';
import type { FieldPath } from './field-path.js';

export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/**
 * Which node a path designates: `value` the node at the path, `key` the key written for its last
 * segment (unknown keys), `parent` the mapping that should have held it (missing keys).
 */
export type LocateMode = 'value' | 'key' | 'parent';

/** One YAML document of a file, as data, with a way back to positions. */
export interface YamlDocumentView {
  readonly data: unknown;
  /** The position of the node at `path`, or of its nearest ancestor written in the file. */
  locate(path: FieldPath, mode?: LocateMode): SourcePosition;
  /** The text of the scalar at `path` as written (`0491000000`, where the data holds 491000000). */
  sourceText(path: FieldPath): string | undefined;
}

export interface YamlReadResult {
  /** Documents free of syntax errors; a file with errors contributes none of its data. */
  readonly documents: readonly YamlDocumentView[];
  readonly problems: readonly InventoryProblem[];
}

// Anchors and aliases are allowed, but an alias bomb is not: past this many aliases, refuse the file.
const MAX_ALIAS_COUNT = 100;

/** Parses every document of `content`; `file` names it in problems. */
export function readYaml(file: string, content: string): YamlReadResult {
  const lineCounter = new LineCounter();
  const parsedDocuments = parseAllDocuments(content, {
    lineCounter,
    prettyErrors: false,
    keepSourceTokens: true,
    merge: true,
    uniqueKeys: true,
  });
  const position = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: Math.max(line, 1), column: Math.max(col, 1) };
  };
  const problems: InventoryProblem[] = [];
  const documents: YamlDocumentView[] = [];
  for (const document of Array.from(parsedDocuments)) {
    for (const warning of document.warnings) problems.push(syntaxProblem(file, warning, position, 'warning'));
    for (const error of document.errors) problems.push(syntaxProblem(file, error, position, 'error'));
    // A duplicate key leaves a readable document (the last value wins): keep validating it so that
    // its other problems show in the same run. Any other syntax error makes the data unreliable.
    if (document.errors.some((error) => error.code !== 'DUPLICATE_KEY')) continue;
    let data: unknown;
    try {
      data = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      // toJS throws on alias bombs and unresolvable aliases: both are the file's fault, not ours.
      const at = position(document.contents?.range?.[0] ?? 0);
      problems.push({
        severity: 'error',
        file,
        ...at,
        path: '',
        message: `the YAML cannot be read: ${error instanceof Error ? error.message : String(error)}`,
        hint: 'check the anchors (&name) and aliases (*name) of this document',
      });
      continue;
    }
    documents.push({
      data,
      locate: (path, mode = 'value') => position(offsetOf(document, path, mode)),
      sourceText: (path) => {
        const node = nodeAt(document, path);
        return node && isScalar(node) && typeof node.source === 'string' ? node.source : undefined;
      },
    });
  }
  return { documents, problems };
}

const SYNTAX_HINTS: Partial<Record<YAMLError['code'], string>> = {
  TAB_AS_INDENT: 'indent with spaces; YAML does not allow tabs for indentation',
  DUPLICATE_KEY: 'this key is already set above in the same mapping; keep one',
  BAD_INDENT: 'align this line with the other keys of its mapping',
  MISSING_CHAR: 'a bracket, quote, comma or colon is missing',
  MULTILINE_IMPLICIT_KEY: 'a key is probably missing its colon, or a quoted value its closing quote',
  BLOCK_AS_IMPLICIT_KEY: 'a key is probably missing its colon, or is indented too far',
  UNEXPECTED_TOKEN: 'check the indentation and the "key: value" syntax here and on the line above',
  BAD_SCALAR_START: 'put the value in quotes: values starting with @, `, %, |, > need them',
  BAD_DQ_ESCAPE: 'in double quotes, write a backslash as \\\\, or use single quotes',
  MULTIPLE_DOCS: 'split the documents with a line holding only ---',
};

function syntaxProblem(
  file: string,
  error: YAMLError,
  position: (offset: number) => SourcePosition,
  severity: 'error' | 'warning',
): InventoryProblem {
  const hint = SYNTAX_HINTS[error.code];
  return {
    severity,
    file,
    ...position(error.pos[0]),
    path: '',
    message: `YAML syntax: ${lowerFirst(error.message.replace(/\s+at line \d+, column \d+.*$/s, ''))}`,
    ...(hint === undefined ? {} : { hint }),
  };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

interface Step {
  readonly node: Node;
  readonly pair?: Pair | undefined;
}

/** The offset of the node a path designates; falls back to the nearest ancestor that exists. */
function offsetOf(document: Document, path: FieldPath, mode: LocateMode): number {
  const root = document.contents;
  const steps: Step[] = root ? [{ node: root }] : [];
  let current: Node | null = root;
  for (const segment of path) {
    const next = current ? childOf(document, current, segment) : undefined;
    if (!next) break;
    steps.push(next);
    current = next.node;
  }
  const complete = steps.length === path.length + 1;
  if (complete && mode === 'key') {
    const key = steps.at(-1)?.pair?.key;
    if (key && isScalar(key) && key.range) return key.range[0];
  }
  if (complete && mode === 'parent' && steps.length >= 2) return startOf(steps[steps.length - 2]);
  if (!complete && mode === 'parent' && steps.length === path.length) return startOf(steps.at(-1));
  return startOf(steps.at(-1));
}

function nodeAt(document: Document, path: FieldPath): Node | undefined {
  let current: Node | null | undefined = document.contents;
  for (const segment of path) current = current ? childOf(document, current, segment)?.node : undefined;
  return current ?? undefined;
}

function startOf(step: Step | undefined): number {
  if (!step) return 0;
  const value = step.node;
  // An empty value (`memory:`) has no useful range of its own: point at its key.
  if (isScalar(value) && value.value === null && step.pair?.key && isScalar(step.pair.key)) {
    return step.pair.key.range?.[0] ?? 0;
  }
  return value.range?.[0] ?? 0;
}

function childOf(document: Document, parent: Node, segment: string | number | symbol): Step | undefined {
  const node = isAlias(parent) ? parent.resolve(document) : parent;
  if (!node) return undefined;
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment];
    return item && typeof item === 'object' && 'range' in item ? { node: item as Node } : undefined;
  }
  if (!isMap(node)) return undefined;
  for (const pair of node.items) {
    if (!isPair(pair)) continue;
    if (isMergeKey(pair.key)) continue;
    const key = isScalar(pair.key) ? pair.key.value : pair.key;
    if (String(key) === String(segment)) {
      if (pair.value && typeof pair.value === 'object') return { node: pair.value as Node, pair };
      return isScalar(pair.key) ? { node: pair.key, pair } : undefined;
    }
  }
  // `<<: *defaults` merges: the value was written where the anchor is.
  for (const pair of node.items) {
    if (isPair(pair) && isMergeKey(pair.key) && pair.value) {
      const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
      for (const source of sources) {
        const found = childOf(document, source as Node, segment);
        if (found) return found;
      }
    }
  }
  return undefined;
}

function isMergeKey(key: unknown): boolean {
  // With `merge: true`, yaml represents `<<` by a symbol; its source text is still `<<`.
  return isScalar(key) && (key.source === '<<' || typeof key.value === 'symbol');
}
