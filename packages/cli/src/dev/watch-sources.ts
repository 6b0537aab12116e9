import { type FSWatcher, readdirSync, statSync, watch } from 'node:fs';
import { join, relative } from 'node:path';

const SOURCE = /\.(?:[cm]?[jt]sx?|json)$/;

/** Folders that hold no sources of the server: dependencies, builds, dotfolders. */
function isSkippedFolder(name: string): boolean {
  return name === 'node_modules' || name === 'dist' || name.startsWith('.');
}

/**
 * Calls `onChange` with the relative path of a source file (.ts, .js, .json, ...) that changed
 * under `root`. One non-recursive fs.watch per folder: on Linux, a recursive watch loses a
 * file that an editor replaces by rename (`sed -i`, atomic saves); a folder's watch does not.
 * A log or database file the server writes must not restart it, hence sources only.
 */
export function watchSources(root: string, onChange: (file: string) => void): { close(): void } {
  const watchers = new Map<string, FSWatcher>();
  const add = (folder: string) => {
    if (watchers.has(folder)) return;
    try {
      const watcher = watch(folder, (_event, name) => {
        if (!name) return;
        const path = join(folder, name);
        if (isFolder(path)) {
          if (!isSkippedFolder(name)) add(path);
          return;
        }
        if (SOURCE.test(name)) onChange(relative(root, path));
      });
      watchers.set(folder, watcher);
    } catch {
      return; // a folder removed while we walked: nothing to watch
    }
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory() && !isSkippedFolder(entry.name)) add(join(folder, entry.name));
    }
  };
  add(root);
  return {
    close() {
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
