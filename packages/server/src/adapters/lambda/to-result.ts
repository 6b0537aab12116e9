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
 * Reason phrases for ALB's `statusDescription`: every status HTTP defines from 200 up, since an
 * `authenticate` hook or an auth route may answer any of them (a 302 to a login page). Kept here
 * rather than imported from `node:http`, whose import loads Node's HTTP client and costs a
 * Lambda cold start tens of milliseconds.
 */
const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  203: 'Non-Authoritative Information',
  204: 'No Content',
  205: 'Reset Content',
  206: 'Partial Content',
  207: 'Multi-Status',
  208: 'Already Reported',
  226: 'IM Used',
  300: 'Multiple Choices',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  304: 'Not Modified',
  305: 'Use Proxy',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  417: 'Expectation Failed',
  421: 'Misdirected Request',
  422: 'Unprocessable Entity',
  423: 'Locked',
  424: 'Failed Dependency',
  425: 'Too Early',
  426: 'Upgrade Required',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported',
  506: 'Variant Also Negotiates',
  507: 'Insufficient Storage',
  508: 'Loop Detected',
  510: 'Not Extended',
  511: 'Network Authentication Required',
};
