/** Loads inventory files: YAML with positions → schema → cross-reference checks → desired objects, or every problem at once. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { problemsFromIssues } from './loading/issue-problems.js';
import { readYaml, type YamlDocumentView } from './loading/yaml-source.js';
import type { DesiredObject, InventoryLoadResult, InventoryProblem, InventorySource } from './model.js';
import { checkReferences, type LocatedObject } from './references.js';
import { INVENTORY_SECTIONS, inventoryDocumentSchema } from './schema/document.js';

/** Files larger than this are refused: an inventory is text written by people. */
export const MAX_INVENTORY_FILE_BYTES = 10 * 1024 * 1024;

/** Validates inventory sources (pure: no disk access). Objects of one kind may be spread over several sources. */
export function parseInventorySources(sources: readonly InventorySource[]): InventoryLoadResult {
  const root = commonDirectory(sources.map((source) => source.path));
  const problems: InventoryProblem[] = [];
  const objects: LocatedObject[] = [];
  for (const source of sources) {
    const { documents, problems: syntaxProblems } = readYaml(source.path, source.content);
    problems.push(...syntaxProblems);
    for (const document of documents) objects.push(...readDocument(source.path, document, problems));
  }
  problems.push(...checkReferences(objects, root === '' ? '.' : root));
  const ordered = sortProblems(problems, sources);
  const errors = ordered.filter((problem) => problem.severity === 'error');
  const warnings = ordered.filter((problem) => problem.severity === 'warning');
  if (errors.length > 0) return { ok: false, errors, warnings };
  return { ok: true, objects: desiredObjects(objects, root), warnings };
}

/** Validates one YAML document and returns the objects it declares, valid or not, for the cross checks. */
function readDocument(
  file: string,
  document: YamlDocumentView,
  problems: InventoryProblem[],
): LocatedObject[] {
  // An empty file or a file of comments declares nothing, which is fine.
  const data = document.data ?? {};
  const result = inventoryDocumentSchema.safeParse(data, { reportInput: true });
  const invalidPaths = new Set<string>();
  if (!result.success) {
    problems.push(
      ...problemsFromIssues(result.error.issues, { file, document, schema: inventoryDocumentSchema }),
    );
    for (const issue of result.error.issues) {
      invalidPaths.add(String(issue.path[0]));
      invalidPaths.add(`${String(issue.path[0])}[${String(issue.path[1])}]`);
    }
  }
  if (typeof data !== 'object' || Array.isArray(data)) return [];
  const sections = data as Record<string, unknown>;
  const objects: LocatedObject[] = [];
  for (const section of INVENTORY_SECTIONS) {
    const value = sections[section.key];
    const entries: { raw: unknown; path: (string | number)[] }[] = section.singleton
      ? [{ raw: value, path: [section.key] }]
      : Array.isArray(value)
        ? value.map((raw: unknown, index) => ({ raw, path: [section.key, index] }))
        : [];
    for (const { raw, path: objectPath } of entries) {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) continue;
      const mapping = raw as Record<string, unknown>;
      const key = section.fixedKey ?? mapping.id;
      if (typeof key !== 'string' || key === '') continue;
      const label = section.singleton ? section.key : `${section.key}[${String(objectPath[1])}]`;
      const valid = !invalidPaths.has(label) && !(section.singleton && invalidPaths.has(section.key));
      const normalised = valid ? section.schema.safeParse(mapping) : undefined;
      objects.push({
        kind: section.kind,
        key,
        file,
        path: objectPath,
        valid: normalised?.success === true,
        data: normalised?.success ? (normalised.data as Record<string, unknown>) : mapping,
        locate: document.locate,
      });
    }
  }
  return objects;
}

/** The objects as plan and apply want them: spec without `id`, hosts' kind resolved, source relative to the root. */
function desiredObjects(objects: readonly LocatedObject[], root: string): DesiredObject[] {
  const vmKeys = new Set(objects.filter((object) => object.kind === 'vm').map((object) => object.key));
  const kindOrder = INVENTORY_SECTIONS.map((section) => section.kind);
  return objects
    .map((object) => {
      const { id: _id, ...rest } = object.data;
      const spec: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(rest)) {
        spec[field] = value;
        // Services and websites name a host by id; relations need to know whether it is a VM or a device.
        if (field === 'host' && (object.kind === 'service' || object.kind === 'website')) {
          spec.host_kind = vmKeys.has(String(value)) ? 'vm' : 'device';
        }
      }
      const position = object.locate(object.path);
      const file = root === '' ? object.file : path.relative(root, object.file) || path.basename(object.file);
      return {
        kind: object.kind,
        key: object.key,
        spec,
        source: `${file}:${position.line}:${position.column}`,
      };
    })
    .sort((a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) || compareText(a.key, b.key));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The deepest directory holding every path ('' when the paths share none, e.g. bare names). */
function commonDirectory(paths: readonly string[]): string {
  const directories = paths.map((file) => path.dirname(path.normalize(file)).split(path.sep));
  const first = directories[0];
  if (!first) return '';
  let length = first.length;
  for (const parts of directories) {
    let shared = 0;
    while (shared < Math.min(length, parts.length) && parts[shared] === first[shared]) shared += 1;
    length = shared;
  }
  const common = first.slice(0, length).join(path.sep);
  return common === '.' ? '' : common === '' && first[0] === '' ? path.sep : common;
}

/** Problems in the order of the files given, then by position; whole-inventory problems last. */
function sortProblems(
  problems: readonly InventoryProblem[],
  sources: readonly InventorySource[],
): InventoryProblem[] {
  const order = new Map(sources.map((source, index) => [source.path, index]));
  const rank = (problem: InventoryProblem): number =>
    problem.line === 0 ? Number.MAX_SAFE_INTEGER : (order.get(problem.file) ?? sources.length);
  return [...problems].sort(
    (a, b) => rank(a) - rank(b) || compareText(a.file, b.file) || a.line - b.line || a.column - b.column,
  );
}

/**
 * Reads the inventory at `paths` (files, or directories whose `*.yaml`/`*.yml` files are read in name
 * order) and validates it. Problems name files as the paths were given.
 */
export async function loadInventory(paths: readonly string[]): Promise<InventoryLoadResult> {
  const problems: InventoryProblem[] = [];
  const files: string[] = [];
  for (const given of paths) {
    files.push(...(await expandPath(given, problems)));
  }
  if (paths.length === 0)
    problems.push(wholeProblem('.', 'no inventory path was given', 'name a directory or YAML files'));
  const seen = new Set<string>();
  const sources: InventorySource[] = [];
  for (const file of files) {
    const resolved = path.resolve(file);
    if (seen.has(resolved)) continue;
    seen.add(resolved);
    const content = await readSource(file, problems);
    if (content !== undefined) sources.push({ path: file, content });
  }
  if (sources.length === 0) return { ok: false, errors: problems, warnings: [] };
  const result = parseInventorySources(sources);
  if (problems.length === 0) return result;
  const errors = [...problems, ...(result.ok ? [] : result.errors)];
  return { ok: false, errors, warnings: result.warnings };
}

async function expandPath(given: string, problems: InventoryProblem[]): Promise<string[]> {
  let stats: import('node:fs').Stats;
  try {
    stats = await fs.stat(given);
  } catch (error) {
    problems.push(fileProblem(given, error, 'check the path; "vigie init DIR" writes a new inventory'));
    return [];
  }
  if (!stats.isDirectory()) return [given];
  const names = (await fs.readdir(given))
    .filter((name) => /\.ya?ml$/i.test(name) && !name.startsWith('.'))
    .sort(compareText);
  if (names.length === 0) {
    problems.push(
      wholeProblem(
        given,
        'the directory holds no .yaml or .yml file',
        'inventory files end in .yaml or .yml',
      ),
    );
  }
  return names.map((name) => path.join(given, name));
}

async function readSource(file: string, problems: InventoryProblem[]): Promise<string | undefined> {
  try {
    const stats = await fs.stat(file);
    if (stats.size > MAX_INVENTORY_FILE_BYTES) {
      problems.push(
        wholeProblem(
          file,
          `the file is larger than ${MAX_INVENTORY_FILE_BYTES / 1024 / 1024} MiB`,
          'split it, or check that it is an inventory file',
        ),
      );
      return undefined;
    }
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    problems.push(fileProblem(file, error, 'check that the file is readable'));
    return undefined;
  }
}

function fileProblem(file: string, error: unknown, hint: string): InventoryProblem {
  const code = (error as NodeJS.ErrnoException).code;
  const message =
    code === 'ENOENT'
      ? 'no such file or directory'
      : code === 'EACCES'
        ? 'permission denied'
        : `cannot be read (${String(code ?? error)})`;
  return wholeProblem(file, message, hint);
}

function wholeProblem(file: string, message: string, hint: string): InventoryProblem {
  return { severity: 'error', file, line: 0, column: 0, path: '', message, hint };
}
