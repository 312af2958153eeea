/** Finds Vigie's package directory, from the sources (tests) and from the compiled `dist/` alike. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackageInfo {
  readonly root: string;
  readonly version: string;
}

/** The nearest directory above this module whose package.json names `vigie`. */
export function findPackage(fromUrl: string = import.meta.url): PackageInfo {
  let dir = path.dirname(fileURLToPath(fromUrl));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      const parsed = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (parsed.name === 'vigie') return { root: dir, version: parsed.version ?? '0.0.0' };
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No vigie package.json above ${fileURLToPath(fromUrl)}`);
    dir = parent;
  }
}
