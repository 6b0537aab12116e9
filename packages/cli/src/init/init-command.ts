import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { CliError, EXIT, usageError } from '../cli-error.ts';
import type { Command } from '../command.ts';
import { parseCommandArgs } from '../parse-command-args.ts';
import { shellWord } from '../shell-word.ts';
import { styleFor } from '../terminal-style.ts';
import { isTemplateName, TEMPLATE_NAMES, TEMPLATES } from './templates.ts';

const DEFAULT_TEMPLATE = 'weather';
const width = Math.max(...TEMPLATE_NAMES.map((name) => name.length));

const help = `Usage: lambda-mcp init [dir] [options]
       npm create lambda-mcp@latest [dir] -- [options]

Creates a project that builds, tests and deploys as it stands: a server module
(src/server.ts), its Lambda entry (src/handler.ts), a test using lambda-mcp/testing,
a README and a package.json that depends on this version of lambda-mcp and on
@lambda-mcp/cli for the dev, build and invoke scripts. Then installs its dependencies.

The directory (default: the current one) must be empty or not exist yet.

Options:
  --template <name>   the kind of server (default ${DEFAULT_TEMPLATE}):
${TEMPLATE_NAMES.map((name) => `                        ${name.padEnd(width)}  ${TEMPLATES[name]}`).join('\n')}
  --spec <file|url>   openapi: the API's OpenAPI 3.0 or 3.1 document (JSON or YAML)
  --upstream <url>    openapi: the API's base URL (default: the document's first server)
  --no-install        do not run npm install
  -h, --help          show this help
`;

export const initCommand: Command = {
  help,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      'init',
      argv,
      {
        template: { type: 'string' },
        spec: { type: 'string' },
        upstream: { type: 'string' },
        'no-install': { type: 'boolean' },
      },
      1,
    );
    const template = values.template ?? DEFAULT_TEMPLATE;
    if (!isTemplateName(template)) {
      throw usageError(`unknown template "${template}": use --template ${alternatives(TEMPLATE_NAMES)}`);
    }
    if (template === 'openapi' && values.spec === undefined) {
      throw usageError(
        "--template openapi needs the API's document: add --spec openapi.yaml (a file, or the URL the API serves it at)",
      );
    }
    for (const option of ['spec', 'upstream'] as const) {
      if (template !== 'openapi' && values[option] !== undefined)
        throw usageError(`--${option} is for --template openapi`);
    }
    const dir = resolve(positionals[0] ?? '.');
    const shown = displayPath(dir);
    if (existsSync(dir)) {
      if (!statSync(dir).isDirectory())
        throw usageError(`${shown} is a file. Name a new or empty directory.`);
      // A fresh `git init` is still an empty project.
      if (readdirSync(dir).some((entry) => entry !== '.git')) {
        // No command in the example: `npm create lambda-mcp` users have no lambda-mcp to run.
        throw usageError(`${shown} is not empty. Name a new or empty directory, e.g. my-server`);
      }
    } else {
      const file = fileAbove(dir);
      if (file !== undefined) {
        throw usageError(
          `${displayPath(file)} is a file, so ${shown} cannot be made. Name a new or empty directory.`,
        );
      }
    }
    // Loaded only to run: `lambda-mcp init --help` does not pay for them.
    const [{ createProject }, { frameworkVersions }, { installDependencies, packageManager }] =
      await Promise.all([
        import('./create-project.ts'),
        import('./framework-versions.ts'),
        import('./install-dependencies.ts'),
      ]);
    // Before anything is written: a document the converter cannot use leaves no half-made project.
    const openapi =
      values.spec === undefined
        ? undefined
        : await (await import('./openapi-project.ts')).openApiProject(values.spec, values.upstream);
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw new CliError(`cannot create ${shown} (${(error as Error).message})`);
    }
    const name = createProject(dir, template, frameworkVersions(), openapi);

    const style = styleFor(io.stdout);
    io.stdout.write(
      `${style.green('created')} ${style.bold(name)} from the ${template} template in ${dir}\n`,
    );
    if (openapi !== undefined) {
      const calling = openapi.upstream === '' ? '' : `, calling ${openapi.upstream}`;
      const tools = openapi.toolCount === 1 ? '1 tool' : `${openapi.toolCount} tools`;
      io.stdout.write(`${tools} from ${values.spec}${calling}\n`);
      if (openapi.discovery) {
        io.stdout.write(
          'That many are served as three discovery tools (search_operations, describe_operation, call_operation): see mode in src/server.ts\n',
        );
      }
      if (!openapi.secured) {
        io.stderr.write(
          "The document declares no security scheme, so the tools call the API without the caller's credential: to pass it on, add fallbackScheme to addOpenApiTools in src/server.ts (e.g. { type: 'http', scheme: 'bearer' })\n",
        );
      }
      if (openapi.upstream === '') {
        io.stderr.write(
          'The document names no absolute server URL: set UPSTREAM_URL, or run init again with --upstream https://api.example.com\n',
        );
      }
    }
    const manager = packageManager();
    const install = values['no-install'] !== true;
    if (install) await installDependencies(dir, manager, io);
    // `bun test` and `bun build` are bun's own test runner and bundler, not the project's scripts.
    const run = (script: string) =>
      manager === 'npm' || manager === 'bun' ? `${manager} run ${script}` : `${manager} ${script}`;
    const steps: [string, string][] = [
      ...(shown === '.' ? [] : [[`cd ${shown}`, ''] as [string, string]]),
      ...(install ? [] : [[`${manager} install`, ''] as [string, string]]),
      [run('dev'), 'serve it locally, with client configuration'],
      [manager === 'bun' ? run('test') : `${manager} test`, 'run its tests'],
      [
        run('build'),
        `bundle it for Lambda, then: ${run('invoke')}${manager === 'npm' ? ' --' : ''} --method tools/list`,
      ],
    ];
    const column = Math.max(...steps.filter(([, why]) => why !== '').map(([command]) => command.length)) + 2;
    const lines = steps.map(([command, why]) =>
      why === '' ? `  ${command}` : `  ${command.padEnd(column)}${style.dim(`# ${why}`)}`,
    );
    io.stdout.write(`\nNext:\n${lines.join('\n')}\n`);
    return EXIT.ok;
  },
};

/** The nearest existing ancestor of a path that does not exist, when it is a file: nothing can be made below it. */
function fileAbove(path: string): string | undefined {
  for (let parent = dirname(path); parent !== path; path = parent, parent = dirname(path)) {
    if (existsSync(parent)) return statSync(parent).isDirectory() ? undefined : parent;
  }
  return undefined;
}

/** "a, b or c" */
function alternatives(names: readonly string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

/** The directory as the user would type it: relative below the working directory, else absolute; quoted for a shell when it must be. */
function displayPath(dir: string): string {
  const below = relative(process.cwd(), dir);
  return shellWord(below === '' ? '.' : below.startsWith('..') ? dir : below);
}
