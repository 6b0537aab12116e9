import assert from 'node:assert/strict';
import { test } from 'node:test';
import { silentLogger } from '../log/logger.ts';
import { createServer } from '../server/create-server.ts';
import { mcpRequest } from '../testing/mcp-request.ts';
import type { Exchange } from './exchange.ts';
import { createExchangeHandler } from './handle-exchange.ts';
import type { HttpOptions } from './http-options.ts';
import type { RequestRecord } from './observer.ts';

const server = createServer({ name: 'listen', version: '1.0.0', logger: silentLogger });

function listenExchange(params: Record<string, unknown>, extra: Partial<Exchange> = {}): Exchange {
  const { headers, body } = mcpRequest('subscriptions/listen', params, { id: 'listen:1' });
  return {
    method: 'POST',
    path: '/mcp',
    headers,
    body,
    platform: { kind: 'other', name: 'test', request: undefined },
    ...extra,
  };
}

interface Event {
  id?: unknown;
  method?: string;
  params?: unknown;
  result?: { resultType?: string };
}

async function readEvents(body: string | AsyncIterable<string>): Promise<Event[]> {
  let text = '';
  if (typeof body === 'string') text = body;
  else for await (const chunk of body) text += chunk;
  return text
    .split('\n\n')
    .filter((event) => event.startsWith('event: message'))
    .map((event) => JSON.parse(event.split('data: ')[1] ?? '') as Event);
}

function observed(options: HttpOptions = {}) {
  const records: RequestRecord[] = [];
  const handle = createExchangeHandler(server, {
    ...options,
    observe: { onRequest: (r) => records.push(r) },
  });
  return { handle, records };
}

test('acknowledges with an empty honoured filter, then ends with the listen result when the client leaves', async () => {
  const { handle, records } = observed({ keepAliveMs: 60_000 });
  const client = new AbortController();
  const reply = await handle(listenExchange({ notifications: {} }, { signal: client.signal }));
  assert.equal(reply.headers['content-type'], 'text/event-stream');
  setImmediate(() => client.abort());
  const events = await readEvents(reply.body);
  assert.deepEqual(events[0], {
    jsonrpc: '2.0',
    method: 'notifications/subscriptions/acknowledged',
    params: { notifications: {}, _meta: { 'io.modelcontextprotocol/subscriptionId': 'listen:1' } },
  });
  assert.equal(events[1]?.id, 'listen:1');
  assert.equal(events[1]?.result?.resultType, 'complete');
  assert.equal(events.length, 2);
  // Counted and logged like every request.
  assert.deepEqual(
    records.map((r) => [r.method, r.outcome]),
    [['subscriptions/listen', 'ok']],
  );
});

test('ends at once when the client left before the stream started', async () => {
  const { handle } = observed();
  const reply = await handle(listenExchange({ notifications: {} }, { signal: AbortSignal.abort() }));
  assert.equal((await readEvents(reply.body)).length, 2);
});

test('on a host that buffers its answer, acknowledges and completes at once instead of holding the invocation', async () => {
  const { handle, records } = observed({ resultLimit: { maxBytes: 6_000_000 } });
  // The deadline is 15 minutes away: nothing may wait for it.
  const reply = await handle(listenExchange({ notifications: {} }, { deadline: Date.now() + 900_000 }));
  assert.equal(typeof reply.body, 'string');
  const events = await readEvents(reply.body);
  assert.deepEqual(
    events.map((e) => e.method ?? e.result?.resultType),
    ['notifications/subscriptions/acknowledged', 'complete'],
  );
  assert.equal(records.length, 1);
});

test('refuses a listen request without a notifications filter with -32602 and HTTP 400', async () => {
  const { handle, records } = observed();
  const reply = await handle(listenExchange({}));
  assert.equal(reply.status, 400);
  assert.deepEqual(JSON.parse(reply.body as string), {
    jsonrpc: '2.0',
    id: 'listen:1',
    error: {
      code: -32602,
      message: 'Invalid params: subscriptions/listen requires params.notifications (a filter object)',
    },
  });
  assert.equal(records[0]?.outcome, 'error');
});

test('time limits past what a timer holds (Infinity, 30 days) keep the stream open, without a flood of keep-alives', async () => {
  for (const listenMaxMs of [Number.POSITIVE_INFINITY, 30 * 24 * 3_600_000]) {
    const { handle } = observed({ listenMaxMs, keepAliveMs: Number.POSITIVE_INFINITY });
    const client = new AbortController();
    const reply = await handle(listenExchange({ notifications: {} }, { signal: client.signal }));
    const chunks: string[] = [];
    const reading = (async () => {
      for await (const chunk of reply.body as AsyncIterable<string>) chunks.push(chunk);
    })();
    await new Promise((resolve) => setTimeout(resolve, 40));
    const before = chunks.length;
    client.abort();
    await reading;
    assert.equal(before, 1, `only the acknowledgement within 40 ms (listenMaxMs ${listenMaxMs})`);
  }
});

test('Accept: */* (or none) takes the listen stream, which is the only answer there is; a refused stream is -32600', async () => {
  for (const accept of ['*/*', 'application/json, */*', undefined]) {
    const controller = new AbortController();
    const exchange = listenExchange({ notifications: {} }, { signal: controller.signal });
    const headers = { ...exchange.headers };
    if (accept === undefined) delete headers.accept;
    else headers.accept = accept;
    const reply = await createExchangeHandler(server)({ ...exchange, headers });
    assert.equal(reply.status, 200, String(accept));
    assert.equal(reply.headers['content-type'], 'text/event-stream', String(accept));
    controller.abort();
    const events = await readEvents(reply.body as AsyncIterable<string>);
    assert.equal(events.at(-1)?.result?.resultType, 'complete', String(accept));
  }
  const refused = listenExchange({ notifications: {} });
  const reply = await createExchangeHandler(server)({
    ...refused,
    headers: { ...refused.headers, accept: 'application/json, text/event-stream;q=0, */*' },
  });
  assert.equal(reply.status, 400);
  assert.equal(
    JSON.parse(reply.body as string).error.message,
    'subscriptions/listen needs Accept: text/event-stream',
  );
});
