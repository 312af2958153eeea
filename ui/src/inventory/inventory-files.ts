/**
 * Inventory files as the browser hands them over (a file input, a folder input, a drop of files or
 * folders), turned into the `{path, content}` list the validate, plan and apply routes take.
 */
import type { InventoryFile } from '../api/types.js';

/** What the loader reads: YAML files, by extension. */
const YAML_FILE = /\.ya?ml$/i;

export interface PickedFiles {
  readonly files: readonly InventoryFile[];
  /** Paths that were not taken (not YAML), so the user knows why they are missing. */
  readonly ignored: readonly string[];
}

interface NamedFile {
  readonly path: string;
  readonly file: File;
}

/** Whether `path` is an inventory file: YAML, and not inside a hidden folder such as `.git/`. */
export function isInventoryPath(path: string): boolean {
  return YAML_FILE.test(path) && !path.split('/').some((segment) => segment.startsWith('.'));
}

/** Reads the files of an `<input type=file>` (with `webkitdirectory`, their paths include the folders). */
export async function readPickedFiles(list: FileList | readonly File[]): Promise<PickedFiles> {
  return readNamed([...list].map((file) => ({ path: file.webkitRelativePath || file.name, file })));
}

/** Reads what was dropped: files, and folders walked to the bottom. */
export async function readDroppedFiles(transfer: DataTransfer): Promise<PickedFiles> {
  const entries = [...transfer.items]
    .map((item) => (item.kind === 'file' ? item.webkitGetAsEntry() : null))
    .filter((entry): entry is FileSystemEntry => entry !== null);
  if (entries.length === 0) return readPickedFiles(transfer.files);
  const named = (await Promise.all(entries.map((entry) => walkEntry(entry, '')))).flat();
  return readNamed(named);
}

/** `current` with `added` in it, a file of the same path replaced, ordered by path. */
export function mergeFiles(
  current: readonly InventoryFile[],
  added: readonly InventoryFile[],
): InventoryFile[] {
  const byPath = new Map(current.map((file) => [file.path, file]));
  for (const file of added) byPath.set(file.path, file);
  return [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
}

async function readNamed(named: readonly NamedFile[]): Promise<PickedFiles> {
  const taken = named.filter((item) => isInventoryPath(item.path));
  // Hidden folders are skipped without a word: a `.git/` full of ignored paths would drown the notice.
  const ignored = named
    .filter((item) => !isInventoryPath(item.path) && !item.path.split('/').some((s) => s.startsWith('.')))
    .map((item) => item.path);
  const files = await Promise.all(
    taken.map(async (item) => ({ path: item.path, content: await item.file.text() })),
  );
  return { files: mergeFiles([], files), ignored };
}

async function walkEntry(entry: FileSystemEntry, parent: string): Promise<NamedFile[]> {
  const path = parent === '' ? entry.name : `${parent}/${entry.name}`;
  if (isFileEntry(entry)) {
    const file = await new Promise<File>((resolve, reject) => entry.file(resolve, reject));
    return [{ path, file }];
  }
  if (!isDirectoryEntry(entry) || entry.name.startsWith('.')) return [];
  const children = await readAllEntries(entry.createReader());
  return (await Promise.all(children.map((child) => walkEntry(child, path)))).flat();
}

/** A directory reader hands entries over in batches (100 in Chromium) until it returns an empty one. */
async function readAllEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

function isFileEntry(entry: FileSystemEntry): entry is FileSystemFileEntry {
  return entry.isFile;
}

function isDirectoryEntry(entry: FileSystemEntry): entry is FileSystemDirectoryEntry {
  return entry.isDirectory;
}
