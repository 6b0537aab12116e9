import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { CliError, EXIT, usageError } from '../cli-error.ts';
import type { Command } from '../command.ts';
import { integerOption, parseCommandArgs } from '../parse-command-args.ts';
import { styleFor } from '../terminal-style.ts';
import { LAMBDA_RUNTIME } from './esbuild-options.ts';
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
    const arch = values.arch ?? 'arm64';
    if (!ARCHITECTURES.includes(arch)) throw usageError(`--arch must be arm64 or x86_64, not "${arch}"`);
    const maxBytes = integerOption('max-size', values['max-size'], DEFAULT_MAX_BYTES);
    const outdir = resolve(values.out ?? 'dist');

    // esbuild is loaded only here: `--help` and the other commands never pay for it.
    const { bundleForLambda } = await import('./bundle-for-lambda.ts');
    let bundle: Awaited<ReturnType<typeof bundleForLambda>>;
    try {
      bundle = await bundleForLambda({
        entry,
        outfile: join(outdir, 'index.mjs'),
        external: values.external ?? [],
        conditions: nodeConditions(),
      });
    } catch (error) {
      throw new CliError(`the bundle failed: ${firstBuildError(error)}`);
    }
    const report = sizeReport(bundle.metafile, process.cwd());
    const warnings = [...bundle.warnings];
    if (bundle.bytes > maxBytes) {
      warnings.push(
        `the bundle is ${formatBytes(bundle.bytes)}, past ${formatBytes(maxBytes)}: every cold start loads and parses it. ` +
          'Load heavy, rarely used packages with await import(), or leave them out with --external.',
      );
    }
    const summary = {
      file: bundle.file,
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

/** esbuild throws one error listing every problem; the first one, with its file, is what to fix. */
function firstBuildError(error: unknown): string {
  const first = (error as { errors?: { text: string; location?: { file: string; line: number } | null }[] })
    .errors?.[0];
  if (!first) return (error as Error).message;
  return first.location ? `${first.location.file}:${first.location.line}: ${first.text}` : first.text;
}
