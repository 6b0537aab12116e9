import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type ConvertOptions, convertDocument, loadOpenApiDocument } from '@lambda-mcp/openapi';

/** A 3.0 document with the given paths (and components), as YAML text. */
function document(paths: object, components: object = {}, version = '3.0.3'): string {
  return JSON.stringify({ openapi: version, info: { title: 'T', version: '1' }, paths, components });
}

async function convert(text: string, options: ConvertOptions = {}) {
  return convertDocument(await loadOpenApiDocument(text, { origin: 'spec.yaml' }), options);
}

describe('documents that cannot be used are refused with a clear message', () => {
  const CASES: [string, string, string][] = [
    [
      'invalid YAML',
      'openapi: 3.1.0\npaths: [unclosed',
      'spec.yaml is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 2, column 17:',
    ],
    [
      'invalid JSON',
      '{"openapi": "3.1.0",',
      'spec.yaml is not valid JSON: Expected double-quoted property name in JSON at position 20 (line 1 column 21)',
    ],
    ['an empty file', '  \n', 'spec.yaml is empty: expected an OpenAPI document in JSON or YAML.'],
    [
      'not an object',
      '- a\n- b\n',
      'spec.yaml is not an OpenAPI document: expected an object with an "openapi" field.',
    ],
    ['no version', 'paths: {}\n', 'spec.yaml is not an OpenAPI document: it has no "openapi" version field.'],
    [
      'an unsupported version',
      'openapi: 4.0.0\npaths: {}\n',
      'spec.yaml is OpenAPI 4.0.0; supported versions are 3.0.x and 3.1.x.',
    ],
    [
      'Swagger 2.0',
      'swagger: "2.0"\npaths: {}\n',
      'spec.yaml is Swagger 2.0, which is not supported: convert it to OpenAPI 3 first (for example with swagger2openapi or the Swagger Editor) and use the converted document.',
    ],
    [
      'no paths',
      'openapi: 3.1.0\ninfo: { title: T, version: "1" }\n',
      'spec.yaml has no paths: there are no operations to turn into tools.',
    ],
    [
      'empty paths',
      'openapi: 3.1.0\npaths: {}\n',
      'spec.yaml has no paths: there are no operations to turn into tools.',
    ],
    [
      'a YAML version written as a number (openapi: 3.1 unquoted)',
      'openapi: 3.1\npaths: { /a: { get: {} } }\n',
      'spec.yaml has the number 3.1 as its "openapi" version (YAML reads an unquoted 3.1 as a number): write the full version as a string, such as openapi: "3.1.0".',
    ],
    [
      'a version without its patch number',
      'openapi: "3.0"\npaths: { /a: { get: {} } }\n',
      'spec.yaml is OpenAPI "3.0", which is not a full version: write it as "3.0.x", such as "3.0.3" (3.0.x and 3.1.x are supported).',
    ],
    [
      'paths without a single operation (methods in upper case)',
      'openapi: 3.1.0\npaths: { /a: { GET: { operationId: listA } }, /b: null }\n',
      'spec.yaml has paths but no operations: a path item holds them under get, put, post, delete, options, head, patch or trace, in lower case (found GET under /a).',
    ],
    [
      'paths without a single operation',
      'openapi: 3.1.0\npaths: { /a: { parameters: [] } }\n',
      'spec.yaml has paths but no operations: a path item holds them under get, put, post, delete, options, head, patch or trace, in lower case.',
    ],
    [
      'a $ref to another file, without a referenceBase to resolve it against',
      document({
        '/a': {
          post: {
            requestBody: {
              content: { 'application/json': { schema: { $ref: './schemas/item.yaml#/Item' } } },
            },
          },
        },
      }),
      'spec.yaml has a $ref to another file (./schemas/item.yaml#/Item) and no referenceBase to resolve it against, so its schema would be empty: pass referenceBase (the path or URL of spec.yaml), or bundle the document into one file first.',
    ],
    [
      'a $ref over the network',
      document({
        '/a': {
          get: {
            responses: {
              '200': {
                description: 'ok',
                content: {
                  'application/json': { schema: { $ref: 'https://schemas.example.com/item.json' } },
                },
              },
            },
          },
        },
      }),
      'spec.yaml has a $ref to https://schemas.example.com/item.json, and references are never fetched over the network: save that file beside the document and refer to it by a relative path (with referenceBase), or bundle the document into one file first.',
    ],
    [
      'an unresolvable $ref',
      document({ '/a': { get: { responses: { '200': { $ref: '#/components/responses/Missing' } } } } }),
      'spec.yaml has a $ref that cannot be resolved: Missing $ref pointer "#/components/responses/Missing". Token "responses" does not exist.',
    ],
  ];
  for (const [what, text, message] of CASES) {
    test(what, async () => {
      await assert.rejects(loadOpenApiDocument(text, { origin: 'spec.yaml' }), (error: Error) => {
        assert.equal(error.name, 'OpenApiError');
        assert.equal(error.message.split('\n')[0], message);
        return true;
      });
    });
  }

  test('a "$ref" inside example data or a default (a JSON Schema the API stores) is data, not a reference to fetch', async () => {
    const stored = { $ref: 'https://json-schema.org/draft/2020-12/schema' };
    const api = await convert(
      document({
        '/schemas': {
          post: {
            operationId: 'storeSchema',
            requestBody: {
              content: {
                'application/json': {
                  schema: { type: 'object', default: stored, properties: { body: { type: 'object' } } },
                  examples: { draft: { value: stored } },
                },
              },
            },
          },
        },
      }),
    );
    assert.deepEqual(
      api.tools.map((tool) => tool.name),
      ['storeSchema'],
    );
  });

  test('duplicate operationIds', async () => {
    const text = document({
      '/a': { get: { operationId: 'list' } },
      '/b': { post: { operationId: 'list' } },
    });
    await assert.rejects(convert(text), {
      name: 'OpenApiError',
      message:
        'Duplicate operationId "list" (GET /a and POST /b): operationIds must be unique, and tool names are made from them. Leave one out with `exclude` (its path or method) to convert the rest.',
    });
    // The way out the message gives works: an excluded operation's operationId is not compared.
    const api = await convert(text, { exclude: { paths: ['/b'] } });
    assert.deepEqual(
      api.tools.map((tool) => [tool.name, tool.path]),
      [['list', '/a']],
    );
  });

  test('an override naming an invalid tool name', async () => {
    const text = document({ '/a': { get: { operationId: 'list', 'x-mcp': { name: 'list things' } } } });
    await assert.rejects(convert(text), {
      name: 'OpenApiError',
      message:
        'The tool name "list things" given for GET /a is not a valid MCP tool name: use 1-128 characters of A-Z, a-z, 0-9, _, - and .',
    });
  });
});

describe('names', () => {
  test('from operationId made valid, else method and path; a taken name gets a suffix', async () => {
    const api = await convert(
      document({
        '/repos/{owner}/{repo}': { get: { operationId: 'repos/get' }, delete: {} },
        '/repos_get': { get: { operationId: 'repos_get' } },
      }),
    );
    assert.deepEqual(
      api.tools.map((tool) => tool.name),
      ['repos_get', 'delete_repos_owner_repo', 'repos_get_2'],
    );
  });

  test('generated names are ones Claude and OpenAI accept (^[a-zA-Z0-9_-]{1,64}$, else the whole tool list is refused): dots replaced, a longer name cut with a hash of the whole so two alike stay apart', async () => {
    const organization = 'actions/list-selected-repositories-enabled-github-actions-organization';
    const enterprise = 'actions/list-selected-repositories-enabled-github-actions-enterprise';
    const api = await convert(
      document({
        '/users/{userId}/messages': { get: { operationId: 'users.messages.list' } },
        '/orgs/{org}': { get: { operationId: organization } },
        '/enterprises/{enterprise}': { get: { operationId: enterprise } },
        '/very/long/path/{with}/many/segments/that/nobody/named/with/an/operation/id/at/all': { post: {} },
      }),
    );
    assert.deepEqual(
      api.tools.map((tool) => tool.name),
      [
        'users_messages_list',
        'actions_list-selected-repositories-enabled-github-actio_b5ad100e',
        'actions_list-selected-repositories-enabled-github-actio_8654745e',
        'post_very_long_path_with_many_segments_that_nobody_name_9b545776',
      ],
    );
    for (const tool of api.tools) assert.match(tool.name, /^[A-Za-z0-9_-]{1,64}$/);
  });

  test('an operationId with no character a name can keep (一覧取得) is named from method and path, not just its method', async () => {
    const api = await convert(
      document({
        '/users': { get: { operationId: 'ユーザー一覧取得' } },
        '/users/{id}': { get: { operationId: 'ユーザー取得' } },
      }),
    );
    assert.deepEqual(
      api.tools.map((tool) => tool.name),
      ['get_users', 'get_users_id'],
    );
  });

  test('renamed, described and hidden by x-mcp and by configuration (configuration wins)', async () => {
    const text = document({
      '/a': { get: { operationId: 'a', 'x-mcp': { name: 'list_a', description: 'From the document.' } } },
      '/b': { get: { operationId: 'b', 'x-mcp': false } },
      '/c': { get: { operationId: 'c' }, post: { operationId: 'makeC' } },
    });
    const api = await convert(text, {
      overrides: { a: { description: 'From configuration.' }, 'POST /c': { hidden: true } },
    });
    assert.deepEqual(
      api.tools.map((tool) => [tool.name, tool.description]),
      [
        ['list_a', 'From configuration.'],
        ['c', 'Calls GET /c.'],
      ],
    );
  });

  test('a name given in configuration or x-mcp is the tool name, the generated one that had it yields; two given alike are refused', async () => {
    const text = document({
      '/a': { get: { operationId: 'list' } },
      '/b': { get: { operationId: 'listAll', 'x-mcp': { name: 'list' } } },
    });
    assert.deepEqual(
      (await convert(text)).tools.map((tool) => [tool.operationId, tool.name]),
      [
        ['list', 'list_2'],
        ['listAll', 'list'],
      ],
    );
    await assert.rejects(convert(text, { overrides: { list: { name: 'list' } } }), {
      name: 'OpenApiError',
      message: 'The tool name "list" is given to both GET /a and GET /b: give each its own.',
    });
  });

  test('include and exclude by tag, path, method and operationId', async () => {
    const text = document({
      '/pets': {
        get: { operationId: 'listPets', tags: ['pets'] },
        post: { operationId: 'addPet', tags: ['pets'] },
      },
      '/pets/{id}': { delete: { operationId: 'deletePet', tags: ['pets'] } },
      '/admin/stats': { get: { operationId: 'stats', tags: ['admin'] } },
    });
    const names = async (options: ConvertOptions) =>
      (await convert(text, options)).tools.map((tool) => tool.name);
    assert.deepEqual(await names({ include: { tags: ['pets'] } }), ['listPets', 'addPet', 'deletePet']);
    assert.deepEqual(await names({ exclude: { methods: ['delete'], paths: ['/admin/*'] } }), [
      'listPets',
      'addPet',
    ]);
    assert.deepEqual(
      await names({ include: { paths: [/^\/pets/] }, exclude: { operationIds: ['addPet'] } }),
      ['listPets', 'deletePet'],
    );
  });
});

describe('descriptions and annotations', () => {
  test('summary then description, whitespace tidied, long text cut at a sentence', async () => {
    const long = `${'This sentence is filler. '.repeat(60)}`;
    const api = await convert(
      document({
        '/a': {
          get: { operationId: 'a', summary: 'List things', description: 'Returns   things\n\n\n\nin pages.' },
        },
        '/b': { post: { operationId: 'b', summary: 'Make', description: long, deprecated: true } },
      }),
    );
    assert.equal(api.tools[0]?.description, 'List things.\n\nReturns things\n\nin pages.');
    assert.equal(api.tools[0]?.title, 'List things');
    const cut = api.tools[1]?.description ?? '';
    assert.ok(cut.length <= 1000);
    assert.ok(cut.endsWith('filler. …'), cut.slice(-20));
  });

  test('from the method: GET read-only, DELETE destructive and idempotent, PUT idempotent, POST neither', async () => {
    const api = await convert(document({ '/a': { get: {}, put: {}, post: {}, delete: {}, patch: {} } }));
    assert.deepEqual(
      api.tools.map((tool) => [tool.method, tool.annotations]),
      [
        ['get', { readOnlyHint: true, openWorldHint: true }],
        ['put', { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true }],
        ['post', { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true }],
        ['delete', { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true }],
        [
          'patch',
          { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
        ],
      ],
    );
  });
});

describe('input schemas', () => {
  test("a parameter's own example or examples (not its schema's) reach the argument, as the model's hint of the value's form", async () => {
    const api = await convert(
      document({
        '/users/{username}': {
          get: {
            operationId: 'getUser',
            parameters: [
              {
                name: 'username',
                in: 'path',
                required: true,
                schema: { type: 'string' },
                example: 'octocat',
              },
              {
                name: 'since',
                in: 'query',
                schema: { type: 'string', format: 'date-time' },
                examples: { recent: { value: '2026-01-01T00:00:00Z' }, other: { summary: 'no value' } },
              },
              { name: 'page', in: 'query', schema: { type: 'integer', example: 2 }, example: 3 },
            ],
          },
        },
      }),
    );
    assert.deepEqual(api.tools[0]?.inputSchema.properties, {
      username: { type: 'string', examples: ['octocat'] },
      since: { type: 'string', format: 'date-time', examples: ['2026-01-01T00:00:00Z'] },
      page: { type: 'integer', examples: [2] },
    });
  });

  const ITEM = {
    type: 'object',
    required: ['id', 'name'],
    discriminator: { propertyName: 'kind' },
    properties: {
      id: { type: 'integer', readOnly: true },
      name: { type: 'string', nullable: true, example: 'Write', 'x-internal': true },
      kind: { oneOf: [{ type: 'string' }, { type: 'integer' }], discriminator: { propertyName: 'k' } },
      size: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 10 },
      secret: { type: 'string', writeOnly: true },
      tags: { type: 'array', items: { type: 'string' }, nullable: true },
      ref: { allOf: [{ type: 'object' }], nullable: true },
    },
  };

  test('flat: parameters by name, then the JSON body properties; readOnly left out, nullable, formats and bounds in 2020-12', async () => {
    const api = await convert(
      document(
        {
          '/items/{id}': {
            parameters: [
              {
                name: 'id',
                in: 'path',
                required: true,
                schema: { type: 'string' },
                description: ' The id. ',
              },
            ],
            put: {
              operationId: 'putItem',
              parameters: [
                { name: 'verbose', in: 'query', schema: { type: 'boolean' }, deprecated: true },
                { name: 'Accept', in: 'header', schema: { type: 'string' } },
              ],
              requestBody: {
                required: true,
                content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } },
              },
              responses: {
                '200': {
                  description: 'ok',
                  content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } },
                },
              },
            },
          },
        },
        {
          schemas: {
            Item: { ...ITEM, properties: { ...ITEM.properties, id: { type: 'integer', readOnly: true } } },
          },
        },
      ),
    );
    const tool = api.tools[0];
    assert.deepEqual(tool?.inputSchema, {
      type: 'object',
      properties: {
        id: { type: 'string', description: 'The id.' },
        verbose: { type: 'boolean', deprecated: true },
        name: { type: ['string', 'null'], examples: ['Write'] },
        kind: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
        size: { type: 'number', exclusiveMinimum: 0, maximum: 10 },
        secret: { type: 'string', writeOnly: true },
        tags: { type: ['array', 'null'], items: { type: 'string' } },
        ref: { anyOf: [{ allOf: [{ type: 'object' }] }, { type: 'null' }] },
      },
      required: ['id', 'name'],
    });
    assert.deepEqual(Object.keys(tool?.outputSchema?.properties as object), [
      'id',
      'name',
      'kind',
      'size',
      'tags',
      'ref',
    ]);
    assert.deepEqual(tool?.outputSchema?.required, ['id', 'name']);
  });

  test('a body that is not a plain object, or whose property names collide, goes under `body`', async () => {
    const api = await convert(
      document({
        '/a/{name}': {
          post: {
            operationId: 'collide',
            parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
            requestBody: {
              description: 'The new thing.',
              content: {
                'application/json': { schema: { type: 'object', properties: { name: { type: 'string' } } } },
              },
            },
          },
        },
        '/b': {
          post: {
            operationId: 'list',
            requestBody: {
              required: true,
              content: { 'application/json': { schema: { type: 'array', items: { type: 'integer' } } } },
            },
          },
        },
        '/c': {
          post: {
            operationId: 'bytes',
            requestBody: {
              content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
            },
          },
        },
      }),
    );
    assert.deepEqual(
      api.tools.map((tool) => tool.inputSchema),
      [
        {
          type: 'object',
          properties: {
            name: { type: 'string' },
            body: { type: 'object', properties: { name: { type: 'string' } }, description: 'The new thing.' },
          },
          required: ['name'],
        },
        {
          type: 'object',
          properties: {
            body: { type: 'array', items: { type: 'integer' }, description: 'The request body.' },
          },
          required: ['body'],
        },
        {
          type: 'object',
          properties: {
            body: {
              type: 'string',
              contentEncoding: 'base64',
              description: 'The request body. (bytes, base64-encoded)',
            },
          },
        },
      ],
    );
  });

  test('argument names are ones model APIs accept (^[a-zA-Z0-9_.-]{1,64}$, else Claude refuses the whole tool list): brackets as dots, the rest replaced; a body whose names are not goes under `body`', async () => {
    const long = 'x'.repeat(70);
    const api = await convert(
      document({
        '/a': {
          post: {
            operationId: 'jsonApi',
            parameters: [
              { name: 'page[size]', in: 'query', schema: { type: 'integer' } },
              { name: 'filter[owner.id]', in: 'query', schema: { type: 'string' } },
              { name: 'ids[]', in: 'query', schema: { type: 'array', items: { type: 'string' } } },
              { name: 'ids', in: 'header', schema: { type: 'string' } },
              { name: 'sort by', in: 'query', schema: { type: 'string' } },
              { name: long, in: 'query', schema: { type: 'string' } },
            ],
            requestBody: {
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { 'Account Number': { type: 'string' } } },
                },
              },
            },
          },
        },
      }),
    );
    const [tool] = api.tools;
    assert.deepEqual(Object.keys(tool?.inputSchema.properties as object), [
      'page.size',
      'filter.owner.id',
      'ids',
      'header_ids',
      'sort_by',
      'x'.repeat(64),
      'body',
    ]);
    assert.deepEqual(
      tool?.parameters.map((binding) => binding.parameter.name),
      ['page[size]', 'filter[owner.id]', 'ids[]', 'ids', 'sort by', long],
    );
  });

  test('JSON is preferred even when its media type has parameters (application/json; charset=utf-8)', async () => {
    const schema = { type: 'object', properties: { name: { type: 'string' } } };
    const api = await convert(
      document({
        '/a': {
          post: {
            operationId: 'create',
            requestBody: {
              content: {
                'application/x-www-form-urlencoded': { schema },
                'application/json; charset=utf-8': { schema },
              },
            },
          },
        },
      }),
    );
    assert.equal(api.tools[0]?.body?.mediaType, 'application/json; charset=utf-8');
  });

  test("the credential's parameter is not an argument: it comes from the caller, never from the model", async () => {
    const api = await convert(
      document(
        {
          '/a': {
            get: {
              operationId: 'a',
              parameters: [
                { name: 'X-API-Key', in: 'header', schema: { type: 'string' } },
                { name: 'q', in: 'query', schema: { type: 'string' } },
              ],
            },
          },
        },
        { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'x-api-key' } } },
      ),
    );
    assert.deepEqual(Object.keys(api.tools[0]?.inputSchema.properties as object), ['q']);
  });

  test('an array or scalar answer has no outputSchema (structuredContent is an object)', async () => {
    const api = await convert(
      document({
        '/a': {
          get: {
            operationId: 'a',
            responses: {
              '200': {
                description: 'ok',
                content: { 'application/json': { schema: { type: 'array', items: {} } } },
              },
            },
          },
        },
      }),
    );
    assert.equal(api.tools[0]?.outputSchema, undefined);
  });

  test('no outputSchema when another documented 2xx answer has no JSON body or another schema (GitHub: 201 created, 204 updated)', async () => {
    const item = { type: 'object', properties: { id: { type: 'string' } } };
    const other = { type: 'object', properties: { queued: { type: 'boolean' } } };
    const json = (schema: object) => ({ description: 'ok', content: { 'application/json': { schema } } });
    const api = await convert(
      document(
        {
          '/upsert': {
            put: {
              operationId: 'upsert',
              responses: { '201': json(item), '204': { description: 'updated' } },
            },
          },
          '/later': { post: { operationId: 'later', responses: { '200': json(item), '202': json(other) } } },
          '/same': {
            post: {
              operationId: 'same',
              responses: {
                '200': json({ $ref: '#/components/schemas/Item' }),
                '201': json({ $ref: '#/components/schemas/Item' }),
              },
            },
          },
        },
        { schemas: { Item: item } },
      ),
    );
    assert.deepEqual(
      api.tools.map((tool) => [tool.name, tool.outputSchema]),
      [
        ['upsert', undefined],
        ['later', undefined],
        ['same', { type: 'object', properties: { id: { type: 'string' } } }],
      ],
    );
  });
});

test("the document's servers, their variables at their defaults (one without a default stays as written)", async () => {
  const api = await convert(
    JSON.stringify({
      openapi: '3.1.0',
      info: { title: 'T', version: '1' },
      servers: [
        {
          url: 'https://{region}.api.example.com/{base}',
          variables: { region: { default: 'eu' }, base: { default: 'v2', enum: ['v1', 'v2'] } },
        },
        { url: 'https://{tenant}.example.com' },
        { url: '/relative' },
      ],
      paths: { '/a': { get: { responses: { '200': { description: 'ok' } } } } },
    }),
  );

  assert.deepEqual(api.servers, [
    'https://eu.api.example.com/v2',
    'https://{tenant}.example.com',
    '/relative',
  ]);
});
