import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { convertDocument, loadOpenApiDocument } from '@lambda-mcp/openapi';
import { silentLogger } from 'lambda-mcp';
import { DatabaseUnavailableError, type SqlDriver } from '../src/db/driver.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { stoppedStatementError } from '../src/db/statement-limits.ts';
import { openApiDocument } from '../src/rest/openapi-document.ts';
import { restListener } from '../src/rest/rest-listener.ts';
import { TASK_ROUTES } from '../src/rest/task-routes.ts';
import { makeKey, startRestApi } from './rest-harness.ts';

describe('the tasks REST API', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tasks-rest-'));
  let driver: SqlDriver;
  let api: { url: string; close(): Promise<void> };
  let writer: string;
  let reader: string;

  before(async () => {
    driver = await openDatabase({ dataDir });
    api = await startRestApi(driver);
    writer = await makeKey(driver, 'acme', 'tasks:read,tasks:write');
    reader = await makeKey(driver, 'acme', 'tasks:read');
  });
  after(async () => {
    await api?.close();
    await driver?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const call = async (method: string, path: string, key: string | undefined, body?: unknown) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: {
        ...(key ? { 'x-api-key': key } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
  };

  test('create, read, update, list and delete a task', async () => {
    const created = await call('POST', '/tasks', writer, { title: 'Write the façade', priority: 'high' });
    assert.equal(created.status, 201);
    assert.equal(created.body.title, 'Write the façade');
    const id = created.body.id as number;
    assert.deepEqual((await call('GET', `/tasks/${id}`, reader)).body, created.body);
    const updated = await call('PATCH', `/tasks/${id}`, writer, { status: 'done', version: 1 });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.status, 'done');
    assert.equal(updated.body.version, 2);
    const listed = await call('GET', '/tasks?status=done&limit=5', reader);
    assert.deepEqual(
      listed.body.tasks.map((task: { id: number }) => task.id),
      [id],
    );
    assert.deepEqual(await call('DELETE', `/tasks/${id}`, writer), { status: 204, body: undefined });
    assert.deepEqual(await call('GET', `/tasks/${id}`, reader), {
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: `Task ${id} not found.` } },
    });
  });

  test('POST /tasks answers 201 with the task and its Location; with an Idempotency-Key a retry answers the same task instead of a second one', async () => {
    const post = async (title: string, idempotencyKey?: string) => {
      const response = await fetch(`${api.url}/tasks`, {
        method: 'POST',
        headers: {
          'x-api-key': writer,
          'content-type': 'application/json',
          ...(idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }),
        },
        body: JSON.stringify({ title }),
      });
      return {
        status: response.status,
        location: response.headers.get('location'),
        body: await response.json(),
      };
    };
    const first = await post('Retried over a flaky network', 'retry-7f3a');
    const retry = await post('Retried over a flaky network', 'retry-7f3a');
    assert.equal(first.status, 201);
    assert.deepEqual(retry, first);
    assert.equal(first.location, `tasks/${first.body.id}`);
    // Resolved against the URL it was posted to, the Location reads the task.
    const read = await fetch(new URL(first.location!, `${api.url}/tasks`), {
      headers: { 'x-api-key': reader },
    });
    assert.deepEqual(await read.json(), first.body);
    // Without a key, the same body twice is two tasks.
    const [a, b] = [await post('No key'), await post('No key')];
    assert.notEqual(a.body.id, b.body.id);
    assert.equal(b.location, `tasks/${b.body.id}`);
    const tooLong = await post('Key too long', 'k'.repeat(201));
    assert.deepEqual(tooLong, {
      status: 400,
      location: null,
      body: {
        error: {
          code: 'VALIDATION_ERROR',
          message: 'header idempotency-key: must be at most 200 characters',
        },
      },
    });
    for (const id of [first.body.id, a.body.id, b.body.id]) await call('DELETE', `/tasks/${id}`, writer);
  });

  test('refusals say why: no key 401, missing scope 403, bad input 400, stale version 409', async () => {
    assert.deepEqual(await call('GET', '/tasks', undefined), {
      status: 401,
      body: {
        error: { code: 'UNAUTHORIZED', message: 'A valid API key is required in the x-api-key header.' },
      },
    });
    assert.deepEqual(await call('POST', '/tasks', reader, { title: 'x' }), {
      status: 403,
      body: { error: { code: 'FORBIDDEN', message: 'This API key lacks the scope tasks:write.' } },
    });
    assert.deepEqual(await call('POST', '/tasks', writer, { title: '  ', priority: 'urgent' }), {
      status: 400,
      body: {
        error: {
          code: 'VALIDATION_ERROR',
          message: 'title: must not be empty; priority: must be one of low, medium, high',
        },
      },
    });
    assert.deepEqual(await call('GET', '/tasks/%E0%A4', writer), {
      status: 400,
      body: {
        error: { code: 'VALIDATION_ERROR', message: 'task_id: malformed percent-encoding in the path' },
      },
    });
    const { body: task } = await call('POST', '/tasks', writer, { title: 'Versioned' });
    assert.deepEqual(await call('PATCH', `/tasks/${task.id}`, writer, { title: 'Late', version: 7 }), {
      status: 409,
      body: {
        error: {
          code: 'CONFLICT',
          message: `Task ${task.id} is at version 1, not 7: read it again and retry.`,
        },
      },
    });
  });

  test('GET /openapi.json is the document generated from the routes, and it converts to one tool per route', async () => {
    const { status, body } = await call('GET', '/openapi.json', undefined);
    assert.equal(status, 200);
    assert.deepEqual(body, openApiDocument(TASK_ROUTES));
    const converted = convertDocument(await loadOpenApiDocument(body));
    assert.deepEqual(
      converted.tools.map((tool) => `${tool.name} ${tool.method.toUpperCase()} ${tool.path}`),
      [
        'listTasks GET /tasks',
        'createTask POST /tasks',
        'getTask GET /tasks/{task_id}',
        'deleteTask DELETE /tasks/{task_id}',
        'updateTask PATCH /tasks/{task_id}',
        'listProjects GET /projects',
      ],
    );
    // The Idempotency-Key header becomes an argument of the façade's createTask tool.
    const createTask = converted.tools.find((tool) => tool.name === 'createTask');
    assert.ok(createTask);
    assert.deepEqual((createTask.inputSchema.properties as Record<string, unknown>)['Idempotency-Key'], {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: 'Unique per intended task (a UUID, say): a retry with the same key answers the first task',
    });
  });

  test('the document lists the statuses each route answers besides success', () => {
    const document = openApiDocument(TASK_ROUTES) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const statuses = (path: string, method: string) =>
      Object.keys(document.paths[path]?.[method]?.responses ?? {}).sort();
    // 404 and 422: the project_id or assignee_id refusals of createTask; 413: the body cap.
    assert.deepEqual(statuses('/tasks', 'post'), [
      '201',
      '400',
      '401',
      '403',
      '404',
      '413',
      '415',
      '422',
      '503',
    ]);
    assert.deepEqual(statuses('/tasks/{task_id}', 'patch'), [
      '200',
      '400',
      '401',
      '403',
      '404',
      '409',
      '413',
      '415',
      '422',
      '503',
    ]);
    assert.deepEqual(statuses('/projects', 'get'), ['200', '400', '401', '403', '503']);
    // 404: a project_id filter naming no project of the workspace.
    assert.deepEqual(statuses('/tasks', 'get'), ['200', '400', '401', '403', '404', '503']);
  });

  test('GET /tasks?project_id= of no project in the workspace is 404, not an empty list', async () => {
    const { body: project } = await call('GET', '/projects', reader);
    const elsewhere = await makeKey(driver, 'other-workspace', 'tasks:read');
    const known =
      project.projects[0]?.id ?? (await call('POST', '/tasks', writer, { title: 'Seed' })).body.project_id;
    assert.equal((await call('GET', `/tasks?project_id=${known}`, reader)).status, 200);
    for (const [id, key] of [
      [424242, reader],
      [known, elsewhere],
    ] as const) {
      assert.deepEqual(await call('GET', `/tasks?project_id=${id}`, key), {
        status: 404,
        body: { error: { code: 'NOT_FOUND', message: `Project ${id} not found.` } },
      });
    }
  });

  test('a body must be declared application/json (parameters allowed): another type or none is 415', async () => {
    const post = (headers: Record<string, string>, body: BodyInit) =>
      fetch(`${api.url}/tasks`, { method: 'POST', headers: { 'x-api-key': writer, ...headers }, body });
    const json = JSON.stringify({ title: 'Typed' });
    for (const [headers, body, got] of [
      [{ 'content-type': 'text/plain' }, json, '"text/plain"'],
      [
        { 'content-type': 'application/x-www-form-urlencoded' },
        'title=Typed',
        '"application/x-www-form-urlencoded"',
      ],
      [{}, new TextEncoder().encode(json), 'no Content-Type'],
    ] as const) {
      const response = await post(headers, body);
      assert.equal(response.status, 415, got);
      assert.equal(response.headers.get('content-type'), 'application/json');
      assert.deepEqual(await response.json(), {
        error: {
          code: 'UNSUPPORTED_MEDIA_TYPE',
          message: `The body must be JSON with Content-Type: application/json (got ${got}).`,
        },
      });
    }
    const typed = await post({ 'content-type': 'Application/JSON; charset=utf-8' }, json);
    assert.equal(typed.status, 201);
    assert.equal((await typed.json()).title, 'Typed');
  });

  test('an unknown body field or query parameter is refused by name, and a PATCH that changes nothing is 400', async () => {
    const refused = (message: string) => ({
      status: 400,
      body: { error: { code: 'VALIDATION_ERROR', message } },
    });
    assert.deepEqual(
      await call('POST', '/tasks', writer, { title: 'x', bogus: 1 }),
      refused(
        'Unknown field "bogus" in the body (accepted: title, description, project_id, assignee_id, priority, due_date)',
      ),
    );
    assert.deepEqual(
      await call('GET', '/tasks?bogus=1&status=done', reader),
      refused(
        'Unknown query parameter "bogus" in the query (accepted: project_id, status, assignee_id, limit, cursor)',
      ),
    );
    assert.deepEqual(
      await call('GET', '/tasks/1?x=1&y=2', reader),
      refused('Unknown query parameters "x", "y" in the query (accepted: none)'),
    );
    assert.deepEqual(
      await call('POST', '/tasks?dry_run=1', writer, { title: 'x' }),
      refused('Unknown query parameter "dry_run" in the query (accepted: none)'),
    );
    // A repeated parameter is refused, not read as its last (or first) value: a client that
    // meant "open or done" must not get one of the two silently.
    assert.deepEqual(
      await call('GET', '/tasks?status=open&status=done', reader),
      refused('Query parameter "status" is given 2 times; give it once'),
    );
    assert.deepEqual(
      await call('GET', '/tasks?__proto__=1', reader),
      refused(
        'Unknown query parameter "__proto__" in the query (accepted: project_id, status, assignee_id, limit, cursor)',
      ),
    );

    const { body: task } = await call('POST', '/tasks', writer, { title: 'Unchanged' });
    const nothing = refused(
      'body: nothing to change; pass at least one of title, description, status, priority, assignee_id, due_date',
    );
    assert.deepEqual(await call('PATCH', `/tasks/${task.id}`, writer, {}), nothing);
    assert.deepEqual(await call('PATCH', `/tasks/${task.id}`, writer, { version: 1 }), nothing);
    assert.deepEqual(
      await call('PATCH', `/tasks/${task.id}`, writer, { titel: 'Changed', version: 1 }),
      refused(
        'Unknown field "titel" in the body (accepted: title, description, status, priority, assignee_id, due_date, version)',
      ),
    );
    // Nothing was written: the task is still at version 1.
    assert.deepEqual((await call('GET', `/tasks/${task.id}`, reader)).body, task);

    // The document says so: no request body takes other properties.
    const document = openApiDocument(TASK_ROUTES) as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>
      >;
    };
    const bodies = Object.values(document.paths).flatMap((operations) =>
      Object.values(operations).flatMap(({ requestBody }) =>
        requestBody ? [requestBody.content['application/json']?.schema] : [],
      ),
    );
    assert.equal(bodies.length, 2);
    for (const schema of bodies)
      assert.equal((schema as { additionalProperties?: unknown }).additionalProperties, false);
  });

  test('the document describes parameters by REST operations, not by the MCP tool names', () => {
    const document = openApiDocument(TASK_ROUTES) as {
      paths: Record<string, Record<string, { parameters: { name: string; description?: string }[] }>>;
    };
    const described = (path: string, method: string) =>
      Object.fromEntries(
        (document.paths[path]?.[method]?.parameters ?? []).map(({ name, description }) => [
          name,
          description,
        ]),
      );
    assert.deepEqual(described('/tasks', 'get'), {
      project_id: 'Project id, from GET /projects',
      status: undefined,
      assignee_id: 'User id of a member of the project (e.g. an email or a username)',
      limit: 'At most this many tasks (1-100)',
      cursor: 'next_cursor from the previous page, with the same filters',
    });
    assert.deepEqual(described('/tasks/{task_id}', 'get'), {
      task_id: 'Task id, from GET /tasks or POST /tasks',
    });
    const text = JSON.stringify(document);
    assert.deepEqual(text.match(/\b(list|get|create|update|delete|assign|complete)_[a-z_]+/g), null);
  });

  test('a method a path does not take is 405 with Allow, /openapi.json included', async () => {
    for (const [method, path, allow] of [
      ['POST', '/openapi.json', 'GET, HEAD, OPTIONS'],
      ['PUT', '/tasks/1', 'GET, HEAD, PATCH, DELETE, OPTIONS'],
      ['DELETE', '/projects', 'GET, HEAD, OPTIONS'],
    ] as const) {
      const response = await fetch(`${api.url}${path}`, { method, headers: { 'x-api-key': writer } });
      assert.equal(response.status, 405, `${method} ${path}`);
      assert.equal(response.headers.get('allow'), allow);
      assert.deepEqual(await response.json(), {
        error: { code: 'METHOD_NOT_ALLOWED', message: `${path} does not accept ${method}.` },
      });
    }
  });

  test('HEAD is GET without the body (key and all), and OPTIONS answers 204 with Allow, no key needed', async () => {
    const { body: task } = await call('POST', '/tasks', writer, { title: 'Headed' });
    for (const [path, key] of [
      [`/tasks/${task.id}`, reader],
      ['/tasks?limit=2', reader],
      ['/projects', reader],
      ['/openapi.json', undefined],
      [`/tasks/${task.id}`, undefined],
    ] as const) {
      const headers: Record<string, string> = key === undefined ? {} : { 'x-api-key': key };
      const get = await fetch(`${api.url}${path}`, { headers });
      const getBody = await get.text();
      const head = await fetch(`${api.url}${path}`, { method: 'HEAD', headers });
      assert.equal(head.status, get.status, path);
      assert.equal(head.headers.get('content-type'), 'application/json');
      assert.equal(head.headers.get('content-length'), String(Buffer.byteLength(getBody)), path);
      assert.equal(await head.text(), '');
    }
    for (const [path, allow] of [
      ['/openapi.json', 'GET, HEAD, OPTIONS'],
      ['/tasks', 'GET, HEAD, POST, OPTIONS'],
      [`/tasks/${task.id}`, 'GET, HEAD, PATCH, DELETE, OPTIONS'],
      ['/projects', 'GET, HEAD, OPTIONS'],
    ] as const) {
      const options = await fetch(`${api.url}${path}`, { method: 'OPTIONS' });
      assert.equal(options.status, 204, path);
      assert.equal(options.headers.get('allow'), allow);
      assert.equal(await options.text(), '');
    }
    assert.equal((await fetch(`${api.url}/nowhere`, { method: 'OPTIONS' })).status, 404);
  });

  test('the request target is a path: //x/tasks is no resource, not /tasks of host x', async () => {
    const raw = (method: string, path: string) =>
      new Promise<{ status: number; body: unknown }>((resolve, reject) => {
        const { hostname, port } = new URL(api.url);
        request({ method, hostname, port, path, headers: { 'x-api-key': reader } }, (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            text += chunk;
          });
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
        })
          .on('error', reject)
          .end();
      });
    for (const path of ['//x/tasks', '//x/tasks?limit=1', '//127.0.0.1/projects', '///tasks']) {
      const pathname = path.split('?')[0];
      assert.deepEqual(
        await raw('GET', path),
        { status: 404, body: { error: { code: 'NOT_FOUND', message: `No resource at ${pathname}.` } } },
        path,
      );
    }
    // The absolute form a proxy sends is still the path it names.
    assert.equal((await raw('GET', 'http://tasks.example/projects?limit=1')).status, 200);
    assert.deepEqual(await raw('OPTIONS', '*'), {
      status: 400,
      body: { error: { code: 'BAD_REQUEST', message: 'The request target "*" is not a path.' } },
    });
  });

  test('a body over 1 MiB is 413: the connection stays usable once the body is read, and is closed cleanly when it is far larger', async () => {
    const { hostname, port } = new URL(api.url);
    const socket = connect(Number(port), hostname);
    let buffered = Buffer.alloc(0);
    const events: string[] = [];
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
    });
    socket.on('end', () => events.push('end'));
    socket.on('error', (error: NodeJS.ErrnoException) => events.push(error.code ?? 'error'));
    socket.on('close', () => events.push('close'));
    /** The next whole response on the socket: status, headers and body. */
    const nextResponse = async () => {
      for (;;) {
        const head = buffered.indexOf('\r\n\r\n');
        if (head !== -1) {
          const [statusLine = '', ...lines] = buffered.subarray(0, head).toString('latin1').split('\r\n');
          const headers = Object.fromEntries(
            lines.map((line) => [
              line.slice(0, line.indexOf(':')).toLowerCase(),
              line.slice(line.indexOf(':') + 1).trim(),
            ]),
          );
          const length = Number(headers['content-length']);
          if (buffered.byteLength >= head + 4 + length) {
            const body = buffered.subarray(head + 4, head + 4 + length).toString('utf8');
            buffered = buffered.subarray(head + 4 + length);
            return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) };
          }
        }
        assert.deepEqual(events, [], 'the connection ended before a whole response');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    const tooLarge = {
      status: 413,
      body: { error: { code: 'TOO_LARGE', message: 'The body is larger than 1048576 bytes.' } },
    };
    const post = (headers: string) =>
      `POST /tasks HTTP/1.1\r\nHost: ${hostname}\r\nx-api-key: ${writer}\r\ncontent-type: application/json\r\n${headers}\r\n`;
    const getDocument = `GET /openapi.json HTTP/1.1\r\nHost: ${hostname}\r\n\r\n`;
    try {
      // Content-Length just over the cap, the whole body sent: 413, then the next request on the same connection.
      socket.write(`${post(`content-length: ${1024 * 1024 + 1}\r\n`)}${'x'.repeat(1024 * 1024 + 1)}`);
      const first = await nextResponse();
      assert.deepEqual({ status: first.status, body: first.body }, tooLarge);
      assert.equal(first.headers.connection, 'keep-alive');
      socket.write(getDocument);
      assert.equal((await nextResponse()).status, 200);

      // The same chunked.
      socket.write(post('transfer-encoding: chunked\r\n'));
      for (let i = 0; i < 3; i++) socket.write(`80000\r\n${'x'.repeat(0x80000)}\r\n`);
      socket.write('0\r\n\r\n');
      const chunked = await nextResponse();
      assert.deepEqual({ status: chunked.status, body: chunked.body }, tooLarge);
      socket.write(getDocument);
      assert.equal((await nextResponse()).status, 200);

      // A declared length far past the cap is refused before any of it is read, and the connection closed cleanly.
      socket.write(post(`content-length: ${100 * 1024 * 1024}\r\n`));
      const refused = await nextResponse();
      assert.deepEqual({ status: refused.status, body: refused.body }, tooLarge);
      assert.equal(refused.headers.connection, 'close');
      while (!events.includes('close')) await new Promise((resolve) => setTimeout(resolve, 5));
      assert.deepEqual(events, ['end', 'close']);
    } finally {
      socket.destroy();
    }
  });

  test('an assignee without a project_id must be in the Inbox, and a refused call makes no Inbox', async () => {
    const fresh = await makeKey(driver, 'fresh-tenant', 'tasks:read,tasks:write');
    const before = await call('GET', '/projects', fresh);

    assert.deepEqual(
      await call('POST', '/tasks', fresh, { title: 'Assigned', assignee_id: 'ana@example.com' }),
      {
        status: 422,
        body: {
          error: {
            code: 'VALIDATION_ERROR',
            message:
              'assignee_id: "ana@example.com" is not a member of the Inbox, where tasks without a project_id go.',
          },
        },
      },
    );
    assert.deepEqual(await call('GET', '/projects', fresh), before);
  });

  test('PATCH assigns a task only to a member of its project, as update_task does: 422, the task unchanged', async () => {
    const writer = await makeKey(driver, 'patch-assignee', 'tasks:read,tasks:write');
    const created = (await call('POST', '/tasks', writer, { title: 'Unassigned' })) as {
      status: number;
      body: { id: number; project_id: number; version: number };
    };
    assert.equal(created.status, 201);
    const { id, project_id: projectId } = created.body;

    assert.deepEqual(await call('PATCH', `/tasks/${id}`, writer, { assignee_id: 'stranger@example.com' }), {
      status: 422,
      body: {
        error: {
          code: 'VALIDATION_ERROR',
          message: `assignee_id: "stranger@example.com" is not a member of project ${projectId}.`,
        },
      },
    });
    assert.deepEqual(await call('GET', `/tasks/${id}`, writer), { status: 200, body: created.body });
  });

  test('GET /projects pages with cursor and limit: more than one page comes back whole, in id order', async () => {
    const paging = await makeKey(driver, 'paging', 'tasks:read');
    const { rows } = await driver.query<{ id: number | string }>(
      `INSERT INTO projects (tenant_id, name) SELECT 'tenant:paging', 'Project ' || n FROM generate_series(1, 105) n
       RETURNING id`,
    );
    const ids = rows.map((row) => Number(row.id)).sort((a, b) => a - b);
    const pages = async (query: string) => {
      const sizes: number[] = [];
      const seen: number[] = [];
      let cursor: string | undefined;
      do {
        const params = new URLSearchParams(query);
        if (cursor !== undefined) params.set('cursor', cursor);
        const { status, body } = await call('GET', `/projects?${params}`, paging);
        assert.equal(status, 200, JSON.stringify(body));
        sizes.push(body.projects.length);
        seen.push(...body.projects.map((project: { id: number }) => project.id));
        cursor = body.next_cursor;
      } while (cursor !== undefined);
      return { sizes, seen };
    };

    // Without a limit: the 100 the endpoint always answered, then the rest behind next_cursor.
    assert.deepEqual(await pages(''), { sizes: [100, 5], seen: ids });
    assert.deepEqual(await pages('limit=40'), { sizes: [40, 40, 25], seen: ids });
  });

  test('GET /tasks pages with cursor and limit: every task comes back once, newest first, past the first 100', async () => {
    const paging = await makeKey(driver, 'task-paging', 'tasks:read');
    const { rows } = await driver.query<{ id: number | string }>(
      `WITH project AS (INSERT INTO projects (tenant_id, name) VALUES ('tenant:task-paging', 'Big') RETURNING id)
       INSERT INTO tasks (tenant_id, project_id, title, status)
       SELECT 'tenant:task-paging', project.id, 'Task ' || n, CASE WHEN n % 3 = 0 THEN 'done' ELSE 'todo' END
       FROM project, generate_series(1, 130) n RETURNING id, status`,
    );
    // One statement: one created_at for all, so the order is by id, newest first.
    const ids = rows.map((row) => Number(row.id)).sort((a, b) => b - a);
    const pages = async (query: string) => {
      const sizes: number[] = [];
      const seen: number[] = [];
      const totals = new Set<number>();
      let cursor: string | undefined;
      do {
        const params = new URLSearchParams(query);
        if (cursor !== undefined) params.set('cursor', cursor);
        const { status, body } = await call('GET', `/tasks?${params}`, paging);
        assert.equal(status, 200, JSON.stringify(body));
        sizes.push(body.tasks.length);
        seen.push(...body.tasks.map((task: { id: number }) => task.id));
        totals.add(body.total);
        cursor = body.next_cursor;
      } while (cursor !== undefined);
      return { sizes, seen, totals: [...totals] };
    };
    assert.deepEqual(await pages(''), { sizes: [50, 50, 30], seen: ids, totals: [130] });
    assert.deepEqual(await pages('limit=100'), { sizes: [100, 30], seen: ids, totals: [130] });
    const done = await pages('status=done&limit=40');
    assert.deepEqual([done.sizes, done.totals], [[40, 3], [43]]);
    const notACursor =
      'cursor: is not a cursor from GET /tasks; pass next_cursor from the previous result, or omit it';
    assert.deepEqual(await call('GET', '/tasks?cursor=not-a-cursor', paging), {
      status: 400,
      body: { error: { code: 'VALIDATION_ERROR', message: notACursor } },
    });
    const first = await call('GET', '/tasks?status=done&limit=1', paging);
    assert.deepEqual(await call('GET', `/tasks?status=todo&cursor=${first.body.next_cursor}`, paging), {
      status: 400,
      body: {
        error: {
          code: 'VALIDATION_ERROR',
          message:
            'cursor: belongs to a query with other filters; repeat the same filters, or omit the cursor',
        },
      },
    });
    // A timestamp of the right shape that is not on the calendar: Postgres cannot read it.
    const forged = Buffer.from(
      JSON.stringify({ k: ['2026-13-45T00:00:00+00:00', 1], n: 1, q: '{"sort":"created_desc"}' }),
    ).toString('base64url');
    assert.deepEqual(await call('GET', `/tasks?cursor=${forged}`, paging), {
      status: 400,
      body: { error: { code: 'VALIDATION_ERROR', message: notACursor } },
    });
  });

  test('GET /projects refuses a malformed cursor or limit with the 400 every route answers', async () => {
    const refused = (message: string) => ({
      status: 400,
      body: { error: { code: 'VALIDATION_ERROR', message } },
    });
    const notACursor =
      'cursor: is not a cursor from GET /projects; pass next_cursor from the previous result, or omit it';
    assert.deepEqual(await call('GET', '/projects?cursor=not-a-cursor', reader), refused(notACursor));
    const forged = Buffer.from(JSON.stringify({ k: ['x'], n: 1, q: '"projects"' })).toString('base64url');
    assert.deepEqual(await call('GET', `/projects?cursor=${forged}`, reader), refused(notACursor));
    const otherQuery = Buffer.from(JSON.stringify({ k: [1], n: 1, q: '"tasks"' })).toString('base64url');
    assert.deepEqual(
      await call('GET', `/projects?cursor=${otherQuery}`, reader),
      refused('cursor: belongs to a query with other filters; repeat the same filters, or omit the cursor'),
    );
    assert.deepEqual(
      await call('GET', '/projects?limit=0', reader),
      refused('limit: Too small: expected number to be >=1'),
    );
    assert.deepEqual(
      await call('GET', '/projects?limit=101', reader),
      refused('limit: Too big: expected number to be <=100'),
    );
    assert.deepEqual(
      await call('GET', '/projects?limit=ten', reader),
      refused('limit: must be a whole number in decimal digits'),
    );
  });

  test('ids and limits are decimal digits: 0x10, 1e3, " 7" and 1.5 are refused, not read as other numbers', async () => {
    const refused = (message: string) => ({
      status: 400,
      body: { error: { code: 'VALIDATION_ERROR', message } },
    });
    const { body: task } = await call('POST', '/tasks', writer, { title: 'One URL per task' });
    const notDecimal = 'must be a whole number in decimal digits';
    for (const id of [
      `0x${task.id.toString(16)}`,
      `${task.id}e0`,
      `%20${task.id}`,
      `${task.id}.0`,
      `0${task.id}`,
    ]) {
      assert.deepEqual(await call('GET', `/tasks/${id}`, reader), refused(`task_id: ${notDecimal}`), id);
    }
    assert.deepEqual(await call('GET', '/tasks/-1', reader), refused('task_id: must be a positive integer'));
    assert.deepEqual(
      await call('GET', '/tasks/9007199254740992', reader),
      refused('task_id: must be at most 9007199254740991'),
    );
    assert.deepEqual(await call('GET', '/tasks?limit=1e1', reader), refused(`limit: ${notDecimal}`));
    assert.deepEqual(await call('GET', '/tasks?limit=', reader), refused(`limit: ${notDecimal}`));
    assert.deepEqual(
      await call('GET', '/tasks?project_id=0x1', reader),
      refused(`project_id: ${notDecimal}`),
    );
    assert.equal((await call('GET', `/tasks/${task.id}`, reader)).status, 200);

    // The document says so, and the façade's tools take a whole number in range.
    const document = openApiDocument(TASK_ROUTES) as {
      paths: Record<string, Record<string, { parameters: { name: string; schema: unknown }[] }>>;
    };
    assert.deepEqual(
      document.paths['/tasks/{task_id}']?.get?.parameters.map(({ name, schema }) => [name, schema]),
      [['task_id', { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER }]],
    );
  });

  test('a statement the database stopped (its statement_timeout) answers 503 with Retry-After, not an internal error', async () => {
    // The server's or the role's own statement_timeout: Postgres cancels the statement (57014).
    const canceled = Object.assign(new Error('canceling statement due to statement timeout'), {
      code: '57014',
    });
    const slow: SqlDriver = {
      ...driver,
      query: (sql, params) => driver.query(sql, params),
      transaction: (work) =>
        driver.transaction(async (tx) => {
          await work(tx);
          throw stoppedStatementError(canceled, undefined);
        }),
    };
    const server = createServer(
      restListener(TASK_ROUTES, { db: { get: async () => slow }, logger: silentLogger }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/tasks`, {
        method: 'POST',
        headers: { 'x-api-key': writer, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Never saved' }),
      });
      assert.equal(response.status, 503);
      assert.equal(response.headers.get('retry-after'), '5');
      assert.deepEqual(await response.json(), {
        error: {
          code: 'TIMEOUT',
          message: 'The database did not finish in time, so nothing was changed; try again shortly.',
        },
      });
      const { rows } = await driver.query("SELECT count(*) AS n FROM tasks WHERE title = 'Never saved'");
      assert.equal(Number((rows[0] as { n: number | string }).n), 0);
    } finally {
      server.close();
    }
  });

  test('a database outage answers 503 with Retry-After, not an internal error', async () => {
    const down = createServer(
      restListener(TASK_ROUTES, {
        db: { get: () => Promise.reject(new DatabaseUnavailableError(new Error('connect ECONNREFUSED'))) },
        logger: silentLogger,
      }),
    );
    await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(down.address() as AddressInfo).port}/tasks`, {
        headers: { 'x-api-key': writer },
      });

      assert.equal(response.status, 503);
      assert.equal(response.headers.get('retry-after'), '5');
      assert.deepEqual(await response.json(), {
        error: { code: 'SERVICE_UNAVAILABLE', message: 'The database is unavailable; try again shortly.' },
      });
    } finally {
      down.close();
    }
  });
});
