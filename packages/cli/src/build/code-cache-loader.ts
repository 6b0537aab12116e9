import { dirname, extname, join } from 'node:path';
import { build } from 'esbuild';
import type { RecordedBy } from './code-cache-runtime.ts';
import { LAMBDA_NODE_TARGET } from './esbuild-options.ts';

// `.ts` when run from source, `.js` in the published package (compiled to dist/).
const RUNTIME = join(import.meta.dirname, `code-cache-runtime${extname(import.meta.filename)}`);
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Writes the ESM entry of a code-cache build, `index.mjs`: the runtime (`code-cache-runtime.ts`)
 * bundled, then the bundle's exports re-exported by name (`default` as the default export),
 * so the handler stays `index.handler`.
 */
export async function writeCodeCacheLoader(
  file: string,
  spec: RecordedBy & { exports: readonly string[] },
): Promise<void> {
  const reexports = spec.exports.flatMap((name) => {
    if (name === 'default') return ['export default loaded.default;'];
    return IDENTIFIER.test(name) ? [`export const ${name} = loaded.${name};`] : [];
  });
  const recorded: RecordedBy = { node: spec.node, v8: spec.v8 };
  await build({
    stdin: {
      contents: [
        `import { loadWithCodeCache } from ${JSON.stringify(RUNTIME)};`,
        `const loaded = loadWithCodeCache(import.meta.url, ${JSON.stringify(recorded)});`,
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
