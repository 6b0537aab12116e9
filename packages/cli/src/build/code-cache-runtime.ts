/**
 * What runs inside a `lambda-mcp build --code-cache` artifact: `index.mjs` is this module,
 * bundled, plus the bundle's re-exports. It compiles the CommonJS bundle with `vm.Script` and
 * the V8 code cache recorded at build time, so a cold start deserializes the functions the
 * first requests run instead of parsing and compiling them. The recorder compiles the bundle
 * with the same function: V8 accepts a cache only for the source it was made from.
 *
 * Node built-ins only: this is part of every cold start.
 */
import type { SourceMap } from 'node:module';
import type { Script } from 'node:vm';
import { LAMBDA_V8_FLAGS } from '../lambda-node-flags.ts';

// Built-ins through getBuiltinModule, not `import`: an ESM import of a built-in builds its
// namespace, which runs every lazy getter (node:fs loads its stream classes, node:module the
// source-map parser): 2 ms of a cold start, measured.
const { readFileSync } = process.getBuiltinModule('node:fs');
const { dirname } = process.getBuiltinModule('node:path');
const { fileURLToPath, pathToFileURL } = process.getBuiltinModule('node:url');
const vm = process.getBuiltinModule('node:vm');

/** The bundle and its cache, beside the loader. */
export const CODE_CACHE_BUNDLE = 'handler.cjs';
export const CODE_CACHE_FILE = `${CODE_CACHE_BUNDLE}.cache`;

/** Which Node recorded a cache: no other V8 can use it. */
export interface RecordedBy {
  node: string;
  v8: string;
}

/**
 * The bundle wrapped as Node wraps a CommonJS module, the wrapper on lines of its own so that
 * positions in the file stay right (`lineOffset: -1`). A hashbang, which esbuild keeps from the
 * entry and which is valid only at the very start of a script, becomes a comment of the same
 * length, as Node's CommonJS loader ignores it.
 */
export function compileBundle(file: string, cachedData?: Buffer): Script {
  let code = readFileSync(file, 'utf8');
  if (code.startsWith('#!')) code = `//${code.slice(2)}`;
  const source = `(function (exports, require, module, __filename, __dirname) {\n${code}\n})`;
  return new vm.Script(source, { filename: file, lineOffset: -1, cachedData });
}

/** Runs the compiled bundle (its init) and returns its exports. */
export function runBundle(script: Script, file: string): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  (script.runInThisContext() as (...args: unknown[]) => void)(
    module.exports,
    bundleRequire(file),
    module,
    file,
    dirname(file),
  );
  return module.exports;
}

/**
 * The bundle's `require`: built-ins straight from `getBuiltinModule`; anything else (a package
 * left external) through Node's `createRequire`, made on first use, since `node:module` loads
 * the source-map machinery with it.
 */
function bundleRequire(file: string): NodeJS.Require {
  let loader: NodeJS.Require | undefined;
  const fallback = () => {
    loader ??= process.getBuiltinModule('node:module').createRequire(file);
    return loader;
  };
  const require = ((id: string) => process.getBuiltinModule(id) ?? fallback()(id)) as NodeJS.Require;
  return Object.defineProperties(require, {
    resolve: { get: () => fallback().resolve },
    cache: { get: () => fallback().cache },
    main: { get: () => fallback().main },
    extensions: { get: () => fallback().extensions },
  });
}

/**
 * The loader: the bundle beside `loaderUrl`, with its cache when this Node can use it; when it
 * cannot, compiled as usual, and one line on stderr says why and what to do.
 */
export function loadWithCodeCache(loaderUrl: string, recorded: RecordedBy): Record<string, unknown> {
  const file = fileURLToPath(new URL(`./${CODE_CACHE_BUNDLE}`, loaderUrl));
  const sameV8 = process.versions.v8 === recorded.v8;
  let cachedData: Buffer | undefined;
  if (sameV8) {
    try {
      cachedData = readFileSync(`${file}.cache`);
    } catch {}
  }
  const script = compileBundle(file, cachedData);
  if (!sameV8 || cachedData === undefined || script.cachedDataRejected) {
    const why = !sameV8
      ? `it was recorded by Node ${recorded.node} (V8 ${recorded.v8}) and this is Node ${process.version} (V8 ${process.versions.v8}): build with Node ${process.version}`
      : cachedData === undefined
        ? `${file}.cache is missing: deploy it with the bundle`
        : `V8 rejected it: its flags differ from the recording run's (${LAMBDA_V8_FLAGS.join(' ')}, as the Lambda runtime starts Node), or ${CODE_CACHE_BUNDLE} is not the file it was recorded for (deploy the files of one build together)`;
    // console.warn, not process.emitWarning: that one is written a tick later, after a process
    // that exits at once has gone.
    console.warn(
      `lambda-mcp: the code cache is not used, ${why}. The cold start compiles the bundle instead.`,
    );
  }
  if (process.sourceMapsEnabled) mapStackTraces(file);
  return runBundle(script, file);
}

/**
 * `--enable-source-maps` for the bundle. Node maps stack traces only for modules it loads
 * itself, and reads their maps at import (~3 ms for a 70 KB bundle); this maps the bundle's
 * frames through `handler.cjs.map` when a stack trace is first formatted, and leaves every
 * other frame as V8 writes it. Not installed over a `prepareStackTrace` of the user's own.
 */
function mapStackTraces(file: string): void {
  // Node's own formatter is a function named ErrorPrepareStackTrace; anything else is the user's.
  const previous = Error.prepareStackTrace;
  if (previous !== undefined && previous.name !== 'ErrorPrepareStackTrace') return;
  let map: SourceMap | null | undefined;
  const mapFile = `${file}.map`;
  const sourceMap = (): SourceMap | null => {
    if (map === undefined) {
      try {
        const { SourceMap } = process.getBuiltinModule('node:module');
        map = new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')));
      } catch {
        map = null;
      }
    }
    return map;
  };
  Error.prepareStackTrace = (error, frames) => {
    if (previous !== undefined && !frames.some((frame) => frame.getFileName() === file)) {
      return previous(error, frames);
    }
    const lines = frames.map((frame) => {
      const line = frame.getLineNumber();
      const column = frame.getColumnNumber();
      const found =
        frame.getFileName() === file && line !== null && column !== null
          ? sourceMap()?.findEntry(line - 1, column - 1)
          : undefined;
      // An empty object when the position maps to nothing.
      if (found === undefined || !('originalSource' in found)) return `    at ${frame}`;
      const entry = found as {
        originalSource: string;
        originalLine: number;
        originalColumn: number;
        name?: string;
      };
      const source = fileURLToPath(new URL(entry.originalSource, pathToFileURL(mapFile)));
      // The function's own name where the map keeps it (at its start), as Node does; else V8's.
      const enclosing = sourceMap()?.findEntry(
        (frame.getEnclosingLineNumber() ?? 1) - 1,
        (frame.getEnclosingColumnNumber() ?? 1) - 1,
      );
      const name = (enclosing as { name?: string } | undefined)?.name ?? frame.getFunctionName();
      const at = `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
      return `    at ${name ? `${name} (${at})` : at}`;
    });
    return [headline(error), ...lines].join('\n');
  };
}

/** What V8 puts before the frames: `Name: message`. */
function headline(error: unknown): string {
  try {
    return Error.prototype.toString.call(error);
  } catch {
    return 'Error';
  }
}
