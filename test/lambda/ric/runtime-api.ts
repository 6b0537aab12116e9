import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How a runtime answered one invocation, as the Runtime API received it. */
export type InvocationOutcome =
  | {
      kind: 'response';
      /** `'streaming'` when posted with `Lambda-Runtime-Function-Response-Mode: streaming`. */
      mode: 'buffered' | 'streaming';
      contentType: string | undefined;
      body: Buffer;
      /** Body chunks in arrival order (one per chunk for a streamed response). */
      chunks: Buffer[];
      /** HTTP trailers; a failed stream reports `lambda-runtime-function-error-type` here. */
      trailers: Record<string, string | undefined>;
    }
  | { kind: 'error'; errorType: string | undefined; body: unknown };

export interface FakeRuntimeApi {
  /** `host:port`, the value of `AWS_LAMBDA_RUNTIME_API`. */
  readonly address: string;
  /** Queues an event for the next `invocation/next` poll; resolves with the runtime's answer. */
  invoke(event: unknown, options?: { timeoutMs?: number }): Promise<InvocationOutcome>;
  /** Resolves when the runtime reports an initialisation failure. */
  readonly initError: Promise<{ errorType: string | undefined; body: unknown }>;
  close(): Promise<void>;
}

const PREFIX = '/2018-06-01/runtime';
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:lambda-mcp-ric-test';

interface Pending {
  id: string;
  event: unknown;
  deadlineMs: number;
  settle: (outcome: InvocationOutcome) => void;
}

/**
 * A fake of the Lambda Runtime API on loopback, speaking the documented endpoints
 * (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html): `invocation/next`
 * long-polls until an event is queued, and the runtime's response, error or init error
 * settles it. Only one invocation is in flight at a time, as in a real environment.
 */
export async function startFakeRuntimeApi(): Promise<FakeRuntimeApi> {
  const queue: Pending[] = [];
  const polls: ServerResponse[] = [];
  const inFlight = new Map<string, Pending>();
  let reportInitError: (error: { errorType: string | undefined; body: unknown }) => void = () => {};
  const initError = new Promise<{ errorType: string | undefined; body: unknown }>((resolve) => {
    reportInitError = resolve;
  });

  const deliver = (res: ServerResponse, pending: Pending) => {
    inFlight.set(pending.id, pending);
    res.writeHead(200, {
      'content-type': 'application/json',
      'lambda-runtime-aws-request-id': pending.id,
      'lambda-runtime-deadline-ms': String(pending.deadlineMs),
      'lambda-runtime-invoked-function-arn': FUNCTION_ARN,
      'lambda-runtime-trace-id': `Root=1-${Date.now().toString(16)}-${pending.id.replaceAll('-', '').slice(0, 24)};Sampled=0`,
    });
    res.end(JSON.stringify(pending.event));
  };

  const server = createServer(async (req, res) => {
    const url = req.url ?? '/';
    if (req.method === 'GET' && url === `${PREFIX}/invocation/next`) {
      const next = queue.shift();
      if (next) deliver(res, next);
      else polls.push(res);
      return;
    }
    const match = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(url);
    if (req.method === 'POST' && match) {
      const id = decodeURIComponent(match[1]!);
      const pending = inFlight.get(id);
      if (!pending)
        return answer(res, 400, { errorMessage: `unknown request id ${id}`, errorType: 'InvalidRequestID' });
      const { body, chunks } = await readBody(req);
      inFlight.delete(id);
      if (match[2] === 'error') {
        pending.settle({
          kind: 'error',
          errorType: header(req, 'lambda-runtime-function-error-type'),
          body: parseJson(body),
        });
      } else {
        pending.settle({
          kind: 'response',
          mode:
            header(req, 'lambda-runtime-function-response-mode') === 'streaming' ? 'streaming' : 'buffered',
          contentType: header(req, 'content-type'),
          body,
          chunks,
          trailers: { ...req.trailers },
        });
      }
      return answer(res, 202, { status: 'OK' });
    }
    if (req.method === 'POST' && url === `${PREFIX}/init/error`) {
      const { body } = await readBody(req);
      reportInitError({
        errorType: header(req, 'lambda-runtime-function-error-type'),
        body: parseJson(body),
      });
      return answer(res, 202, { status: 'OK' });
    }
    answer(res, 404, { errorMessage: `no route ${req.method} ${url}`, errorType: 'NotFound' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    address: `127.0.0.1:${port}`,
    initError,
    invoke(event, { timeoutMs = 30_000 } = {}) {
      return new Promise<InvocationOutcome>((settle) => {
        const pending: Pending = { id: randomUUID(), event, deadlineMs: Date.now() + timeoutMs, settle };
        const poll = polls.shift();
        if (poll) deliver(poll, pending);
        else queue.push(pending);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const poll of polls.splice(0)) poll.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Splits a streamed HTTP integration response into its JSON prelude and body, at the 8 NUL bytes. */
export function splitPrelude(body: Buffer): { prelude: unknown; body: string } {
  const separator = body.indexOf(Buffer.alloc(8));
  if (separator === -1) throw new Error('no 8-byte NUL separator after the prelude');
  return {
    prelude: JSON.parse(body.subarray(0, separator).toString('utf8')),
    body: body.subarray(separator + 8).toString('utf8'),
  };
}

async function readBody(req: IncomingMessage): Promise<{ body: Buffer; chunks: Buffer[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return { body: Buffer.concat(chunks), chunks };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return body.toString('utf8');
  }
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
