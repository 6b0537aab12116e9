import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { convertDocument, loadOpenApiDocument, type OperationTool } from '@lambda-mcp/openapi';
import { httpApiEvent, lambdaContext, mcpRequest } from 'lambda-mcp/testing';

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
const tools = JSON.parse(read('tools.json')) as { tools: OperationTool[] };

/** The REST API, played by a loopback server that records each request and finds nothing. */
const received: { method: string; url: string; headers: IncomingMessage['headers'] }[] = [];
const api = createServer((request, response) => {
  received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
  request.resume();
  response.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"No such thing"}');
});

let handler: typeof import('../src/handler.ts').handler;
let credentialHeader: string;
let mode: 'tools' | 'discovery';

before(async () => {
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  process.env.UPSTREAM_URL = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  // Imported once the API listens: src/server.ts reads UPSTREAM_URL when it loads.
  ({ handler } = await import('../src/handler.ts'));
  ({ CREDENTIAL_HEADER: credentialHeader, mode } = await import('../src/server.ts'));
});
after(() => api.close());

/** Sends one MCP request through the Lambda handler, as API Gateway would deliver it. */
async function call(method: string, params: Record<string, unknown>, headers: Record<string, string> = {}) {
  const request = mcpRequest(method, params);
  const result = await handler(
    httpApiEvent({ ...request, headers: { ...request.headers, ...headers } }),
    lambdaContext(),
  );
  assert.equal(result.statusCode, 200);
  return JSON.parse(result.body).result;
}

test('tools.json is what openapi.json converts to (after editing openapi.json: npm run tools)', async () => {
  const converted = convertDocument(await loadOpenApiDocument(read('openapi.json')));

  assert.deepEqual(tools, JSON.parse(JSON.stringify(converted)));
});

test('tools/list lists one tool per operation (the discovery tools for a large API)', async () => {
  const { tools: listed } = await call('tools/list', {});

  assert.deepEqual(
    listed.map((tool: { name: string }) => tool.name),
    mode === 'tools'
      ? tools.tools.map((tool) => tool.name)
      : ['search_operations', 'describe_operation', 'call_operation'],
  );
});

test("a tool call reaches the API with the caller's credential, and the API's answer the caller", async () => {
  // The operation with the fewest required arguments (one that answers with a body, not
  // HEAD), called with example values.
  const [tool] = [...tools.tools].sort(
    (a, b) =>
      Number(a.method === 'head') - Number(b.method === 'head') ||
      requiredOf(a).length - requiredOf(b).length,
  );
  assert.ok(tool, 'openapi.json has no operations');
  const args = exampleOf(tool.inputSchema as Schema) as Record<string, unknown>;
  const credential = 'test-credential-7f3a';
  const sent = credentialHeader === 'authorization' ? `Bearer ${credential}` : credential;
  received.length = 0;

  const params =
    mode === 'tools'
      ? { name: tool.name, arguments: args }
      : { name: 'call_operation', arguments: { name: tool.name, arguments: args } };
  const result = await call('tools/call', params, { [credentialHeader]: sent });

  assert.equal(received.length, 1, `${tool.name} made no request to the API`);
  const [request] = received;
  assert.equal(request!.method, tool.method.toUpperCase());
  // Where the credential goes (a header, the query, a cookie) is the document's choice.
  if (tool.security.length > 0) assert.match(JSON.stringify(request), new RegExp(credential));
  assert.equal(result.isError, true);
  assert.match(result.content[0].text, /^NOT_FOUND: .*No such thing/);
});

function requiredOf(tool: OperationTool): string[] {
  return (tool.inputSchema.required as string[] | undefined) ?? [];
}

type Schema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  default?: unknown;
  examples?: unknown[];
  example?: unknown;
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  oneOf?: Schema[];
  anyOf?: Schema[];
};

/**
 * A value the schema accepts, for the common cases: its own example, else one by type; an
 * object with its required properties, an array with its minimum of items.
 */
function exampleOf(schema: Schema, depth = 0): unknown {
  for (const own of [schema.const, schema.examples?.[0], schema.example, schema.default, schema.enum?.[0]]) {
    if (own !== undefined) return own;
  }
  const alternative = schema.oneOf?.[0] ?? schema.anyOf?.[0];
  if (alternative !== undefined) return exampleOf(alternative, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if ((type === 'object' || (type === undefined && schema.properties)) && depth < 8) {
    return Object.fromEntries(
      (schema.required ?? []).map((name) => [name, exampleOf(schema.properties?.[name] ?? {}, depth + 1)]),
    );
  }
  if (type === 'array' && schema.items !== undefined && depth < 8) {
    return Array.from({ length: schema.minItems ?? 0 }, () => exampleOf(schema.items!, depth + 1));
  }
  switch (type) {
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return (
        (
          {
            'date-time': '2026-01-01T00:00:00Z',
            date: '2026-01-01',
            email: 'someone@example.com',
            uuid: '00000000-0000-4000-8000-000000000000',
            uri: 'https://example.com',
          } as Record<string, string>
        )[schema.format ?? ''] ?? 'example'
      );
  }
}
