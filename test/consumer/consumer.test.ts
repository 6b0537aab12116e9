/**
 * lambda-mcp as npm users get it: every public package packed, installed from the tarballs
 * into a project outside the repository (no links, no source condition), then used from
 * plain JavaScript on each supported Node, typechecked from TypeScript under the strictest
 * settings, bundled with esbuild, and checked to keep `node:` out of the entries that
 * must also run on Workers, Deno and Bun. The `lambda-mcp` bin runs from its tarball too.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import { build } from 'esbuild';
import { REPO_ROOT } from '../../scripts/public-packages.ts';
import { builtinImportsOf } from './builtin-imports.ts';
import { type ConsumerProject, createConsumerProject, NODE_MAJORS } from './consumer-project.ts';
import { runChecked } from './run-process.ts';

const EXPECTED = { lambda: { statusCode: 200, sum: '5' }, node: { status: 200, sum: '5' } };
const TSC = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

// Under the repository, Node and TypeScript would walk up into its node_modules and find
// lambda-mcp there: the consumer would pass without the tarball.
const root = mkdtempSync(join(realpathSync(tmpdir()), 'lambda-mcp-consumer-'));
if (!relative(REPO_ROOT, root).startsWith('..')) throw new Error(`${root} is inside the repository`);
let project: ConsumerProject;

// A hang (npm, a server that never closes) fails the run instead of blocking CI; no
// assertion depends on how long anything takes.
const HANG_GUARD = { timeout: 600_000 };

before(async () => {
  project = await createConsumerProject(root);
}, HANG_GUARD);

after(() => rmSync(root, { recursive: true, force: true }));

/** The answers the consumer printed on its last line. */
async function runConsumer(node: string, file: string): Promise<unknown> {
  const { stdout } = await runChecked(node, [file], project.dir);
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
}

for (const major of NODE_MAJORS) {
  test(
    `a JavaScript consumer serves a tool through createHandler and serve on Node ${major}`,
    HANG_GUARD,
    async () => {
      const node = project.nodeBinaries.get(major)!;
      const { stdout: version } = await runChecked(node, ['--version'], project.dir);
      assert.match(version, new RegExp(`^v${major}\\.`));
      assert.deepEqual(await runConsumer(node, 'consumer.mjs'), EXPECTED);
    },
  );
}

for (const major of NODE_MAJORS) {
  test(
    `the installed lambda-mcp bin prints its help, bundles the consumer and creates a project on Node ${major}`,
    HANG_GUARD,
    async () => {
      // The bin as npm linked it: compiled JavaScript, since Node strips no types under node_modules.
      const node = project.nodeBinaries.get(major)!;
      const bin = join(project.dir, 'node_modules', '.bin', 'lambda-mcp');
      const { stdout: help } = await runChecked(node, [bin, '--help'], project.dir);
      assert.match(help, /^lambda-mcp \d+\.\d+\.\d+\S*: .*\n\nUsage: lambda-mcp <command>/);

      const out = `cli-bundle-${major}`;
      const { stdout } = await runChecked(
        node,
        [bin, 'build', 'consumer.mjs', '--out', out, '--json'],
        project.dir,
      );
      assert.equal((JSON.parse(stdout) as { file: string }).file, join(project.dir, out, 'index.mjs'));
      assert.deepEqual(await runConsumer(node, join(out, 'index.mjs')), EXPECTED);

      // `npm create lambda-mcp`: the templates ship in the CLI's tarball, the versions come from it.
      const create = join(project.dir, 'node_modules', '.bin', 'create-lambda-mcp');
      await runChecked(
        node,
        [create, `created-${major}`, '--template', 'tasks', '--no-install'],
        project.dir,
      );
      const manifest = (path: string) => JSON.parse(readFileSync(join(project.dir, path), 'utf8'));
      const created = manifest(`created-${major}/package.json`);
      assert.equal(
        created.dependencies['lambda-mcp'],
        `^${manifest('node_modules/lambda-mcp/package.json').version}`,
      );
      assert.ok(existsSync(join(project.dir, `created-${major}`, 'src', 'handler.ts')));

      // The openapi template reads the document with @lambda-mcp/openapi, installed with create-lambda-mcp.
      const spec = join(project.dir, `ping-${major}.json`);
      writeFileSync(
        spec,
        JSON.stringify({
          openapi: '3.1.0',
          info: { title: 'Ping', version: '1' },
          servers: [{ url: 'https://ping.example.com' }],
          paths: { '/ping': { get: { operationId: 'ping', responses: { '204': { description: 'up' } } } } },
        }),
      );
      const { stdout: facade } = await runChecked(
        node,
        [create, `facade-${major}`, '--template', 'openapi', '--spec', spec, '--no-install'],
        project.dir,
      );
      assert.equal(facade.split('\n')[1], `1 tool from ${spec}, calling https://ping.example.com`);
      assert.equal(
        manifest(`facade-${major}/package.json`).dependencies['@lambda-mcp/openapi'],
        `^${manifest('node_modules/@lambda-mcp/openapi/package.json').version}`,
      );
    },
  );
}

for (const resolution of ['nodenext', 'bundler']) {
  test(
    `a TypeScript consumer typechecks against the declarations with ${resolution} resolution and strict options`,
    HANG_GUARD,
    async () => {
      const { stdout } = await runChecked(
        process.execPath,
        [TSC, '-p', `tsconfig.${resolution}.json`],
        project.dir,
      );
      assert.equal(stdout, '');
    },
  );
}

test(
  'the root and lambda-mcp/fetch declarations typecheck with web types only, no @types/node',
  HANG_GUARD,
  async () => {
    // @types/node is installed in the project, so a declaration importing node: would still
    // resolve: the program's file list shows whether any Node type was pulled in.
    const { stdout } = await runChecked(
      process.execPath,
      [TSC, '-p', 'tsconfig.web.json', '--listFiles'],
      project.dir,
    );
    const nodeTypes = stdout.split('\n').filter((file) => file.includes('/node_modules/@types/node/'));
    assert.deepEqual(nodeTypes, []);
    assert.ok(stdout.includes('/node_modules/lambda-mcp/dist/adapters/fetch/index.d.ts'));
  },
);

test('an esbuild bundle of the JavaScript consumer runs', HANG_GUARD, async () => {
  const outfile = join(project.dir, 'bundle', 'consumer.mjs');
  await build({
    entryPoints: [join(project.dir, 'consumer.mjs')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    minify: true,
    logLevel: 'error',
  });
  assert.doesNotMatch(readFileSync(outfile, 'utf8'), /@lambda-mcp\/source|\.ts["']/);
  for (const major of NODE_MAJORS) {
    assert.deepEqual(await runConsumer(project.nodeBinaries.get(major)!, outfile), EXPECTED);
  }
});

test(
  'lambda-mcp/auth bundled for Node leaves jose out (node:crypto checks JWTs); for a web host it brings jose',
  HANG_GUARD,
  async () => {
    // The bundle's inputs, relative to the consumer project: which jose loader, how many jose files.
    const inputsFor = async (platform: 'node' | 'browser') => {
      const result = await build({
        absWorkingDir: project.dir,
        stdin: {
          contents:
            "import { oauthResourceServer } from 'lambda-mcp/auth'; export const auth = oauthResourceServer;",
          resolveDir: project.dir,
        },
        bundle: true,
        format: 'esm',
        platform,
        write: false,
        metafile: true,
        logLevel: 'error',
        external: ['node:*'],
      });
      const inputs = Object.keys(result.metafile.inputs);
      return {
        loader: inputs.filter((file) => file.startsWith('node_modules/lambda-mcp/dist/auth/jose-peer-')),
        jose: inputs.filter((file) => file.startsWith('node_modules/jose/')).length,
      };
    };

    const node = await inputsFor('node');
    const browser = await inputsFor('browser');

    assert.deepEqual(node, { loader: ['node_modules/lambda-mcp/dist/auth/jose-peer-node.js'], jose: 0 });
    assert.deepEqual(browser.loader, ['node_modules/lambda-mcp/dist/auth/jose-peer-web.js']);
    assert.ok(browser.jose > 5, `${browser.jose} jose files in the browser bundle`);
  },
);

test('the root and lambda-mcp/fetch entries import no node: module', HANG_GUARD, async () => {
  for (const specifier of ['lambda-mcp', 'lambda-mcp/fetch']) {
    const { entry, builtins } = await builtinImportsOf(specifier, project.dir);
    assert.match(entry, /^node_modules\/lambda-mcp\/dist\/.+\.js$/);
    assert.deepEqual(builtins, [], specifier);
  }
});
