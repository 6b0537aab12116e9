import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer as createNetServer, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
  addOpenApiTools,
  type ConvertedApi,
  convertDocument,
  createOpenApiServer,
  loadOpenApiDocument,
} from '@lambda-mcp/openapi';
import { createServer } from 'lambda-mcp';
import { capturingLogger } from './capturing-logger.ts';
import { lambdaCaller, type ToolResult } from './lambda-caller.ts';
import {
  type CannedAnswer,
  type RecordedRequest,
  type RecordingUpstream,
  startRecordingUpstream,
} from './recording-upstream.ts';

const SPEC = readFileSync(new URL('fixtures/recording-api.yaml', import.meta.url), 'utf8');
const KEY = 'sk_live_caller_key_0123456789';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 255]);

function answer(request: RecordedRequest): CannedAnswer {
  const path = request.url.split('?')[0] ?? '';
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  // Labelled JSON, but cut short (a 2xx the API got wrong).
  if (path === '/items/broken')
    return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"id": "broken",' };
  if (path === '/items/listed') return json(200, [{ id: 'listed' }]);
  if (path.startsWith('/items/') && request.method === 'GET')
    return json(200, { id: 'a/b c', name: 'Write' });
  if (path === '/items') return json(201, { id: 'i-1', ...JSON.parse(request.body.toString()) });
  if (request.method === 'PUT') return { status: 204 };
  if (path === '/forms') return { status: 200, headers: { 'content-type': 'text/plain' }, body: 'saved' };
  // A Java server's default for text/plain; "café" is 63 61 66 e9 in Latin-1.
  if (path === '/latin1/report')
    return {
      status: 200,
      headers: { 'content-type': 'text/csv; charset=ISO-8859-1' },
      body: Buffer.from('caf\xe9\n', 'latin1'),
    };
  if (path === '/report') return { status: 200, headers: { 'content-type': 'text/csv' }, body: 'a,b\n1,2\n' };
  if (path === '/logo') return { status: 200, headers: { 'content-type': 'image/png' }, body: PNG };
  if (path === '/big')
    return json(
      200,
      Array.from({ length: 5000 }, (_, i) => ({ i, text: 'x'.repeat(20) })),
    );
  if (path === '/status/400') return json(400, { message: 'name must be at most 80 characters' });
  if (path === '/status/401') return json(401, { error: { message: 'unknown API key' } });
  if (path === '/status/403') return json(403, { detail: 'read-only key' });
  // Under it too: a base URL that points nowhere.
  if (path === '/status/404' || path.startsWith('/status/404/')) return json(404, { title: 'No such item' });
  if (path === '/status/409') return json(409, { message: 'already exists' });
  if (path === '/status/422')
    return json(422, { message: 'invalid', errors: [{ message: 'priority too high' }] });
  if (path === '/status/429') return { status: 429, headers: { 'retry-after': '7' }, body: '' };
  if (path === '/status/500') return { status: 500, body: 'database exploded at 10.0.0.7' };
  if (path === '/status/503') return { status: 503, headers: { 'retry-after': '30' }, body: 'maintenance' };
  if (path === '/status/418') return { status: 418, body: "I'm a teapot" };
  // A redirect elsewhere: following it would hand the caller's key to that host.
  if (path === '/status/302') return { status: 302, headers: { location: 'http://192.0.2.9/collect' } };
  return json(200, { ok: true });
}

let upstream: RecordingUpstream;
const logger = capturingLogger();
let caller: ReturnType<typeof lambdaCaller>;

before(async () => {
  upstream = await startRecordingUpstream(answer);
  const { server } = await createOpenApiServer(SPEC, {
    baseUrl: upstream.url,
    mode: 'tools',
    maxResponseBytes: 64 * 1024,
    forwardHeaders: ['accept-language'],
    server: { logger },
  });
  caller = lambdaCaller(server, KEY);
});
after(() => upstream.close());

/** The one request a call made upstream. */
async function recorded(
  call: () => Promise<ToolResult>,
): Promise<{ result: ToolResult; request: RecordedRequest }> {
  const before = upstream.requests.length;
  const result = await call();
  assert.equal(upstream.requests.length, before + 1, 'exactly one upstream request');
  return { result, request: upstream.requests[before] as RecordedRequest };
}

describe('parameters arrive in their declared style', () => {
  test('path (RFC 3986, a slash stays in one segment), every query style, header and cookie', async () => {
    const { result, request } = await recorded(() =>
      caller.call('getItem', {
        id: 'a/b c',
        tags: ['x', 'y'],
        fields: ['id', 'name'],
        ids: [1, 2],
        codes: ['p', 'q'],
        filter: { status: 'open', owner: 'me' },
        point: { x: 1, y: 2 },
        q: "it's (1)*",
        'X-Trace': 't-1',
        session: 's 1',
      }),
    );
    assert.equal(request.method, 'GET');
    assert.equal(
      request.url,
      '/items/a%2Fb%20c?tags=x&tags=y&fields=id,name&ids=1%202&codes=p|q&filter[status]=open&filter[owner]=me&x=1&y=2&q=it%27s%20%281%29%2A',
    );
    assert.equal(request.headers['x-trace'], 't-1');
    assert.equal(request.headers.cookie, 'session=s%201');
    assert.equal(request.headers.accept, 'application/json');
    assert.equal(request.headers['accept-language'], 'pt-PT', 'a forwarded header of the MCP request');
    assert.equal(request.headers['x-api-key'], KEY, "the caller's key, where the security scheme says");
    assert.deepEqual(result.structuredContent, {
      id: 'a/b c',
      name: 'Write',
    });
  });

  test('allowReserved keeps reserved characters and percent-encoded triples, but not what would end or split the query', async () => {
    const { request } = await recorded(() =>
      caller.call('getItem', { id: '1', where: "a/b:c?d@e,f;g!$'()* #h&i=j+k[l]%20m%zz", q: 'z' }),
    );
    // fetch itself encodes ' in a query (WHATWG URL, special schemes).
    assert.equal(request.url, '/items/1?q=z&where=a/b:c?d@e,f;g!$%27()*%20%23h%26i%3Dj%2Bk%5Bl%5D%20m%25zz');
  });

  test('label and matrix path styles, exploded and not', async () => {
    const { request } = await recorded(() =>
      caller.call('getShape', { label: ['a', 'b'], matrix: 'm', exploded: { a: '1', b: '2' } }),
    );
    assert.equal(request.url, '/shapes/.a,b/;matrix=m/;a=1;b=2');
  });
});

describe('bodies arrive in their media type', () => {
  test('a JSON object body from flat arguments, beside a query parameter', async () => {
    const { result, request } = await recorded(() =>
      caller.call('createItem', { name: 'Write', priority: 3, note: null, dryRun: true }),
    );
    assert.equal(request.method, 'POST');
    assert.equal(request.url, '/items?dryRun=true');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.body.toString(), '{"name":"Write","priority":3,"note":null}');
    assert.deepEqual(result.structuredContent, {
      id: 'i-1',
      name: 'Write',
      priority: 3,
      note: null,
    });
  });

  test('a body that is not an object goes under `body`', async () => {
    const { result, request } = await recorded(() =>
      caller.call('replaceItemTags', { id: '7', body: ['a', 'b'] }),
    );
    assert.equal(request.method, 'PUT');
    assert.equal(request.url, '/items/7');
    assert.equal(request.body.toString(), '["a","b"]');
    assert.deepEqual(result.content, [
      { type: 'text', text: 'replaceItemTags succeeded (204, no content).' },
    ]);
  });

  test('a URL-encoded form, arrays repeated', async () => {
    const { result, request } = await recorded(() =>
      caller.call('submitForm', { title: 'a b&c', labels: ['x', 'y'] }),
    );
    assert.equal(request.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(request.body.toString(), 'title=a+b%26c&labels=x&labels=y');
    assert.deepEqual(result.content, [{ type: 'text', text: 'saved' }]);
  });

  test('a URL-encoded form field that is null is sent empty (a form has no null; APIs such as Stripe read empty as unset)', async () => {
    const { request } = await recorded(() => caller.call('submitForm', { title: 'a', note: null }));
    assert.equal(request.body.toString(), 'title=a&note=');
  });

  test("a URL-encoded form with fields its encoding says are deepObject (Stripe's metadata, line items, expand)", async () => {
    const { request } = await recorded(() =>
      caller.call('chargeCard', {
        amount: 100,
        metadata: { order: '6735', note: 'a b&c' },
        items: [{ price: 'p_1', qty: 2 }],
        expand: ['customer'],
      }),
    );
    assert.equal(request.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(
      decodeURIComponent(request.body.toString()),
      'amount=100&metadata[order]=6735&metadata[note]=a+b&c&items[0][price]=p_1&items[0][qty]=2&expand[0]=customer',
    );
    assert.equal(
      request.body.toString(),
      'amount=100&metadata%5Border%5D=6735&metadata%5Bnote%5D=a+b%26c&items%5B0%5D%5Bprice%5D=p_1&items%5B0%5D%5Bqty%5D=2&expand%5B0%5D=customer',
    );
  });

  test('multipart: a file from base64, text, and an object as a JSON part', async () => {
    await multipartArrives(caller);
  });

  test('the same from an API converted at build time and shipped as JSON', async () => {
    const api = convertDocument(await loadOpenApiDocument(SPEC));
    const shipped = JSON.parse(JSON.stringify(api)) as ConvertedApi;
    const server = createServer({ name: 'shipped', version: '1.0.0' });
    addOpenApiTools(server, shipped, { baseUrl: upstream.url, mode: 'tools' });
    await multipartArrives(lambdaCaller(server, KEY));
  });
});

test('a 3.1 multipart file described by contentMediaType (image/png, no format: binary) is a base64 argument sent as a file of that type', async () => {
  const { server, api } = await createOpenApiServer(
    {
      openapi: '3.1.0',
      info: { title: 'Avatars', version: '1' },
      paths: {
        '/avatar': {
          put: {
            operationId: 'setAvatar',
            requestBody: {
              content: {
                'multipart/form-data': {
                  schema: {
                    type: 'object',
                    properties: {
                      // As OpenAPI 3.1 §4.8.14.3 describes a file: its media type, not a format.
                      image: { type: 'string', contentMediaType: 'image/png' },
                      caption: { type: 'string' },
                    },
                  },
                },
              },
            },
            responses: { '204': { description: 'set' } },
          },
        },
      },
    },
    { baseUrl: upstream.url, server: { logger } },
  );
  assert.deepEqual(api.tools[0]?.inputSchema.properties, {
    image: { type: 'string', contentEncoding: 'base64', description: '(file content, base64-encoded)' },
    caption: { type: 'string' },
  });
  const { request } = await recorded(() =>
    lambdaCaller(server, KEY).call('setAvatar', { image: PNG.toString('base64'), caption: 'me' }),
  );
  const form = await new Response(new Uint8Array(request.body), {
    headers: { 'content-type': String(request.headers['content-type']) },
  }).formData();
  const image = form.get('image') as Blob;
  assert.equal(image.type, 'image/png');
  assert.deepEqual(Buffer.from(await image.arrayBuffer()), PNG);
  assert.equal(form.get('caption'), 'me');
});

/** Uploads a file through `caller` and checks every part as the upstream received it. */
async function multipartArrives(caller: ReturnType<typeof lambdaCaller>): Promise<void> {
  const { request } = await recorded(() =>
    caller.call('uploadFile', {
      file: Buffer.from('hello file').toString('base64'),
      caption: 'hi',
      meta: { source: 'cam' },
      tags: ['a', 'b'],
      attachments: [Buffer.from('one').toString('base64'), Buffer.from('two').toString('base64')],
    }),
  );
  const type = String(request.headers['content-type']);
  assert.match(type, /^multipart\/form-data; boundary=/);
  const form = await new Response(new Uint8Array(request.body), {
    headers: { 'content-type': type },
  }).formData();
  assert.equal(await (form.get('file') as Blob).text(), 'hello file');
  // The part's type as its encoding names it; several (or none) named: bytes of no stated type.
  assert.equal((form.get('file') as Blob).type, 'text/plain');
  assert.deepEqual(
    (form.getAll('attachments') as Blob[]).map((file) => file.type),
    ['application/octet-stream', 'application/octet-stream'],
  );
  assert.equal(form.get('caption'), 'hi');
  // An object is a JSON part, a field rather than a file: no filename (a server would read it as an upload).
  assert.equal(form.get('meta'), '{"source":"cam"}');
  assert.match(
    request.body.toString(),
    /\r\nContent-Disposition: form-data; name="meta"\r\nContent-Type: application\/json\r\n\r\n\{"source":"cam"\}\r\n/,
  );
  // An array is one part per item; an array of files, one file each.
  assert.deepEqual(form.getAll('tags'), ['a', 'b']);
  const attachments = form.getAll('attachments') as Blob[];
  assert.deepEqual(await Promise.all(attachments.map((file) => file.text())), ['one', 'two']);
}

describe('answers', () => {
  test('non-JSON text comes back as text', async () => {
    assert.deepEqual((await caller.call('getReport')).content, [{ type: 'text', text: 'a,b\n1,2\n' }]);
  });

  test('text in the charset its Content-Type names (ISO-8859-1) is read in that charset', async () => {
    const { server } = await createOpenApiServer(SPEC, { baseUrl: `${upstream.url}/latin1` });
    const result = await lambdaCaller(server, KEY).call('getReport');
    assert.deepEqual(result.content, [{ type: 'text', text: 'café\n' }]);
  });

  test('binary comes back as an embedded resource', async () => {
    assert.deepEqual((await caller.call('getLogo')).content, [
      {
        type: 'resource',
        resource: { uri: `${upstream.url}/logo`, mimeType: 'image/png', blob: PNG.toString('base64') },
      },
    ]);
  });

  test('a 2xx labelled JSON that does not parse, or is not the documented object, says so and what to try', async () => {
    const broken = await caller.call('getItem', { id: 'broken' });
    assert.equal(broken.isError, true);
    assert.equal(
      broken.content[0]?.text,
      'SERVICE_UNAVAILABLE: The API answered getItem with 200 and a body labelled application/json that is not valid JSON, so the result cannot be read. The API is at fault, not the arguments: try again later, and if getItem changes something, check with a read whether it took effect before calling it again.',
    );
    const listed = await caller.call('getItem', { id: 'listed' });
    assert.equal(
      listed.content[0]?.text,
      'SERVICE_UNAVAILABLE: The API answered getItem with a JSON array, not the JSON object it documents. The API is at fault, not the arguments: if getItem changes something, check with a read whether it took effect before calling it again.',
    );
  });

  test("a 2xx object that breaks the documented schema (a null, a number past its maximum, Jira's +0000 dates) says the call went through and gives the answer, rather than a protocol error", async () => {
    const drifted = { id: 'i-1', name: null, priority: 9, created: '2026-02-03T15:55:42.000+0000' };
    const api = await startRecordingUpstream(() => ({
      status: 201,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(drifted),
    }));
    const document = {
      openapi: '3.0.3',
      info: { title: 'Issues', version: '1' },
      paths: {
        '/items': {
          post: {
            operationId: 'createItem',
            requestBody: {
              content: {
                'application/json': { schema: { type: 'object', properties: { name: { type: 'string' } } } },
              },
            },
            responses: {
              '201': {
                description: 'Created.',
                content: {
                  'application/json': {
                    schema: {
                      type: 'object',
                      properties: {
                        id: { type: 'string' },
                        name: { type: 'string' },
                        priority: { type: 'integer', maximum: 5 },
                        created: { type: 'string', format: 'date-time' },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    };
    try {
      for (const mode of ['tools', 'discovery'] as const) {
        const { server } = await createOpenApiServer(document, {
          baseUrl: api.url,
          mode,
          server: { logger },
        });
        const calling = lambdaCaller(server, KEY);
        const args = { name: 'Write' };
        const result =
          mode === 'tools'
            ? await calling.call('createItem', args)
            : await calling.call('call_operation', { name: 'createItem', arguments: args });
        assert.equal(result.isError, true, mode);
        assert.equal(
          result.content[0]?.text,
          `UPSTREAM_ERROR: The API answered createItem with 201: the call went through, but the answer does not match the schema the API documents (name must be string, got null; priority must be <= 5; created must be a valid date-time), so it is given here as text. If createItem changes something, it took effect: do not call it again for that. The answer: ${JSON.stringify(drifted)}`,
          mode,
        );
      }
    } finally {
      await api.close();
    }
  });

  test('a field the API added since its document (additionalProperties: false there) still comes back as structured content: adding one is not a breaking change', async () => {
    const api = await startRecordingUpstream(() => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'u-1', name: 'Ada', avatar_url: 'https://example.com/a.png' }),
    }));
    try {
      const closed = {
        openapi: '3.0.3',
        info: { title: 'Users', version: '1' },
        paths: {
          '/me': {
            get: {
              operationId: 'getMe',
              responses: {
                '200': {
                  description: 'me',
                  content: {
                    'application/json': {
                      schema: {
                        type: 'object',
                        additionalProperties: false,
                        properties: { id: { type: 'string' }, name: { type: 'string' } },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      };
      const { server } = await createOpenApiServer(closed, { baseUrl: api.url, server: { logger } });
      const result = await lambdaCaller(server, KEY).call('getMe');
      assert.equal(result.isError, undefined);
      assert.deepEqual(result.structuredContent, {
        id: 'u-1',
        name: 'Ada',
        avatar_url: 'https://example.com/a.png',
      });
    } finally {
      await api.close();
    }
  });

  test("the documented JSON object under another label (PHP's default text/html, octet-stream, none) is still read as that object", async () => {
    for (const label of ['text/html; charset=UTF-8', 'application/octet-stream', undefined]) {
      const api = await startRecordingUpstream(() => ({
        status: 200,
        headers: label === undefined ? ({} as Record<string, string>) : { 'content-type': label },
        body: '{"id":"i-1","name":"Write"}',
      }));
      try {
        const { server } = await createOpenApiServer(SPEC, { baseUrl: api.url, server: { logger } });
        const result = await lambdaCaller(server, KEY).call('getItem', { id: 'i-1' });
        assert.deepEqual(result.structuredContent, { id: 'i-1', name: 'Write' }, String(label));
      } finally {
        await api.close();
      }
    }
  });

  test("a 201's Location, a list's Link (GitHub's pages) and the headers an answer documents reach the model, a cookie does not", async () => {
    const api = await startRecordingUpstream(
      (request): CannedAnswer =>
        request.method === 'POST'
          ? { status: 201, headers: { location: '/notes/n-7' } }
          : {
              status: 200,
              headers: {
                'content-type': 'application/json',
                link: '<https://api.example.com/notes?page=2>; rel="next"',
                'x-total-count': '41',
                'set-cookie': 'session=s3cret',
                'x-undocumented': 'noise',
              },
              body: '[{"id":"n-1"}]',
            },
    );
    try {
      const { server } = await createOpenApiServer(
        {
          openapi: '3.1.0',
          info: { title: 'Notes', version: '1' },
          paths: {
            '/notes': {
              post: { operationId: 'addNote', responses: { '201': { description: 'created' } } },
              get: {
                operationId: 'listNotes',
                responses: {
                  '200': {
                    description: 'notes',
                    headers: {
                      'X-Total-Count': { schema: { type: 'integer' } },
                      'Set-Cookie': { schema: { type: 'string' } },
                    },
                    content: { 'application/json': { schema: { type: 'array' } } },
                  },
                },
              },
            },
          },
        },
        { baseUrl: api.url, server: { logger } },
      );
      const notes = lambdaCaller(server, KEY);
      assert.deepEqual((await notes.call('addNote')).content, [
        { type: 'text', text: 'addNote succeeded (201, no content).' },
        { type: 'text', text: 'Response headers:\nlocation: /notes/n-7' },
      ]);
      assert.deepEqual((await notes.call('listNotes')).content, [
        { type: 'text', text: '[{"id":"n-1"}]' },
        {
          type: 'text',
          text: 'Response headers:\nlink: <https://api.example.com/notes?page=2>; rel="next"\nx-total-count: 41',
        },
      ]);
    } finally {
      await api.close();
    }
  });

  test("a HEAD documented with its GET's JSON body (as generators copy it) succeeds with no body, rather than failing for the body it cannot have", async () => {
    const json = { schema: { type: 'object', properties: { id: { type: 'string' } } } };
    const { server, api } = await createOpenApiServer(
      {
        openapi: '3.0.3',
        info: { title: 'Items', version: '1' },
        paths: {
          '/status/200': {
            head: {
              operationId: 'checkItem',
              responses: { '200': { description: 'exists', content: { 'application/json': json } } },
            },
          },
        },
      },
      { baseUrl: upstream.url, server: { logger } },
    );
    assert.equal(api.tools[0]?.outputSchema, undefined);
    const result = await lambdaCaller(server, KEY).call('checkItem');
    assert.deepEqual(result.content, [{ type: 'text', text: 'checkItem succeeded (200, no content).' }]);
  });

  test('an id past 2^53 in a structured answer is not rounded into another id: the answer comes as text, digits intact', async () => {
    const api = await startRecordingUpstream(() => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"id":9007199254740993,"name":"order"}',
    }));
    try {
      const { server } = await createOpenApiServer(
        {
          openapi: '3.0.3',
          info: { title: 'Orders', version: '1' },
          paths: {
            '/orders/latest': {
              get: {
                operationId: 'latestOrder',
                responses: {
                  '200': {
                    description: 'the order',
                    content: {
                      'application/json': {
                        schema: {
                          type: 'object',
                          properties: { id: { type: 'integer', format: 'int64' }, name: { type: 'string' } },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        { baseUrl: api.url, server: { logger } },
      );
      const result = await lambdaCaller(server, KEY).call('latestOrder');
      assert.equal(
        result.content[0]?.text,
        'UPSTREAM_ERROR: The API answered latestOrder with 200: the call went through, but the answer holds an integer too large to read exactly as a JSON number (9007199254740993; read, it would be 9007199254740992, another id), so it is given here as text, digits intact. If latestOrder changes something, it took effect: do not call it again for that. The answer: {"id":9007199254740993,"name":"order"}',
      );
    } finally {
      await api.close();
    }
  });

  test('an answer past the size cap is refused with RESULT_TOO_LARGE', async () => {
    const result = await caller.call('getBig');
    assert.equal(result.isError, true);
    assert.equal(
      result.content[0]?.text,
      "RESULT_TOO_LARGE: The API's answer to getBig is larger than 65536 bytes. Ask for less: use the operation's filters or a smaller page size.",
    );
  });

  const STATUS_ERRORS: [number, string][] = [
    [
      400,
      'VALIDATION_ERROR: The API refused the arguments of answerWithStatus (400): name must be at most 80 characters. Fix the arguments and call it again.',
    ],
    [
      401,
      "UNAUTHORIZED: The API did not accept the caller's credential for answerWithStatus (401): unknown API key",
    ],
    [403, 'FORBIDDEN: The caller may not use answerWithStatus (403): read-only key'],
    [404, 'NOT_FOUND: answerWithStatus found nothing (404): No such item. Check the ids in the arguments.'],
    [409, 'CONFLICT: answerWithStatus conflicts with the current state (409): already exists'],
    [
      422,
      'VALIDATION_ERROR: The API refused the arguments of answerWithStatus (422): invalid (priority too high). Fix the arguments and call it again.',
    ],
    [429, 'RATE_LIMITED: The API is rate limiting answerWithStatus (429). Retry after 7 s.'],
    [500, 'SERVICE_UNAVAILABLE: The API failed to answer answerWithStatus (500). Try again later.'],
    [503, 'SERVICE_UNAVAILABLE: The API failed to answer answerWithStatus (503). Retry after 30 s.'],
    [418, "UPSTREAM_ERROR: The API answered answerWithStatus with 418: I'm a teapot"],
    [
      302,
      "UPSTREAM_ERROR: The API answered answerWithStatus with a redirect (302), which is not followed: it could take the caller's credential to another address. The call cannot succeed from here as it is; the API may have moved, which the server's operator can fix (its base URL). If answerWithStatus changes something, check with a read whether it took effect before calling it again.",
    ],
  ];
  for (const [status, text] of STATUS_ERRORS) {
    test(`${status} becomes a tool error a model can act on, after one request`, async () => {
      const { result } = await recorded(() => caller.call('answerWithStatus', { code: status }));
      assert.equal(result.isError, true);
      assert.equal(result.content[0]?.text, text);
    });
  }

  // What common frameworks answer for invalid arguments: the fields at fault must reach the model.
  const VALIDATION_BODIES: [string, unknown, string][] = [
    [
      'ASP.NET Core (ValidationProblemDetails: errors by field)',
      {
        type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
        title: 'One or more validation errors occurred.',
        status: 400,
        errors: {
          Name: ['The Name field is required.'],
          Priority: ['The field Priority must be between 1 and 5.'],
        },
      },
      'One or more validation errors occurred. (Name: The Name field is required.; Priority: The field Priority must be between 1 and 5.).',
    ],
    [
      'Rails (errors by field, without a message)',
      { errors: { name: ["can't be blank"], due_on: ['is not a date', 'must be in the future'] } },
      "name: can't be blank; due_on: is not a date, must be in the future.",
    ],
    [
      'FastAPI (detail: [{loc, msg}])',
      {
        detail: [
          { type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: {} },
          {
            type: 'int_parsing',
            loc: ['query', 'limit'],
            msg: 'Input should be a valid integer',
            input: 'ten',
          },
        ],
      },
      'body.name: Field required; query.limit: Input should be a valid integer.',
    ],
    [
      'Spring Boot (an empty message beside the reason)',
      { timestamp: '2026-01-01T00:00:00Z', status: 400, error: 'Bad Request', message: '', path: '/items' },
      'Bad Request.',
    ],
  ];
  for (const [framework, body, said] of VALIDATION_BODIES) {
    test(`a 400 from ${framework} names what is wrong`, async () => {
      const api = await startRecordingUpstream(() => ({
        status: 400,
        headers: { 'content-type': 'application/problem+json' },
        body: JSON.stringify(body),
      }));
      try {
        const { server } = await createOpenApiServer(SPEC, { baseUrl: api.url, server: { logger } });
        const result = await lambdaCaller(server, KEY).call('answerWithStatus', { code: 400 });
        assert.equal(
          result.content[0]?.text,
          `VALIDATION_ERROR: The API refused the arguments of answerWithStatus (400): ${said} Fix the arguments and call it again.`,
        );
      } finally {
        await api.close();
      }
    });
  }

  test('an error answer with a body past the size cap (a proxy page, a stack trace) is still that error, not RESULT_TOO_LARGE', async () => {
    const huge = 'x'.repeat(200 * 1024);
    const api = await startRecordingUpstream((request) =>
      request.url.startsWith('/status/400')
        ? {
            status: 400,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ message: 'title is required', trace: huge }),
          }
        : { status: 502, headers: { 'content-type': 'text/html' }, body: `<html>${huge}</html>` },
    );
    try {
      const { server } = await createOpenApiServer(SPEC, {
        baseUrl: api.url,
        maxResponseBytes: 64 * 1024,
        server: { logger },
      });
      const calling = lambdaCaller(server, KEY);
      const gateway = await calling.call('answerWithStatus', { code: 502 });
      assert.equal(
        gateway.content[0]?.text,
        'SERVICE_UNAVAILABLE: The API failed to answer answerWithStatus (502). Try again later.',
      );
      const refused = await calling.call('answerWithStatus', { code: 400 });
      assert.match(
        refused.content[0]?.text ?? '',
        /^VALIDATION_ERROR: The API refused the arguments of answerWithStatus \(400\): \{"message":"title is required","trace":"x+… Fix the arguments and call it again\.$/,
      );
    } finally {
      await api.close();
    }
  });

  test('a 404 from an operation without path arguments does not send the model after ids it never gave', async () => {
    const { server } = await createOpenApiServer(SPEC, {
      baseUrl: `${upstream.url}/status/404`,
      server: { logger },
    });
    const result = await lambdaCaller(server, KEY).call('getReport');
    assert.equal(
      result.content[0]?.text,
      "NOT_FOUND: getReport found nothing (404): No such item. It takes no ids, so the API has nothing at its path: the server's base URL may be wrong, which its operator can fix.",
    );
  });

  test("GitHub's rate limit (a 403 with x-ratelimit-remaining: 0 and the reset time) is RATE_LIMITED with when to retry, not FORBIDDEN", async () => {
    const api = await startRecordingUpstream(() => ({
      status: 403,
      headers: {
        'content-type': 'application/json',
        'x-ratelimit-limit': '60',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 60),
      },
      body: JSON.stringify({ message: 'API rate limit exceeded for 192.0.2.1.' }),
    }));
    try {
      const { server } = await createOpenApiServer(SPEC, { baseUrl: api.url, server: { logger } });
      const result = await lambdaCaller(server, KEY).call('getReport');
      assert.match(
        result.content[0]?.text ?? '',
        /^RATE_LIMITED: The API is rate limiting getReport \(403\): API rate limit exceeded for 192\.0\.2\.1\. Retry after (59|60) s\.$/,
      );
    } finally {
      await api.close();
    }
  });

  test('a 5xx body goes to the log, not to the model', () => {
    assert.ok(logger.lines.some((line) => line.includes('database exploded at 10.0.0.7')));
  });
});

describe('arguments are checked before any upstream call', () => {
  const REFUSALS: [string, Record<string, unknown>, string][] = [
    ['getItem', {}, 'VALIDATION_ERROR: Invalid arguments for tool getItem: id is required'],
    [
      'createItem',
      { name: '' },
      'VALIDATION_ERROR: Invalid arguments for tool createItem: name must have at least 1 character',
    ],
    [
      'createItem',
      { id: 'x', name: 'a' },
      'VALIDATION_ERROR: Unknown argument "id" for tool createItem. Accepted arguments: dryRun, name, priority, note.',
    ],
    [
      'createItem',
      { name: 'a', priority: 9 },
      'VALIDATION_ERROR: Invalid arguments for tool createItem: priority must be <= 5',
    ],
    [
      'uploadFile',
      { file: 'not base64!' },
      'VALIDATION_ERROR: file must be base64-encoded bytes; it is not valid base64.',
    ],
    // A dot segment would be resolved by fetch's URL parser: /items/.. is /, /items/. is /items/ ("%2e" is sent as %252e: safe).
    // An empty one too: /items/ is the collection (DELETE /items/{id} must not become DELETE /items/).
    ...['..', '.', ''].map((id): [string, Record<string, unknown>, string] => [
      'getItem',
      { id },
      `VALIDATION_ERROR: id cannot be ${JSON.stringify(id)}: as a path segment it would change the path of getItem. Pass the value the API gave (an id or a name).`,
    ]),
    // fetch would throw on such a header value: not an unreachable API, a value to fix.
    ...['t-1\r\nx-injected: 1', 'caf\u20ac'].map((trace): [string, Record<string, unknown>, string] => [
      'getItem',
      { id: '1', 'X-Trace': trace },
      'VALIDATION_ERROR: X-Trace cannot be sent as the X-Trace header: it holds a line break, a NUL or a character outside Latin-1. Pass it without them.',
    ]),
    [
      'getShape',
      { label: ['.'], matrix: 'm', exploded: {} },
      'VALIDATION_ERROR: label cannot be ["."]: as a path segment it would change the path of getShape. Pass the value the API gave (an id or a name).',
    ],
  ];
  for (const [tool, args, text] of REFUSALS) {
    test(`${tool} ${JSON.stringify(args)} is refused with its reason`, async () => {
      const before = upstream.requests.length;
      const result = await caller.call(tool, args);
      assert.equal(result.isError, true);
      assert.equal(result.content[0]?.text, text);
      assert.equal(upstream.requests.length, before, 'no upstream call');
    });
  }
});

test('a parameter named JSON:API-style (page[size]) is the argument page.size, sent under its own name', async () => {
  const { server } = await createOpenApiServer(
    {
      openapi: '3.1.0',
      info: { title: 'Articles', version: '1' },
      paths: {
        '/articles/{article id}': {
          get: {
            operationId: 'getArticle',
            parameters: [
              { name: 'article id', in: 'path', required: true, schema: { type: 'string' } },
              { name: 'page[size]', in: 'query', schema: { type: 'integer' } },
            ],
            responses: { '200': { description: 'the article' } },
          },
        },
      },
    },
    { baseUrl: upstream.url, server: { logger } },
  );
  const { request } = await recorded(() =>
    lambdaCaller(server, KEY).call('getArticle', { article_id: 'a 1', 'page.size': 10 }),
  );
  assert.equal(request.url, '/articles/a%201?page%5Bsize%5D=10');
});

test('a null for a nullable query, header or cookie parameter (Swashbuckle marks int? so) leaves it out, as RFC 6570 does, not ?page=null', async () => {
  const nullable = (name: string, place: string) => ({
    name,
    in: place,
    schema: { type: 'integer', nullable: true },
  });
  const { server } = await createOpenApiServer(
    {
      openapi: '3.0.3',
      info: { title: 'Orders', version: '1' },
      paths: {
        '/orders': {
          get: {
            operationId: 'listOrders',
            parameters: [
              nullable('page', 'query'),
              nullable('size', 'query'),
              nullable('X-Shard', 'header'),
              nullable('tz', 'cookie'),
            ],
            responses: { '200': { description: 'orders' } },
          },
        },
      },
    },
    { baseUrl: upstream.url, server: { logger } },
  );
  const { request } = await recorded(() =>
    lambdaCaller(server, KEY).call('listOrders', { page: null, size: 20, 'X-Shard': null, tz: null }),
  );
  assert.equal(request.url, '/orders?size=20');
  assert.equal(request.headers['x-shard'], undefined);
  assert.equal(request.headers.cookie, undefined);
});

test('an XML body (application/xml, +xml) is XML text the model writes, sent as given, not base64 bytes', async () => {
  const { server, api } = await createOpenApiServer(
    {
      openapi: '3.0.3',
      info: { title: 'Pets', version: '1' },
      paths: {
        '/pets': {
          post: {
            operationId: 'addPet',
            requestBody: {
              required: true,
              content: {
                'application/xml': {
                  schema: { type: 'object', properties: { name: { type: 'string' } }, xml: { name: 'pet' } },
                },
              },
            },
            responses: { '200': { description: 'added' } },
          },
        },
      },
    },
    { baseUrl: upstream.url, server: { logger } },
  );
  assert.deepEqual(api.tools[0]?.inputSchema, {
    type: 'object',
    properties: { body: { type: 'string', description: 'The request body. (application/xml text)' } },
    required: ['body'],
  });
  const xml = '<pet><name>Rex</name></pet>';
  const { request } = await recorded(() => lambdaCaller(server, KEY).call('addPet', { body: xml }));
  assert.equal(request.headers['content-type'], 'application/xml');
  assert.equal(request.body.toString(), xml);
});

test('an object in spaceDelimited or pipeDelimited style takes that delimiter (OpenAPI 3.1 §4.8.12.4 style examples)', async () => {
  const rgb = (style: string) => ({
    name: style,
    in: 'query',
    style,
    explode: false,
    schema: { type: 'object', properties: { R: { type: 'integer' }, G: { type: 'integer' } } },
  });
  const { server } = await createOpenApiServer(
    {
      openapi: '3.1.0',
      info: { title: 'Colors', version: '1' },
      paths: {
        '/colors': {
          get: {
            operationId: 'getColor',
            parameters: [rgb('spaceDelimited'), rgb('pipeDelimited')],
            responses: { '200': { description: 'ok' } },
          },
        },
      },
    },
    { baseUrl: upstream.url, server: { logger } },
  );
  const color = { R: 100, G: 200 };
  const { request } = await recorded(() =>
    lambdaCaller(server, KEY).call('getColor', { spaceDelimited: color, pipeDelimited: color }),
  );
  assert.equal(request.url, '/colors?spaceDelimited=R%20100%20G%20200&pipeDelimited=R|100|G|200');
});

test("a deepObject query parameter's nested objects and arrays take one bracket per level (Strapi's filters[title][$eq]=hello), not JSON text", async () => {
  const { server } = await createOpenApiServer(
    {
      openapi: '3.0.3',
      info: { title: 'Articles', version: '1' },
      paths: {
        '/articles': {
          get: {
            operationId: 'listArticles',
            parameters: [
              {
                name: 'filters',
                in: 'query',
                style: 'deepObject',
                explode: true,
                schema: { type: 'object' },
              },
            ],
            responses: { '200': { description: 'articles' } },
          },
        },
      },
    },
    { baseUrl: upstream.url, server: { logger } },
  );
  const { request } = await recorded(() =>
    lambdaCaller(server, KEY).call('listArticles', {
      filters: { title: { $eq: 'a&b' }, id: { $in: [1, 2] }, draft: false },
    }),
  );
  assert.equal(
    request.url,
    '/articles?filters[title][%24eq]=a%26b&filters[id][%24in][0]=1&filters[id][%24in][1]=2&filters[draft]=false',
  );
});

test('a path written with a fixed query (/search?type=user) gets the parameters after an &, not a second ?', async () => {
  const { server } = await createOpenApiServer(
    {
      openapi: '3.0.3',
      info: { title: 'Search', version: '1' },
      paths: {
        '/search?type=user': {
          get: {
            operationId: 'searchUsers',
            parameters: [{ name: 'q', in: 'query', schema: { type: 'string' } }],
            responses: { '200': { description: 'users' } },
          },
        },
      },
    },
    { baseUrl: upstream.url, credentials: [{ from: 'env', name: 'RECORDING_API_NONE' }], server: { logger } },
  );
  const { request } = await recorded(() => lambdaCaller(server, KEY).call('searchUsers', { q: 'ada' }));
  assert.equal(request.url, '/search?type=user&q=ada');
});

test('a path placeholder the document forgot to declare as a parameter is still a required argument, not sent as a literal {thingId}', async () => {
  const { server, api } = await createOpenApiServer(
    {
      openapi: '3.0.3',
      info: { title: 'Things', version: '1' },
      paths: {
        '/things/{thingId}/parts/{partId}': {
          get: {
            operationId: 'getPart',
            // thingId is declared; partId only in the path, as hand-written documents have it.
            parameters: [{ name: 'thingId', in: 'path', required: true, schema: { type: 'integer' } }],
            responses: { '200': { description: 'the part' } },
          },
        },
      },
    },
    { baseUrl: upstream.url, server: { logger } },
  );
  assert.deepEqual(api.tools[0]?.inputSchema, {
    type: 'object',
    properties: { thingId: { type: 'integer' }, partId: { type: 'string' } },
    required: ['thingId', 'partId'],
  });
  const calling = lambdaCaller(server, KEY);
  const { request } = await recorded(() => calling.call('getPart', { thingId: 7, partId: 'p 1' }));
  assert.equal(request.url, '/things/7/parts/p%201');
  const missing = await calling.call('getPart', { thingId: 7 });
  assert.equal(
    missing.content[0]?.text,
    'VALIDATION_ERROR: Invalid arguments for tool getPart: partId is required',
  );
});

test('a oneOf whose branches overlap (objects with no required field, as documents often write them) accepts a value that fits one, rather than refusing every value', async () => {
  const { server, api } = await createOpenApiServer(
    {
      openapi: '3.0.3',
      info: { title: 'Payments', version: '1' },
      paths: {
        '/payments': {
          post: {
            operationId: 'pay',
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      method: {
                        oneOf: [
                          { type: 'object', properties: { card_number: { type: 'string' } } },
                          { type: 'object', properties: { iban: { type: 'string' } } },
                        ],
                      },
                    },
                  },
                },
              },
            },
            responses: { '204': { description: 'paid' } },
          },
        },
      },
    },
    { baseUrl: upstream.url, server: { logger } },
  );
  assert.deepEqual(api.tools[0]?.inputSchema.properties, {
    method: {
      anyOf: [
        { type: 'object', properties: { card_number: { type: 'string' } } },
        { type: 'object', properties: { iban: { type: 'string' } } },
      ],
    },
  });
  const { result, request } = await recorded(() =>
    lambdaCaller(server, KEY).call('pay', { method: { iban: 'DE89370400440532013000' } }),
  );
  assert.equal(result.isError, undefined);
  assert.equal(request.body.toString(), '{"method":{"iban":"DE89370400440532013000"}}');
});

test('a form whose media type has parameters (charset=utf-8) is still sent as a form', async () => {
  const { server } = await createOpenApiServer(
    {
      openapi: '3.0.3',
      info: { title: 'Forms', version: '1' },
      paths: {
        '/notes': {
          post: {
            operationId: 'addNote',
            requestBody: {
              content: {
                'application/x-www-form-urlencoded; charset=utf-8': {
                  schema: { type: 'object', properties: { text: { type: 'string' } } },
                },
              },
            },
            responses: { '200': { description: 'ok' } },
          },
        },
      },
    },
    { baseUrl: upstream.url, server: { logger } },
  );
  const { request } = await recorded(() => lambdaCaller(server, KEY).call('addNote', { text: 'a b' }));
  assert.equal(request.headers['content-type'], 'application/x-www-form-urlencoded; charset=utf-8');
  assert.equal(request.body.toString(), 'text=a+b');
});

test('a GET documented with a body (Elasticsearch-style search) says the body cannot be sent, rather than that the API is unreachable', async () => {
  const { server } = await createOpenApiServer(
    {
      openapi: '3.1.0',
      info: { title: 'Search', version: '1' },
      paths: {
        '/_search': {
          get: {
            operationId: 'search',
            parameters: [{ name: 'q', in: 'query', schema: { type: 'string' } }],
            requestBody: {
              content: {
                'application/json': { schema: { type: 'object', properties: { size: { type: 'integer' } } } },
              },
            },
            responses: { '200': { description: 'hits' } },
          },
        },
      },
    },
    { baseUrl: upstream.url, server: { logger } },
  );
  const search = lambdaCaller(server, KEY);
  const before = upstream.requests.length;
  const refused = await search.call('search', { q: 'x', size: 5 });
  assert.equal(upstream.requests.length, before, 'no upstream call');
  assert.equal(
    refused.content[0]?.text,
    'VALIDATION_ERROR: search is a GET, which cannot carry the request body its document describes. Call it again without size.',
  );
  const { request } = await recorded(() => search.call('search', { q: 'x' }));
  assert.deepEqual([request.method, request.url], ['GET', '/_search?q=x']);
});

describe("the caller's credential goes where the security scheme says", () => {
  test('an API key in a query parameter', async () => {
    const { request } = await recorded(() => caller.call('secureQuery'));
    assert.equal(request.url, `/secure/query?api_key=${KEY}`);
    assert.equal(request.headers['x-api-key'], undefined);
  });

  test('an API key in a cookie', async () => {
    const { request } = await recorded(() => caller.call('secureCookie'));
    assert.equal(request.headers.cookie, `key=${KEY}`);
  });

  test('a bearer token', async () => {
    const { request } = await recorded(() => caller.call('secureBearer'));
    assert.equal(request.headers.authorization, `Bearer ${KEY}`);
  });

  test("a 401 to a call that carried no credential says why none was sent, not that the caller's was refused", async () => {
    const refusing = await startRecordingUpstream(() => ({
      status: 401,
      headers: { 'content-type': 'application/json' },
      body: '{"message":"missing API key"}',
    }));
    try {
      // The document declares no security scheme at all: where the key goes is unknown.
      const undeclared = {
        openapi: '3.0.3',
        info: { title: 'Open', version: '1' },
        paths: { '/me': { get: { operationId: 'getMe', responses: { '200': { description: 'me' } } } } },
      };
      const { server } = await createOpenApiServer(undeclared, { baseUrl: refusing.url, server: { logger } });
      const result = await lambdaCaller(server, KEY).call('getMe');
      assert.equal(refusing.requests.at(-1)?.headers['x-api-key'], undefined);
      assert.equal(
        result.content[0]?.text,
        "UNAUTHORIZED: The API refused getMe without a credential (401): missing API key. None was sent: the API's OpenAPI document declares no security scheme for getMe, so where the caller's credential goes is unknown. The server's operator must say where it goes (the fallbackScheme option, or security in the document); another credential will not help.",
      );
      // A scheme, but no credential to put there (none presented, none configured).
      const { server: keyless } = await createOpenApiServer(SPEC, {
        baseUrl: refusing.url,
        credentials: [{ from: 'env', name: 'RECORDING_API_UNSET' }],
        server: { logger },
      });
      const none = await lambdaCaller(keyless, KEY).call('answerWithStatus', { code: 401 });
      assert.equal(
        none.content[0]?.text,
        "UNAUTHORIZED: The API refused answerWithStatus without a credential (401): missing API key. None was sent: neither the caller nor this server's configuration gave one. Connect with a credential for this API.",
      );
    } finally {
      await refusing.close();
    }
  });

  test("fallbackScheme places it for operations that name no security requirement (GitHub's document declares none)", async () => {
    const open = {
      openapi: '3.0.3',
      info: { title: 'Repos', version: '1' },
      // A scheme declared, but no operation (nor the document) requires it: a common slip.
      components: { securitySchemes: { token: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } } },
      paths: {
        '/repos': { get: { operationId: 'listRepos', responses: { '200': { description: 'repos' } } } },
      },
    };
    const sent: Record<string, unknown> = {};
    for (const [name, fallbackScheme] of [
      ['own', { type: 'http', scheme: 'bearer' }],
      ['declared', 'token'],
    ] as const) {
      const { server } = await createOpenApiServer(open, {
        baseUrl: upstream.url,
        fallbackScheme,
        server: { logger },
      });
      const { request } = await recorded(() => lambdaCaller(server, KEY).call('listRepos'));
      sent[name] = [request.headers.authorization, request.headers['x-api-key']];
    }
    assert.deepEqual(sent, { own: [`Bearer ${KEY}`, undefined], declared: [undefined, KEY] });
    await assert.rejects(createOpenApiServer(open, { baseUrl: upstream.url, fallbackScheme: 'bearer' }), {
      name: 'OpenApiError',
      message:
        "fallbackScheme \"bearer\" is not one of the security schemes the document declares (token): name one of them, or give a scheme of your own ({ type: 'http', scheme: 'bearer' }).",
    });
  });

  test('a securityScheme the document does not declare (a typo) is refused when the tools are added, not silently replaced by another', async () => {
    await assert.rejects(createOpenApiServer(SPEC, { baseUrl: upstream.url, securityScheme: 'bearer' }), {
      name: 'OpenApiError',
      message:
        'securityScheme "bearer" is not one of the security schemes the document declares (ApiKeyHeader, QueryKey, CookieKey, Bearer, Basic).',
    });
  });

  test('a server credential from the environment, as HTTP basic', async () => {
    process.env.RECORDING_API_BASIC = 'svc:pa ss';
    const { server } = await createOpenApiServer(SPEC, {
      baseUrl: upstream.url,
      credentials: [{ from: 'env', name: 'RECORDING_API_BASIC' }],
    });
    const { request } = await recorded(() => lambdaCaller(server, KEY).call('secureBasic'));
    assert.equal(request.headers.authorization, `Basic ${Buffer.from('svc:pa ss').toString('base64')}`);
  });

  test('from the authorizer context, an incoming header, or a secret loaded once', async () => {
    let loads = 0;
    const sources = {
      authorizer: [{ from: 'authorizer', key: 'tenant' }],
      header: [{ from: 'header', name: 'X-API-KEY' }],
      secret: [{ from: 'secret', load: async () => `secret-${++loads}` }],
    } as const;
    const sent: Record<string, unknown[]> = {};
    for (const [name, credentials] of Object.entries(sources)) {
      const { server } = await createOpenApiServer(SPEC, { baseUrl: upstream.url, credentials });
      const through = lambdaCaller(server, KEY);
      sent[name] = [];
      for (let i = 0; i < 2; i++) {
        const { request } = await recorded(() => through.call('secureBearer'));
        sent[name]?.push(request.headers.authorization);
      }
    }
    assert.deepEqual(sent, {
      authorizer: ['Bearer acme', 'Bearer acme'],
      header: [`Bearer ${KEY}`, `Bearer ${KEY}`],
      secret: ['Bearer secret-1', 'Bearer secret-1'],
    });
  });

  test('one that fetch would refuse in a header is refused before any call, and neither logged nor shown', async () => {
    const secret = 'sk_server_secret\nsecond_line_42';
    process.env.RECORDING_API_BROKEN = secret;
    const log = capturingLogger();
    const { server } = await createOpenApiServer(SPEC, {
      baseUrl: upstream.url,
      credentials: [{ from: 'env', name: 'RECORDING_API_BROKEN' }],
      server: { logger: log },
    });
    const before = upstream.requests.length;
    const result = await lambdaCaller(server, KEY).call('secureBearer');
    assert.equal(upstream.requests.length, before, 'no upstream call');
    assert.equal(result.isError, true);
    assert.equal(
      result.content[0]?.text,
      "UNAUTHORIZED: The credential for secureBearer cannot be sent in the authorization header: it holds a line break, a NUL or a character outside Latin-1. The server's operator (or the caller, for the caller's own) must fix it.",
    );
    for (const line of log.lines) assert.ok(!line.includes('second_line_42'), line);
  });

  test('an API echoing it in an error body (a debug page, "unknown key ...") has it redacted, to the model and in the log', async () => {
    const secret = 'svc_server_secret_0123456789';
    process.env.RECORDING_API_ECHO = secret;
    const echo = await startRecordingUpstream((request) => ({
      status: request.url.includes('fail') ? 500 : 401,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: `unknown key ${request.headers.authorization}` }),
    }));
    const log = capturingLogger();
    try {
      const { server } = await createOpenApiServer(SPEC, {
        baseUrl: echo.url,
        credentials: [{ from: 'env', name: 'RECORDING_API_ECHO' }],
        server: { logger: log },
      });
      const refused = await lambdaCaller(server, KEY).call('secureBearer');
      assert.equal(
        refused.content[0]?.text,
        "UNAUTHORIZED: The API did not accept the caller's credential for secureBearer (401): unknown key Bearer [credential]",
      );
      const { server: failing } = await createOpenApiServer(SPEC, {
        baseUrl: `${echo.url}/fail`,
        credentials: [{ from: 'env', name: 'RECORDING_API_ECHO' }],
        server: { logger: log },
      });
      await lambdaCaller(failing, KEY).call('secureBearer');
      assert.ok(log.lines.some((line) => line.includes('unknown key Bearer [credential]')));
      for (const line of log.lines) assert.ok(!line.includes(secret), line);
    } finally {
      await echo.close();
    }
  });

  test('echoed as HTTP basic (base64) or from a forwarded header (lambda-mcp openapi serve --forward-header), it is redacted too', async () => {
    process.env.RECORDING_API_BASIC_ECHO = 'svc:s3cret';
    const echo = await startRecordingUpstream((request) => ({
      status: 401,
      headers: { 'content-type': 'text/plain' },
      body: `rejected ${request.headers.authorization ?? request.headers['x-api-key']}`,
    }));
    try {
      const { server: basic } = await createOpenApiServer(SPEC, {
        baseUrl: echo.url,
        credentials: [{ from: 'env', name: 'RECORDING_API_BASIC_ECHO' }],
        server: { logger },
      });
      const refused = await lambdaCaller(basic, KEY).call('secureBasic');
      assert.equal(
        refused.content[0]?.text,
        "UNAUTHORIZED: The API did not accept the caller's credential for secureBasic (401): rejected Basic [credential]",
      );
      // As the CLI's serve does: no credential source, the key forwarded as a header.
      const { server: forwarding } = await createOpenApiServer(SPEC, {
        baseUrl: echo.url,
        credentials: [],
        forwardHeaders: ['x-api-key'],
        server: { logger },
      });
      const forwarded = await lambdaCaller(forwarding, KEY).call('answerWithStatus', { code: 401 });
      assert.equal(
        forwarded.content[0]?.text,
        "UNAUTHORIZED: The API did not accept the caller's credential for answerWithStatus (401): rejected [credential]",
      );
    } finally {
      await echo.close();
    }
  });

  test('never appears in the log', () => {
    assert.ok(logger.lines.length > 0);
    for (const line of logger.lines) assert.ok(!line.includes(KEY), line);
  });
});

describe('an API that cannot answer', () => {
  test('a refused connection is SERVICE_UNAVAILABLE, the cause only in the log', async () => {
    const closed = await startRecordingUpstream(answer);
    await closed.close();
    const log = capturingLogger();
    const { server } = await createOpenApiServer(SPEC, { baseUrl: closed.url, server: { logger: log } });
    const result = await lambdaCaller(server, KEY).call('getReport');
    assert.deepEqual(result.content, [
      {
        type: 'text',
        text: 'SERVICE_UNAVAILABLE: The API could not be reached to call getReport. Try again later.',
      },
    ]);
    assert.ok(log.lines.some((line) => line.includes('ECONNREFUSED')));
  });

  test('the Lambda deadline aborts the upstream call, and the answer says it stopped', async () => {
    const sockets = new Set<Socket>();
    const silent = createNetServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const { server } = await createOpenApiServer(SPEC, { baseUrl: `http://127.0.0.1:${port}` });
      // 1.2 s left and the default 1 s margin: the handler is stopped 200 ms in.
      const result = await lambdaCaller(server, KEY, { remainingMs: 1200 }).call('getReport');
      assert.deepEqual(result.content, [
        {
          type: 'text',
          text: 'TIMEOUT: Tool getReport did not finish before the request deadline and stopped without completing. Try a smaller request, or try again later.',
        },
      ]);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  test('an API that does not answer within timeoutMs is SERVICE_UNAVAILABLE', async () => {
    const sockets = new Set<Socket>();
    const silent = createNetServer((socket) => sockets.add(socket)); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const { server } = await createOpenApiServer(SPEC, {
        baseUrl: `http://127.0.0.1:${port}`,
        timeoutMs: 100,
      });
      const result = await lambdaCaller(server, KEY).call('getReport');
      assert.deepEqual(result.content, [
        {
          type: 'text',
          text: 'SERVICE_UNAVAILABLE: The API did not answer getReport within 100 ms. Try again later.',
        },
      ]);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

test('a write that timed out or met a 500, 502 or 504 may have taken effect: the model is told to check before repeating it, not only to try again', async () => {
  const sockets = new Set<Socket>();
  const silent = createNetServer((socket) => sockets.add(socket)); // accepts, never answers
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as { port: number };
  const gateway = await startRecordingUpstream(() => ({ status: 504, body: 'upstream timed out' }));
  try {
    const { server: slow } = await createOpenApiServer(SPEC, {
      baseUrl: `http://127.0.0.1:${port}`,
      timeoutMs: 100,
    });
    const timedOut = await lambdaCaller(slow, KEY).call('createItem', { name: 'Write' });
    assert.equal(
      timedOut.content[0]?.text,
      'SERVICE_UNAVAILABLE: The API did not answer createItem within 100 ms. Try again later. It may have taken effect before the answer was lost: check with a read before calling createItem again.',
    );
    const { server } = await createOpenApiServer(SPEC, { baseUrl: gateway.url, server: { logger } });
    const through = lambdaCaller(server, KEY);
    assert.equal(
      (await through.call('createItem', { name: 'Write' })).content[0]?.text,
      'SERVICE_UNAVAILABLE: The API failed to answer createItem (504). Try again later. It may have taken effect before the answer was lost: check with a read before calling createItem again.',
    );
    // A read, or an idempotent write, is safe to repeat as it is.
    assert.equal(
      (await through.call('getReport')).content[0]?.text,
      'SERVICE_UNAVAILABLE: The API failed to answer getReport (504). Try again later.',
    );
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
    await gateway.close();
  }
});

describe("an operation's own servers decide where it goes", () => {
  const serversDocument = (uploads: string) => ({
    openapi: '3.1.0',
    info: { title: 'Files', version: '1' },
    components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'x-api-key' } } },
    security: [{ key: [] }],
    paths: {
      '/files': { get: { operationId: 'listFiles', responses: { '200': { description: 'files' } } } },
      '/uploads': {
        // An absolute server with a variable at its default: another host, as the document says.
        servers: [{ url: `${uploads}/{version}`, variables: { version: { default: 'v3' } } }],
        post: { operationId: 'startUpload', responses: { '201': { description: 'started' } } },
      },
      '/archive': {
        get: {
          operationId: 'getArchive',
          // Relative: resolved against the base URL.
          servers: [{ url: '/cold-storage' }],
          responses: { '200': { description: 'archive' } },
        },
      },
    },
  });

  test('absolute (variables at their defaults) and relative servers; the rest to baseUrl; the key to each allowed origin', async () => {
    const uploads = await startRecordingUpstream(() => ({ status: 201, body: '' }));
    try {
      const api = convertDocument(await loadOpenApiDocument(serversDocument(uploads.url)));
      assert.deepEqual(
        api.tools.map((tool) => tool.server),
        [undefined, `${uploads.url}/v3`, '/cold-storage'],
      );
      const server = createServer({ name: 'files', version: '1.0.0', logger });
      addOpenApiTools(server, api, {
        baseUrl: `${upstream.url}/api/v1`,
        credentialOrigins: [`${uploads.url}/any/path`],
      });
      const files = lambdaCaller(server, KEY);

      const list = await recorded(() => files.call('listFiles'));
      const archive = await recorded(() => files.call('getArchive'));
      const started = uploads.requests.length;
      await files.call('startUpload');

      assert.equal(list.request.url, '/api/v1/files');
      assert.equal(archive.request.url, '/cold-storage/archive');
      assert.equal(uploads.requests.length, started + 1);
      const upload = uploads.requests.at(-1)!;
      assert.deepEqual(
        [upload.method, upload.url, upload.headers['x-api-key']],
        ['POST', '/v3/uploads', KEY],
      );
    } finally {
      await uploads.close();
    }
  });

  test("the caller's key never goes to an origin other than baseUrl's unless credentialOrigins allows it", async () => {
    const uploads = await startRecordingUpstream(() => ({ status: 201, body: '' }));
    try {
      const api = convertDocument(await loadOpenApiDocument(serversDocument(uploads.url)));
      const server = createServer({ name: 'files', version: '1.0.0', logger });
      addOpenApiTools(server, api, { baseUrl: `${upstream.url}/api/v1` });

      const result = await lambdaCaller(server, KEY).call('startUpload');

      assert.equal(result.isError, true);
      assert.equal(
        result.content[0]?.text,
        `FORBIDDEN: startUpload is served by ${uploads.url} (its own servers entry), not by the API this server calls, and the credential is not sent there. It cannot be called here; the server's operator can allow that origin (credentialOrigins).`,
      );
      assert.equal(uploads.requests.length, 0, 'nothing sent to the other origin');
    } finally {
      await uploads.close();
    }
  });

  test("forwarded headers (the caller's own, x-api-key here) go to another origin only when credentialOrigins allows it", async () => {
    const uploads = await startRecordingUpstream(() => ({ status: 201, body: '' }));
    try {
      const document = serversDocument(uploads.url);
      // No security requirement: no credential is placed, so only forwardHeaders could carry the key.
      Object.assign(document.paths['/uploads'].post, { security: [] });
      const api = convertDocument(await loadOpenApiDocument(document));
      const forwardHeaders = ['x-api-key', 'accept-language'];
      const server = createServer({ name: 'files', version: '1.0.0', logger });
      addOpenApiTools(server, api, { baseUrl: upstream.url, forwardHeaders });
      await lambdaCaller(server, KEY).call('startUpload');
      const allowed = createServer({ name: 'files', version: '1.0.0', logger });
      addOpenApiTools(allowed, api, {
        baseUrl: upstream.url,
        forwardHeaders,
        credentialOrigins: [uploads.url],
      });
      await lambdaCaller(allowed, KEY).call('startUpload');

      // (Without one of its own, fetch sends accept-language: *.)
      assert.deepEqual(
        uploads.requests.map((request) => [request.headers['x-api-key'], request.headers['accept-language']]),
        [
          [undefined, '*'],
          [KEY, 'pt-PT'],
        ],
      );
    } finally {
      await uploads.close();
    }
  });

  test('operationServers: false sends every call to baseUrl', async () => {
    const api = convertDocument(await loadOpenApiDocument(serversDocument('http://192.0.2.1:9')));
    const server = createServer({ name: 'files', version: '1.0.0', logger });
    addOpenApiTools(server, api, { baseUrl: upstream.url, operationServers: false });

    const { request } = await recorded(() => lambdaCaller(server, KEY).call('startUpload'));

    assert.deepEqual([request.method, request.url], ['POST', '/uploads']);
  });
});

test("a path that does not start with / (a document's .attacker.example/collect) cannot take the caller's key to the host it makes of baseUrl's", async () => {
  const sent: string[] = [];
  const spy: typeof fetch = async (input) => {
    sent.push(String(input));
    return new Response('{}', { headers: { 'content-type': 'application/json' } });
  };
  const { server } = await createOpenApiServer(
    {
      openapi: '3.0.3',
      info: { title: 'Spliced', version: '1' },
      components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'x-api-key' } } },
      security: [{ key: [] }],
      paths: {
        '.attacker.example/collect': {
          get: { operationId: 'collect', responses: { '200': { description: 'ok' } } },
        },
      },
    },
    { baseUrl: 'https://api.example.com', fetch: spy, forwardHeaders: ['x-api-key'], server: { logger } },
  );
  const result = await lambdaCaller(server, KEY).call('collect');
  assert.deepEqual(sent, []);
  assert.equal(
    result.content[0]?.text,
    "FORBIDDEN: collect would go to https://api.example.com.attacker.example, not to the API this server calls: its path in the document (.attacker.example/collect) does not start with /. It is not sent; the server's operator must fix the document.",
  );
});

test('a baseUrl or credentialOrigins entry that is not an http(s) URL to append paths to is refused when the tools are added, naming the option', async () => {
  const CASES: [Record<string, unknown>, string][] = [
    [
      { baseUrl: 'api.example.com/v1' },
      'baseUrl must be an absolute http(s) URL that paths are appended to, such as https://api.example.com/v1, not "api.example.com/v1".',
    ],
    [
      { baseUrl: 'https://api.example.com/v1?key=abc' },
      'baseUrl must be an absolute http(s) URL that paths are appended to, such as https://api.example.com/v1, not "https://api.example.com/v1?key=abc": a query or fragment would end up before the path.',
    ],
    [
      { baseUrl: 'https://api.example.com', credentialOrigins: ['uploads.example.com'] },
      'credentialOrigins must hold absolute http(s) URLs, such as https://uploads.example.com, not "uploads.example.com".',
    ],
  ];
  for (const [options, message] of CASES) {
    await assert.rejects(createOpenApiServer(SPEC, options as never), { name: 'OpenApiError', message });
  }
});
