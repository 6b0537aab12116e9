import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import type { LambdaContext, LambdaHandler, LambdaResult, StreamingHandler } from 'lambda-mcp/lambda';

/** The event sources under test, each a fixture in `events/` shaped as in the AWS documentation. */
export const SOURCES = [
  'rest-api',
  'rest-api-custom-domain',
  'http-api',
  'function-url',
  'alb',
  'alb-multi-value',
] as const;
export type Source = (typeof SOURCES)[number];

type Json = Record<string, unknown> & { requestContext: Record<string, unknown> };

export function loadEvent(source: Source): Json {
  return JSON.parse(readFileSync(new URL(`./events/${source}.json`, import.meta.url), 'utf8')) as Json;
}

export interface HttpRequestParts {
  method: string;
  /** The path the client asked for, e.g. `/mcp`. */
  path: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * The event a source would deliver for a request, built from the fixture: the fixture's
 * stage, domain and base path stay; method, path, headers and body come from the request.
 */
export function buildEvent(source: Source, request: HttpRequestParts): Json {
  const event = loadEvent(source);
  const context = event.requestContext;
  switch (source) {
    case 'rest-api':
      // execute-api: `path` without the stage, `requestContext.path` with it.
      Object.assign(event, { httpMethod: request.method, path: request.path, resource: request.path });
      Object.assign(context, {
        httpMethod: request.method,
        resourcePath: request.path,
        path: `/prod${request.path}`,
      });
      setMultiValue(event, request.headers);
      event.body = request.body || null;
      break;
    case 'rest-api-custom-domain':
      // A `tools` base path mapping: `path` keeps it, the `{proxy+}` parameter does not.
      Object.assign(event, {
        httpMethod: request.method,
        path: `/tools${request.path}`,
        pathParameters: { proxy: request.path.slice(1) },
      });
      Object.assign(context, { httpMethod: request.method, path: `/tools${request.path}` });
      setMultiValue(event, request.headers);
      event.body = request.body || null;
      break;
    case 'http-api': {
      // A named stage `prod`: rawPath carries it. This fixture's bodies are base64.
      event.rawPath = `/prod${request.path}`;
      Object.assign(context.http as object, { method: request.method, path: `/prod${request.path}` });
      event.headers = { ...(event.headers as object), ...lower(request.headers) };
      event.body = Buffer.from(request.body).toString('base64');
      break;
    }
    case 'function-url':
      event.rawPath = request.path;
      Object.assign(context.http as object, { method: request.method, path: request.path });
      event.headers = { ...(event.headers as object), ...lower(request.headers) };
      event.body = request.body;
      break;
    case 'alb':
      Object.assign(event, { httpMethod: request.method, path: request.path, body: request.body });
      event.headers = { ...(event.headers as object), ...lower(request.headers) };
      break;
    case 'alb-multi-value':
      Object.assign(event, { httpMethod: request.method, path: request.path, body: request.body });
      setMultiValue(event, request.headers);
      break;
  }
  return event;
}

function lower(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function setMultiValue(event: Json, headers: Record<string, string>): void {
  const multi = { ...(event.multiValueHeaders as Record<string, string[]>) };
  const single = { ...(event.headers as Record<string, string> | undefined) };
  for (const [name, value] of Object.entries(lower(headers))) {
    for (const key of Object.keys(multi)) if (key.toLowerCase() === name) delete multi[key];
    for (const key of Object.keys(single)) if (key.toLowerCase() === name) delete single[key];
    multi[name] = [value];
    single[name] = value;
  }
  event.multiValueHeaders = multi;
  if (event.headers !== undefined) event.headers = single;
}

let invocations = 0;

/** A Lambda context as the runtime passes it (a fake: no runtime runs here). */
export function lambdaContext(remainingMs = 30_000): LambdaContext {
  invocations += 1;
  const deadline = Date.now() + remainingMs;
  return {
    awsRequestId: `00000000-0000-4000-8000-${String(invocations).padStart(12, '0')}`,
    functionName: 'mcp-test',
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
}

async function partsOf(input: string | URL | Request, init?: RequestInit): Promise<HttpRequestParts> {
  const request = new Request(input, init);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { method: request.method, path: new URL(request.url).pathname, headers, body: await request.text() };
}

/** The Response a client would get for a buffered Lambda result. */
export function toResponse(result: LambdaResult): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(result.headers ?? {})) headers.set(name, value);
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {}))
    for (const value of values) headers.append(name, value);
  const body = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body;
  const empty = result.statusCode === 202 || result.statusCode === 204;
  return new Response(empty ? null : body, { status: result.statusCode, headers });
}

/**
 * A `fetch` that delivers each request to a buffered handler as the event `source` would,
 * and turns its result back into a Response. `results` keeps every raw result.
 */
export function lambdaFetch(
  handler: LambdaHandler,
  source: Source,
  context: () => LambdaContext = () => lambdaContext(),
): { fetch: typeof fetch; results: LambdaResult[]; events: Json[] } {
  const results: LambdaResult[] = [];
  const events: Json[] = [];
  const fetchThroughLambda = async (input: string | URL | Request, init?: RequestInit) => {
    const event = buildEvent(source, await partsOf(input, init));
    events.push(event);
    const result = await handler(event, context());
    results.push(result);
    return toResponse(result);
  };
  return { fetch: fetchThroughLambda as typeof fetch, results, events };
}

/** A response stream as the local runtime hands it to the handler: a Writable recording chunks. */
export class RecordingStream extends Writable {
  readonly chunks: Buffer[] = [];
  onChunk: ((chunk: Buffer) => void) | undefined;

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    this.onChunk?.(chunk);
    callback();
  }
}

/** Splits a streamed response at the 8 NUL bytes: the JSON prelude and the body after it. */
export function splitPrelude(bytes: Buffer): {
  prelude: { statusCode: number; headers: Record<string, string> };
  body: string;
} {
  const at = bytes.indexOf(Buffer.alloc(8));
  if (at === -1) throw new Error(`no prelude delimiter in ${JSON.stringify(bytes.toString())}`);
  return {
    prelude: JSON.parse(bytes.subarray(0, at).toString('utf8')),
    body: bytes.subarray(at + 8).toString('utf8'),
  };
}

/**
 * A `fetch` over a streaming handler with the local runtime: the Response is made as soon
 * as the prelude arrives, and its body streams the chunks as the handler writes them.
 */
export function streamingFetch(handler: StreamingHandler, source: Source): typeof fetch {
  const fetchThroughLambda = async (input: string | URL | Request, init?: RequestInit) => {
    const event = buildEvent(source, await partsOf(input, init));
    const stream = new RecordingStream();
    let head = Buffer.alloc(0);
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
      },
    });
    const response = new Promise<Response>((resolve, reject) => {
      let started = false;
      stream.onChunk = (chunk) => {
        if (started) {
          if (chunk.length > 0) controller.enqueue(new Uint8Array(chunk));
          return;
        }
        head = Buffer.concat([head, chunk]);
        const at = head.indexOf(Buffer.alloc(8));
        if (at === -1) return;
        started = true;
        const prelude = JSON.parse(head.subarray(0, at).toString('utf8')) as {
          statusCode: number;
          headers: Record<string, string>;
        };
        const rest = head.subarray(at + 8);
        if (rest.length > 0) controller.enqueue(new Uint8Array(rest));
        const empty = prelude.statusCode === 202 || prelude.statusCode === 204;
        resolve(new Response(empty ? null : body, { status: prelude.statusCode, headers: prelude.headers }));
      };
      stream.on('finish', () => controller.close());
      handler(event, stream, lambdaContext()).catch(reject);
    });
    return response;
  };
  return fetchThroughLambda as typeof fetch;
}
