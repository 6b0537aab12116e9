import type { EventKind } from './event-kind.ts';
import type { LambdaResult } from './lambda-event.ts';

/** A reply whose body is already complete text. */
export interface BufferedReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * The result shape each source expects. ALB wants a status line and, when the target group
 * sends multi-value headers, wants them back the same way (it then ignores `headers`).
 */
export function toLambdaResult(
  reply: BufferedReply,
  source: EventKind['kind'],
  multiValue: boolean,
): LambdaResult {
  const binary = !isTextual(reply.headers['content-type']);
  const body = binary ? Buffer.from(reply.body, 'utf8').toString('base64') : reply.body;
  const result: LambdaResult = { statusCode: reply.status, body, isBase64Encoded: binary };
  if (source === 'alb')
    result.statusDescription = `${reply.status} ${STATUS_TEXT[reply.status] ?? ''}`.trim();
  if (multiValue) {
    result.multiValueHeaders = Object.fromEntries(
      Object.entries(reply.headers).map(([name, value]) => [name, [value]]),
    );
  } else {
    result.headers = { ...reply.headers };
  }
  return result;
}

/** Text goes as is; anything else is base64, which every source decodes before the client. */
function isTextual(contentType: string | undefined): boolean {
  if (contentType === undefined) return true;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return (
    type.startsWith('text/') ||
    type === 'application/json' ||
    type.endsWith('+json') ||
    type === 'application/javascript' ||
    type.endsWith('+xml') ||
    type === 'application/xml'
  );
}

/**
 * Reason phrases for ALB's `statusDescription`, for the statuses this framework answers.
 * Kept here rather than imported from `node:http`, whose import loads Node's HTTP client
 * and costs a Lambda cold start tens of milliseconds.
 */
const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  202: 'Accepted',
  204: 'No Content',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};
