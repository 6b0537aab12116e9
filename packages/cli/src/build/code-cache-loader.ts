import { dirname, extname, join } from 'node:path';
import { build } from 'esbuild';
import type { RecordedBy } from './code-cache-runtime.ts';
import { LAMBDA_NODE_TARGET } from './esbuild-options.ts';

// `.ts` when run from source, `.js` in the published package (compiled to dist/).
const RUNTIME = join(import.meta.dirname, `code-cache-runtime${extname(import.meta.filename)}`);
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** Names a module cannot declare (strict mode, module code), though it can export them. */
const RESERVED = new Set(
  (
    'await break case catch class const continue debugger default delete do else enum export extends ' +
    'false finally for function if import in instanceof new null return super switch this throw true ' +
    'try typeof var void while with yield let static implements interface package private protected ' +
    'public arguments eval'
  ).split(' '),
);
// The loader's own names; an export is never declared under one.
const INTERNAL = '__lambdaMcp';

/**
 * Writes the ESM entry of a code-cache build, `index.mjs`: the runtime (`code-cache-runtime.ts`)
 * bundled, then every export of the bundle re-exported under its own name (`default` as the
 * default export, any string as a string export name), so the handler stays `index.handler`.
 */
export async function writeCodeCacheLoader(
  file: string,
  spec: RecordedBy & { exports: readonly string[] },
): Promise<void> {
  const reexports = spec.exports.map((name, index) => {
    const declarable = IDENTIFIER.test(name) && !RESERVED.has(name) && !name.startsWith(INTERNAL);
    const local = declarable ? name : `${INTERNAL}Export${index}`;
    const exported = IDENTIFIER.test(name) ? name : JSON.stringify(name);
    return `const ${local} = ${INTERNAL}Loaded[${JSON.stringify(name)}];\nexport { ${local === exported ? local : `${local} as ${exported}`} };`;
  });
  const recorded: RecordedBy = { node: spec.node, v8: spec.v8 };
  await build({
    stdin: {
      contents: [
        `import { loadWithCodeCache as ${INTERNAL}Load } from ${JSON.stringify(RUNTIME)};`,
        `const ${INTERNAL}Loaded = ${INTERNAL}Load(import.meta.url, ${JSON.stringify(recorded)});`,
        ...reexports,
      ].join('\n'),
      resolveDir: dirname(RUNTIME),
      sourcefile: 'index.mjs',
    },
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: LAMBDA_NODE_TARGET,
    banner: {
      js: `// Written by \`lambda-mcp build --code-cache\`: loads handler.cjs with the V8 code cache recorded\n// by Node ${spec.node} (V8 ${spec.v8}); another V8 compiles it as usual, and says so.`,
    },
    legalComments: 'none',
    logLevel: 'silent',
  });
}
