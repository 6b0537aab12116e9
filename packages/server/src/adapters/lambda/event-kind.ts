import type { AlbEvent, HttpApiEvent, RestApiEvent } from './lambda-event.ts';

export type EventKind =
  | { kind: 'alb'; event: AlbEvent }
  | { kind: 'http-api'; event: HttpApiEvent }
  | { kind: 'rest-api'; event: RestApiEvent }
  | { kind: 'warmup' }
  | { kind: 'unknown' }
  /** An HTTP source's event missing a field the request needs: `message` names it. */
  | { kind: 'malformed'; source: 'alb' | 'http-api' | 'rest-api'; multiValue: boolean; message: string };

type Shape = Record<string, unknown> & { requestContext?: Record<string, unknown> };

/** Tells a Lambda event's source from its shape: no source says its own name. */
export function detectEventKind(event: unknown): EventKind {
  if (typeof event !== 'object' || event === null) return { kind: 'unknown' };
  const shape = event as Shape;
  // serverless-plugin-warmup sends `{ source: 'serverless-plugin-warmup' }`; EventBridge
  // schedules are commonly configured to send `{ "warmup": true }`.
  if (shape.source === 'serverless-plugin-warmup' || shape.warmup === true) return { kind: 'warmup' };
  const context = shape.requestContext;
  if (typeof context !== 'object' || context === null) {
    // A schedule left with its default input, the usual way to keep a function warm: an
    // EventBridge rule (`aws.events`) or an EventBridge Scheduler schedule (`aws.scheduler`).
    if (
      (shape.source === 'aws.events' || shape.source === 'aws.scheduler') &&
      shape['detail-type'] === 'Scheduled Event'
    )
      return { kind: 'warmup' };
    return { kind: 'unknown' };
  }
  // Only an ALB puts `requestContext.elb` (the target group ARN) in its events.
  if (typeof context.elb === 'object' && context.elb !== null) {
    const problem =
      typeof shape.httpMethod !== 'string'
        ? 'The ALB event has no httpMethod string.'
        : typeof shape.path !== 'string'
          ? 'The ALB event has no path string.'
          : bodyProblem(shape.body);
    if (problem === undefined) return { kind: 'alb', event: event as AlbEvent };
    return {
      kind: 'malformed',
      source: 'alb',
      multiValue: shape.multiValueHeaders != null,
      message: problem,
    };
  }
  // Payload format 2.0 (HTTP APIs and Function URLs) has `rawPath` and `requestContext.http`.
  const http = context.http as Record<string, unknown> | null | undefined;
  if (typeof shape.rawPath === 'string' && typeof http === 'object' && http !== null) {
    const problem =
      typeof http.method !== 'string'
        ? 'The HTTP API / Function URL event (payload 2.0) has no requestContext.http.method string.'
        : bodyProblem(shape.body);
    if (problem === undefined) return { kind: 'http-api', event: event as HttpApiEvent };
    return { kind: 'malformed', source: 'http-api', multiValue: false, message: problem };
  }
  // Payload format 1.0 (REST APIs, HTTP APIs set to 1.0) has `httpMethod` and `path`.
  if (typeof shape.httpMethod === 'string' && typeof shape.path === 'string') {
    const problem = bodyProblem(shape.body);
    if (problem === undefined) return { kind: 'rest-api', event: event as RestApiEvent };
    return { kind: 'malformed', source: 'rest-api', multiValue: false, message: problem };
  }
  return incomplete(shape, http);
}

/**
 * An event with half of a format's markers: written by hand and missing its path, which
 * deserves a better answer than "not HTTP".
 */
function incomplete(shape: Shape, http: Record<string, unknown> | null | undefined): EventKind {
  if (typeof http === 'object' && http !== null) {
    const message = 'The HTTP API / Function URL event (payload 2.0) has no rawPath string.';
    return { kind: 'malformed', source: 'http-api', multiValue: false, message };
  }
  if (typeof shape.httpMethod === 'string') {
    const message = 'The API Gateway event (payload 1.0) has no path string.';
    return { kind: 'malformed', source: 'rest-api', multiValue: false, message };
  }
  return { kind: 'unknown' };
}

/**
 * Every source sends the body as text (or base64 text), null or absent. Anything else is an
 * event written by hand, often with the JSON itself as the body: said plainly, not a 500.
 */
function bodyProblem(body: unknown): string | undefined {
  if (body === undefined || body === null || typeof body === 'string') return undefined;
  return `The event body must be a string (the request body, base64 when isBase64Encoded is true), got ${Array.isArray(body) ? 'array' : typeof body}.`;
}
