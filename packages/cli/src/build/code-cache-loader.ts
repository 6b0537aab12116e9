/**
 * The ESM entry `lambda-mcp build --code-cache` writes as `index.mjs`: it compiles the
 * CommonJS bundle with `vm.Script` and the V8 code cache recorded at build time, so the cold
 * start deserializes the functions the first requests run instead of parsing and compiling
 * them. The recorder (`record-code-cache.ts`) compiles the same text the same way: V8 accepts
 * a cache only for the source it was made from.
 */

import { LAMBDA_V8_FLAGS } from '../lambda-node-flags.ts';

/** What wraps the bundle, as Node wraps a CommonJS module; on lines of its own, so positions in the file stay right (`lineOffset: -1`). */
export const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) {\n';
export const WRAPPER_TAIL = '\n})';

/** The bundle and its cache, beside the loader. */
export const CODE_CACHE_BUNDLE = 'handler.cjs';
export const CODE_CACHE_FILE = `${CODE_CACHE_BUNDLE}.cache`;

export interface CodeCacheLoaderSpec {
  /** The bundle's exports, re-exported by name (`default` as the default export). */
  exports: readonly string[];
  /** `process.versions.v8` of the Node that recorded the cache: no other V8 can use it. */
  v8: string;
  /** `process.version` of that Node, for the warning. */
  node: string;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function codeCacheLoader(spec: CodeCacheLoaderSpec): string {
  const reexports = spec.exports
    .map((name) => {
      if (name === 'default') return 'export default loaded.default;';
      return IDENTIFIER.test(name) ? `export const ${name} = loaded.${name};` : undefined;
    })
    .filter((line) => line !== undefined);
  const recorded = JSON.stringify({ node: spec.node, v8: spec.v8 });
  return `// Written by \`lambda-mcp build --code-cache\`: loads ${CODE_CACHE_BUNDLE} with the V8 code cache
// recorded at build time (${spec.node}, V8 ${spec.v8}). Another V8 cannot use it: the bundle
// is then compiled as usual, and a warning names the Node release to build with.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const recorded = ${recorded};
const file = fileURLToPath(new URL(${JSON.stringify(`./${CODE_CACHE_BUNDLE}`)}, import.meta.url));
const sameV8 = process.versions.v8 === recorded.v8;
let cachedData;
if (sameV8) {
  try {
    cachedData = readFileSync(\`\${file}.cache\`);
  } catch {}
}
const script = new Script(${JSON.stringify(WRAPPER_HEAD)} + readFileSync(file, 'utf8') + ${JSON.stringify(WRAPPER_TAIL)}, {
  filename: file,
  lineOffset: -1,
  cachedData,
});
if (!sameV8 || cachedData === undefined || script.cachedDataRejected) {
  const why = !sameV8
    ? \`it was recorded by Node \${recorded.node} (V8 \${recorded.v8}) and this is Node \${process.version} (V8 \${process.versions.v8}): build with Node \${process.version}\`
    : cachedData === undefined
      ? \`\${file}.cache is missing: deploy it with the bundle\`
      : 'V8 rejected it (its flags differ from the recording run, which used ${LAMBDA_V8_FLAGS.join(' ')} as the Lambda runtime does)';
  console.warn(\`lambda-mcp: the code cache is not used, \${why}. The cold start compiles the bundle instead.\`);
}
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
const loaded = module.exports;
${reexports.join('\n')}
`;
}
