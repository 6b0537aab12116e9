import { existsSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { CliError, EXIT, usageError } from '../cli-error.ts';
import type { Command } from '../command.ts';
import { mcpEvent, readJsonEvent } from '../invoke/invocation-event.ts';
import { integerOption, parseCommandArgs } from '../parse-command-args.ts';
import { styleFor } from '../terminal-style.ts';
import type { CodeCache } from './code-cache.ts';
import { CODE_CACHE_BUNDLE, CODE_CACHE_FILE } from './code-cache-runtime.ts';
import { LAMBDA_NODE_MAJOR, LAMBDA_RUNTIME } from './esbuild-options.ts';
import { nodeConditions } from './node-conditions.ts';
import { formatBytes, sizeReport } from './size-report.ts';

const DEFAULT_ENTRY = 'src/handler.ts';
const DEFAULT_MAX_BYTES = 1_000_000;
const ARCHITECTURES = ['arm64', 'x86_64'];
const LISTED = 8;

const help = `Usage: lambda-mcp build [entry] [options]

Bundles a Lambda entry (default ${DEFAULT_ENTRY}) into one minified ESM file for
${LAMBDA_RUNTIME}: tree-shaken, with a source map, and a createRequire banner when a
CommonJS dependency needs one. Prints what the bundle is made of: every cold start
loads and parses all of it.

Options:
  --out <dir>          output directory (default dist): <dir>/index.mjs and index.mjs.map
  --external <pkg>     leave a package out of the bundle; repeatable; pkg/* patterns
                       (e.g. --external '@aws-sdk/*': the ${LAMBDA_RUNTIME} runtime provides it)
  --arch <arch>        arm64 (default) or x86_64; the bundle is plain JavaScript, so this
                       is recorded for the deploy step
  --max-size <bytes>   warn when the bundle is larger (default ${DEFAULT_MAX_BYTES})
  --code-cache         also record a V8 code cache: <dir>/handler.cjs (the bundle, CommonJS),
                       handler.cjs.cache, and index.mjs, which loads them. Cuts import +
                       first request by about a third (7.7 -> 4.8 ms on our benchmark server),
                       but only on the exact Node release that built it (build with the
                       runtime's version; elsewhere it warns and compiles as usual).
                       Runs the handler's init and a tools/list, a tools/call of a missing
                       tool and an initialize in a separate process to record what they compile
  --train-tool <name>  also call this tool while recording (it runs for real), so its own
                       path is compiled too; --train-args <json> are its arguments
  --train-event <file> record the cache with this Lambda event (a JSON object) instead
                       of the default requests; repeatable, one event per file
  --json               print the report as JSON
  -h, --help           show this help

Deploy dist/ with handler index.handler and, for readable stack traces, the
environment variable NODE_OPTIONS=--enable-source-maps.
`;

export const buildCommand: Command = {
  help,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      'build',
      argv,
      {
        out: { type: 'string' },
        external: { type: 'string', multiple: true },
        arch: { type: 'string' },
        'max-size': { type: 'string' },
        'code-cache': { type: 'boolean' },
        'train-event': { type: 'string', multiple: true },
        'train-tool': { type: 'string' },
        'train-args': { type: 'string' },
        json: { type: 'boolean' },
      },
      1,
    );
    const entry = resolve(positionals[0] ?? DEFAULT_ENTRY);
    if (!existsSync(entry)) {
      throw usageError(
        positionals[0] === undefined
          ? `no entry given and ${DEFAULT_ENTRY} does not exist. Name the Lambda entry: lambda-mcp build src/lambda.ts`
          : `${positionals[0]} does not exist. Name the file that exports the Lambda handler.`,
      );
    }
    if (statSync(entry).isDirectory()) {
      throw usageError(
        `${positionals[0] ?? DEFAULT_ENTRY} is a directory. Name the file that exports the Lambda handler.`,
      );
    }
    const arch = values.arch ?? 'arm64';
    if (!ARCHITECTURES.includes(arch)) throw usageError(`--arch must be arm64 or x86_64, not "${arch}"`);
    const maxBytes = integerOption('max-size', values['max-size'], DEFAULT_MAX_BYTES);
    const outdir = resolve(values.out ?? 'dist');
    if (existsSync(outdir) && !statSync(outdir).isDirectory()) {
      throw usageError(`--out ${values.out ?? 'dist'} is a file. Name a directory for the bundle.`);
    }
    const codeCache = values['code-cache'] === true;
    for (const option of ['train-event', 'train-tool', 'train-args'] as const) {
      if (values[option] !== undefined && !codeCache) {
        throw usageError(`--${option} trains the code cache: add --code-cache`);
      }
    }
    if (values['train-args'] !== undefined && values['train-tool'] === undefined) {
      throw usageError('--train-args are the arguments of --train-tool: name the tool');
    }
    if (codeCache && process.versions.node.split('.')[0] !== LAMBDA_NODE_MAJOR) {
      throw usageError(
        `--code-cache records V8's compiled code for the Node that runs the build (${process.version}); ` +
          `${LAMBDA_RUNTIME} runs Node ${LAMBDA_NODE_MAJOR}: build with Node ${LAMBDA_NODE_MAJOR}, ideally the runtime's exact release`,
      );
    }
    const trainingFiles = (values['train-event'] ?? []).map((file) => trainingEvent(file));
    const trainingCall =
      values['train-tool'] === undefined
        ? []
        : [
            await mcpEvent(
              'http',
              { tool: values['train-tool'], args: values['train-args'] ?? '{}' },
              'train-args',
            ),
          ];

    // esbuild is loaded only here: `--help` and the other commands never pay for it.
    const { bundleForLambda, MissingExportError } = await import('./bundle-for-lambda.ts');
    let bundle: Awaited<ReturnType<typeof bundleForLambda>>;
    try {
      bundle = await bundleForLambda(
        {
          entry,
          outfile: join(outdir, codeCache ? CODE_CACHE_BUNDLE : 'index.mjs'),
          external: values.external ?? [],
          conditions: nodeConditions(),
          ...(codeCache ? { format: 'cjs' as const } : {}),
        },
        'handler',
      );
    } catch (error) {
      // A server module built instead of its Lambda entry bundles fine and fails every invocation.
      if (error instanceof MissingExportError) {
        throw new CliError(
          `${positionals[0] ?? DEFAULT_ENTRY} exports no handler (it exports ${error.exports.join(', ') || 'nothing'}): ` +
            'Lambda calls index.handler. Build the Lambda entry (export const handler = createHandler(server)), e.g. lambda-mcp build src/handler.ts',
        );
      }
      const hint =
        codeCache && /top-level await/i.test(firstBuildError(error))
          ? ' (--code-cache bundles as CommonJS, which has no top-level await: move it into the handler, or build without --code-cache)'
          : '';
      throw new CliError(`the bundle failed: ${firstBuildError(error)}${hint}`);
    }
    // The other layout's files, left by an earlier build into the same directory, would be
    // deployed with this one: a stale map or a cache of old code. A code-cache build also
    // removes the earlier loader (or plain bundle) and cache before it records: should the
    // recording fail, they would run old code (V8 checks only a cache's source length).
    const stale = codeCache
      ? ['index.mjs', 'index.mjs.map', CODE_CACHE_FILE]
      : [CODE_CACHE_BUNDLE, `${CODE_CACHE_BUNDLE}.map`, CODE_CACHE_FILE];
    for (const name of stale) rmSync(join(outdir, name), { force: true });
    let cache: CodeCache | undefined;
    const trainingWarnings: string[] = [];
    if (codeCache) {
      const { recordCodeCache, defaultTrainingEvents, trainingWarning, trainToolWarning } = await import(
        './code-cache.ts'
      );
      cache = await recordCodeCache(bundle.file, [
        ...(trainingFiles.length > 0 ? trainingFiles : await defaultTrainingEvents()),
        // Last, where trainToolWarning looks for it.
        ...trainingCall,
      ]);
      const failed = trainingWarning(cache);
      if (failed) trainingWarnings.push(failed);
      const trainTool = values['train-tool'];
      const refused = trainTool === undefined ? undefined : trainToolWarning(trainTool, cache);
      if (refused) trainingWarnings.push(refused);
    }
    const report = sizeReport(bundle.metafile, process.cwd());
    const warnings = [...bundle.warnings, ...trainingWarnings];
    if (bundle.bytes > maxBytes) {
      warnings.push(
        `the bundle is ${formatBytes(bundle.bytes)}, past ${formatBytes(maxBytes)}: every cold start loads and parses it. ` +
          'Load heavy, rarely used packages with await import(), or leave them out with --external.',
      );
    }
    const summary = {
      file: cache?.loader ?? bundle.file,
      ...(cache
        ? {
            bundle: bundle.file,
            codeCache: {
              file: cache.cacheFile,
              bytes: cache.cacheBytes,
              node: cache.node,
              v8: cache.v8,
              training: cache.statuses,
            },
          }
        : {}),
      sourcemap: bundle.sourcemap,
      runtime: LAMBDA_RUNTIME,
      arch,
      bytes: bundle.bytes,
      gzipBytes: bundle.gzipBytes,
      requireBanner: bundle.requireBanner,
      external: values.external ?? [],
      packages: report.packages,
      modules: report.modules,
      warnings,
    };
    if (values.json) {
      io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      return EXIT.ok;
    }
    const style = styleFor(io.stdout);
    const at = (file: string) => relative(process.cwd(), file) || file;
    io.stdout.write(
      `${style.green('built')} ${style.bold(at(bundle.file))} for ${LAMBDA_RUNTIME} ${arch}: ` +
        `${formatBytes(bundle.bytes)} minified, ${formatBytes(bundle.gzipBytes)} gzip` +
        `${bundle.requireBanner ? ' (createRequire banner for CommonJS dependencies)' : ''}\n`,
    );
    if (cache) {
      io.stdout.write(
        `${style.green('recorded')} ${style.bold(at(cache.cacheFile))}: ${formatBytes(cache.cacheBytes)} of V8 code for ` +
          `Node ${cache.node} (V8 ${cache.v8}), trained with ${cache.statuses.length} invocation(s) (${cache.statuses.join(', ')}); ` +
          `${style.bold(at(cache.loader))} loads it\n`,
      );
    }
    const share = (bytes: number) => `${((bytes / Math.max(1, bundle.bytes)) * 100).toFixed(1)}%`.padStart(6);
    const table = (title: string, rows: { name: string; bytes: number }[]) => {
      io.stdout.write(`\n${style.bold(title)}\n`);
      for (const row of rows.slice(0, LISTED)) {
        io.stdout.write(`  ${formatBytes(row.bytes).padStart(9)} ${share(row.bytes)}  ${row.name}\n`);
      }
      if (rows.length > LISTED) io.stdout.write(style.dim(`  ... and ${rows.length - LISTED} more\n`));
    };
    table('by package', report.packages);
    table('largest modules', report.modules);
    const errors = styleFor(io.stderr);
    for (const warning of warnings) io.stderr.write(`${errors.yellow('warning:')} ${warning}\n`);
    return EXIT.ok;
  },
};

/** A `--train-event` file: one Lambda event, a JSON object; anything else is a usage error. */
function trainingEvent(file: string): unknown {
  const event = readJsonEvent(file, '--train-event');
  if (typeof event === 'object' && event !== null && !Array.isArray(event)) return event;
  const holds = Array.isArray(event) ? 'a JSON array' : event === null ? 'null' : `a JSON ${typeof event}`;
  throw usageError(
    `--train-event ${file} holds ${holds}, not a Lambda event (a JSON object): put one event in each file and repeat --train-event`,
  );
}

/** esbuild throws one error listing every problem; the first one, with its file, is what to fix. */
function firstBuildError(error: unknown): string {
  const first = (error as { errors?: { text: string; location?: { file: string; line: number } | null }[] })
    .errors?.[0];
  if (!first) return (error as Error).message;
  return first.location ? `${first.location.file}:${first.location.line}: ${first.text}` : first.text;
}
