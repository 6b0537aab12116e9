import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Metafile } from 'esbuild';

export interface SizeEntry {
  name: string;
  bytes: number;
}

/** What the bundle is made of: bytes of minified output per package and per module, largest first. */
export interface SizeReport {
  packages: SizeEntry[];
  modules: SizeEntry[];
}

/** Reads the size report out of esbuild's metafile (`bytesInOutput`: after tree shaking and minifying). */
export function sizeReport(metafile: Metafile, workingDir: string): SizeReport {
  const packageOf = packageNamer();
  const byPackage = new Map<string, number>();
  const modules: SizeEntry[] = [];
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      if (input.bytesInOutput === 0) continue;
      modules.push({ name: path, bytes: input.bytesInOutput });
      const owner = packageOf(resolve(workingDir, path));
      byPackage.set(owner, (byPackage.get(owner) ?? 0) + input.bytesInOutput);
    }
  }
  const largestFirst = (a: SizeEntry, b: SizeEntry) => b.bytes - a.bytes;
  return {
    packages: [...byPackage].map(([name, bytes]) => ({ name, bytes })).sort(largestFirst),
    modules: modules.sort(largestFirst),
  };
}

/** Names a file by the nearest package.json's `name` (workspace links resolve to real paths). */
function packageNamer(): (file: string) => string {
  const byDir = new Map<string, string>();
  const nameOf = (dir: string): string => {
    const known = byDir.get(dir);
    if (known !== undefined) return known;
    const manifest = join(dir, 'package.json');
    // A package.json without a name (`{"type":"module"}` in a dist folder) belongs to the package above.
    let name = existsSync(manifest)
      ? (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name
      : undefined;
    if (name === undefined) {
      const parent = dirname(dir);
      name = parent === dir ? '(no package)' : nameOf(parent);
    }
    byDir.set(dir, name);
    return name;
  };
  return (file) => nameOf(dirname(file));
}

/** `1.2 MB`, `48.1 KB`, `900 B`: decimal units, as Lambda's limits are written. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  if (bytes >= 1_000) return `${(bytes / 1_000).toFixed(1)} KB`;
  return `${bytes} B`;
}
