import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createServer } from 'lambda-mcp';
import { type RunningServer, serve } from 'lambda-mcp/node';
import { server as everything } from '../../../examples/everything/src/server.ts';
import { serveOfficialSdkServer } from './fixtures/official-sdk-server.ts';
import { type LegacySdkServer, serveLegacySdkServer } from './fixtures/proxy-legacy-sdk-server.ts';
import { serveScripted } from './fixtures/scripted-server.ts';
import { runBinary } from './run-binary.ts';

const TOKEN = 'test-token-1';

/** A server that wants a bearer token, and says where its protected-resource metadata is. */
function serveWithToken(): Promise<RunningServer> {
  const guarded = createServer({ name: 'test/guarded', version: '1.0.0' });
  guarded.tool(
    'whoami',
    { description: 'Names the caller.', input: { type: 'object', properties: {} } },
    (_input, ctx) => String(ctx.auth?.subject),
  );
  let metadata = '';
  const running = serve(guarded, {
    port: 0,
    handleSignals: false,
    authenticate: (exchange) =>
      exchange.headers.authorization === `Bearer ${TOKEN}`
        ? { subject: 'tester', scopes: [], claims: {} }
        : {
            status: 401,
            headers: {
              'content-type': 'application/json',
              'www-authenticate': `Bearer resource_metadata="${metadata}"`,
            },
            body: JSON.stringify({
              jsonrpc: '2.0',
              id: null,
              error: { code: -32001, message: 'Unauthorized' },
            }),
          },
  });
  return running.then((server) => {
    metadata = `${new URL(server.url).origin}/.well-known/oauth-protected-resource/mcp`;
    return server;
  });
}

/** A server whose one tool answers after `ms`: longer than a short --timeout. */
function serveSlow(ms: number): Promise<RunningServer> {
  const slow = createServer({ name: 'test/slow', version: '1.0.0' });
  slow.tool('wait', { description: 'Answers late.' }, async () => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return 'done';
  });
  return serve(slow, { port: 0, handleSignals: false });
}

/** A web server that is not an MCP server: an HTML page for every request. */
async function serveHtml(): Promise<{ url: string; server: Server }> {
  const server = createHttpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><p>Hello</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

/**
 * A 2026-07-28 server with one tool `t`, whose JSON-RPC answers carry `error` as `answerError`
 * gives it: `null` beside each result (JSON-RPC 1.0's "no error"), or a malformed error for
 * tools/call.
 */
function serveSloppyErrors(callError: unknown): Promise<{ url: string; server: Server }> {
  return serveScripted(({ id, method }, res) => {
    const results: Record<string, unknown> = {
      'server/discover': { supportedVersions: ['2026-07-28'], capabilities: { tools: {} } },
      'tools/list': { tools: [{ name: 't', inputSchema: { type: 'object' } }] },
      'tools/call': { content: [{ type: 'text', text: 'ok' }] },
    };
    const answer =
      method === 'tools/call' && callError !== null
        ? { jsonrpc: '2.0', id, error: callError }
        : { jsonrpc: '2.0', id, error: null, result: results[method] };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  });
}

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('lambda-mcp call', { concurrency: 4 }, () => {
  let ours: RunningServer;
  let official: Awaited<ReturnType<typeof serveOfficialSdkServer>>;
  let guarded: RunningServer;
  let html: Awaited<ReturnType<typeof serveHtml>>;
  let legacy: LegacySdkServer;
  let slow: RunningServer;

  before(async () => {
    [ours, official, guarded, html, legacy, slow] = await Promise.all([
      serve(everything, { port: 0, handleSignals: false }),
      serveOfficialSdkServer(),
      serveWithToken(),
      serveHtml(),
      serveLegacySdkServer(),
      serveSlow(5_000),
    ]);
  });
  after(async () => {
    html.server.close();
    await Promise.all([ours.close(), official.close(), guarded.close(), legacy.close(), slow.close()]);
  });

  test('lists the tools, resources, templates and prompts of examples/everything with their arguments', async () => {
    const run = await runBinary(['call', ours.url]);

    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      new RegExp(`^example/everything 1\\.0\\.0 at ${ours.url}, protocol 2026-07-28\\n`),
    );
    assert.match(
      run.stdout,
      /\ntools \(\d+\)\n {2}test_simple_text\n {4}Returns one text block\.\n {4}- \(no arguments\)\n/,
    );
    assert.match(
      run.stdout,
      /\n {2}test_sampling\n.*\n {4}- prompt: string \(required\) · The prompt to send to the LLM\n/,
    );
    assert.match(
      run.stdout,
      /\nresources \(\d+\)\n {2}test:\/\/static-text {2}Static Text Resource \(text\/plain\)\n/,
    );
    assert.match(run.stdout, /\nresource templates \(\d+\)\n {2}test:\/\/template\/\{id\}\/data {2}/);
    assert.match(run.stdout, /\n {4}- arg1 \(required\) · First test argument\n/);
  });

  test('--json prints the lists with the full schemas', async () => {
    const run = await runBinary(['call', ours.url, '--json']);

    const catalog = JSON.parse(run.stdout) as {
      protocolVersion: string;
      tools: { name: string; inputSchema: { required?: string[] } }[];
      prompts: unknown[];
    };
    assert.equal(catalog.protocolVersion, '2026-07-28');
    assert.deepEqual(catalog.tools.find((tool) => tool.name === 'test_sampling')?.inputSchema.required, [
      'prompt',
    ]);
    assert.ok(catalog.prompts.length > 0);
  });

  test('calls a tool with arguments and prints its text', async () => {
    const run = await runBinary([
      'call',
      ours.url,
      'test_region_lookup',
      '--args',
      '{"region":"us-west1","query":"quotas"}',
    ]);

    assert.equal(run.stdout, 'Looked up quotas in us-west1.\n');
    assert.equal(run.code, 0);
  });

  test('a mirrored argument with edge white space or the look of an encoded value reaches the server as sent', async () => {
    for (const region of [' us-west1', 'us-west1\t', '=?base64?dXM=?=']) {
      const run = await runBinary([
        'call',
        ours.url,
        'test_region_lookup',
        '--args',
        JSON.stringify({ region, query: 'quotas' }),
      ]);

      assert.equal(run.stderr, '');
      assert.equal(run.stdout, `Looked up quotas in ${region}.\n`);
      assert.equal(run.code, 0);
    }
  });

  test('--protocol 2025-06-18 speaks the legacy revision through initialize', async () => {
    const run = await runBinary(['call', ours.url, '--protocol', '2025-06-18', 'test_simple_text']);

    assert.equal(run.stdout, 'This is a simple text response for testing.\n');
    const listed = await runBinary(['call', ours.url, '--protocol', '2025-06-18']);
    assert.match(listed.stdout, /, protocol 2025-06-18\n/);
  });

  test('--protocol pins each revision it names, against our server and the official SDK 2.x', async () => {
    const revisions = ['2025-03-26', '2025-11-25', '2026-07-28'];
    const runs = await Promise.all(
      revisions.flatMap((revision) => [
        runBinary(['call', ours.url, '--protocol', revision, 'test_simple_text']),
        runBinary(['call', official.url, '--protocol', revision, '--json']),
      ]),
    );

    for (const [index, revision] of revisions.entries()) {
      const [called, listed] = [runs[2 * index], runs[2 * index + 1]];
      assert.equal(called?.stdout, 'This is a simple text response for testing.\n', called?.stderr);
      assert.equal(
        (JSON.parse(listed?.stdout ?? '') as { protocolVersion: string }).protocolVersion,
        revision,
      );
    }
  });

  test('lists and calls a stateful 2025-only server (official SDK 1.x) through its session', async () => {
    const listed = await runBinary(['call', legacy.url]);
    const called = await runBinary(['call', legacy.url, 'echo', '--args', '{"text":"hi"}']);

    assert.match(
      listed.stdout,
      new RegExp(`^official/sdk-1x-fixture 1\\.0\\.0 at ${legacy.url}, protocol 2025-11-25\\n`),
    );
    assert.match(listed.stdout, /\n {2}echo\n {4}Echoes the text\.\n {4}- text: string \(required\)\n/);
    assert.equal(called.stdout, 'hi\n');
    assert.equal(called.code, 0, called.stderr);
  });

  test('outside a terminal, a tool that needs input says so in one line and exits 1', async () => {
    const run = await runBinary(['call', ours.url, 'test_input_required_result_elicitation']);

    assert.equal(
      run.stderr,
      'lambda-mcp call: the server answered error -32021: Missing required client capability: elicitation (run lambda-mcp call in a terminal to be asked for it)\n',
    );
    assert.equal(run.code, 1);
  });

  test('a server slower than --timeout prints one line and exits 1', async () => {
    const run = await runBinary(['call', slow.url, 'wait', '--timeout', '300']);

    assert.equal(
      run.stderr,
      `lambda-mcp call: ${slow.url} did not answer tools/call in time (--timeout 300).\n`,
    );
    assert.equal(run.code, 1);
  });

  test('a tool error result goes to stderr and exits 1', async () => {
    const run = await runBinary(['call', ours.url, 'test_error_handling']);

    assert.equal(
      run.stderr,
      'test_error_handling answered an error:\nThis tool intentionally returns an error for testing\n',
    );
    assert.equal(run.code, 1);
  });

  test('an unknown tool prints the server error in one line and exits 1', async () => {
    const run = await runBinary(['call', ours.url, 'no_such_tool']);

    assert.equal(
      run.stderr,
      'lambda-mcp call: the server answered error -32602: Unknown tool: no_such_tool. Call tools/list to see the available tools.\n',
    );
    assert.equal(run.code, 1);
  });

  test('lists and calls a server built with the official SDK 2.x', async () => {
    const listed = await runBinary(['call', official.url]);
    const called = await runBinary(['call', official.url, 'add', '--args', '{"a":2,"b":40}']);

    assert.match(
      listed.stdout,
      new RegExp(`^official/sdk-fixture 2\\.0\\.0 at ${official.url}, protocol 2026-07-28\\n`),
    );
    assert.match(
      listed.stdout,
      /\n {2}add\n {4}Adds two numbers\.\n {4}- a: number \(required\)\n {4}- b: number \(required\)\n/,
    );
    assert.match(listed.stdout, /\nprompts \(1\)\n {2}greeting\n/);
    assert.equal(called.stdout, '42\n');
    assert.equal(called.code, 0);
  });

  test('a 401 says a token or key is needed and names the resource metadata', async () => {
    const origin = new URL(guarded.url).origin;

    const run = await runBinary(['call', guarded.url]);

    assert.equal(
      run.stderr,
      `lambda-mcp call: ${guarded.url} answered 401 Unauthorized: it needs a token or key. Pass --token <token> or --header 'Name: key' (resource metadata: ${origin}/.well-known/oauth-protected-resource/mcp)\n`,
    );
    assert.equal(run.code, 1);
  });

  test('--token sends a bearer token', async () => {
    const run = await runBinary(['call', guarded.url, 'whoami', '--token', TOKEN]);

    assert.equal(run.stdout, 'tester\n');
    assert.equal(run.code, 0);
  });

  test('--header sends any header', async () => {
    const run = await runBinary([
      'call',
      guarded.url,
      'whoami',
      '--header',
      `Authorization: Bearer ${TOKEN}`,
    ]);

    assert.equal(run.stdout, 'tester\n');
  });

  test('a web page that is not an MCP server prints one line and exits 1', async () => {
    const run = await runBinary(['call', html.url]);

    assert.equal(
      run.stderr,
      `lambda-mcp call: ${html.url} is not an MCP endpoint: it answered HTTP 200 text/html, not JSON-RPC. Check the URL path (lambda-mcp servers answer on /mcp).\n`,
    );
    assert.equal(run.code, 1);
  });

  test('a server whose connection drops in the middle of its answer: one line that says so, exit 1', async () => {
    // A 2025 server that starts streaming its tools/call answer, then its process dies.
    const { url, server: dropping } = await serveScripted(({ id, method }, res) => {
      if (method === 'initialize') {
        const result = {
          protocolVersion: '2025-11-25',
          capabilities: { tools: {} },
          serverInfo: { name: 'd', version: '1' },
        };
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ jsonrpc: '2.0', id, result }));
      } else if (method === 'tools/call') {
        res
          .writeHead(200, { 'content-type': 'text/event-stream' })
          .write(': working\n\n', () => res.socket?.destroy());
      } else if (id === undefined) {
        res.writeHead(202).end();
      } else {
        const error = { code: -32601, message: 'Method not found' };
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end(JSON.stringify({ jsonrpc: '2.0', id, error }));
      }
    });
    try {
      const run = await runBinary(['call', url, 't']);

      assert.equal(
        run.stderr,
        `lambda-mcp call: ${url} broke off its answer to tools/call (the connection was reset): the server stopped in the middle of it, a crash or a timeout? Check its logs.\n`,
      );
      assert.equal(run.code, 1);
    } finally {
      dropping.close();
    }
  });

  test('"error": null beside a result is no error: the result is printed', async () => {
    const sloppy = await serveSloppyErrors(null);
    try {
      const run = await runBinary(['call', sloppy.url, 't']);

      assert.equal(run.stderr, '');
      assert.equal(run.stdout, 'ok\n');
      assert.equal(run.code, 0);
    } finally {
      sloppy.server.close();
    }
  });

  test("an error that is not JSON-RPC's { code, message } is shown as it came, exit 1", async () => {
    const sloppy = await serveSloppyErrors('boom');
    try {
      const run = await runBinary(['call', sloppy.url, 't']);

      assert.equal(
        run.stderr,
        'lambda-mcp call: the server answered an error without the numeric code and message JSON-RPC gives one: "boom"\n',
      );
      assert.equal(run.code, 1);
    } finally {
      sloppy.server.close();
    }
  });

  test('a gateway throttling requests (429 that is not JSON-RPC) says so, not to check the URL path', async () => {
    // What API Gateway answers past its rate limit.
    const throttling = createHttpServer((_req, res) => {
      res
        .writeHead(429, { 'content-type': 'application/json', 'retry-after': '2' })
        .end(JSON.stringify({ message: 'Too Many Requests' }));
    });
    await new Promise<void>((resolve) => throttling.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(throttling.address() as AddressInfo).port}/mcp`;
    try {
      const run = await runBinary(['call', url]);

      assert.equal(
        run.stderr,
        `lambda-mcp call: ${url} refused the request as one too many (HTTP 429): try again later.\n`,
      );
      assert.equal(run.code, 1);
    } finally {
      throttling.close();
    }
  });

  test("API Gateway's 403 for a path without a route is not blamed on the credential", async () => {
    // What a REST API answers for /mcp when its stage is /prod: the path is wrong, not the key.
    const gateway = createHttpServer((_req, res) => {
      res
        .writeHead(403, {
          'content-type': 'application/json',
          'x-amzn-errortype': 'MissingAuthenticationTokenException',
        })
        .end(JSON.stringify({ message: 'Missing Authentication Token' }));
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/mcp`;
    try {
      const run = await runBinary(['call', url]);

      assert.equal(
        run.stderr,
        `lambda-mcp call: ${url} answered 403 Missing Authentication Token: API Gateway's answer for a path it has no route for (check the path and the stage, e.g. /prod/mcp), or for an IAM-authorized route called unsigned.\n`,
      );
      assert.equal(run.code, 1);
    } finally {
      gateway.close();
    }
  });

  test('a URL that redirects (http to https, a trailing slash) names where it redirects to', async () => {
    // Not followed: a POST's body and credentials are not sent on to another URL unasked.
    const redirecting = createHttpServer((_req, res) => {
      res.writeHead(308, { location: 'https://mcp.example.test/mcp' }).end();
    });
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}/mcp`;
    try {
      const run = await runBinary(['call', url]);

      assert.equal(
        run.stderr,
        `lambda-mcp call: ${url} redirects to https://mcp.example.test/mcp (HTTP 308): give that URL instead.\n`,
      );
      assert.equal(run.code, 1);
    } finally {
      redirecting.close();
    }
  });

  test('a tools/list page with entries that are not tools lists the tools it has', async () => {
    const { url, server } = await serveScripted(({ id, method }, res) => {
      const result =
        method === 'server/discover'
          ? { supportedVersions: ['2026-07-28'], capabilities: { tools: {} } }
          : { tools: [null, { name: 'kept', inputSchema: { type: 'object' } }, 'stray'] };
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ jsonrpc: '2.0', id, result }));
    });
    try {
      const run = await runBinary(['call', url, '--json']);

      assert.equal(run.stderr, '');
      assert.deepEqual((JSON.parse(run.stdout) as { tools: unknown[] }).tools, [
        { name: 'kept', inputSchema: { type: 'object' } },
      ]);
      assert.equal(run.code, 0);
    } finally {
      server.close();
    }
  });

  test('a server that hands back the same cursor again has its tools listed once, not a hundred times', async () => {
    let lists = 0;
    const { url, server } = await serveScripted(({ id, method }, res) => {
      if (method === 'tools/list') lists += 1;
      const result =
        method === 'server/discover'
          ? { supportedVersions: ['2026-07-28'], capabilities: { tools: {} } }
          : { tools: [{ name: 'again', inputSchema: { type: 'object' } }], nextCursor: 'page-2' };
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ jsonrpc: '2.0', id, result }));
    });
    try {
      const run = await runBinary(['call', url, '--json']);

      assert.deepEqual(
        (JSON.parse(run.stdout) as { tools: { name: string }[] }).tools.map((tool) => tool.name),
        ['again', 'again'],
      );
      assert.equal(lists, 2);
      assert.equal(run.code, 0);
    } finally {
      server.close();
    }
  });

  test('a gateway whose function failed (502) is not sent to check the URL path', async () => {
    // What API Gateway answers when the Lambda function crashes or times out.
    const gateway = createHttpServer((_req, res) => {
      res
        .writeHead(502, { 'content-type': 'application/json' })
        .end(JSON.stringify({ message: 'Internal server error' }));
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/mcp`;
    try {
      const run = await runBinary(['call', url]);

      assert.equal(
        run.stderr,
        `lambda-mcp call: ${url} failed: it answered HTTP 502 application/json, not JSON-RPC. The server, or the gateway in front of it, could not answer (a crash or a timeout): check its logs.\n`,
      );
      assert.equal(run.code, 1);
    } finally {
      gateway.close();
    }
  });

  test('a path next to the MCP endpoint prints one line and exits 1', async () => {
    const wrong = ours.url.replace(/\/mcp$/, '/api');

    const run = await runBinary(['call', wrong]);

    assert.equal(
      run.stderr,
      `lambda-mcp call: ${wrong} is not an MCP endpoint: it answered HTTP 404 application/json, not JSON-RPC. Check the URL path (lambda-mcp servers answer on /mcp).\n`,
    );
    assert.equal(run.code, 1);
  });

  test('an unreachable URL prints one line and exits 1', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/mcp`;

    const run = await runBinary(['call', url]);

    assert.equal(
      run.stderr,
      `lambda-mcp call: cannot reach ${url} (connection refused). Is the server running? Check the host and port.\n`,
    );
    assert.equal(run.code, 1);
  });

  const BAD: { name: string; args: string[]; stderr: string }[] = [
    {
      name: 'invalid JSON in --args',
      args: ['call', 'http://127.0.0.1:9/mcp', 'add', '--args', '{"a":'],
      stderr:
        'lambda-mcp call: --args is not valid JSON (Unexpected end of JSON input). Pass a JSON object, e.g. --args \'{"city":"Lisbon"}\'\n',
    },
    {
      name: 'a missing URL',
      args: ['call'],
      stderr: 'lambda-mcp call: missing the server URL: lambda-mcp call http://127.0.0.1:3000/mcp [tool]\n',
    },
    {
      name: 'a URL that is not http',
      args: ['call', 'localhost:3000/mcp'],
      stderr:
        'lambda-mcp call: "localhost:3000/mcp" is not an http(s) URL: give the MCP endpoint, e.g. http://127.0.0.1:3000/mcp\n',
    },
    {
      name: 'a revision call does not speak',
      args: ['call', 'http://127.0.0.1:9/mcp', '--protocol', '2024-11-05'],
      stderr:
        'lambda-mcp call: --protocol 2024-11-05 is not a revision lambda-mcp call speaks: 2026-07-28, 2025-11-25, 2025-06-18, 2025-03-26\n',
    },
    {
      name: 'a malformed --header',
      args: ['call', 'http://127.0.0.1:9/mcp', '--header', 'Bearer abc'],
      stderr: `lambda-mcp call: --header "Bearer abc" is not a header: write it as --header 'Name: value'\n`,
    },
    {
      // Node refuses to send these: the request failed as "cannot reach ... Is the server running?".
      name: 'a --header value with a line break',
      args: ['call', 'http://127.0.0.1:9/mcp', '--header', 'X-Api-Key: abc\r\nX-Injected: 1'],
      stderr:
        'lambda-mcp call: --header X-Api-Key: the value holds a line break or another character no HTTP header may carry\n',
    },
    {
      name: 'a --header name that is not an HTTP token',
      args: ['call', 'http://127.0.0.1:9/mcp', '--header', 'X(Key): abc'],
      stderr: `lambda-mcp call: --header "X(Key): abc" is not a header: write it as --header 'Name: value'\n`,
    },
    {
      // It made every request time out at once: "did not answer server/discover in time".
      name: 'a --timeout of 0',
      args: ['call', 'http://127.0.0.1:9/mcp', '--timeout', '0'],
      stderr: 'lambda-mcp call: --timeout must be at least 1 (ms to wait for each answer), not 0\n',
    },
    {
      // Past a timer's 32 bits Node fires at once: every request "did not answer in time".
      name: 'a --timeout no timer can hold',
      args: ['call', 'http://127.0.0.1:9/mcp', '--timeout', '99999999999'],
      stderr: 'lambda-mcp call: --timeout must be at most 2147483647, not 99999999999\n',
    },
    {
      name: 'a --token with a line break',
      args: ['call', 'http://127.0.0.1:9/mcp', '--token', 'abc\n'],
      stderr: 'lambda-mcp call: --token holds a line break or another character no HTTP header may carry\n',
    },
  ];
  for (const bad of BAD) {
    test(`${bad.name} prints one line and exits 2`, async () => {
      const run = await runBinary(bad.args);

      assert.equal(run.stderr, bad.stderr);
      assert.equal(run.code, 2);
    });
  }
});
