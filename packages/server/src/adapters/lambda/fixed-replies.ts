import type { BufferedReply } from './to-result.ts';

const JSON_TYPE = { 'content-type': 'application/json' };

/** A warm-up ping is answered before anything MCP runs: it only keeps the environment warm. */
export const WARMUP_REPLY: BufferedReply = { status: 200, headers: JSON_TYPE, body: '{"warm":true}' };

export const UNSUPPORTED_EVENT_REPLY: BufferedReply = {
  status: 400,
  headers: JSON_TYPE,
  body: JSON.stringify({
    error: 'unsupported_event',
    message:
      'This handler serves HTTP events only: API Gateway REST and HTTP APIs, Lambda Function URLs and ALB target groups.',
  }),
};

/** An HTTP event missing a field the request needs (an event written by hand, usually). */
export function malformedEventReply(message: string): BufferedReply {
  return { status: 400, headers: JSON_TYPE, body: JSON.stringify({ error: 'malformed_event', message }) };
}
