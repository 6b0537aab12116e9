import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'lambda-mcp';
import { verifyApiKey } from 'lambda-mcp/auth';
import * as z from 'zod';
import { tasksKeyStore } from '../access/key-store.ts';
import { API_KEY_HEADER } from '../access/tasks-access.ts';
import { isUnavailable } from '../db/driver.ts';
import { DeadlinePassedError } from '../db/statement-limits.ts';
import { type DatabaseHandle, workspaceOf } from '../tools/database-access.ts';
import { openApiDocument } from './openapi-document.ts';
import { RestError, type RestRoute } from './rest-route.ts';

const MAX_BODY_BYTES = 1024 * 1024;
/**
 * How much of an oversized body is read (and dropped) before the 413, so the client can read
 * the answer and send its next request on the same connection. Node's server dumps the unread
 * body of a request only when the handler never started reading it; stopping half-way (as a
 * `for await` that throws does) destroys the socket, and the client sees ECONNRESET, often
 * before the 413. Past this much, the 413 says `Connection: close` and the connection ends.
 */
const MAX_DRAIN_BYTES = 8 * 1024 * 1024;

interface CompiledRoute {
  route: RestRoute;
  pattern: RegExp;
}

/** `/tasks/{task_id}` → a RegExp with a named group per path parameter. */
function compile(route: RestRoute): CompiledRoute {
  const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}/g, '(?<$1>[^/]+)');
  return { route, pattern: new RegExp(`^${source}$`) };
}

/**
 * The REST API as a node `request` listener: `GET /openapi.json` (the document, public),
 * and each route behind an API key from the task database (`x-api-key`) with its scope,
 * its input parsed by the route's schemas, its work in one transaction in the key's
 * workspace. Errors answer `{ "error": { "code", "message" } }`.
 */
export function restListener(
  routes: readonly RestRoute[],
  deps: { db: DatabaseHandle; logger: Logger },
): (req: IncomingMessage, res: ServerResponse) => void {
  const compiled = routes.map(compile);
  const store = tasksKeyStore(deps.db);
  const document = JSON.stringify(openApiDocument(routes));
  return (req, res) => {
    answer(req, res).catch((error: unknown) => {
      if (error instanceof RestError) {
        if (error.closeConnection) res.setHeader('connection', 'close');
        return send(res, error.status, { error: { code: error.code, message: error.message } });
      }
      if (error instanceof DeadlinePassedError) {
        // The database's own statement_timeout stopped a statement; the transaction rolled back.
        res.setHeader('retry-after', '5');
        return send(res, 503, {
          error: {
            code: 'TIMEOUT',
            message: 'The database did not finish in time, so nothing was changed; try again shortly.',
          },
        });
      }
      if (isUnavailable(error)) {
        // An outage, not a bug: the client (or the façade's model) may try again shortly.
        deps.logger.warn('rest request: database unavailable', { method: req.method, error });
        res.setHeader('retry-after', '5');
        return send(res, 503, {
          error: { code: 'SERVICE_UNAVAILABLE', message: 'The database is unavailable; try again shortly.' },
        });
      }
      deps.logger.error('rest request failed', { method: req.method, path: req.url?.split('?')[0], error });
      send(res, 500, { error: { code: 'INTERNAL', message: 'Internal error; it was logged.' } });
    });
  };

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestTarget(req.url ?? '/');
    const method = (req.method ?? 'GET').toLowerCase();
    if (url.pathname === '/openapi.json') {
      const allow = allowHeader(['get']);
      if (method === 'options') {
        res.writeHead(204, { allow }).end();
        return;
      }
      // HEAD is GET without the body (node leaves it out of the answer to a HEAD).
      if (method === 'get' || method === 'head') {
        res
          .writeHead(200, {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(document),
          })
          .end(document);
        return;
      }
      res.setHeader('allow', allow);
      throw new RestError(
        405,
        'METHOD_NOT_ALLOWED',
        `/openapi.json does not accept ${method.toUpperCase()}.`,
      );
    }
    const matches = compiled.flatMap(({ route, pattern }) => {
      const match = pattern.exec(url.pathname);
      return match ? [{ route, params: match.groups ?? {} }] : [];
    });
    if (matches.length === 0) throw new RestError(404, 'NOT_FOUND', `No resource at ${url.pathname}.`);
    const allow = allowHeader(matches.map(({ route }) => route.method));
    if (method === 'options') {
      // What the path takes, for anyone: the same as the public document says.
      res.writeHead(204, { allow }).end();
      return;
    }
    const found = matches.find(({ route }) => route.method === (method === 'head' ? 'get' : method));
    if (found === undefined) {
      res.setHeader('allow', allow);
      throw new RestError(
        405,
        'METHOD_NOT_ALLOWED',
        `${url.pathname} does not accept ${method.toUpperCase()}.`,
      );
    }
    const { route } = found;
    const key = req.headers[API_KEY_HEADER];
    const verified = await verifyApiKey(store, typeof key === 'string' ? key : undefined);
    if (!verified.ok) {
      res.setHeader('www-authenticate', 'ApiKey');
      throw new RestError(
        401,
        'UNAUTHORIZED',
        `A valid API key is required in the ${API_KEY_HEADER} header.`,
      );
    }
    const { identity } = verified;
    if (!identity.scopes.includes(route.scope)) {
      throw new RestError(403, 'FORBIDDEN', `This API key lacks the scope ${route.scope}.`);
    }
    const input = {
      params: parse(route.params, decodeParams(found.params), 'path'),
      // A route without a query schema takes no query parameters: ?anything is refused, not ignored.
      query: parse(route.query ?? NO_QUERY, singleValued(url.searchParams), 'query'),
      headers: parse(route.headers, declaredHeaders(req, route.headers), 'header'),
      body: route.body === undefined ? undefined : parse(route.body, await readJsonBody(req), 'body'),
    };
    const tenant = workspaceOf(identity);
    const driver = await deps.db.get();
    const result = await driver.transaction((db) => route.handle(input, { db, tenant }));
    if (route.status === 204) {
      res.writeHead(204).end();
      return;
    }
    if (route.location) res.setHeader('location', route.location(result));
    send(res, route.status, result);
  }
}

/**
 * The request target as a path and a query. `new URL(target, base)` would read `//x/tasks`
 * as a protocol-relative URL (host x, path /tasks), serving one resource under a path that is
 * not its own; the origin form (`/path?query`) is split as it is, and only the absolute form
 * (`http://host/path`, which proxies send) is parsed as a URL.
 */
function requestTarget(target: string): { pathname: string; searchParams: URLSearchParams } {
  if (target.startsWith('/')) {
    const query = target.indexOf('?');
    return query === -1
      ? { pathname: target, searchParams: new URLSearchParams() }
      : { pathname: target.slice(0, query), searchParams: new URLSearchParams(target.slice(query + 1)) };
  }
  if (/^https?:\/\//i.test(target)) {
    const url = new URL(target);
    return { pathname: url.pathname, searchParams: url.searchParams };
  }
  throw new RestError(400, 'BAD_REQUEST', `The request target ${JSON.stringify(target)} is not a path.`);
}

/** The Allow header of a path: its routes' methods, HEAD wherever GET is, and OPTIONS. */
function allowHeader(methods: readonly string[]): string {
  const allowed = methods.flatMap((method) => (method === 'get' ? ['GET', 'HEAD'] : [method.toUpperCase()]));
  return [...allowed, 'OPTIONS'].join(', ');
}

function decodeParams(params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => {
      try {
        return [name, decodeURIComponent(value)];
      } catch {
        throw new RestError(400, 'VALIDATION_ERROR', `${name}: malformed percent-encoding in the path`);
      }
    }),
  );
}

const NO_QUERY = z.strictObject({});

/** The query as one value per name; a name given more than once is refused. */
function singleValued(params: URLSearchParams): Record<string, string> {
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    if (values.length > 1) {
      throw new RestError(
        400,
        'VALIDATION_ERROR',
        `Query parameter ${JSON.stringify(name)} is given ${values.length} times; give it once`,
      );
    }
  }
  // fromEntries, not assignment: `?__proto__=x` stays a parameter the schema refuses by name.
  return Object.fromEntries(params);
}

/**
 * The request headers a route declares, and only those: a request carries many a route never
 * reads (user-agent, accept, the key), which are not unknown input to refuse.
 */
function declaredHeaders(req: IncomingMessage, schema: z.ZodObject | undefined): Record<string, unknown> {
  if (schema === undefined) return {};
  const headers: Record<string, unknown> = {};
  for (const name of Object.keys(schema.shape)) {
    if (req.headers[name] !== undefined) headers[name] = req.headers[name];
  }
  return headers;
}

/**
 * Input through its schema; every issue named by field, as a 400 a client (or a model) can
 * fix. The schemas are strict (z.strictObject): an unknown field or query parameter is
 * refused by name with the accepted ones, as the MCP tools refuse an unknown argument,
 * rather than dropped while the call looks like it worked.
 */
function parse(
  schema: z.ZodObject | undefined,
  value: unknown,
  where: 'path' | 'query' | 'header' | 'body',
): unknown {
  if (schema === undefined) return undefined;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => {
    if (issue.code !== 'unrecognized_keys') {
      const field = issue.path.join('.') || where;
      return `${where === 'header' ? `header ${field}` : field}: ${issue.message}`;
    }
    const names = issue.keys.map((key) => JSON.stringify(key)).join(', ');
    const what = where === 'query' ? 'query parameter' : 'field';
    const accepted = Object.keys(schema.shape).join(', ') || 'none';
    return `Unknown ${what}${issue.keys.length > 1 ? 's' : ''} ${names} in the ${where} (accepted: ${accepted})`;
  });
  throw new RestError(400, 'VALIDATION_ERROR', issues.join('; '));
}

/**
 * A body comes only as JSON, declared as such: a body under another Content-Type (or none)
 * is refused before it is read, not guessed at. `application/json` with parameters
 * (`; charset=utf-8`) is JSON; so is no body at all (read as `{}`).
 */
async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const hasBody =
    req.headers['transfer-encoding'] !== undefined ||
    (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
  const type = req.headers['content-type'];
  const essence = type?.split(';')[0]?.trim().toLowerCase();
  if (hasBody && essence !== 'application/json') {
    throw new RestError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      `The body must be JSON with Content-Type: application/json (got ${type === undefined ? 'no Content-Type' : JSON.stringify(type)}).`,
    );
  }
  return readJson(req);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = (await readCapped(req)).toString('utf8');
  try {
    return text === '' ? {} : JSON.parse(text);
  } catch {
    throw new RestError(400, 'VALIDATION_ERROR', 'The body is not valid JSON.');
  }
}

const tooLarge = (closeConnection: boolean) =>
  new RestError(413, 'TOO_LARGE', `The body is larger than ${MAX_BODY_BYTES} bytes.`, { closeConnection });

/**
 * The body up to MAX_BODY_BYTES. Past it, the rest is read and dropped until the body ends
 * (413, the connection stays usable) or MAX_DRAIN_BYTES have come (413 with Connection: close;
 * the reading goes on, dropping, until node closes the socket after the answer). A declared
 * Content-Length past the drain limit is refused before reading.
 */
function readCapped(req: IncomingMessage): Promise<Buffer> {
  if (Number(req.headers['content-length']) > MAX_DRAIN_BYTES) return Promise.reject(tooLarge(true));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size > MAX_DRAIN_BYTES) settle(() => reject(tooLarge(true)));
    });
    req.once('end', () =>
      settle(() => (size > MAX_BODY_BYTES ? reject(tooLarge(false)) : resolve(Buffer.concat(chunks)))),
    );
    // The client went away mid-body: nobody reads the answer, but the request must not hang.
    req.once('close', () =>
      settle(() => reject(new RestError(400, 'BAD_REQUEST', 'The body ended before its end.'))),
    );
    req.once('error', (error) => settle(() => reject(error)));
  });
}

/** A JSON answer with its length, so the answer to a HEAD (sent without the body) has it too. */
function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res
    .writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
    .end(text);
}
