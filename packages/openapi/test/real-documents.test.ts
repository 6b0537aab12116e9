import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import {
  addOpenApiTools,
  type ConvertedApi,
  convertDocument,
  loadOpenApiDocument,
} from '@lambda-mcp/openapi';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { createServer } from 'lambda-mcp';
import { validateServerMessage } from '../../../test/interop/spec-validator.ts';
import { lambdaCaller } from './lambda-caller.ts';

const NODE_MODULES = join(import.meta.dirname, '..', '..', '..', 'node_modules');
const GITHUB = join(NODE_MODULES, '@octokit', 'openapi', 'generated', 'api.github.com.json');
const EXAMPLES = join(NODE_MODULES, '@readme', 'oas-examples');
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Strict 2020-12 compilation: an unknown keyword or malformed value in a generated schema fails it. */
function compiler() {
  // strictRequired and strictTypes are style lints (a `required` name declared in a sibling branch), not validity.
  return new Ajv2020({ strict: true, strictRequired: false, strictTypes: false, validateFormats: false });
}

/** The operations a loaded document declares (path items behind a `$ref` included), counted apart from the converter. */
function operationCount(document: { paths?: Record<string, Record<string, unknown>> }): number {
  return Object.values(document.paths ?? {}).reduce(
    (sum, item) => sum + METHODS.filter((method) => typeof item[method] === 'object').length,
    0,
  );
}

/** `tools/list` of the API served in one-tool-per-operation mode, checked against the MCP schema. */
async function listTools(api: ConvertedApi): Promise<{ name: string }[]> {
  const server = createServer({ name: 'openapi-test', version: '1.0.0' });
  addOpenApiTools(server, api, { baseUrl: 'http://127.0.0.1:9', mode: 'tools' });
  const caller = lambdaCaller(server, 'unused');
  const tools: { name: string }[] = [];
  let cursor: string | undefined;
  do {
    const message = await caller.send('tools/list', cursor === undefined ? {} : { cursor });
    assert.deepEqual(validateServerMessage('2026-07-28', 'tools/list', message), []);
    const page = message.result as { tools: { name: string }[]; nextCursor?: string };
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return tools;
}

function checkTools(api: ConvertedApi, expected: number, compileOutputs: boolean): void {
  assert.equal(api.tools.length, expected, 'one tool per operation');
  const names = api.tools.map((tool) => tool.name);
  assert.equal(new Set(names).size, names.length, 'unique names');
  // Claude's and OpenAI's rule, stricter than MCP's (1-128 of A-Z a-z 0-9 _ - .).
  for (const name of names) assert.match(name, /^[A-Za-z0-9_-]{1,64}$/);
  const ajv = compiler();
  for (const tool of api.tools) {
    assert.doesNotThrow(() => ajv.compile(tool.inputSchema), `input schema of ${tool.name}`);
    if (compileOutputs && tool.outputSchema) {
      assert.doesNotThrow(() => ajv.compile(tool.outputSchema as object), `output schema of ${tool.name}`);
    }
  }
}

describe("GitHub's REST API description", () => {
  let operations: number;
  let api: ConvertedApi;

  before(async () => {
    // Converted once for the whole file: the 13 MB document is the slow part of this suite.
    const start = performance.now();
    const document = await loadOpenApiDocument(readFileSync(GITHUB, 'utf8'), {
      origin: 'api.github.com.json',
    });
    api = convertDocument(document);
    const ms = performance.now() - start;
    operations = operationCount(document as never);
    process.stderr.write(
      `# GitHub: ${api.tools.length} tools in ${ms.toFixed(0)} ms, heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB\n`,
    );
  });

  test('every operation becomes a tool with a unique valid name and an input schema that compiles in 2020-12', () => {
    checkTools(api, operations, false);
  });

  test('tools/list of all of them validates against the MCP schema', async () => {
    assert.deepEqual(
      (await listTools(api)).map((tool) => tool.name),
      api.tools.map((tool) => tool.name),
    );
  });

  test('past the threshold, discovery mode lists three tools', async () => {
    const server = createServer({ name: 'github', version: '1.0.0' });
    assert.equal(addOpenApiTools(server, api, { baseUrl: 'http://127.0.0.1:9' }), 'discovery');
    const message = await lambdaCaller(server, 'unused').send('tools/list', {});
    assert.deepEqual(validateServerMessage('2026-07-28', 'tools/list', message), []);
    const names = (message.result as { tools: { name: string }[] }).tools.map((tool) => tool.name);
    assert.deepEqual(names, ['search_operations', 'describe_operation', 'call_operation']);
  });
});

/** Every file of the package, recursively (3.0/json/openapi-workshop is a folder of documents). */
function documentsUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return documentsUnder(path);
    return /\.(json|ya?ml)$/.test(name) ? [path] : [];
  });
}

/** The examples the converter refuses, and why: a webhooks-only document has no operations to call. */
const REFUSED: Record<string, string> = Object.fromEntries(
  ['3.0/json/openapi-workshop/title.json', '3.1/json/webhooks.json', '3.1/yaml/webhooks.yaml'].map((name) => [
    name,
    `${name} has no paths: there are no operations to turn into tools.`,
  ]),
);

describe('every example of @readme/oas-examples', () => {
  for (const version of ['3.0', '3.1']) {
    for (const file of documentsUnder(join(EXAMPLES, version))) {
      const name = file.slice(EXAMPLES.length + 1);
      test(name, async () => {
        const text = readFileSync(file, 'utf8');
        const load = loadOpenApiDocument(text, { origin: name, referenceBase: file });
        if (REFUSED[name] !== undefined) {
          await assert.rejects(load, { name: 'OpenApiError', message: REFUSED[name] });
          return;
        }
        const document = await load;
        const api = convertDocument(document);
        checkTools(api, operationCount(document as never), true);
        await listTools(api);
      });
    }
  }

  for (const file of documentsUnder(join(EXAMPLES, '2.0'))) {
    const name = file.slice(EXAMPLES.length + 1);
    test(`${name} (Swagger 2.0) is refused with a clear message`, async () => {
      await assert.rejects(loadOpenApiDocument(readFileSync(file, 'utf8'), { origin: name }), {
        name: 'OpenApiError',
        message: `${name} is Swagger 2.0, which is not supported: convert it to OpenAPI 3 first (for example with swagger2openapi or the Swagger Editor) and use the converted document.`,
      });
    });
  }
});

test('a recursive schema becomes one $defs entry referenced by $ref (circular-request-bodies, indirectCircular)', async () => {
  const file = join(EXAMPLES, '3.0', 'json', 'circular-request-bodies.json');
  const api = convertDocument(await loadOpenApiDocument(readFileSync(file, 'utf8')));
  const tool = api.tools.find((t) => t.name === 'indirectCircular');
  assert.deepEqual(tool?.inputSchema, {
    type: 'object',
    properties: { name: { type: 'string' }, employer: { $ref: '#/$defs/Company' } },
    $defs: {
      Company: {
        type: 'object',
        title: 'Company',
        required: ['name'],
        properties: {
          name: { type: 'string' },
          ceo: {
            type: 'object',
            title: 'Person',
            required: ['name'],
            properties: { name: { type: 'string' }, employer: { $ref: '#/$defs/Company' } },
          },
        },
      },
    },
  });
});
